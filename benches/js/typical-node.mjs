// The typical design's node measurements, in their own process: with many rules V8 can run out of
// memory compiling its RegExps (it did at ~600 rules with `iu`), which kills the process, so
// run.mjs runs this child and falls back to other flags if it dies.
// `node typical-node.mjs SNAPSHOT_DIR FLAGS CONFIG_JSON` → JSON on stdout.

import { readFileSync } from 'node:fs';
import { measureLatency, measureThroughput, timerResolution } from './bench-core.mjs';
import { generateCorpus, generateLatencySet } from './corpus.mjs';
import { compareTypical } from './equivalence.mjs';
import { TypicalEngine } from './typical/engine.mjs';
import { readPacks } from './packs.mjs';

const [, , dir, flags, cfgJson] = process.argv;
const cfg = JSON.parse(cfgJson);
const tables = JSON.parse(readFileSync(`${dir}/tables.json`, 'utf8'));
const glue = await import(`${dir}/pkg/vigie.js`);
glue.initSync({ module: readFileSync(`${dir}/pkg/vigie_bg.wasm`) });
const wasm = new glue.Engine(await readPacks(`${dir}/pkg`));
const typical = new TypicalEngine(tables, { flags });
const corpus = generateCorpus({ seed: cfg.seed, targetBytes: cfg.targetBytes, tables });
const lat = generateLatencySet({ count: cfg.latCount, tables });
const now = () => performance.now();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const log = (s) => process.stderr.write(s + '\n');
const engines = [{ name: 'typical', analyze: (t) => typical.analyzeMessage(t) }];
const throughput = measureThroughput(engines, corpus.messages, { rounds: cfg.rounds, budgetS: cfg.budgetS, now, cpu, log });
const latency = measureLatency(engines, lat, { rounds: cfg.rounds, now, resolutionMs: timerResolution(now), log });
const w = { name: 'wasm', analyze: (t) => wasm.analyzeMessage(t) };
const equivalence = {};
if (cfg.equivalence) {
  const testCorpus = cfg.testCorpus.flatMap((p) => readFileSync(p, 'utf8').split('\n').filter((x) => x.trim()).map((x) => JSON.parse(x).text));
  equivalence.generated = compareTypical(w, engines[0], corpus.messages);
  equivalence.latency200 = compareTypical(w, engines[0], lat);
  equivalence['tests/corpus'] = compareTypical(w, engines[0], testCorpus);
}
console.log(JSON.stringify({ flags, throughput: throughput.typical, latency: latency.typical, equivalence }));
