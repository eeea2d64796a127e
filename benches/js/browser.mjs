// The same measurements as node, inside headless Chromium (page.html, served by run.mjs on
// loopback). run.mjs calls `runBench(config)` and reads the result.

import init, { Engine } from '/snapshot/pkg/vigie.js';
import { generateCorpus, generateLatencySet } from './corpus.mjs';
import { breakdown, measureLatency, measureThroughput, timerResolution } from './bench-core.mjs';
import { fetchPacks } from './packs.mjs';
import { PortEngine } from './port/engine.mjs';
import { TypicalEngine } from './typical/engine.mjs';

/** FNV-1a over the UTF-16 code units: node computes the same, so both ran the same corpus. */
export function digest(messages) {
  let h = 0x811c9dc5;
  for (const m of messages) {
    for (let i = 0; i < m.length; i++) h = Math.imul(h ^ m.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ 0x0a, 0x01000193) >>> 0;
  }
  return h.toString(16);
}

window.runBench = async (cfg) => {
  const log = (s) => console.log(s);
  const tables = await (await fetch('/snapshot/tables.json')).json();
  await init({ module_or_path: '/snapshot/pkg/vigie_bg.wasm' });
  // Every pack, as native and the JS port (see packs.mjs).
  const wasm = new Engine(await fetchPacks('/snapshot/pkg', cfg.packs));
  const port = new PortEngine(tables);
  const typical = new TypicalEngine(tables, { flags: cfg.typicalFlags || 'iu' });
  const corpus = generateCorpus({ seed: cfg.seed, targetBytes: cfg.targetBytes, tables });
  const lat = generateLatencySet({ count: cfg.latCount, tables });
  const now = () => performance.now();
  // run.mjs runs the typical design in a page of its own: it may crash the renderer.
  const engines = [
    { name: 'wasm', analyze: (t) => wasm.analyzeMessage(t) },
    { name: 'port', analyze: (t) => port.analyzeMessage(t) },
    { name: 'typical', analyze: (t) => typical.analyzeMessage(t) },
  ].filter((e) => (cfg.engines || ['wasm', 'port', 'typical']).includes(e.name));
  const resolutionMs = timerResolution(now);
  log(`chromium: timer step ${(resolutionMs * 1000).toFixed(1)} µs, crossOriginIsolated=${self.crossOriginIsolated}`);
  log('chromium: throughput');
  const throughput = measureThroughput(engines, corpus.messages, { rounds: cfg.rounds, budgetS: cfg.budgetS, now, log });
  log('chromium: latency');
  const latency = measureLatency(engines, lat, { rounds: cfg.rounds, now, resolutionMs, log });
  const parts = engines.some((e) => e.name === 'wasm') ? breakdown({ wasm, port, messages: corpus.messages.slice(0, 5000), now }) : null;
  return {
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    resolutionUs: resolutionMs * 1000,
    corpus: { messages: corpus.messages.length, bytes: corpus.bytes, digest: digest(corpus.messages) },
    throughput,
    latency,
    breakdown: parts,
  };
};
window.benchReady = true;
