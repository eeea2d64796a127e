#!/usr/bin/env node
// Vigie in the page, one command: `node benches/page/run.mjs` (issue 7). A benchmark, not a test:
// it prints and writes figures, it asserts nothing about time.
//
// Headless Chromium with the built extension (dist/chromium: `cargo xtask wasm && node
// extension/build.mjs`) on a site fixture of tests/e2e (WhatsApp by default, served at its real
// URL with the strict CSP, by tests/e2e/support/harness.mjs). On a fresh thread, 2,000 messages
// arrive in bursts (20 × 100, one burst every 500 ms; 5 % are scam messages from
// tests/corpus/fr.jsonl, the rest ordinary ones, a quarter of those outgoing). Measured:
//   - from a message's insertion to its warning host (<vigie-warning>, the overlay contract in
//     extension/README.md) being in the DOM: p50/p95/max, scam messages and all warned messages,
//     from the start of the page's task that builds and appends the burst (the budget's figure)
//     and from its end (when the messages are in the DOM and the page's own frame can start);
//   - long tasks (> 50 ms) on the page's main thread (PerformanceObserver 'longtask'; the content
//     script runs there too), and in the extension's service worker, where 'longtask' does not
//     exist: a 10 ms interval timer there whose tick comes > 50 ms late saw a task that long;
//   - heap: the page's V8 isolate (page + content script, CDP Runtime.getHeapUsage after a GC)
//     before and after the messages, and the service worker's (its own CDP target);
//   - how the content script read the conversation: full queries vs batches that only read what
//     was appended (its `Vigie.extract.reads`, read in its own world through CDP).
// With --control the same run is repeated with Vigie paused on the site, so what the page itself
// costs (long tasks of its own DOM work, its heap) can be told apart from what Vigie adds.
//
// Options: --site NAME (a case of tests/e2e/support/cases.mjs, default whatsapp), --bursts N (20),
// --size N (100), --interval MS (500), --scam-share F (0.05), --control, --out FILE
// (benches/RESULTS.md; its block between the "benches/page/run.mjs" markers is replaced),
// --live N (60: messages appended one at a time after the bursts, as a chat receives them),
// --live-interval MS (300), --startup-only N (only the start-up rounds, N of them, printed and
// not written: for comparing builds; with --warm-only, only the loads with the worker running;
// with --startup-thread N, the scam thread has N messages, its own 8 last, after ordinary ones),
// --cpu-profile FILE (the burst run's raw CPU profile of the
// page's main thread, .cpuprofile for DevTools or a script; --profile-interval US sets its
// sampling interval, default 1000), --no-startup (skip the start-up rounds: for comparing builds
// on the bursts; write with --out elsewhere then), --follow (after each burst the page scrolls
// to its newest message, as a chat does for the user reading it: the new warnings are on screen).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { launch, skipReason, stopWorker, serveConversations, CONVERSATIONS, ROOT, until } from '../../tests/e2e/support/harness.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';
import { messages as burstMessages } from './burst.mjs';
import { argv, burstOptions, opt } from './options.mjs';

const CFG = {
  ...burstOptions(),
  scamShare: Number(opt('--scam-share', 0.05)),
  control: argv.includes('--control'),
  startupOnly: Number(opt('--startup-only', 0)),
  warmOnly: argv.includes('--warm-only'),
  startupThread: Number(opt('--startup-thread', 0)),
  startup: !argv.includes('--no-startup'),
  live: Number(opt('--live', 60)),
  liveIntervalMs: Number(opt('--live-interval', 300)),
  liveScamShare: 0.25,
  out: path.resolve(opt('--out', path.join(ROOT, 'benches/RESULTS.md'))),
  cpuProfile: opt('--cpu-profile', null),
  profileIntervalUs: Number(opt('--profile-interval', 1000)),
};
const log = (s) => console.log(s);

// ------------------------------------------------------------------------------------ messages
const messages = (total = CFG.bursts * CFG.size, scamShare = CFG.scamShare) => burstMessages(total, scamShare);

// ------------------------------------------------------------------------------- page probes
/**
 * Installed before the page's scripts: long tasks, and the time each warning host appears. The
 * MutationObserver callback runs as a microtask right after the task that inserted the host (the
 * content script's frame callback), so its clock reading is when the warning entered the DOM.
 */
