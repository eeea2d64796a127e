// Start-up in a fresh browser context (no HTTP or code cache): page init.html?engine=wasm|port|typical.
// The WASM path is the extension's: the --target web glue's `init({module_or_path})`, which fetches
// and compiles the module with WebAssembly.instantiateStreaming.

import { fetchPacks } from './packs.mjs';

const t0 = performance.now();
const params = new URLSearchParams(location.search);
const which = params.get('engine');
const flags = params.get('flags') || 'iu';
const SAMPLE = 'Je vais envoyer la vidéo à ta famille si tu ne payes pas 500 € ce soir';

async function measure() {
  const out = { engine: which, sinceNavigationMs: t0 };
  let verdict;
  if (which === 'wasm' || which === 'wasm-all') {
    // wasm: the packs compiled in (English, French), as the extension starts; wasm-all: every
    // pack, fetched with the module.
    const glue = await import('/snapshot/pkg/vigie.js');
    const t1 = performance.now();
    const names = which === 'wasm-all' ? (params.get('packs') || '').split(',').filter(Boolean) : [];
    const [, packs] = await Promise.all([glue.default({ module_or_path: '/snapshot/pkg/vigie_bg.wasm' }), fetchPacks('/snapshot/pkg', names)]);
    const t2 = performance.now();
    const engine = new glue.Engine(packs);
    const t3 = performance.now();
    verdict = engine.analyzeMessage(SAMPLE);
    const t4 = performance.now();
    Object.assign(out, { importMs: t1 - t0, compileMs: t2 - t1, buildMs: t3 - t2, firstMs: t4 - t3, totalMs: t4 - t0 });
    // V8 compiles a RegExp separately for two-byte strings: make sure those compile too.
    // (and V8 compiles to machine code after the first runs, separately for each kind of string).
    if (which === 'typical') for (let k = 0; k < 4; k++) engine.analyzeMessage(`${SAMPLE} 😊 ✈️ ça va ?`) && engine.analyzeMessage(SAMPLE);
  } else {
    const mod = await import(which === 'port' ? './port/engine.mjs' : './typical/engine.mjs');
    const t1 = performance.now();
    const tables = await (await fetch('/snapshot/tables.json')).json();
    const t2 = performance.now();
    const engine = which === 'port' ? new mod.PortEngine(tables) : new mod.TypicalEngine(tables, { flags });
    const t3 = performance.now();
    verdict = engine.analyzeMessage(SAMPLE);
    const t4 = performance.now();
    Object.assign(out, { importMs: t1 - t0, compileMs: t2 - t1, buildMs: t3 - t2, firstMs: t4 - t3, totalMs: t4 - t0 });
    // V8 compiles a RegExp separately for two-byte strings: make sure those compile too.
    // (and V8 compiles to machine code after the first runs, separately for each kind of string).
    if (which === 'typical') for (let k = 0; k < 4; k++) engine.analyzeMessage(`${SAMPLE} 😊 ✈️ ça va ?`) && engine.analyzeMessage(SAMPLE);
  }
  out.level = verdict.level;
  return out;
}
window.initResult = measure();
