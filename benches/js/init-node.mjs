// Start-up in a fresh node process: `node init-node.mjs wasm|wasm-all|port|typical SNAPSHOT_DIR [FLAGS]`.
// Prints JSON: milliseconds for each step up to the first analysed message. run.mjs starts one
// process per round, so nothing is warm (no compiled code, no JIT feedback).

import { readFileSync } from 'node:fs';
import { readPacks } from './packs.mjs';

const t0 = performance.now();
const [, , which, dir, flags = 'iu'] = process.argv;
const SAMPLE = 'Je vais envoyer la vidéo à ta famille si tu ne payes pas 500 € ce soir';
const out = { engine: which };
let verdict;

if (which === 'wasm' || which === 'wasm-all') {
  // wasm: the packs compiled in (English, French), as the extension starts; wasm-all: every pack,
  // the files read with the module.
  const glue = await import(`${dir}/pkg/vigie.js`);
  const t1 = performance.now();
  const bytes = readFileSync(`${dir}/pkg/vigie_bg.wasm`);
  const packs = which === 'wasm-all' ? await readPacks(`${dir}/pkg`) : [];
  const t2 = performance.now();
  const module = await WebAssembly.compile(bytes);
  const t3 = performance.now();
  glue.initSync({ module });
  const t4 = performance.now();
  const engine = new glue.Engine(packs);
  const t5 = performance.now();
  verdict = engine.analyzeMessage(SAMPLE);
  const t6 = performance.now();
  Object.assign(out, { importMs: t1 - t0, readMs: t2 - t1, compileMs: t3 - t2, instantiateMs: t4 - t3, buildMs: t5 - t4, firstMs: t6 - t5, totalMs: t6 - t0 });
} else {
  const mod = await import(which === 'port' ? './port/engine.mjs' : './typical/engine.mjs');
  const t1 = performance.now();
  const text = readFileSync(`${dir}/tables.json`, 'utf8');
  const t2 = performance.now();
  const tables = JSON.parse(text);
  const t3 = performance.now();
  const engine = which === 'port' ? new mod.PortEngine(tables) : new mod.TypicalEngine(tables, { flags });
  const t4 = performance.now();
  verdict = engine.analyzeMessage(SAMPLE);
  const t5 = performance.now();
  Object.assign(out, { importMs: t1 - t0, readMs: t2 - t1, compileMs: t3 - t2, instantiateMs: 0, buildMs: t4 - t3, firstMs: t5 - t4, totalMs: t5 - t0 });
}
out.level = verdict.level;
if (process.argv[5] === 'probe') {
  // V8 interprets a RegExp's first runs and compiles it to machine code after (tier-up), once for
  // one-byte and once for two-byte strings: run both kinds a few times, as the benchmark will.
  const { TypicalEngine } = await import('./typical/engine.mjs');
  const engine = new TypicalEngine(JSON.parse(readFileSync(`${dir}/tables.json`, 'utf8')), { flags });
  for (let k = 0; k < 4; k++) {
    engine.analyzeMessage(SAMPLE);
    engine.analyzeMessage(`${SAMPLE} 😊 ✈️ ça va ?`);
  }
}
console.log(JSON.stringify(out));
