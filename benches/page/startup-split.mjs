#!/usr/bin/env node
// Where the content script's start-up goes, step by step, with the service worker's side on the
// same clock (issue 7's start-up budget). A benchmark's tool: it prints, asserts nothing.
//
// `node benches/page/startup-split.mjs [--site whatsapp] [--loads 15]`
//
// It copies the built extension (VIGIE_EXT_DIR or dist/chromium) to a temporary directory and adds
// timestamps at fixed places (the anchors below: if the code moved, it says which anchor is gone),
// then loads the fixture page `--loads` times with the worker running and prints each step's median
// and spread. The worker's two times (request received, answer posted) are `performance.timeOrigin +
// performance.now()` in its process, turned into the page's clock the same way: both processes read
// one system clock, but the two origins are rounded, so cross-process differences are good to about
// a millisecond (a step that comes out slightly negative is that rounding).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, EXT_DIR } from '../../tests/e2e/support/harness.mjs';
import { loadTiming, warmUp } from './first-verdict.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';
import { opt } from './options.mjs';

const site = opt('--site', 'whatsapp');
const loads = Number(opt('--loads', 15));
const c = CASES.find((x) => x.name === site);

const T = '(globalThis.Vigie.timing || {})';
const stamp = (name) => `${T}.${name} ??= performance.now();`;
/** [file, anchor, replacement]: each anchor must occur in the built file. */
const PATCHES = [
  ['content/main.js', '    state.snapshot = snap;\n', `    state.snapshot = snap; ${stamp('readDone')}\n`],
  ['content/analyse.js', '    const payload = t.payload(', `    ${stamp('payload')} const payload = t.payload(`],
  ['content/analyse.js', '          through.postMessage({ id, message });', `          through.postMessage({ id, message }); ${stamp('posted')}`],
  ['content/analyse.js', '    p.onMessage.addListener((reply) => {\n',
    `    p.onMessage.addListener((reply) => {\n      if (reply?.workerTimes && !${T}.received) { ${stamp('received')} ${T}.workerIn = reply.workerTimes[0] - performance.timeOrigin; ${T}.workerOut = reply.workerTimes[1] - performance.timeOrigin; }\n`],
  ['content/locales.generated.js', null, `\n;${stamp('scriptsEnd')}\n`],
  ['background/background.js', '  port.onMessage.addListener((request) => {\n',
    '  port.onMessage.addListener((request) => {\n    const workerIn = performance.timeOrigin + performance.now();\n'],
  ['background/background.js', '{ id, ok: true, value }', '{ id, ok: true, value, workerTimes: [workerIn, performance.timeOrigin + performance.now()] }'],
];

function instrumentedCopy() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-split-'));
  fs.cpSync(EXT_DIR, dir, { recursive: true });
  for (const [file, anchor, replacement] of PATCHES) {
    const p = path.join(dir, file);
    const text = fs.readFileSync(p, 'utf8');
    if (anchor === null) fs.writeFileSync(p, text + replacement);
    else if (!text.includes(anchor)) throw new Error(`${file}: anchor not found (the code moved; update PATCHES): ${anchor.trim()}`);
    else fs.writeFileSync(p, text.replace(anchor, replacement));
  }
  return dir;
}

/** The steps, each the difference of two stamps (ms), in the order they happen. */
const STEPS = [
  ['files before main.js (compile + run)', 'started', 'main'],
  ['main.js until the first read', 'main', 'firstRead'],
  ['first read of the page', 'firstRead', 'readDone'],
  ['thread state, request built', 'readDone', 'payload'],
  ['request posted', 'payload', 'posted'],
  ['→ worker receives it (cross-process)', 'posted', 'workerIn'],
  ['worker: analysis and answer', 'workerIn', 'workerOut'],
  ['content files after the request (same task)', 'posted', 'scriptsEnd'],
  ['answer posted → content script receives it (cross-process)', 'workerOut', 'received'],
  ['… of which after the content files ended', 'scriptsEnd', 'received'],
  ['received → first verdict in use', 'received', 'firstVerdict'],
  ['TOTAL: start → first verdict', 'started', 'firstVerdict'],
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const extDir = instrumentedCopy();
const host = new URL(c.url).host;
const h = await launch({ locale: 'fr-FR', sites: { [host]: { dir: c.fixture, headers: c.headers } }, extDir });
const rows = [];
try {
  await warmUp(h, c.url);
  for (let i = 0; i < loads; i++) rows.push(await loadTiming(h, c.url));
} finally {
  await h.close();
  fs.rmSync(extDir, { recursive: true, force: true });
}

console.log(`${site}: ${rows.length} page loads, worker running; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log('| step | median ms | min – max |\n|---|---:|---:|');
for (const [label, from, to] of STEPS) {
  const xs = rows.map((r) => r?.[to] - r?.[from]).filter(Number.isFinite);
  console.log(`| ${label} | ${median(xs).toFixed(2)} | ${Math.min(...xs).toFixed(2)} – ${Math.max(...xs).toFixed(2)} |`);
}
