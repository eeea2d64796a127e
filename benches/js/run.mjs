#!/usr/bin/env node
// Vigie performance, one command: `node benches/js/run.mjs` (issue 7).
//
// Side by side, on the same generated corpus, in node and in headless Chromium:
//   wasm     the engine compiled to WebAssembly, called through its JS API (analyzeMessage)
//   port     the same algorithm ported to JavaScript (benches/js/port/)
//   typical  one RegExp per rule pattern, flags `iu`, NFD + lowercase (benches/js/typical/)
//   native   the same engine, native, same corpus (benches/js/native/, timing only)
// MB/s, messages/s, p50/p99 per 200-character message, start-up to the first result, sizes,
// ratios against the budgets; checks that the JS port gives the engine's verdicts; writes
// benches/RESULTS.md (the hand-written notes outside the generated block are kept).
//
// Options: --no-build (reuse the last snapshot), --from-head (measure the last commit instead of
// the working tree), --patch FILE[,FILE] (measure the engine with suggested patches applied to a
// copy, e.g. benches/js/suggestions/*.patch), --rounds N (3), --mb N (corpus size, 10), --no-browser, --no-native,
// --no-equivalence, --criterion (also run `cargo bench --bench engine`), --budget S (seconds per
// engine per round before the rest of the corpus is skipped, 40), --out FILE, --report-only
// (rewrite the report from target/bench-js/results.json), --section NAME (the block of RESULTS.md
// this run replaces).

import { execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, extname, join, normalize as normPath, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { buildAll } from './build.mjs';
import { breakdown, measureLatency, measureThroughput, median, timerResolution } from './bench-core.mjs';
import { generateCorpus, generateFuzz, generateLatencySet, generateSpaced } from './corpus.mjs';
import { packNames, readPacks } from './packs.mjs';
import { compareNormalizer, compareRuleIds, compareTypical, compareVerdicts } from './equivalence.mjs';
import { PortEngine } from './port/engine.mjs';
import { TypicalEngine } from './typical/engine.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
const CFG = {
  rounds: Number(opt('--rounds', 3)),
  targetBytes: Math.round(Number(opt('--mb', 10)) * 1e6),
  budgetS: Number(opt('--budget', 40)),
  seed: 0x5eed,
  latCount: 2000,
  initRounds: 5,
  out: opt('--out', join(ROOT, 'benches/RESULTS.md')),
};

const log = (s) => console.log(s);
const fmt = (x, d = 2) => (x === undefined || x === null || Number.isNaN(x) ? '–' : x >= 100 && d > 0 ? x.toFixed(0) : x.toFixed(d));
const loads = [];
const noteLoad = (when) => loads.push({ when, load: loadavg().map((x) => x.toFixed(2)).join(' ') });

// ---------------------------------------------------------------------------------------- build
noteLoad('start');
const PATCH = opt('--patch', null);
const build = buildAll(ROOT, { skip: flag('--no-build'), fromHead: flag('--from-head'), patch: PATCH && PATCH.split(',').map((p) => join(process.cwd(), p)), log });
const tables = JSON.parse(readFileSync(build.tables, 'utf8'));
const ruleCount = tables.rules.length;
log(`rules: ${ruleCount} (${tables.words.length} words, ${tables.aliases.length} aliases), sources ${build.sourceHash}`);

// --------------------------------------------------------------------------------------- corpus
const corpus = generateCorpus({ seed: CFG.seed, targetBytes: CFG.targetBytes, tables });
const lat = generateLatencySet({ count: CFG.latCount, tables });
const { digest } = await importDigest();
const corpusDigest = digest(corpus.messages);
log(`corpus: ${corpus.messages.length} messages, ${(corpus.bytes / 1e6).toFixed(2)} MB, digest ${corpusDigest}; latency set ${lat.length} × 200 chars`);
const DATA = join(ROOT, 'target/bench-js/data');
mkdirSync(DATA, { recursive: true });
const writeJsonl = (name, texts) => {
  const p = join(DATA, name);
  writeFileSync(p, texts.map((t, i) => JSON.stringify({ id: i, text: t })).join('\n') + '\n');
  return p;
};
const corpusFile = writeJsonl('corpus.jsonl', corpus.messages);
const latFile = writeJsonl('latency200.jsonl', lat);

async function importDigest() {
  // browser.mjs needs `window`; the digest is a pure function, repeated here.
  return {
    digest(messages) {
      let h = 0x811c9dc5;
      for (const m of messages) {
        for (let i = 0; i < m.length; i++) h = Math.imul(h ^ m.charCodeAt(i), 0x01000193) >>> 0;
        h = Math.imul(h ^ 0x0a, 0x01000193) >>> 0;
      }
      return h.toString(16);
    },
  };
}

// ------------------------------------------------------------------------------------ engines
const glue = await import(join(build.pkg, 'vigie.js'));
glue.initSync({ module: readFileSync(join(build.pkg, 'vigie_bg.wasm')) });
// Every rule pack, as native and the JS port run (English and French are compiled in; see packs.mjs).
const packs = await packNames(build.pkg);
const wasm = new glue.Engine(await readPacks(build.pkg));
const port = new PortEngine(tables);
// The typical design as specified uses the flags `iu`. With many long alternations V8 can run out of
// memory compiling them (node 20 did at ~600 rules), which kills the process: it is measured in a
// child process (node) or its own page (Chromium), and falls back to the flag `u` alone if it dies.
const typicalFlags = { node: 'iu', chromium: 'iu' };
const typicalNotes = [];
const typical = new TypicalEngine(tables, { flags: typicalFlags.node });
const engines = [
  { name: 'wasm', analyze: (t) => wasm.analyzeMessage(t) },
  { name: 'port', analyze: (t) => port.analyzeMessage(t) },
];
const typicalEngine = { name: 'typical', analyze: (t) => typical.analyzeMessage(t) };

/** The typical design's node figures from a child process; null if it died with every flag tried. */
function typicalInChild(equivalence) {
  for (const flags of ['iu', 'u']) {
    const cfg = { seed: CFG.seed, targetBytes: CFG.targetBytes, latCount: CFG.latCount, rounds: CFG.rounds, budgetS: CFG.budgetS, equivalence, testCorpus: ['fr', 'en'].map((l) => join(ROOT, `tests/corpus/${l}.jsonl`)).filter(existsSync) };
    const child = spawnSync(process.execPath, [join(HERE, 'typical-node.mjs'), build.dir, flags, JSON.stringify(cfg)], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const line of (child.stderr || '').split('\n')) if (/^  round/.test(line)) log(line);
    if (child.status === 0) {
      typicalFlags.node = flags;
      return JSON.parse(child.stdout);
    }
    const why = /heap out of memory/.test(child.stderr) ? 'V8 ran out of memory compiling its RegExps and the process died' : `the process failed (${child.status ?? child.signal})`;
    typicalNotes.push(`node: with the flags \`${flags}\`, ${why}${flags === 'iu' ? '; measured with the flag `u` alone instead' : ''}.`);
    log(`typical: ${typicalNotes.at(-1)}`);
  }
  return null;
}

const results = { node: null, chromium: null, native: null, criterion: null, equivalence: null, sizes: null };
// --report-only: rewrite RESULTS.md from the last run's target/bench-js/results.json.
const REPORT_ONLY = flag('--report-only');
if (REPORT_ONLY) {
  const old = JSON.parse(readFileSync(join(ROOT, `target/bench-js/results${PATCH ? '-patched' : ''}.json`), 'utf8'));
  Object.assign(results, old.results);
  loads.splice(0, loads.length, ...old.loads);
}
// Partial results after each phase, so a long run interrupted late is not lost.
const save = () => writeFileSync(join(ROOT, `target/bench-js/results${PATCH ? '-patched' : ''}.json`), JSON.stringify({ cfg: CFG, ruleCount, results, loads }, null, 1));

// ------------------------------------------------------------------------------------ node runs
if (!REPORT_ONLY) {
  log('node: throughput');
  const now = () => performance.now();
  const resolutionMs = timerResolution(now);
  // The native engine runs its rounds in its own process, interleaved with the node engines', so a
  // burst of load from other sessions hits all of them alike.
  const nat = (mode, file, rounds = 1) => JSON.parse(execFileSync(build.native, [mode, file, String(rounds)], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const native = {
    name: 'native',
    round: () => {
      const x = nat('time', corpusFile);
      return { seconds: x.rounds_s[0], cpuSeconds: x.cpu_s[0], bytes: x.bytes, messages: x.messages, tally: { signals: x.signals, flagged: x.flagged } };
    },
    latency: () => {
      const x = nat('latency', latFile);
      return { p50: x.p50_us[0], p99: x.p99_us[0], p99Retimed: x.p99_retimed_us[0] };
    },
  };
  const withNative = flag('--no-native') ? engines : [...engines, native];
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const throughput = measureThroughput(withNative, corpus.messages, { rounds: CFG.rounds, budgetS: CFG.budgetS, now, cpu, log });
  log('node: latency');
  const latency = measureLatency(withNative, lat, { rounds: CFG.rounds, now, resolutionMs, log });
  log('node: the typical design (own process)');
  const t = typicalInChild(!flag('--no-equivalence'));
  if (t) {
    throughput.typical = t.throughput;
    latency.typical = t.latency;
    results.typicalEquivalence = t.equivalence;
  }
  const parts = breakdown({ wasm, port, messages: corpus.messages.slice(0, 5000), now });
  log('node: start-up (fresh processes)');
  const init = {};
  for (const e of ['wasm', 'wasm-all', 'port', 'typical']) {
    init[e] = [];
    for (let r = 0; r < CFG.initRounds; r++) {
      const out = spawnSync(process.execPath, [join(HERE, 'init-node.mjs'), e, build.dir, typicalFlags.node], { encoding: 'utf8' });
      if (out.status === 0) init[e].push(JSON.parse(out.stdout));
    }
  }
  noteLoad('after node');
  save();
  results.node = { version: process.version, resolutionUs: resolutionMs * 1000, throughput, latency, breakdown: parts, init: summariseInit(init) };
}

function summariseInit(init) {
  const out = {};
  for (const [e, runs] of Object.entries(init)) {
    if (runs.length === 0) continue;
    out[e] = {};
    for (const k of Object.keys(runs[0])) if (k.endsWith('Ms')) out[e][k] = median(runs.map((r) => r[k]));
    out[e].rounds = runs.length;
  }
  return out;
}

// ----------------------------------------------------------------------------------- native
if (!flag('--no-native') && !REPORT_ONLY) {
  log('native: normaliser alone, start-up');
  const nat = (mode, file, rounds) => JSON.parse(execFileSync(build.native, [mode, file, String(rounds)], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const t = results.node.throughput.native;
  const l = results.node.latency.native;
  const tn = nat('time-normalize', corpusFile, CFG.rounds);
  const inits = [];
  for (let r = 0; r < CFG.initRounds; r++) inits.push(nat('init', '/dev/null', 1));
  results.native = {
    mbpsMedian: t.mbpsMedian,
    cpuMbpsMedian: t.cpuMbpsMedian,
    msgpsMedian: t.msgpsMedian,
    normalizeMBps: median(tn.rounds_s.map((s) => tn.bytes / 1e6 / s)),
    signals: t.tally.signals,
    flagged: t.tally.flagged,
    p50Median: l.p50Median,
    p99Median: l.p99Median,
    p99RetimedMedian: l.p99RetimedMedian,
    init: { buildMs: median(inits.map((x) => x.build_ms)), firstMs: median(inits.map((x) => x.first_ms)), totalMs: median(inits.map((x) => x.total_ms)) },
  };
  noteLoad('after native');
  save();
}
if (flag('--criterion')) {
  log('criterion: cargo bench --bench engine (a few minutes)');
  execFileSync('cargo', ['bench', '--bench', 'engine'], { cwd: build.dir, stdio: 'inherit' });
}
results.criterion = readCriterion([join(build.dir, 'target/criterion'), join(ROOT, 'target/criterion')]);

function readCriterion(dirs) {
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    const found = [];
    const walk = (d) => {
      for (const e of readdirSync(d)) {
        const p = join(d, e);
        if (statSync(p).isDirectory()) {
          if (e === 'new' && existsSync(join(p, 'estimates.json')) && existsSync(join(p, 'benchmark.json'))) {
            const est = JSON.parse(readFileSync(join(p, 'estimates.json'), 'utf8'));
            const bench = JSON.parse(readFileSync(join(p, 'benchmark.json'), 'utf8'));
            const ns = est.median?.point_estimate ?? est.mean.point_estimate;
            const tp = bench.throughput || {};
            found.push({
              id: bench.full_id,
              ns,
              mbps: tp.Bytes ? tp.Bytes / 1e6 / (ns / 1e9) : null,
              elemps: tp.Elements ? tp.Elements / (ns / 1e9) : null,
              when: statSync(join(p, 'estimates.json')).mtime.toISOString().slice(0, 16),
            });
          } else walk(p);
        }
      }
    };
    walk(dir);
    if (found.length) return { dir: relative(ROOT, dir), benches: found.sort((a, b) => a.id.localeCompare(b.id)) };
  }
  return null;
}

// ---------------------------------------------------------------------------------- chromium
if (!flag('--no-browser') && !REPORT_ONLY) {
  try {
    results.chromium = await runChromium();
    noteLoad('after chromium');
    save();
  } catch (e) {
    log(`chromium: skipped (${e.message.split('\n')[0]})`);
    results.chromium = { error: e.message.split('\n')[0] };
  }
}

function serve() {
  // Loopback only; serves benches/js/ and the snapshot's pkg/ and tables.json, nothing else.
  const TYPES = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const path = normPath(decodeURIComponent(url.pathname));
    let file = null;
    if (path.startsWith('/benches/js/')) file = join(HERE, path.slice('/benches/js/'.length));
    else if (path.startsWith('/snapshot/pkg/') || path === '/snapshot/tables.json') file = join(build.dir, path.slice('/snapshot/'.length));
    if (!file || !(file.startsWith(HERE + '/') || file.startsWith(build.dir + '/')) || file.includes('/native/') || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] || 'application/octet-stream',
      'cache-control': 'no-store',
      // Cross-origin isolation: performance.now() steps of 5 µs instead of 100 µs.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One native round over the corpus, MB/s of wall time. */
function nativeThroughput() {
  const x = JSON.parse(execFileSync(build.native, ['time', corpusFile, '1'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  return x.bytes / 1e6 / x.rounds_s[0];
}

async function runChromium() {
  const { chromium } = await import('playwright-core');
  const server = await serve();
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true });
  try {
    const version = browser.version();
    log(`chromium ${version}: start-up (fresh context per round)`);
    const init = {};
    for (const e of ['wasm', 'wasm-all', 'port', 'typical']) {
      init[e] = [];
      for (let r = 0; r < CFG.initRounds; r++) {
        const ctx = await browser.newContext();
        const page = await ctx.newPage();
        try {
          await page.goto(`${base}/benches/js/init.html?engine=${e}&flags=${typicalFlags.chromium}&packs=${packs.join(',')}`);
          init[e].push(await page.evaluate(() => window.initResult));
        } catch (err) {
          // The renderer died (out of memory compiling the typical design's RegExps): fall back.
          if (e !== 'typical' || typicalFlags.chromium !== 'iu') throw err;
          typicalFlags.chromium = 'u';
          typicalNotes.push(`Chromium: the \`iu\` design crashed the page (${err.message.split('\n')[0]}); measured with the flag \`u\` alone instead.`);
          log(`typical: ${typicalNotes.at(-1)}`);
          r--;
        }
        await ctx.close().catch(() => {});
      }
    }
    const runPage = async (engineNames, flags) => {
      const ctx = await browser.newContext();
      try {
        const page = await ctx.newPage();
        page.setDefaultTimeout(0);
        page.on('console', (m) => log(`  [page] ${m.text()}`));
        page.on('pageerror', (e) => log(`  [page error] ${e.message}`));
        await page.goto(`${base}/benches/js/page.html`);
        await page.waitForFunction(() => window.benchReady === true);
        return await page.evaluate((cfg) => window.runBench(cfg), { seed: CFG.seed, targetBytes: CFG.targetBytes, latCount: CFG.latCount, rounds: CFG.rounds, budgetS: CFG.budgetS, typicalFlags: flags, engines: engineNames, packs });
      } finally {
        await ctx.close().catch(() => {});
      }
    };
    log('chromium: benchmark page (WASM, JS port), native rounds just before and after');
    // WASM as a share of native compares two figures that move with the machine: native is timed
    // again right around the browser's rounds, not only during node's a quarter of an hour earlier.
    const nativeRounds = () => Array.from({ length: CFG.rounds }, () => nativeThroughput());
    const before = flag('--no-native') ? [] : nativeRounds();
    const res = await runPage(['wasm', 'port'], typicalFlags.chromium);
    const after = flag('--no-native') ? [] : nativeRounds();
    if (before.length) res.nativeAround = { mbps: [...before, ...after], mbpsMedian: median([...before, ...after]) };
    log('chromium: benchmark page (typical design)');
    for (const flags of typicalFlags.chromium === 'iu' ? ['iu', 'u'] : ['u']) {
      try {
        const t = await runPage(['typical'], flags);
        res.throughput.typical = t.throughput.typical;
        res.latency.typical = t.latency.typical;
        typicalFlags.chromium = flags;
        break;
      } catch (err) {
        typicalNotes.push(`Chromium: with the flags \`${flags}\` the page crashed (${err.message.split('\n')[0]})${flags === 'iu' ? '; measured with the flag `u` alone instead' : ''}.`);
        log(`typical: ${typicalNotes.at(-1)}`);
      }
    }
    if (res.corpus.digest !== corpusDigest) log(`chromium: WARNING corpus digest ${res.corpus.digest} differs from node's ${corpusDigest}`);
    return { version, ...res, init: summariseInit(init) };
  } finally {
    await browser.close();
    server.close();
  }
}

// ------------------------------------------------------------------------------- equivalence
if (!flag('--no-equivalence') && !REPORT_ONLY) {
  log('equivalence: JS port vs native normaliser, vs WASM verdicts, vs native rule ids');
  const testCorpus = ['fr', 'en']
    .map((l) => join(ROOT, `tests/corpus/${l}.jsonl`))
    .filter(existsSync)
    .flatMap((p) => readFileSync(p, 'utf8').split('\n').filter((x) => x.trim()).map((x) => JSON.parse(x).text));
  const fuzz = generateFuzz();
  const sets = { generated: corpus.messages, latency200: lat, 'tests/corpus': testCorpus, fuzz, spaced: generateSpaced({ tables }) };
  const nativeLines = (mode, texts, name) => {
    const file = writeJsonl(`${name}.jsonl`, texts);
    const out = execFileSync(build.native, [mode, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
    return out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  };
  const eq = {};
  for (const [name, texts] of Object.entries(sets)) {
    const fileName = name.replace('/', '-');
    eq[name] = {
      normalizer: compareNormalizer(port, texts, nativeLines('normalize', texts, `eq-${fileName}`)),
      verdicts: compareVerdicts(engines[0], engines[1], texts),
      ruleIds: compareRuleIds(port, texts, nativeLines('rules', texts, `eq-${fileName}`)),
      typical: results.typicalEquivalence?.[name] ?? null,
    };
    const e = eq[name];
    log(`  ${name}: ${texts.length} texts; normaliser differs on ${e.normalizer.differ}, verdicts on ${e.verdicts.differ}, rule ids on ${e.ruleIds.differ} (pairs wasm ${e.verdicts.pairs.wasm}, port ${e.verdicts.pairs.port}, prevention ${e.ruleIds.prevention})`);
    for (const x of [...e.normalizer.examples, ...e.verdicts.examples, ...e.ruleIds.examples].slice(0, 3)) log('    ' + JSON.stringify(x).slice(0, 600));
  }
  results.equivalence = eq;
}

// -------------------------------------------------------------------------------------- sizes
{
  const size = (files) => {
    const bufs = files.map((f) => readFileSync(f));
    const raw = bufs.reduce((a, b) => a + b.length, 0);
    const gz = gzipSync(Buffer.concat(bufs), { level: 9 }).length;
    return { raw, gz };
  };
  // The glue's own JS files (src/wasm/results.js), under pkg/snippets/<crate>/…
  const snippets = (dir) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).map((f) => join(dir, f)) : []);
  const portFiles = readdirSync(join(HERE, 'port')).filter((f) => f.endsWith('.mjs')).map((f) => join(HERE, 'port', f));
  // The module's code and data (the rule tables live in the data section) sections, gzipped alone.
  const sections = (file) => {
    const b = readFileSync(file);
    const out = {};
    let i = 8;
    const leb = () => {
      let r = 0;
      let sh = 0;
      for (;;) {
        const x = b[i++];
        r += (x & 127) * 2 ** sh;
        sh += 7;
        if (!(x & 128)) return r;
      }
    };
    while (i < b.length) {
      const id = b[i++];
      const n = leb();
      const name = { 10: 'code', 11: 'data' }[id] || 'other';
      const part = b.subarray(i, i + n);
      out[name] = out[name] || { raw: 0, gz: 0 };
      out[name].raw += n;
      out[name].gz += gzipSync(part, { level: 9 }).length;
      i += n;
    }
    return out;
  };
  results.sizes = {
    wasmSections: sections(join(build.pkg, 'vigie_bg.wasm')),
    wasm: size([join(build.pkg, 'vigie_bg.wasm')]),
    packs: packs.map((f) => ({ name: f, ...size([join(build.pkg, 'packs', f)]) })),
    glue: size([join(build.pkg, 'vigie.js'), ...snippets(join(build.pkg, 'snippets'))]),
    port: size(portFiles),
    tables: size([build.tables]),
    typical: size([join(HERE, 'typical/engine.mjs')]),
  };
}
if (!REPORT_ONLY) noteLoad('end');

// ------------------------------------------------------------------------------------ report
if (!REPORT_ONLY) results.typical = { flags: typicalFlags, notes: typicalNotes };
const md = report();
if (!REPORT_ONLY) save();
// Each run replaces its own block (--section NAME; default "main"), so the figures of the engine
// as it is and with suggested patches can sit side by side, and hand-written notes are kept.
const SECTION = opt('--section', PATCH ? 'patched' : 'main');
const BEGIN = `<!-- generated by benches/js/run.mjs (${SECTION}): begin -->`;
const END = `<!-- generated by benches/js/run.mjs (${SECTION}): end -->`;
let doc;
if (existsSync(CFG.out)) {
  const old = readFileSync(CFG.out, 'utf8');
  const a = old.indexOf(BEGIN);
  const b = old.indexOf(END);
  doc = a >= 0 && b > a ? old.slice(0, a) + BEGIN + '\n' + md + END + old.slice(b + END.length) : old + '\n' + BEGIN + '\n' + md + END + '\n';
} else {
  doc = `# Vigie performance: WebAssembly engine vs JavaScript (issue 7)\n\n${BEGIN}\n${md}${END}\n`;
}
writeFileSync(CFG.out, doc);
log(`\nwrote ${relative(process.cwd(), CFG.out)}\n`);
log(md.split('\n### Equivalence')[0]);

function report() {
  const L = [];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const n = results.node;
  const c = results.chromium && !results.chromium.error ? results.chromium : null;
  const nat = results.native;
  L.push(`## ${PATCH ? `With the suggested patches ${PATCH}` : 'The engine as it is in the working tree'}`, '');
  L.push(`Measured ${date} UTC by \`node benches/js/run.mjs\`${argv.length ? ' ' + argv.join(' ') : ''}.`, '');
  L.push(`- Machine: ${nproc} cores (${cpu}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free at the end), shared with other sessions' builds and browsers.`);
  L.push(`- Load average (1/5/15 min): ${loads.map((l) => `${l.when} ${l.load}`).join('; ')}. Single figures move ±30 % on this machine; the ratios much less.`);
  L.push(`- node ${n.version}${c ? `; Chromium ${c.version} headless (cross-origin isolated: ${c.crossOriginIsolated}, timer step ${fmt(c.resolutionUs, 1)} µs)` : ''}; native: rustc release build, opt-level 3, LTO (benches/js/native).`);
  L.push(`- Engine sources ${build.sourceHash}: ${ruleCount} rules, ${tables.words.length} distinct words, ${tables.aliases.length} aliases.`);
  L.push(`- Corpus: ${corpus.messages.length} generated chat messages (seed ${CFG.seed.toString(16)}), ${(corpus.bytes / 1e6).toFixed(2)} MB of UTF-8 (${Math.round(corpus.bytes / corpus.messages.length)} bytes per message on average), FR/EN, ~3 % with a trigger phrase (a third of those obfuscated); latency set: ${lat.length} messages of 200 UTF-16 characters, ~5 % with a trigger.`);
  L.push(`- Medians of ${CFG.rounds} rounds (start-up: ${CFG.initRounds} fresh processes / browser contexts). MB/s = 10^6 bytes of original text per second, every message through \`analyzeMessage\` (WASM: the JS API, so the JS↔WASM transfer and the result object are included).`, '');

  const tp = (env, e) => env?.throughput?.[e];
  const ratio = (a, b) => (a && b ? a / b : NaN);
  L.push('### Budgets (issue 7)', '');
  L.push('| budget | node | Chromium | |');
  L.push('|---|---|---|---|');
  const status = (vals, ok) => (vals.filter((v) => v !== null && !Number.isNaN(v)).every(ok) ? 'met' : '**missed**');
  const rPort = [ratio(tp(n, 'wasm')?.mbpsMedian, tp(n, 'port')?.mbpsMedian), c ? ratio(tp(c, 'wasm').mbpsMedian, tp(c, 'port').mbpsMedian) : null];
  const rTyp = [ratio(tp(n, 'wasm')?.mbpsMedian, tp(n, 'typical')?.mbpsMedian), c ? ratio(tp(c, 'wasm')?.mbpsMedian, tp(c, 'typical')?.mbpsMedian) : null];
  const chromiumNative = c?.nativeAround?.mbpsMedian ?? nat?.mbpsMedian;
  const rNat = [nat ? tp(n, 'wasm').mbpsMedian / nat.mbpsMedian : null, c && chromiumNative ? tp(c, 'wasm').mbpsMedian / chromiumNative : null];
  const p99 = [n.latency.wasm.p99RetimedMedian, c ? c.latency.wasm.p99RetimedMedian : null];
  const init = [n.init.wasm.totalMs, c ? c.init.wasm.totalMs : null];
  const cell = (v, d, unit = '') => (v === null || v === undefined || Number.isNaN(v) ? '–' : fmt(v, d) + unit);
  L.push(`| WASM ≥ 2× the JS port (MB/s) | ${cell(rPort[0], 2, '×')} | ${cell(rPort[1], 2, '×')} | ${status(rPort, (v) => v >= 2)} |`);
  const tNotes = results.typical?.notes ?? typicalNotes;
  L.push(`| WASM ≥ 50× typical JS (MB/s)${tNotes.length ? ' (typical measured with `u`, see note)' : ''} | ${cell(rTyp[0], 0, '×')} | ${cell(rTyp[1], 0, '×')} | ${status(rTyp, (v) => v >= 50)} |`);
  L.push(`| WASM ≥ 70 % of native (MB/s) | ${cell(rNat[0] * 100, 0, ' %')} | ${cell(rNat[1] * 100, 0, ' %')} | ${status(rNat, (v) => v >= 0.7)} |`);
  L.push(`| p99 < 15 µs per 200-char message, WASM (outliers re-timed, see below) | ${cell(p99[0], 1, ' µs')} | ${cell(p99[1], 1, ' µs')} | ${status(p99, (v) => v < 15)} |`);
  L.push(`| start-up to first result < 20 ms, WASM (English and French, compiled in: the extension's start) | ${cell(init[0], 1, ' ms')} | ${cell(init[1], 1, ' ms')} | ${status(init, (v) => v < 20)} |`);
  L.push(`| gzipped .wasm < 200 KB | ${fmt(results.sizes.wasm.gz / 1024, 0)} KB | | ${results.sizes.wasm.gz < 200 * 1024 ? 'met' : '**missed**'} |`, '');
  for (const note of tNotes) L.push(`Note on the typical design — ${note}`, '');

  const envTable = (title, env, withNative) => {
    L.push(`### ${title}`, '');
    const tf = results.typical?.flags ?? typicalFlags;
    const flags = env === results.node ? tf.node : tf.chromium;
    L.push(`| | WASM engine | JS port | typical JS (\`${flags}\` RegExp) |${withNative ? ' native |' : ''}`);
    L.push(`|---|---|---|---|${withNative ? '---|' : ''}`);
    const cell = (f, e) => {
      try {
        return f(e);
      } catch {
        return '–'; // not measured (the typical design died with every flag tried)
      }
    };
    const row = (label, f, natVal) => L.push(`| ${label} | ${['wasm', 'port', 'typical'].map((e) => cell(f, e)).join(' | ')} |${withNative ? ` ${natVal ?? '–'} |` : ''}`);
    row('MB/s', (e) => fmt(env.throughput[e].mbpsMedian) + (env.throughput[e].sample ? ` (first ${(env.throughput[e].bytes / 1e6).toFixed(1)} MB)` : ''), nat && fmt(nat.mbpsMedian));
    row('messages/s', (e) => fmt(env.throughput[e].msgpsMedian, 0), nat && fmt(nat.msgpsMedian, 0));
    const latNote = (l) => (l.reps > 1 ? ` (×${l.reps})` : '') + (l.count < lat.length ? ` (first ${l.count})` : '');
    row('200-char message p50 (µs)', (e) => fmt(env.latency[e].p50Median) + latNote(env.latency[e]), nat && fmt(nat.p50Median));
    row('200-char message p99 (µs), raw', (e) => fmt(env.latency[e].p99Median) + latNote(env.latency[e]), nat && fmt(nat.p99Median));
    row('200-char message p99 (µs), outliers re-timed', (e) => fmt(env.latency[e].p99RetimedMedian) + latNote(env.latency[e]), nat && fmt(nat.p99RetimedMedian));
    row('start-up to first result (ms)', (e) => fmt(env.init[e].totalMs), nat && fmt(nat.init.totalMs));
    row('signals / flagged messages', (e) => `${env.throughput[e].tally.signals} / ${env.throughput[e].tally.flagged}`, nat && `${nat.signals} / ${nat.flagged}`);
    if (env.throughput.wasm.cpuMbpsMedian) row('MB per CPU-second (excludes time descheduled)', (e) => fmt(env.throughput[e].cpuMbpsMedian), nat && fmt(nat.cpuMbpsMedian));
    const w = env.throughput.wasm.mbpsMedian;
    L.push('');
    const cw = env.throughput.wasm.cpuMbpsMedian;
    const natAround = env !== results.node ? env.nativeAround : null;
    const natMbps = natAround?.mbpsMedian ?? nat?.mbpsMedian;
    L.push(`Ratios (MB/s): WASM/JS port **${fmt(w / env.throughput.port.mbpsMedian)}×**, WASM/typical **${fmt(w / env.throughput.typical?.mbpsMedian, 0)}×**${natMbps ? `, WASM/native **${fmt((100 * w) / natMbps, 0)} %**` : ''}${cw && nat?.cpuMbpsMedian ? ` (per CPU-second: WASM/JS port ${fmt(cw / env.throughput.port.cpuMbpsMedian)}×, WASM/native ${fmt((100 * cw) / nat.cpuMbpsMedian, 0)} %)` : ''}.`);
    if (env !== results.node) {
      L.push(natAround
        ? `(Native in this ratio: ${natAround.mbps.length} rounds run just before and just after the browser's, median ${fmt(natAround.mbpsMedian)} MB/s (${natAround.mbps.map((v) => fmt(v)).join(', ')}); the native column is the node rounds'.)`
        : '(Native: measured during the node rounds, interleaved with them; the browser ran later, under the load noted above.)');
    }
    L.push('(p99 raw: on this shared machine a call that is preempted waits a whole time slice of several ms, which with the load above the core count hits ~1 % of calls — the raw p99 is then the scheduler, not the engine. Re-timed: every sample over 3× the median is timed up to 3 more times and the fastest kept; a preempted call does not repeat, a slow message does.)');
    if (['wasm', 'port', 'typical'].some((e) => env.latency[e]?.reps > 1)) L.push(`(×N: the timer of this environment is coarse (${fmt(env.resolutionUs, 1)} µs), so each message was run N times in a row and the mean taken.)`);
    L.push('');
    L.push('Start-up, median ms (fresh process / fresh browser context each round):', '');
    L.push('| | import module | load + compile (WASM) / read + parse tables (JS) | instantiate | build engine | first result | total |');
    L.push('|---|---|---|---|---|---|---|');
    for (const e of ['wasm', 'wasm-all', 'port', 'typical']) {
      const i = env.init[e];
      if (!i) continue;
      const load = (i.readMs ?? 0) + i.compileMs;
      L.push(`| ${{ wasm: 'wasm (en, fr compiled in)', 'wasm-all': 'wasm, every pack (the pack files read too)' }[e] ?? e} | ${fmt(i.importMs)} | ${fmt(load)} | ${fmt(i.instantiateMs ?? NaN)} | ${fmt(i.buildMs)} | ${fmt(i.firstMs)} | ${fmt(i.totalMs)} |`);
    }
    if (withNative && nat) L.push(`| native | – | – | – | ${fmt(nat.init.buildMs)} | ${fmt(nat.init.firstMs)} | ${fmt(nat.init.totalMs)} |`);
    L.push('');
    const b = env.breakdown;
    L.push(`Where WASM time goes (first ${b.messages} messages): one \`analyzeMessage('')\` call ${fmt(b.wasmEmptyCallUs)} µs (crossing + result object), one \`version()\` call ${fmt(b.wasmVersionCallUs)} µs; \`TextEncoder.encodeInto\` (the copy into WASM memory) ${fmt(b.encodeIntoMBps, 0)} MB/s; JS port normaliser alone ${fmt(b.portNormalizeMBps)} MB/s (≈ ${fmt((100 * env.throughput.port.mbpsMedian) / b.portNormalizeMBps, 0)} % of the port's time at its ${fmt(env.throughput.port.mbpsMedian)} MB/s end to end)${withNative && nat ? `; native normaliser alone ${fmt(nat.normalizeMBps)} MB/s, native end to end ${fmt(nat.mbpsMedian)} MB/s (the normaliser ≈ ${fmt((100 * nat.mbpsMedian) / nat.normalizeMBps, 0)} % of native time)` : ''}.`);
    if (b.wasmLevelEmptyCallUs !== undefined) L.push('', `Bindings (suggestions/0002): \`analyzeLevel('')\` ${fmt(b.wasmLevelEmptyCallUs)} µs per call; on these messages \`analyzeMessage\` ${fmt(b.wasmMessageMBps)} MB/s, \`analyzeLevel\` ${fmt(b.wasmLevelMBps)} MB/s, \`analyzeBatch\` (64 texts per call) ${fmt(b.wasmBatchMBps)} MB/s.`);
    L.push('');
  };
  envTable(`node ${n.version}`, n, true);
  if (c) envTable(`Chromium ${c.version} (headless)`, c, true);
  else if (results.chromium?.error) L.push(`### Chromium`, '', `Not measured: ${results.chromium.error}`, '');

  if (results.criterion) {
    L.push(`### Native criterion benches (\`cargo bench --bench engine\`, ${results.criterion.dir}; their own texts, not this corpus)`, '');
    L.push('| bench | median time | throughput | measured |', '|---|---|---|---|');
    for (const b of results.criterion.benches) {
      const t = b.ns > 1e6 ? `${fmt(b.ns / 1e6)} ms` : `${fmt(b.ns / 1e3)} µs`;
      L.push(`| ${b.id} | ${t} | ${b.mbps ? fmt(b.mbps) + ' MB/s' : b.elemps ? fmt(b.elemps, 0) + ' elem/s' : '–'} | ${b.when} |`);
    }
    L.push('');
  }

  const s = results.sizes;
  L.push('### Size', '');
  L.push('| file | raw | gzip -9 |', '|---|---|---|');
  L.push(`| \`vigie_bg.wasm\` | ${fmt(s.wasm.raw / 1024, 1)} KB | ${fmt(s.wasm.gz / 1024, 1)} KB |`);
  if (s.wasmSections) for (const k of ['code', 'data']) if (s.wasmSections[k]) L.push(`| … its ${k} section${k === 'data' ? ' (rule tables, strings)' : ''}, gzipped alone | ${fmt(s.wasmSections[k].raw / 1024, 1)} KB | ${fmt(s.wasmSections[k].gz / 1024, 1)} KB |`);
  if (s.packs?.length) {
    const sum = (k) => s.packs.reduce((a, p) => a + p[k], 0);
    L.push(`| \`packs/*.pack\`, read when a message needs one (${s.packs.map((p) => `${p.name.replace('.pack', '')} ${fmt(p.gz / 1024, 1)}`).join(', ')} KB gzipped) | ${fmt(sum('raw') / 1024, 1)} KB | ${fmt(sum('gz') / 1024, 1)} KB |`);
  }
  L.push(`| \`vigie.js\` + \`snippets/\` (JS glue) | ${fmt(s.glue.raw / 1024, 1)} KB | ${fmt(s.glue.gz / 1024, 1)} KB |`);
  L.push(`| JS port (\`benches/js/port/*.mjs\`, unminified) + rule tables JSON | ${fmt(s.port.raw / 1024, 1)} + ${fmt(s.tables.raw / 1024, 1)} KB | ${fmt(s.port.gz / 1024, 1)} + ${fmt(s.tables.gz / 1024, 1)} KB |`);
  L.push('');

  if (results.equivalence) {
    L.push('### Equivalence of the JS port', '');
    L.push('| texts | count | normaliser ≠ native | verdict ≠ WASM (rules, spans, text, level, score, stage, prevention) | rule ids incl. counter-evidence ≠ native | (message, rule) pairs WASM / port | typical: both / only engine / only typical |');
    L.push('|---|---|---|---|---|---|---|');
    for (const [name, e] of Object.entries(results.equivalence)) {
      const t = e.typical ? `${e.typical.both} / ${e.typical.onlyEngine} / ${e.typical.onlyTypical}${e.typical.compared < e.verdicts.compared ? ` (first ${e.typical.compared} texts)` : ''}` : '–';
      L.push(`| ${name} | ${e.verdicts.compared} | ${e.normalizer.differ} | ${e.verdicts.differ} | ${e.ruleIds.differ} (${e.ruleIds.prevention} prevention pairs) | ${e.verdicts.pairs.wasm} / ${e.verdicts.pairs.port} | ${t} |`);
    }
    L.push('');
    const diffs = Object.entries(results.equivalence).flatMap(([name, e]) => [...e.normalizer.examples, ...e.verdicts.examples, ...e.ruleIds.examples].map((x) => ({ set: name, ...x })));
    if (diffs.length) {
      L.push('Differences (first ones):', '');
      for (const d of diffs.slice(0, 5)) L.push('- `' + JSON.stringify(d).slice(0, 400).replace(/`/g, "'") + '`');
      L.push('');
    }
  }
  return L.join('\n') + '\n';
}