function pageProbe() {
  const bench = { longTasks: [], warnings: [], removed: 0, runStart: 0, runEnd: 0, bursts: [] };
  window.__vigieBench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  // Read when the host arrives: the content script removes hosts later (see the report).
  // The host sits next to the message's element, inside its row or after it.
  const messageOf = (host) => {
    const own = host.closest('[data-fixture-n]');
    if (own) return Number(own.dataset.fixtureN);
    for (let e = host; e; e = e.parentElement) {
      for (let s = e.previousElementSibling; s; s = s.previousElementSibling) {
        if (s.matches('[data-fixture-n]')) return Number(s.dataset.fixtureN);
        const inner = s.querySelectorAll('[data-fixture-n]');
        if (inner.length) return Number(inner[inner.length - 1].dataset.fixtureN);
      }
    }
    return -1;
  };
  new MutationObserver((records) => {
    const now = performance.now();
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeName === 'VIGIE-WARNING') bench.warnings.push({ at: now, n: messageOf(n), level: n.dataset.vigieLevel ?? null });
      }
      for (const n of r.removedNodes) if (n.nodeName === 'VIGIE-WARNING') bench.removed++;
    }
  }).observe(document, { childList: true, subtree: true });
}

/** In the page: what the probe recorded during the run. */
function collectInPage() {
  const bench = window.__vigieBench;
  const warnings = bench.warnings.filter((w) => w.at >= bench.runStart).map(({ at, n, level }) => ({ at, n, level }));
  return { longTasks: bench.longTasks, warnings, removed: bench.removed, bursts: bench.bursts, runStart: bench.runStart, runEnd: bench.runEnd, hostsNow: document.querySelectorAll('vigie-warning').length };
}

/** In the service worker: a 10 ms tick; a tick > 50 ms late means a task at least that long ran. */
function workerLagProbe() {
  const probe = { late: [], ticks: 0, last: performance.now() };
  globalThis.__vigieBenchLag = probe;
  probe.timer = setInterval(() => {
    const now = performance.now();
    const late = now - probe.last - 10;
    if (late > 50) probe.late.push(Math.round(late));
    probe.ticks++;
    probe.last = now;
  }, 10);
}

// ------------------------------------------------------------------------------------- CDP
/**
 * A CDP channel to the service worker, through the page's session (Playwright opens CDP sessions
 * on pages only): Target.attachToTarget without flattening, messages wrapped in
 * Target.sendMessageToTarget. Null when the browser refuses.
 */
async function workerChannel(pageSession, extensionId) {
  try {
    const { targetInfos } = await pageSession.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
    if (!target) return null;
    const { sessionId } = await pageSession.send('Target.attachToTarget', { targetId: target.targetId, flatten: false });
    let next = 1;
    const pending = new Map();
    pageSession.on('Target.receivedMessageFromTarget', (e) => {
      if (e.sessionId !== sessionId) return;
      const msg = JSON.parse(e.message);
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
    return {
      send(method, params = {}) {
        const id = next++;
        return new Promise((resolve, reject) => {
          pending.set(id, { resolve, reject });
          pageSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
        });
      },
    };
  } catch (e) {
    log(`service worker CDP: not available (${e.message.split('\n')[0]})`);
    return null;
  }
}

async function heap(session) {
  if (!session) return null;
  try {
    await session.send('HeapProfiler.collectGarbage');
    const { usedSize, totalSize } = await session.send('Runtime.getHeapUsage');
    return { usedMB: usedSize / 2 ** 20, totalMB: totalSize / 2 ** 20 };
  } catch (e) {
    log(`heap: ${e.message.split('\n')[0]}`);
    return null;
  }
}

async function pageMetrics(session) {
  const { metrics } = await session.send('Performance.getMetrics');
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return { nodes: m.Nodes, jsHeapUsedMB: m.JSHeapUsedSize / 2 ** 20, taskS: m.TaskDuration, scriptS: m.ScriptDuration, layoutS: m.LayoutDuration };
}

/** Self time by origin (extension / page / the browser's own: GC, layout, idle) and the extension's busiest functions. */
function summariseProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const bySource = new Map();
  const byFunction = new Map();
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const source = url.startsWith('chrome-extension://') ? 'extension' : url ? 'page' : functionName === '(idle)' ? 'idle' : `browser ${functionName}`;
    bySource.set(source, (bySource.get(source) ?? 0) + dt);
    if (source === 'extension') {
      const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + dt);
    }
  });
  const top = (m, n) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => [k, Math.round(ms)]);
  return { msBySource: top(bySource, 8), extensionTop: top(byFunction, 8) };
}

