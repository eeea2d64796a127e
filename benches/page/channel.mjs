#!/usr/bin/env node
// `runtime.sendMessage` against the analysis port (`runtime.connect`, protocol.js ANALYZE_PORT),
// in the same page, calls alternated, so both see the same load. A benchmark: it prints, asserts
// nothing. From the content script's world on the WhatsApp fixture (Vigie paused there, so only
// this script sends), the thread's newest 200 messages as a `vigie:analyze` request to the real
// service worker and engine:
//   - in a burst: the request leaves from a MutationObserver callback at the end of the page's task
//     that appended 100 messages (where the content script sends it), one channel per burst,
//     alternating;
//   - on a quiet page: one request after the other, alternating.
// For each: the synchronous part of the call (what the page's task pays) and the round trip.
//
//   node benches/page/channel.mjs [--bursts N] [--quiet N]   (defaults 30 and 40)

import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { skipReason, ROOT } from '../../tests/e2e/support/harness.mjs';
import { launchPausedOnFixtures, openInContentWorld } from '../../tests/e2e/support/content-world.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';
import { opt } from './options.mjs';

const BURSTS = Number(opt('--bursts', 30));
const QUIET = Number(opt('--quiet', 40));

const skip = skipReason();
if (skip) {
  console.error(skip);
  process.exit(1);
}
const texts = fs.readFileSync(path.join(ROOT, 'tests/corpus/fr.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).text);
const c = CASES.find((x) => x.name === 'whatsapp');
const h = await launchPausedOnFixtures([c]);
const loadBefore = os.loadavg();
let result;
try {
  const { page, run, close } = await openInContentWorld(h, c);
  await page.evaluate(() => window.fixture.go('benign'));
  await sleep(500);
  await run(`(() => {
    const a = Vigie.data.sites.find((x) => x.id === 'whatsapp');
    const { MSG, ANALYZE_PORT } = Vigie.shared.protocol;
    const T = (globalThis.__channel = { burst: { send: [], port: [] }, quiet: { send: [], port: [] }, n: 0 });
    const port = chrome.runtime.connect({ name: ANALYZE_PORT });
    const waiting = new Map();
    let id = 1;
    port.onMessage.addListener((r) => waiting.get(r.id)?.(r));
    T.payload = () => {
      const snap = Vigie.extract.read(a, null);
      return { type: MSG.ANALYZE, thread: snap.thread, lang: 'fr', options: { sensitivity: 'normal', minorMode: false },
        messages: snap.messages.slice(-200).map((m) => ({ id: m.key, text: m.text, direction: m.direction, sender: m.sender ?? null, time: m.time ?? null })) };
    };
    T.via = { 
      send(message) {
        const t0 = performance.now();
        const p = chrome.runtime.sendMessage(message);
        const sync = performance.now() - t0;
        return p.then(() => [sync, performance.now() - t0]);
      },
      port(message) {
        const t0 = performance.now();
        const n = id++;
        const p = new Promise((resolve) => waiting.set(n, resolve));
        port.postMessage({ id: n, message });
        const sync = performance.now() - t0;
        return p.then(() => [sync, performance.now() - t0]);
      },
    };
    new MutationObserver(() => {
      if (!T.armed) return;
      T.armed = false;
      const way = T.n++ % 2 ? 'port' : 'send';
      T.via[way](T.payload()).then((x) => T.burst[way].push(x));
    }).observe(document.documentElement, { childList: true, subtree: true });
    return true;
  })()`);
  let seed = 11;
  for (let b = 0; b < BURSTS; b++) {
    const burst = Array.from({ length: 100 }, (_, i) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return { text: texts[seed % texts.length], dir: i % 4 ? 'in' : 'out', min: b };
    });
    await run('__channel.armed = true');
    await page.evaluate((m) => window.fixture.appendMessages(m), burst);
    await sleep(400);
  }
  await run(`(async () => {
    const T = __channel;
    const message = T.payload();
    for (let i = 0; i < ${QUIET}; i++) {
      const way = i % 2 ? 'port' : 'send';
      T.quiet[way].push(await T.via[way](message));
      await new Promise((r) => setTimeout(r, 50));
    }
    return true;
  })()`, { awaitPromise: true });
  result = JSON.parse(await run('JSON.stringify({ burst: __channel.burst, quiet: __channel.quiet })'));
  await close();
} finally {
  await h.close();
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const line = (label, r) => `${label}: sendMessage sync ${med(r.send.map((x) => x[0])).toFixed(2)} ms, round trip ${med(r.send.map((x) => x[1])).toFixed(2)} ms (${r.send.length}); port sync ${med(r.port.map((x) => x[0])).toFixed(2)} ms, round trip ${med(r.port.map((x) => x[1])).toFixed(2)} ms (${r.port.length})`;
console.log(`load ${loadBefore.map((x) => x.toFixed(2)).join(' ')} → ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}; medians, 200-message requests`);
console.log(line('in a burst', result.burst));
console.log(line('quiet page', result.quiet));
