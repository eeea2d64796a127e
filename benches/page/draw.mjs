#!/usr/bin/env node
// What drawing a burst's warnings costs, two builds of the overlay side by side in one page: the
// script that builds and inserts them (the drawing task the user waits on), then the style and
// layout it causes (forced at once, so it is timed apart from the page's other work). Each build
// runs in its own same-origin iframe of one headless Chromium page and the rounds alternate, so
// both see the same load: on this shared machine the full burst bench (run.mjs) moves ±40 % between
// runs of one build. A benchmark's helper: it prints, asserts nothing.
//
//   node benches/page/draw.mjs DIR_A DIR_B [--rounds N] [--count N] [--redraw rise|fall]
//
// DIR_A, DIR_B: built extensions (dist/chromium, or a copy of an older build). Each round draws
// --count warnings (25, a burst's new ones) of the burst run's mix (four in five dangers, whose
// details are open), with French text from tests/corpus/fr.jsonl, next to rows of a plain chat list.
// --redraw: the round times drawing again warnings already on the page and laid out (a burst's
// redraw pass), their level changed with the conversation: `rise` caution → warning and warning →
// danger with a stage line and a reason added, `fall` danger → warning or caution with them removed
// (both seen in the burst run: falls when the newest 200 messages sent no longer hold the context).

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

import { CHROMIUM, ROOT } from '../../tests/e2e/support/harness.mjs';
import { argv, opt } from './options.mjs';

const dirs = argv.filter((a, i) => !a.startsWith('--') && !(argv[i - 1] ?? '').startsWith('--'));
if (dirs.length !== 2) {
  console.error('usage: node benches/page/draw.mjs DIR_A DIR_B [--rounds N] [--count N]');
  process.exit(1);
}
const ROUNDS = Number(opt('--rounds', 40));
const COUNT = Number(opt('--count', 25));
const REDRAW = opt('--redraw', null);
if (REDRAW !== null && !['rise', 'fall'].includes(REDRAW)) {
  console.error('--redraw: rise or fall');
  process.exit(1);
}

const scams = fs.readFileSync(path.join(ROOT, 'tests/corpus/fr.jsonl'), 'utf8').split('\n').filter(Boolean)
  .map((l) => JSON.parse(l)).filter((r) => r.label === 'scam').map((r) => r.text);
// Warnings as main.js models them: a marked phrase in the message, two reasons, a sender.
const models = Array.from({ length: COUNT }, (_, i) => {
  const text = scams[i % scams.length];
  const start = Math.floor(text.length / 3);
  return {
    level: i % 25 < 20 ? 'danger' : i % 25 < 23 ? 'warning' : 'caution',
    lang: 'fr', dark: false, stageLabel: 'Chantage', text,
    signals: [{ start, end: Math.min(text.length, start + 18) }],
    reasons: ['Une somme d\u2019argent est exig\u00e9e : ne payez pas.', 'Menace de diffuser une vid\u00e9o intime \u00e0 vos proches.'],
    sender: 'Julie Martin', canTrust: true,
  };
});
/** --redraw: the models drawn first and the ones drawn over them. */
const raised = (m, i) => ({ ...m, level: i % 5 === 0 ? 'warning' : 'danger', stageLabel: 'Chantage', reasons: [...m.reasons, 'Un d\u00e9lai tr\u00e8s court est impos\u00e9 pour vous faire paniquer.'] });
const lowered = (m, i) => ({ ...m, level: i % 5 < 3 ? 'warning' : 'caution', stageLabel: '', reasons: m.reasons.slice(0, 1) });
const redraws = REDRAW === 'rise'
  ? models.map((m, i) => [{ ...m, level: i % 5 === 0 ? 'caution' : 'warning', stageLabel: '' }, raised(m, i)])
  : models.map((m, i) => [{ ...raised(m, i), level: 'danger' }, lowered(m, i)]);