// -------------------------------------------------------------------------------- start-up
/**
 * The budget's own measure: from the content script's start (the first statement of its first
 * file, Vigie.timing.started; builds before session 8 started at main.js, which runs after the
 * other files are compiled and run) to its first analysed message (its first verdict back from
 * the service worker), on the fixture's scam thread. `cold`: the worker was stopped first, so the
 * answer waits for the worker to start and load the engine.
 */
async function startUp(h, c, { cold }) {
  const page = await h.context.newPage();
  const session = await h.context.newCDPSession(page);
  const worlds = [];
  session.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
  await session.send('Runtime.enable');
  const stopped = cold ? await stopWorker(session, h.id) : false;
  if (cold && !stopped) log('start-up: could not stop the service worker');
  if (CFG.startupThread > 0) await serveConversations(page, longScamThread(CFG.startupThread));
  await page.goto(c.url);
  await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning (start-up)' });
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.auxData?.frameId && (w.name === 'Vigie' || w.origin === `chrome-extension://${h.id}`));
  const timing = world
    ? await session.send('Runtime.evaluate', { contextId: world.id, expression: 'JSON.stringify(globalThis.Vigie?.timing ?? null)', returnByValue: true }).then(({ result }) => JSON.parse(result.value))
    : null;
  await page.close();
  if (timing?.firstVerdict == null) return null;
  // Every mark the content script left, from its start (builds before 'main' started at main.js).
  const marks = Object.entries(timing).filter(([k, v]) => k !== 'started' && typeof v === 'number').map(([k, v]) => `${k} ${f(v - timing.started)}`);
  log(`start-up (${cold ? 'cold' : 'warm'}): ${marks.join(', ')} ms`);
  return { ms: timing.firstVerdict - timing.started, fromMain: timing.firstVerdict - (timing.main ?? timing.started), stopped };
}

/**
 * The fixture's conversations with a longer scam thread: `total` messages, the thread's own last
 * (the threat comes last, as in a real chat), ordinary ones before, as a chat page opens on a
 * long history.
 */
function longScamThread(total) {
  const conversations = structuredClone(CONVERSATIONS);
  const scam = conversations.fr.scam.messages;
  const before = messages(Math.max(0, total - scam.length), 1e-9).map((m) => ({ dir: m.dir, min: 0, expect: 'none', text: m.text }));
  conversations.fr.scam.messages = [...before, ...scam];
  return conversations;
}

async function startUps(h, c, rounds = 5, { warmOnly = false } = {}) {
  const out = { warm: [], warmFromMain: [], cold: [], coldStopped: 0 };
  await startUp(h, c, { cold: false }); // the worker up, the engine loaded
  for (let i = 0; i < rounds; i++) {
    const warm = await startUp(h, c, { cold: false });
    if (warm) out.warm.push(warm.ms);
    if (warm) out.warmFromMain.push(warm.fromMain);
    if (warmOnly) continue;
    const cold = await startUp(h, c, { cold: true });
    if (cold) out.cold.push(cold.ms);
    if (cold?.stopped) out.coldStopped++;
  }
  out.warm.sort((a, b) => a - b);
  out.warmFromMain.sort((a, b) => a - b);
  out.cold.sort((a, b) => a - b);
  return out;
}

// ------------------------------------------------------------------------------------- run
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))] : null);

