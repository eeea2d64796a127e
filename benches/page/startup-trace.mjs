#!/usr/bin/env node
// Where the content script's start-up goes (issue 7's start-up budget), from a Chromium trace of
// page loads of a fixture with the worker running. A benchmark's tool: it prints, asserts nothing.
//
// `node benches/page/startup-trace.mjs [--site whatsapp] [--loads 5] [--out FILE.json] [--light]
//  [--no-trace] [--profile US] [--thread N]`: --light traces fewer categories (less overhead),
// --profile also takes a CPU profile of the page sampled every US µs (its timeline is printed),
// --thread N opens the French scam thread with N messages (ordinary ones from the corpus first).
// For each load: the renderer main thread's slices from the first content-script file's compile to
// the first verdict (compile and run of each content file, the tasks between), and the service
// worker's tasks in the same span, on one clock (the trace's). --out keeps the raw events of the
// last load (chrome://tracing or Perfetto open it).

import fs from 'node:fs';
import path from 'node:path';
import { launch, serveConversations, CONVERSATIONS, ROOT, until } from '../../tests/e2e/support/harness.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';
import { argv, opt } from './options.mjs';
import { warmUp } from './first-verdict.mjs';

const site = opt('--site', 'whatsapp');
const loads = Number(opt('--loads', 5));
const out = opt('--out', null);
const profileUs = Number(opt('--profile', 0));
const noTrace = argv.includes('--no-trace');
const threadLength = Number(opt('--thread', 0));
const c = CASES.find((x) => x.name === site);
const f = (x) => (x == null ? '—' : x.toFixed(2));

const LIGHT = argv.includes('--light');
const CATEGORIES = LIGHT ? 'toplevel,devtools.timeline,extensions,v8.execute,navigation,loading,blink.user_timing,disabled-by-default-devtools.timeline' : [
  'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'disabled-by-default-v8.compile',
  'toplevel', 'blink.user_timing', 'extensions', 'ipc', 'mojom', 'navigation', 'loading', 'blink', 'renderer.scheduler',
].join(',');

/** The fixture's conversations, the French scam thread lengthened to `total` messages. */
function longThread(total) {
  const ordinary = fs.readFileSync(path.join(ROOT, 'tests/corpus/fr.jsonl'), 'utf8').split('\n').filter(Boolean)
    .map((l) => JSON.parse(l)).filter((r) => r.label === 'benign').map((r) => r.text);
  const conversations = structuredClone(CONVERSATIONS);
  const scam = conversations.fr.scam.messages;
  const before = Array.from({ length: Math.max(0, total - scam.length) }, (_, i) => ({ dir: i % 4 === 3 ? 'out' : 'in', min: 0, expect: 'none', text: ordinary[(i * 7) % ordinary.length] }));
  conversations.fr.scam.messages = [...before, ...scam];
  return conversations;
}

async function traced(h) {
  const page = await h.context.newPage();
  const session = await h.context.newCDPSession(page);
  const worlds = [];
  session.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
  await session.send('Runtime.enable');
  const events = [];
  session.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
  if (profileUs) {
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: profileUs });
    await session.send('Profiler.start');
  }
  if (!noTrace) await session.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  if (threadLength > 0) await serveConversations(page, longThread(threadLength));
  await page.goto(c.url);
  await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning' });
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin === `chrome-extension://${h.id}`) ?? worlds.find((w) => w.auxData?.type === 'isolated');
  const timing = await session.send('Runtime.evaluate', { contextId: world.id, expression: 'JSON.stringify(globalThis.Vigie?.timing ?? null)', returnByValue: true }).then(({ result }) => JSON.parse(result.value));
  const profile = profileUs ? (await session.send('Profiler.stop')).profile : null;
  if (!noTrace) {
    await session.send('Tracing.end');
    await done;
  }
  await page.close();
  return { events, timing, profile };
}

