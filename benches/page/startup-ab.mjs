#!/usr/bin/env node
// Two builds' start-up, page load by page load. A benchmark's tool: it prints, asserts nothing.
//
// `node benches/page/startup-ab.mjs DIR_A DIR_B [--loads 30] [--site whatsapp]`: one Chromium per
// build (unpacked extension folders, e.g. a copy of dist/chromium from before a change and the
// current one), both open at once with their worker running, and the fixture loaded in one then
// the other, the order swapped every load. On this shared VM the speed moves 1.3-1.6x between
// periods: runs of one build after the other (run.mjs --startup-only) compare periods as much as
// builds, while loads alternated one by one share them. Prints, per build, the medians of the
// content script's marks from its start (Vigie.timing: main.js's start, first read, request sent,
// first verdict), and how many loads of A were slower than the B load next to them.

import { launch } from '../../tests/e2e/support/harness.mjs';
import { loadTiming } from './first-verdict.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';
import { argv, opt } from './options.mjs';

const dirs = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
if (dirs.length !== 2) {
  console.error('usage: node benches/page/startup-ab.mjs DIR_A DIR_B [--loads N] [--site NAME]');
  process.exit(1);
}
const loads = Number(opt('--loads', 30));
const c = CASES.find((x) => x.name === opt('--site', 'whatsapp'));
const host = new URL(c.url).host;
const MARKS = ['main', 'firstRead', 'firstRequest', 'firstVerdict'];

/**
 * One page load; the content script's marks, counted from its start, and two counted from the
 * navigation (the page's clock): a change that moves work before the first statement (a bigger
 * first file compiles longer before it runs) shows there, not in the marks from the start.
 */
async function load(h) {
  const timing = await loadTiming(h, c.url);
  return {
    ...Object.fromEntries(MARKS.map((k) => [k, timing[k] - timing.started])),
    'start (nav)': timing.started,
    'verdict (nav)': timing.firstVerdict,
  };
}

const builds = [];
for (const dir of dirs) builds.push({ dir, h: await launch({ locale: 'fr-FR', sites: { [host]: { dir: c.fixture, headers: c.headers } }, extDir: dir }), times: [] });
try {
  for (const b of builds) await load(b.h); // the worker up, the engine loaded
  for (let i = 0; i < loads; i++) {
    const order = i % 2 === 0 ? builds : [...builds].reverse();
    for (const b of order) b.times.push(await load(b.h));
  }
} finally {
  for (const b of builds) await b.h.close();
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const [a, b] = builds;
console.log(`${loads} loads each of ${c.url}, alternated; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const k of [...MARKS, 'start (nav)', 'verdict (nav)']) {
  const slower = a.times.filter((t, i) => t[k] > b.times[i][k]).length;
  console.log(`${k.padEnd(13)} A ${median(a.times.map((t) => t[k])).toFixed(1)} ms, B ${median(b.times.map((t) => t[k])).toFixed(1)} ms; A slower in ${slower} of ${loads} pairs`);
}
console.log(`A = ${a.dir}\nB = ${b.dir}`);