async function runOnce(h, c, list, { paused }) {
  await h.setSettings({ pausedSites: paused ? [c.adapter] : [] });
  const page = await h.context.newPage();
  await page.addInitScript(pageProbe);
  const session = await h.context.newCDPSession(page);
  await session.send('Performance.enable');
  // The content script's world (an isolated world named after the extension), to read its counters.
  const worlds = [];
  session.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
  await session.send('Runtime.enable');
  const { product } = await session.send('Browser.getVersion');
  const t0 = Date.now();
  await page.goto(c.url);
  if (!paused) await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning on the scam thread' });
  const firstWarningMs = paused ? null : Date.now() - t0;
  // A fresh thread, so the messages below start from a clean conversation context.
  await page.evaluate(() => window.fixture.go('benign'));
  await sleep(2000);
  const worker = paused ? null : await workerChannel(session, h.id);
  // Also while paused: there the worker is idle, so its late ticks are the machine's preemption alone.
  await h.worker.evaluate(workerLagProbe).catch((e) => log(`service worker lag probe: ${e.message}`));
  const before = { page: await heap(session), metrics: await pageMetrics(session), worker: await heap(worker) };
  // A CPU profile of the page's main thread (page scripts and the content script share it), to
  // say whose code the long tasks run.
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: CFG.profileIntervalUs });
  await session.send('Profiler.start');
  const cpuBefore = process.cpuUsage();
  const loadBefore = os.loadavg();
  await page.evaluate(() => {
    window.__vigieBench.runStart = performance.now();
  });
  const started = Date.now();
  for (let b = 0; b < CFG.bursts; b++) {
    const burst = list.slice(b * CFG.size, (b + 1) * CFG.size).map(({ text, dir, min }) => ({ text, dir, min }));
    await page.evaluate(([msgs, follow]) => {
      const at = performance.now();
      const first = window.fixture.appendMessages(msgs);
      // --follow: the conversation's scroll box to its end, as a chat does for the user reading its
      // newest messages (the fixtures do not); reading its height lays the page out in this task,
      // as such a chat does.
      for (let box = follow ? document.querySelector('[data-fixture-list]') : null; box && box !== document.body; box = box.parentElement) {
        if (box.scrollHeight > box.clientHeight + 1) {
          box.scrollTop = box.scrollHeight;
          break;
        }
      }
      window.__vigieBench.bursts.push({ first, count: msgs.length, at, end: performance.now() });
    }, [burst, CFG.follow]);
    const wait = started + (b + 1) * CFG.intervalMs - Date.now();
    if (wait > 0) await sleep(wait);
  }
  // Settle: until no new warning for 3 s (at most 60 s).
  let lastCount = -1;
  let stableSince = Date.now();
  const deadline = Date.now() + 60000;
  while (Date.now() < deadline) {
    const count = await page.evaluate(() => window.__vigieBench.warnings.length);
    if (count !== lastCount) {
      lastCount = count;
      stableSince = Date.now();
    } else if (Date.now() - stableSince > 3000) break;
    await sleep(250);
  }
  await page.evaluate(() => {
    window.__vigieBench.runEnd = performance.now();
  });
  const { profile } = await session.send('Profiler.stop');
  if (CFG.cpuProfile && !paused) fs.writeFileSync(path.resolve(CFG.cpuProfile), JSON.stringify(profile));
  const data = await page.evaluate(collectInPage);
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.auxData?.frameId && (w.name === 'Vigie' || w.origin === `chrome-extension://${h.id}`));
  const reads = paused || !world ? null : await session.send('Runtime.evaluate', { contextId: world.id, expression: 'JSON.stringify(globalThis.Vigie?.extract?.reads ?? null)', returnByValue: true })
    .then(({ result }) => JSON.parse(result.value)).catch(() => null);
  const lag = await h.worker.evaluate(() => {
    const p = globalThis.__vigieBenchLag;
    if (!p) return null;
    clearInterval(p.timer);
    return { late: p.late, ticks: p.ticks };
  }).catch(() => null);
  const after = { page: await heap(session), metrics: await pageMetrics(session), worker: await heap(worker) };
  const loadAfter = os.loadavg();
  await page.close();

  // Insertion time of every message, from its burst.
  const inserted = new Map();
  const insertedEnd = new Map();
  for (const b of data.bursts) {
    for (let i = 0; i < b.count; i++) {
      inserted.set(b.first + i, b.at);
      insertedEnd.set(b.first + i, b.end);
    }
  }
  // The fixture thread's own messages come first: message n of the run is fixture n - offset.
  const offset = data.bursts.length ? data.bursts[0].first : 0;
  const firstSeen = new Map();
  for (const w of data.warnings) if (w.n >= offset && !firstSeen.has(w.n)) firstSeen.set(w.n, w);
  const latencies = (filter, from = inserted) => [...firstSeen.entries()].filter(([n]) => filter(list[n - offset])).map(([n, w]) => w.at - from.get(n)).sort((a, b) => a - b);
  const scam = latencies((m) => m?.scam);
  const all = latencies(() => true);
  const scamEnd = latencies((m) => m?.scam, insertedEnd);
  const appendMs = data.bursts.map((b) => b.end - b.at).sort((a, b) => a - b);
  const inRunTasks = data.longTasks.filter(([start]) => start >= data.runStart && start <= data.runEnd);
  const inRun = inRunTasks.map(([, d]) => d).sort((a, b) => b - a);
  // What each long task held: the start of a burst's append (the page's task, with the content
  // script's read of it at its end), a warning entering the DOM (Vigie's drawing), or neither; of
  // the latter, those starting within 20 ms after warnings entered the DOM are most likely the
  // frame that lays them out and paints them (a heuristic: 'longtask' entries say no more).
  const longKinds = { append: 0, warning: 0, afterWarnings: 0, other: 0 };
  for (const [start, d] of inRunTasks) {
    if (data.bursts.some((b) => b.at >= start - 1 && b.at <= start + d)) longKinds.append++;
    else if (data.warnings.some((w) => w.at >= start && w.at <= start + d + 1)) longKinds.warning++;
    else if (data.warnings.some((w) => w.at < start && w.at >= start - 20)) longKinds.afterWarnings++;
    else longKinds.other++;
  }
  return {
    chromium: product,
    paused,
    firstWarningMs,
    scamCount: list.filter((m) => m.scam).length,
    scamWarned: scam.length,
    // Which messages of the run (0-based) got a warning: shows where warnings stop, if they do.
    warnedIndices: [...firstSeen.keys()].map((n) => n - offset).sort((a, b) => a - b),
    warned: firstSeen.size,
    hostsNow: data.hostsNow,
    hostsRemoved: data.removed,
    profile: summariseProfile(profile),
    latency: {
      scam: { p50: pct(scam, 0.5), p95: pct(scam, 0.95), max: scam.at(-1) ?? null },
      all: { p50: pct(all, 0.5), p95: pct(all, 0.95), max: all.at(-1) ?? null },
      scamFromEnd: { p50: pct(scamEnd, 0.5), p95: pct(scamEnd, 0.95), max: scamEnd.at(-1) ?? null },
    },
    appendMs: { p50: pct(appendMs, 0.5), max: appendMs.at(-1) ?? null },
    reads,
    pageLongTasks: { count: inRun.length, totalMs: inRun.reduce((a, b) => a + b, 0), longest: inRun.slice(0, 5), kinds: longKinds },
    workerLate: lag ? { count: lag.late.length, longest: lag.late.sort((a, b) => b - a).slice(0, 5), ticks: lag.ticks } : null,
    heap: { before, after },
    runS: (data.runEnd - data.runStart) / 1000,
    benchCpuS: (() => {
      const u = process.cpuUsage(cpuBefore);
      return (u.user + u.system) / 1e6;
    })(),
    load: { before: loadBefore, after: loadAfter },
  };
}

