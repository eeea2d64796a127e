#!/usr/bin/env node
// The content script's read alone, where it runs in a burst: in a MutationObserver callback at the
// end of the page's task that appended 100 messages. A benchmark: it prints, asserts nothing.
//
// Vigie is paused on the site (its own observer does not read); an observer installed in the
// content script's world calls `Vigie.extract.read(adapter, records)` as a batch does and times
// it, for N bursts of 100 messages on a fresh WhatsApp fixture thread (2,000 messages with the
// default 20). Also timed: `JSON.stringify` of the 200-message analysis payload the batch would send
// (extension messaging serialises it as JSON). Load a build with VIGIE_EXT_DIR to compare builds,
// and alternate them: this machine's load moves every figure.
//
//   node benches/page/read.mjs [--bursts N] [--rounds R] [--profile FILE]   (R runs, a fresh page
//   each, default 3; --profile: the last round's CPU profile, 100 µs sampling, for profile.mjs)

import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import fs from 'node:fs';
import path from 'node:path';
import { skipReason, ROOT } from '../../tests/e2e/support/harness.mjs';
import { launchPausedOnFixtures, openInContentWorld } from '../../tests/e2e/support/content-world.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';
import { argv, opt } from './options.mjs';

const BURSTS = Number(opt('--bursts', 20));
const ROUNDS = Number(opt('--rounds', 3));
const PROFILE = argv.includes('--profile') ? argv[argv.indexOf('--profile') + 1] : null;

const skip = skipReason();
if (skip) {
  console.error(skip);
  process.exit(1);
}
const rows = fs.readFileSync(path.join(ROOT, 'tests/corpus/fr.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const texts = rows.map((r) => r.text);
const c = CASES.find((x) => x.name === 'whatsapp');
const h = await launchPausedOnFixtures([c]);
const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.round((xs.length - 1) * p))];
const all = [];
const ser = [];
try {
  for (let round = 0; round < ROUNDS; round++) {
    const { page, session, run, close } = await openInContentWorld(h, c);
    await page.evaluate(() => window.fixture.go('benign'));
    await sleep(500);
    await run(`(() => {
      const a = Vigie.data.sites.find((x) => x.id === 'whatsapp');
      const T = (globalThis.__readBench = { times: [], ser: [] });
      Vigie.extract.read(a, null);
      new MutationObserver((records) => {
        const t0 = performance.now();
        const snap = Vigie.extract.read(a, records);
        T.times.push(performance.now() - t0);
        const payload = { type: 'vigie:analyze', thread: snap.thread, lang: 'fr', options: { sensitivity: 'normal', minorMode: false },
          messages: snap.messages.slice(-200).map((m) => ({ id: m.key, text: m.text, direction: m.direction, sender: m.sender ?? null, time: m.time ?? null })) };
        const t1 = performance.now();
        JSON.stringify(payload);
        T.ser.push(performance.now() - t1);
      }).observe(document.documentElement, { childList: true, subtree: true });
      return true;
    })()`);
    const profiling = PROFILE && round === ROUNDS - 1;
    if (profiling) {
      await session.send('Profiler.enable');
      await session.send('Profiler.setSamplingInterval', { interval: 100 });
      await session.send('Profiler.start');
    }
    let seed = 7 + round;
    for (let b = 0; b < BURSTS; b++) {
      const burst = Array.from({ length: 100 }, (_, i) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return { text: texts[seed % texts.length], dir: i % 4 ? 'in' : 'out', min: b };
      });
      await page.evaluate((m) => window.fixture.appendMessages(m), burst);
      await sleep(100);
    }
    if (profiling) fs.writeFileSync(PROFILE, JSON.stringify((await session.send('Profiler.stop')).profile));
    const r = JSON.parse(await run('JSON.stringify(__readBench)'));
    all.push(...r.times);
    ser.push(...r.ser);
    await close();
  }
} finally {
  await h.close();
}
all.sort((a, b) => a - b);
ser.sort((a, b) => a - b);
console.log(`read in the observer callback, ${all.length} bursts of 100 (load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}): p50 ${pct(all, 0.5).toFixed(2)} ms, p90 ${pct(all, 0.9).toFixed(2)} ms, min ${all[0].toFixed(2)} ms; payload JSON p50 ${pct(ser, 0.5).toFixed(2)} ms`);