/** The slices of one thread, sorted, with their depth (complete events and B/E pairs). */
function slicesOf(events, pid, tid) {
  const list = [];
  const open = [];
  for (const e of events.filter((x) => x.pid === pid && x.tid === tid).sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X') list.push({ name: e.name, ts: e.ts, dur: e.dur ?? 0, args: e.args, cat: e.cat });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) list.push({ name: b.name, ts: b.ts, dur: e.ts - b.ts, args: { ...b.args, ...e.args }, cat: b.cat });
    } else if (e.ph === 'I' || e.ph === 'i' || e.ph === 'R' || e.ph === 'n') list.push({ name: e.name, ts: e.ts, dur: 0, args: e.args, cat: e.cat, instant: true });
  }
  return list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

function threads(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  return names;
}

function analyse(events, timing, extId) {
  const names = threads(events);
  const ext = `chrome-extension://${extId}/`;
  // The renderer of the page: the thread that compiled the content scripts.
  const compiles = events.filter((e) => (e.args?.data?.url ?? e.args?.fileName ?? '').startsWith(`${ext}content/`));
  if (!compiles.length) return console.log('no content-script event found in the trace');
  const { pid, tid } = compiles[0];
  const main = slicesOf(events, pid, tid);
  const firstContent = main.find((s) => (s.args?.data?.url ?? s.args?.fileName ?? '').startsWith(`${ext}content/`));
  // Vigie.timing is performance.now(); the trace is in µs of its own clock. Both are printed from
  // the first content file's start; main.js's run slice and timing.main show how well they agree.
  const mainRun = main.find((s) => s.dur > 0 && /v8\.run|EvaluateScript|V8\.Execute|v8\.callFunction/.test(s.name) && (s.args?.data?.url ?? s.args?.fileName ?? '').endsWith('content/main.js'));
  const t0 = firstContent.ts;
  const rel = (ts) => (ts - t0) / 1000;
  console.log(`renderer ${pid}:${tid} (${names.get(`${pid}:${tid}`)}); t = 0 at the first content-script event`);
  const end = t0 + 200000;
  const top = main.filter((s) => s.ts >= t0 - 2000 && s.ts <= end && s.dur >= 100);
  for (const s of top.slice(0, 400)) {
    const url = s.args?.data?.url ?? s.args?.fileName ?? '';
    console.log(`  ${f(rel(s.ts)).padStart(8)} +${f(s.dur / 1000).padStart(7)}  ${s.cat}  ${s.name} ${url.replace(ext, '')} ${s.args?.data?.functionName ?? ''} ${s.args?.src_func ?? ''}`);
  }
  if (mainRun) console.log(`main.js runs at ${f(rel(mainRun.ts))}; Vigie.timing (from the content script's start): ${JSON.stringify(Object.fromEntries(Object.entries(timing).map(([k, v]) => [k, v == null ? null : +(v - timing.started).toFixed(2)])))}`);
  // Top-level tasks of the browser's main thread in the same span (extension messages are routed there).
  for (const [key, name] of names) {
    if (name !== 'CrBrowserMain') continue;
    const [bpid, btid] = key.split(':').map(Number);
    const tasks = slicesOf(events, bpid, btid).filter((s) => s.ts >= t0 && s.ts <= t0 + 80000 && (s.name === 'ThreadControllerImpl::RunTask' || s.cat === 'extensions') && s.dur >= 200);
    console.log(`browser main ${key}: ${tasks.length} tasks >= 0.2 ms`);
    for (const s of tasks) console.log(`  ${f(rel(s.ts)).padStart(8)} +${f(s.dur / 1000).padStart(7)}  ${s.name} ${s.args?.src_file ?? ''} ${s.args?.src_func ?? ''}`);
  }
  // The service worker's thread.
  for (const [key, name] of names) {
    if (!/ServiceWorker|worker/i.test(name)) continue;
    const [wpid, wtid] = key.split(':').map(Number);
    const ws = slicesOf(events, wpid, wtid).filter((s) => s.ts >= t0 && s.ts <= end && s.dur >= 50);
    if (!ws.length) continue;
    console.log(`thread ${key} ${name}`);
    for (const s of ws.slice(0, 60)) console.log(`  ${f(rel(s.ts)).padStart(8)} +${f(s.dur / 1000).padStart(7)}  ${s.cat} ${s.name} ${s.args?.data?.functionName ?? ''} ${s.args?.src_func ?? ''}`);
  }
}