/**
 * Messages appended one at a time on a fresh thread, as a chat receives them: insertion → warning
 * in the DOM for each, with the same probe as the bursts (the budget's case without the page's
 * own cost of laying out a hundred new messages at once).
 */
async function liveRun(h, c, list) {
  await h.setSettings({ pausedSites: [] });
  const page = await h.context.newPage();
  await page.addInitScript(pageProbe);
  await page.goto(c.url);
  await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning on the scam thread' });
  await page.evaluate(() => window.fixture.go('benign'));
  await sleep(2000);
  const loadBefore = os.loadavg();
  await page.evaluate(() => {
    window.__vigieBench.runStart = performance.now();
  });
  const started = Date.now();
  for (let i = 0; i < list.length; i++) {
    const { text, dir, min } = list[i];
    await page.evaluate((m) => {
      const at = performance.now();
      const first = window.fixture.appendMessages([m]);
      window.__vigieBench.bursts.push({ first, count: 1, at, end: performance.now() });
    }, { text, dir, min });
    const wait = started + (i + 1) * CFG.liveIntervalMs - Date.now();
    if (wait > 0) await sleep(wait);
  }
  await sleep(2000);
  const data = await page.evaluate(collectInPage);
  const loadAfter = os.loadavg();
  await page.close();
  const offset = data.bursts.length ? data.bursts[0].first : 0;
  const inserted = new Map(data.bursts.map((b) => [b.first, b.at]));
  const firstSeen = new Map();
  for (const w of data.warnings) if (w.n >= offset && !firstSeen.has(w.n)) firstSeen.set(w.n, w);
  const latencies = (filter) => [...firstSeen.entries()].filter(([n]) => filter(list[n - offset])).map(([n, w]) => w.at - inserted.get(n)).sort((a, b) => a - b);
  const scam = latencies((m) => m?.scam);
  const all = latencies(() => true);
  const longTasks = data.longTasks.filter(([start]) => start >= data.runStart).length;
  return {
    count: list.length,
    scamCount: list.filter((m) => m.scam).length,
    scamWarned: scam.length,
    warned: all.length,
    scam: { p50: pct(scam, 0.5), p95: pct(scam, 0.95), max: scam.at(-1) ?? null },
    all: { p50: pct(all, 0.5), p95: pct(all, 0.95), max: all.at(-1) ?? null },
    longTasks,
    load: { before: loadBefore, after: loadAfter },
  };
}