/** In a frame: a chat list of plain rows, and a function that draws the models next to some of them. */
function setUp(count) {
  const list = document.createElement('div');
  list.style.cssText = 'display:flex;flex-direction:column;font:14px system-ui;width:800px';
  for (let i = 0; i < 400; i++) {
    const row = document.createElement('div');
    row.textContent = `Message ${i}: on se voit demain ? Je t'envoie les photos du week-end ce soir.`;
    list.append(row);
  }
  document.body.append(list);
  const on = { advice() {}, reportLinks: async () => ({}), openReport() {}, dismiss() {}, evidence: async () => ({}), openEvidence() {} };
  window.drawRound = (models) => {
    const t0 = performance.now();
    const hosts = [];
    for (let i = 0; i < models.length; i++) {
      const host = Vigie.overlay.host('vigie-warning');
      Vigie.overlay.renderWarning(host, models[i], on);
      list.children[i * Math.floor(400 / count) + hosts.length].after(host);
      hosts.push(host);
    }
    const t1 = performance.now();
    void list.offsetHeight; // style and layout of what was inserted
    const t2 = performance.now();
    for (const h of hosts) h.remove();
    void list.offsetHeight;
    return [t1 - t0, t2 - t1];
  };
  // The same warnings drawn and laid out first (not timed), then drawn again with their new model.
  window.redrawRound = (pairs) => {
    const hosts = [];
    for (let i = 0; i < pairs.length; i++) {
      const host = Vigie.overlay.host('vigie-warning');
      Vigie.overlay.renderWarning(host, pairs[i][0], on);
      list.children[i * Math.floor(400 / count) + hosts.length].after(host);
      hosts.push(host);
    }
    void list.offsetHeight;
    const t0 = performance.now();
    for (let i = 0; i < pairs.length; i++) Vigie.overlay.renderWarning(hosts[i], pairs[i][1], on);
    const t1 = performance.now();
    void list.offsetHeight;
    const t2 = performance.now();
    for (const h of hosts) h.remove();
    void list.offsetHeight;
    return [t1 - t0, t2 - t1];
  };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
try {
  const page = await browser.newPage();
  await page.setContent('<!doctype html><body style="margin:0"><iframe id="a" style="width:900px;height:700px"></iframe><iframe id="b" style="width:900px;height:700px"></iframe></body>');
  const frames = [];
  for (const [i, dir] of dirs.entries()) {
    const frame = await (await page.$(`#${'ab'[i]}`)).contentFrame();
    for (const file of ['content/shared.generated.js', 'content/overlay.js']) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      // The content scripts expect the extension API for their messages; the overlay needs none of it.
      await frame.evaluate((code) => {
        globalThis.chrome ??= { runtime: { id: 'bench', getURL: (p) => p } };
        (0, eval)(code);
      }, source);
    }
    await frame.evaluate(setUp, COUNT);
    frames.push(frame);
  }
  const times = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    // Alternate which build goes first, so that neither always draws into a warmer cache.
    const order = r % 2 ? [1, 0] : [0, 1];
    for (const i of order) {
      times[i].push(await (REDRAW ? frames[i].evaluate((p) => window.redrawRound(p), redraws) : frames[i].evaluate((m) => window.drawRound(m), models)));
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)];
  for (const [i, dir] of dirs.entries()) {
    const script = times[i].slice(2).map((t) => t[0]);
    const layout = times[i].slice(2).map((t) => t[1]);
    const what = REDRAW ? `${COUNT} warnings drawn again (${REDRAW})` : `${COUNT} warnings`;
    const step = REDRAW ? 'draw again' : 'build and insert';
    console.log(`${dir}: ${what}, median (p90) of ${script.length} rounds: ${step} ${med(script).toFixed(2)} (${p90(script).toFixed(2)}) ms, style and layout ${med(layout).toFixed(2)} (${p90(layout).toFixed(2)}) ms`);
  }
} finally {
  await browser.close();
}
