#!/usr/bin/env node
// Reads a CPU profile written by `node benches/page/run.mjs --cpu-profile FILE` and prints where
// the time under one function of the content script went: inclusive and self milliseconds of
// every function sampled beneath it. A benchmark's helper: it prints, asserts nothing.
//
//   node benches/page/profile.mjs FILE [ROOT]   ROOT: "name file.js" of the function whose
//   subtree is summed (default "queueRecords observe.js": the observer's callback, which runs
//   the batch at once on a quiet page, inside the page's task).

import fs from 'node:fs';

const [file, root = 'queueRecords observe.js'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node benches/page/profile.mjs FILE [ROOT]');
  process.exit(1);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n) => {
  const { functionName, url, lineNumber } = n.callFrame;
  return `${functionName || '(anonymous)'} ${url ? url.split('/').pop() : ''}${url ? `:${lineNumber + 1}` : ''}`.trim();
};
const [rootName, rootFile] = root.split(' ');
const isRoot = (n) => n.callFrame.functionName === rootName && (!rootFile || n.callFrame.url.endsWith(`/${rootFile}`));

const inclusive = new Map();
const self = new Map();
let total = 0;
let samples = 0;
profile.samples.forEach((id, i) => {
  const dt = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
  const stack = [];
  let under = false;
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at);
    stack.push(n);
    if (isRoot(n)) {
      under = true;
      break;
    }
  }
  if (!under) return;
  total += dt;
  samples++;
  const leaf = label(stack[0]);
  self.set(leaf, (self.get(leaf) ?? 0) + dt);
  for (const k of new Set(stack.map(label))) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
});
const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`under ${root}: ${total.toFixed(1)} ms in ${samples} samples`);
console.log('\ninclusive ms:');
for (const [k, ms] of top(inclusive, 30)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
console.log('\nself ms:');
for (const [k, ms] of top(self, 30)) console.log(`  ${ms.toFixed(1).padStart(8)}  ${k}`);