// ------------------------------------------------------------------------------------ report
/** A constant of the content script, read from its source so the report's explanation stays true. */
function contentConstant(file, name) {
  const m = new RegExp(`const ${name} = (\\d+)`).exec(fs.readFileSync(path.join(ROOT, 'extension/content', file), 'utf8'));
  return m ? Number(m[1]) : '?';
}
const f = (x, d = 1) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d));

function report(runs) {
  const [r, control] = runs;
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const L = [];
  L.push('## In the page: the extension on a chat fixture');
  L.push('');
  L.push(`Measured ${when} UTC by \`node benches/page/run.mjs\` ${argv.join(' ')}.`);
  L.push('');
  L.push(`- ${r.chromium}, headless; extension from \`dist/chromium\`; site fixture \`${CFG.site}\` (tests/e2e/fixtures, strict CSP).`);
  L.push(`- Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared; load average (1/5/15 min) before the messages ${r.load.before.map((x) => x.toFixed(2)).join(' ')}, after ${r.load.after.map((x) => x.toFixed(2)).join(' ')}.`);
  L.push(`- ${CFG.bursts * CFG.size} messages in ${CFG.bursts} bursts of ${CFG.size}, one burst every ${CFG.intervalMs} ms, on a fresh thread; ${r.scamCount} scam messages (tests/corpus/fr.jsonl, label scam) among ordinary ones (label benign), three quarters incoming.`);
  L.push('');
  L.push('| | figure | budget (issue 7) | |');
  L.push('|---|---|---|---|');
  const met = (ok) => (ok === null ? '' : ok ? 'met' : '**missed**');
  L.push(`| insertion → warning in the DOM, scam messages, p50 / p95 / max | ${f(r.latency.scam.p50)} / ${f(r.latency.scam.p95)} / ${f(r.latency.scam.max)} ms (${r.scamWarned} of ${r.scamCount} warned) | p95 < 50 ms | ${met(r.latency.scam.p95 === null ? null : r.latency.scam.p95 < 50)} |`);
  L.push(`| same, every warned message (context raises ordinary ones too) | ${f(r.latency.all.p50)} / ${f(r.latency.all.p95)} / ${f(r.latency.all.max)} ms (${r.warned} messages) | | |`);
  if (liveTimes) {
    const lv = liveTimes;
    L.push(`| one message at a time, as a chat receives them (${lv.count} messages on a fresh thread, one every ${CFG.liveIntervalMs} ms, one in ${Math.round(1 / CFG.liveScamShare)} a scam; load ${lv.load.before[0].toFixed(2)} → ${lv.load.after[0].toFixed(2)}): insertion → warning, scam messages, p50 / p95 / max | ${f(lv.scam.p50)} / ${f(lv.scam.p95)} / ${f(lv.scam.max)} ms (${lv.scamWarned} of ${lv.scamCount} warned; every warned message: ${f(lv.all.p50)} / ${f(lv.all.p95)} ms, ${lv.warned}; long tasks: ${lv.longTasks}) | p95 < 50 ms | ${met(lv.scam.p95 === null ? null : lv.scam.p95 < 50)} |`);
  }
  L.push(`| scam messages again, from the end of the page's append (the burst in the DOM; building and appending it took ${f(r.appendMs.p50)} ms p50, ${f(r.appendMs.max)} max) | ${f(r.latency.scamFromEnd.p50)} / ${f(r.latency.scamFromEnd.p95)} / ${f(r.latency.scamFromEnd.max)} ms | | |`);
  const pageExtra = control ? r.pageLongTasks.count - control.pageLongTasks.count : null;
  L.push(`| long tasks > 50 ms on the page's main thread during the run | ${r.pageLongTasks.count} (${f(r.pageLongTasks.totalMs, 0)} ms in all; longest ${r.pageLongTasks.longest.map((x) => f(x, 0)).join(', ') || '–'} ms)${control ? `; Vigie paused: ${control.pageLongTasks.count}` : ''} | none caused by Vigie | ${met(control ? pageExtra <= 0 : null)} |`);
  const kinds = (x) => `${x.pageLongTasks.kinds.append} held a burst's append, ${x.pageLongTasks.kinds.warning} a warning's insertion, ${x.pageLongTasks.kinds.afterWarnings} began < 20 ms after warnings were inserted, ${x.pageLongTasks.kinds.other} none of these`;
  L.push(`| long tasks above, by what they held (a burst's append: the page's task, with the content script's read at its end; a warning's insertion: Vigie drawing; < 20 ms after: most likely the frame laying out and painting them) | ${kinds(r)}${control ? `; Vigie paused: ${kinds(control)}` : ''} | | |`);
  const late = (x) => (x.workerLate ? `${x.workerLate.count} of ${x.workerLate.ticks} ticks (longest ${x.workerLate.longest.join(', ') || '–'} ms)` : 'not measured');
  L.push(`| service worker: timer ticks > 50 ms late (a task ≥ 50 ms, or the OS preempting the worker) | ${late(r)}${control ? `; Vigie paused (idle worker, so preemption alone): ${late(control)}` : ''} | none | ${met(r.workerLate ? r.workerLate.count === 0 : null)} |`);
  const ph = r.heap;
  L.push(`| page isolate heap (page + content script), after GC: before → after the messages | ${f(ph.before.page?.usedMB)} → ${f(ph.after.page?.usedMB)} MB${control ? `; Vigie paused: ${f(control.heap.before.page?.usedMB)} → ${f(control.heap.after.page?.usedMB)} MB` : ''} | | |`);
  L.push(`| service worker JS heap, after GC (the engine's WASM linear memory is not in it) | ${f(ph.before.worker?.usedMB)} → ${f(ph.after.worker?.usedMB)} MB | | |`);
  L.push(`| warning hosts in the DOM at the end / removed during the run | ${r.hostsNow} / ${r.hostsRemoved} | | |`);
  if (r.reads) L.push(`| content script's reads of the conversation: full queries / batches that read only what was appended | ${r.reads.full} / ${r.reads.appended} | | |`);
  L.push(`| DOM nodes after the run | ${r.heap.after.metrics.nodes}${control ? ` (paused: ${control.heap.after.metrics.nodes})` : ''} | | |`);
  const busy = (x) => x.heap.after.metrics.taskS - x.heap.before.metrics.taskS;
  L.push(`| page main-thread busy time during the run (CDP TaskDuration) | ${f(busy(r), 2)} s of ${f(r.runS, 1)} s${control ? `; paused: ${f(busy(control), 2)} s of ${f(control.runS, 1)} s` : ''} | | |`);
  const prof = (x) => x.profile.msBySource.filter(([k]) => k !== 'idle').map(([k, ms]) => `${k} ${ms}`).join(', ');
  L.push(`| page main thread CPU profile during the run, self ms | ${prof(r)}${control ? `; paused: ${prof(control)}` : ''} | | |`);
  L.push(`| start-up: page load → first warning on the fixture's scam thread | ${f(r.firstWarningMs, 0)} ms (incl. navigation, worker wake-up, engine load if cold) | | |`);
  if (startUpTimes) {
    const su = startUpTimes;
    const median = (xs) => pct(xs, 0.5);
    L.push(`| start-up: content script's start (its first file's first statement) → its first analysed message (first verdict back), worker running, p50 / max of ${su.warm.length} page loads | ${f(median(su.warm))} / ${f(su.warm.at(-1))} ms (from main.js's start, as measured before: ${f(median(su.warmFromMain))} / ${f(su.warmFromMain.at(-1))}) | < 20 ms | ${met(su.warm.length ? median(su.warm) < 20 : null)} |`);
    L.push(`| same, service worker stopped first (as the browser does after 30 s idle: worker start + engine load), p50 / max of ${su.cold.length} (${su.coldStopped} stops confirmed) | ${f(median(su.cold))} / ${f(su.cold.at(-1))} ms | | |`);
  }
  L.push('');
  L.push(`The content script's busiest functions (self ms, sampled): ${r.profile.extensionTop.map(([k, ms]) => `\`${k}\` ${ms}`).join(', ')}.`);
  L.push('');
  L.push(`Warning hosts removed during the run: the content script reads the newest ${contentConstant('extract.js', 'MAX_ITEMS')} message elements of the conversation (\`MAX_ITEMS\`, extension/content/extract.js, meant for virtualised lists); a warning whose message is older than that but still in the DOM stays (extension/content/draw.js render); hosts are removed when their message leaves the page, is recycled, or its verdict drops under the threshold (context verdicts can lower a level as the conversation goes on). Each warning was timed when it first appeared.`);
  L.push('');
  const delay = contentConstant('observe.js', 'BATCH_DELAY_MS');
  L.push(`How: \`<vigie-warning>\` hosts are timed by a MutationObserver installed before the page's scripts (its callback runs right after the task that inserts the host); a message's insertion time is when the page's task that builds and appends its burst starts (the figure the budget is checked on), or ends (the row \"from the end of the page's append\"). The content script reads a quiet page's small mutations at once, in its observer's callback at the end of the page's task (mutations less than \`BATCH_DELAY_MS\` = ${delay} ms after a batch, or big ones, wait that long and then idle time; extension/content/observe.js), sends the thread's newest messages to the service worker, and draws the warnings in the task that delivers the answer, the most serious first, for at most \`DRAW_BUDGET_MS\` = ${contentConstant('draw.js', 'DRAW_BUDGET_MS')} ms (the rest in a task after the next frame; never inside a frame's callback, where their layout and paint would join the same task). Between the append and the answer the page renders its own frame for the new messages, which the answer waits behind: the paused control's long tasks and busy time show what that frame costs without Vigie. The one-at-a-time row appends single messages on a fresh page (same probe, same timing), after the bursts: there the page's frame for its new message is small, and the path is Vigie's own (read, round trip to the worker, drawing). Service-worker long tasks: 'longtask' entries do not exist in workers, hence the late-timer probe. WASM linear memory is outside the V8 heap figures.`);
  L.push('');
  return L.join('\n');
}

