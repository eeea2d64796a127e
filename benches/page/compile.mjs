#!/usr/bin/env node
// What each content-script file costs to compile and to run in node's V8, in the order of one
// site's manifest entry. A benchmark's tool: it prints, asserts nothing.
//
// `node benches/page/compile.mjs [DIR] [--site whatsapp] [--runs 200]`: DIR is a built extension
// folder (default dist/chromium; a copy from before a change compares with it). Each run is a
// fresh context, each file's source made unique by a last comment line (V8 keeps compiled scripts
// by source in its compilation cache, and a page load compiles them anew). The page is a stub
// (no DOM) at an address no adapter matches: main.js's start finds no conversation to read, and
// sends its wake-up call and its settings read to stubs. The read, the request's payload and the
// browser's own costs (the isolated world, the extension APIs' set-up) are not in these figures:
// benches/page/startup-trace.mjs shows them. Prints the median per file, and the sum of the files
// up to main.js, whose start sends the first request.

import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT } from '../../tests/e2e/support/harness.mjs';
import { argv, opt } from './options.mjs';

const dir = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--')) ?? path.join(ROOT, 'dist/chromium');
const site = opt('--site', 'whatsapp');
const runs = Number(opt('--runs', 200));
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const entry = manifest.content_scripts.find((c) => c.js.some((f) => new RegExp(`data-(.+\\+)?${site}(\\+.+)?\\.generated\\.js$`).test(f)));
if (!entry) throw new Error(`no content-script entry for ${site} in ${dir}`);
const sources = entry.js.map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);

/** A page with no DOM, whose extension APIs never answer. */
function world() {
  const never = () => new Promise(() => {});
  const chrome = {
    runtime: { id: 'bench', sendMessage: never, connect: () => ({ postMessage() {}, onMessage: { addListener() {} }, onDisconnect: { addListener() {} } }), onMessage: { addListener() {}, removeListener() {} } },
    storage: { local: { get: never, set: never }, onChanged: { addListener() {}, removeListener() {} } },
  };
  const href = 'https://example.org/';
  return vm.createContext({
    console, chrome, URL, performance, navigator: { languages: ['fr-FR'] }, location: { href, origin: new URL(href).origin },
    setTimeout: () => 0, clearTimeout() {}, setInterval: () => 0, clearInterval() {}, requestAnimationFrame: () => 0,
    addEventListener() {}, removeEventListener() {}, MutationObserver: class { observe() {} disconnect() {} },
    document: { documentElement: {}, title: '' },
  });
}

const times = Object.fromEntries(sources.map(([f]) => [f, { compile: [], run: [] }]));
for (let i = 0; i < runs; i++) {
  const ctx = world();
  for (const [f, source] of sources) {
    let t = performance.now();
    const script = new vm.Script(`${source}\n// ${i} ${Math.random()}`, { filename: f });
    times[f].compile.push(performance.now() - t);
    t = performance.now();
    script.runInContext(ctx);
    times[f].run.push(performance.now() - t);
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const ms = (x) => x.toFixed(3);
let before = 0;
let reachedMain = false;
console.log(`${dir}, ${site}'s entry, median of ${runs} runs (ms)`);
console.log('file | bytes | compile | run | compile + run');
for (const [f, source] of sources) {
  const c = median(times[f].compile);
  const r = median(times[f].run);
  if (!reachedMain) before += c + r;
  if (f === 'content/main.js') reachedMain = true;
  console.log(`${f} | ${source.length} | ${ms(c)} | ${ms(r)} | ${ms(c + r)}`);
}
console.log(`files up to main.js (the first request leaves in its run): ${ms(before)} ms`);
