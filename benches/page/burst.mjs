// The burst run's messages, shared by the page benches (run.mjs, trace.mjs) so that they measure
// the same sequence.

import fs from 'node:fs';
import path from 'node:path';

import { ROOT } from '../../tests/e2e/support/harness.mjs';

/** The same sequence every run: a seeded generator, texts from the labelled French corpus. */
export function messages(total, scamShare) {
  const rows = fs.readFileSync(path.join(ROOT, 'tests/corpus/fr.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const scams = rows.filter((r) => r.label === 'scam').map((r) => r.text);
  const ordinary = rows.filter((r) => r.label === 'benign').map((r) => r.text);
  let seed = 0x5eed;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  const out = [];
  const scamEvery = Math.max(1, Math.round(1 / scamShare));
  for (let i = 0; i < total; i++) {
    // Scam messages spread evenly (one every 1/share), never first in a burst.
    const scam = i % scamEvery === scamEvery - 1;
    out.push({ text: scam ? pick(scams) : pick(ordinary), dir: scam || random() < 0.75 ? 'in' : 'out', min: Math.floor(i / 10), scam });
  }
  return out;
}