function write(md) {
  const BEGIN = '<!-- generated by benches/page/run.mjs: begin -->';
  const END = '<!-- generated by benches/page/run.mjs: end -->';
  let doc = fs.existsSync(CFG.out) ? fs.readFileSync(CFG.out, 'utf8') : '# Vigie performance (issue 7)\n';
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  doc = a >= 0 && b > a ? doc.slice(0, a) + BEGIN + '\n' + md + END + doc.slice(b + END.length) : doc.replace(/\n*$/, '\n\n') + BEGIN + '\n' + md + END + '\n';
  fs.writeFileSync(CFG.out, doc);
}

// -------------------------------------------------------------------------------------- main
const skip = skipReason();
if (skip) {
  console.error(skip);
  process.exit(1);
}
const c = CASES.find((x) => x.name === CFG.site);
if (!c) {
  console.error(`no site case named ${CFG.site} in tests/e2e/support/cases.mjs`);
  process.exit(1);
}
const host = new URL(c.url).host;
const h = await launch({ locale: 'fr-FR', sites: { [host]: { dir: c.fixture, headers: c.headers } } });
const runs = [];
let startUpTimes = null;
let liveTimes = null;
if (CFG.startupOnly > 0) {
  try {
    const times = await startUps(h, c, CFG.startupOnly, { warmOnly: CFG.warmOnly });
    const mid = (a) => (a.length ? a[Math.floor(a.length / 2)] : NaN);
    log(`start-up p50 / max: worker running ${f(mid(times.warm))} / ${f(times.warm.at(-1))} ms (from main.js's start ${f(mid(times.warmFromMain))} / ${f(times.warmFromMain.at(-1))}), worker stopped ${f(mid(times.cold))} ms; ${JSON.stringify(times)}`);
  } finally {
    await h.close();
  }
  process.exit(0);
}
try {
  const list = messages();
  log(`${list.length} messages, ${list.filter((m) => m.scam).length} scam, on ${c.url}`);
  runs.push(await runOnce(h, c, list, { paused: false }));
  log(JSON.stringify(runs[0], null, 1));
  if (CFG.control) {
    runs.push(await runOnce(h, c, list, { paused: true }));
    log(JSON.stringify({ control: runs[1].pageLongTasks, heap: runs[1].heap }, null, 1));
  }
  if (CFG.live > 0) {
    liveTimes = await liveRun(h, c, messages(CFG.live, CFG.liveScamShare));
    log(`live: ${JSON.stringify(liveTimes)}`);
  }
  // Last: stopping the service worker leaves `h.worker` (used above) pointing at a stopped worker.
  await h.setSettings({ pausedSites: [] });
  if (CFG.startup) startUpTimes = await startUps(h, c, 9);
  log(`start-up: ${JSON.stringify(startUpTimes)}`);
} finally {
  await h.close();
}
const md = report(runs);
fs.mkdirSync(path.join(ROOT, 'target/bench-page'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'target/bench-page/results.json'), JSON.stringify({ cfg: CFG, runs }, null, 1));
write(md);
log(`\n${md}`);