/**
 * The CPU profile of the page's isolate from the first content-script sample on, as a timeline:
 * consecutive samples with the same content-script stack (its innermost `depth` frames, with the
 * leaf's own name when it is the browser's: compile, GC, a native call) merged into one line.
 */
function profileTimeline(profile, extId, { depth = 3, spanMs = 60 } = {}) {
  const ext = `chrome-extension://${extId}/`;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const ch of n.children ?? []) parent.set(ch, n.id);
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'}@${n.callFrame.url.replace(ext, '').replace(/^content\//, '')}:${n.callFrame.lineNumber + 1}`;
  const stackOf = (id) => {
    const out = [];
    for (let x = id; x != null; x = parent.get(x)) out.push(byId.get(x));
    return out; // leaf first
  };
  let t = profile.startTime;
  const samples = profile.samples.map((id, i) => {
    t += profile.timeDeltas[i];
    return { id, t };
  });
  const first = samples.find((s) => stackOf(s.id).some((n) => n.callFrame.url.startsWith(ext)));
  if (!first) return console.log('no content-script sample');
  const rows = [];
  const self = new Map();
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i];
    const rel = (s.t - first.t) / 1000;
    if (rel < 0 || rel > spanMs) continue;
    const dt = ((samples[i + 1]?.t ?? s.t) - s.t) / 1000;
    const st = stackOf(s.id);
    const mine = st.filter((n) => n.callFrame.url.startsWith(ext));
    const leaf = st[0];
    const key = mine.length ? `${mine.slice(0, depth).reverse().map(label).join(' > ')}${leaf.callFrame.url.startsWith(ext) ? '' : ` [${leaf.callFrame.functionName || leaf.callFrame.url}]`}` : `(${leaf.callFrame.functionName || leaf.callFrame.url || '?'})`;
    const last = rows.at(-1);
    if (last && last.key === key) last.ms += dt;
    else rows.push({ at: rel, ms: dt, key });
    const sk = leaf.callFrame.url.startsWith(ext) ? label(leaf) : `${leaf.callFrame.functionName || '?'} (in ${mine[0] ? label(mine[0]) : 'page/browser'})`;
    self.set(sk, (self.get(sk) ?? 0) + dt);
  }
  for (const r of rows) if (r.ms >= 0.15 || !r.key.startsWith('(')) console.log(`  ${f(r.at).padStart(8)} +${f(r.ms).padStart(6)}  ${r.key}`);
  console.log('  self time, top 25:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${f(v).padStart(7)}  ${k}`);
}

const host = new URL(c.url).host;
const h = await launch({ locale: 'fr-FR', sites: { [host]: { dir: c.fixture, headers: c.headers } } });
try {
  // The worker up, the engine loaded.
  await warmUp(h, c.url);
  for (let i = 0; i < loads; i++) {
    const { events, timing, profile } = await traced(h);
    console.log(`\n==== load ${i + 1}: first verdict ${f(timing.firstVerdict - timing.started)} ms after the content script's start (${f(timing.firstVerdict - (timing.main ?? timing.started))} after main.js's)`);
    if (!noTrace) analyse(events, timing, h.id);
    if (profile) profileTimeline(profile, h.id);
    if (out && i === loads - 1) fs.writeFileSync(out, JSON.stringify({ traceEvents: events }));
  }
} finally {
  await h.close();
}
