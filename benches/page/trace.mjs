#!/usr/bin/env node
// Where the page's main thread spends its time in the burst run, by the browser's own phases: a
// Chromium trace (CDP Tracing) of the same bursts as `benches/page/run.mjs`, with Vigie and with
// Vigie paused, summed by event name (self time: an event's duration minus its children's) and by
// the kind of task the event ran in. A benchmark's helper: it prints, asserts nothing.
//
//   node benches/page/trace.mjs [--site NAME] [--bursts N] [--size N] [--interval MS]
//        [--follow] [--only vigie|paused] [--save DIR] [--read FILE... [--tasks [--from MS --to MS]]]
//
// Kinds of task on the page's main thread (the renderer's CrRendererMain of the fixture's tab):
//   append  — the page's task that appends a burst (with the content script's observer callback,
//             which reads the new messages, at its end);
//   frame   — a rendering frame (BeginMainFrame: style, layout, pre-paint, paint, layerize…), told
//             apart by what the last task that changed the DOM was: the page's append ("frame
//             after append", the page's own frame for its new messages) or Vigie's drawing
//             ("frame after Vigie");
//   vigie   — a task that ran the content script's code and no page code (the engine's answer
//             delivered and the warnings drawn, a deferred drawing slice, idle work);
//   other   — everything else (input, timers of the fixture, IPC…).
// --follow scrolls the conversation to its newest message after each burst (see run.mjs).
// --save DIR keeps the raw traces (trace-vigie.json, trace-paused.json: chrome://tracing or the
// DevTools performance panel open them); --read summarises saved traces again without a browser.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { launch, skipReason, until } from '../../tests/e2e/support/harness.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';
import { messages } from './burst.mjs';
import { argv, burstOptions, opt } from './options.mjs';

const CFG = {
  ...burstOptions(),
  scamShare: 0.05,
  only: opt('--only', null),
  save: opt('--save', null),
};
const CATEGORIES = [
  'toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.frame',
  'blink', 'blink.user_timing', 'v8.execute', 'disabled-by-default-v8.gc', 'cc',
];

// ------------------------------------------------------------------------------------- record
async function record(h, c, list, paused) {
  await h.setSettings({ pausedSites: paused ? [c.adapter] : [] });
  const page = await h.context.newPage();
  const session = await h.context.newCDPSession(page);
  await page.goto(c.url);
  if (!paused) await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning' });
  await page.evaluate(() => window.fixture.go('benign'));
  await sleep(2000);
  const chunks = [];
  session.on('Tracing.dataCollected', (e) => chunks.push(...e.value));
  const done = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
  await session.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordContinuously' }, transferMode: 'ReportEvents' });
  const load = os.loadavg()[0];
  const started = Date.now();
  for (let b = 0; b < CFG.bursts; b++) {
    const burst = list.slice(b * CFG.size, (b + 1) * CFG.size).map(({ text, dir, min }) => ({ text, dir, min }));
    // A user-timing mark per burst: the trace's own clock for where each burst's append began.
    await page.evaluate(([msgs, follow]) => {
      performance.mark('vigie-bench-burst');
      window.fixture.appendMessages(msgs);
      // --follow: as in run.mjs, the conversation scrolled to its newest message.
      for (let box = follow ? document.querySelector('[data-fixture-list]') : null; box && box !== document.body; box = box.parentElement) {
        if (box.scrollHeight > box.clientHeight + 1) {
          box.scrollTop = box.scrollHeight;
          break;
        }
      }
    }, [burst, CFG.follow]);
    const wait = started + (b + 1) * CFG.intervalMs - Date.now();
    if (wait > 0) await sleep(wait);
  }
  await sleep(1500);
  const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
  const hosts = await page.evaluate(() => document.querySelectorAll('vigie-warning').length);
  await session.send('Tracing.end');
  await done;
  await page.close();
  return { events: chunks, nodes, hosts, load };
}

// ------------------------------------------------------------------------------------ analyse
const FRAME = new Set(['BeginMainThreadFrame', 'WebFrameWidgetImpl::BeginMainFrame', 'ProxyMain::BeginMainFrame', 'LocalFrameView::UpdateAllLifecyclePhases']);
const TASK = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** The renderer main thread that ran the fixture page: the CrRendererMain that rendered the most frames. */
function pageThread(events) {
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const frames = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (names.get(key) === 'CrRendererMain' && e.name === 'ProxyMain::BeginMainFrame') frames.set(key, (frames.get(key) ?? 0) + 1);
  }
  return [...frames.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Complete events (X, and B/E pairs folded) of one thread, sorted, with their children's time subtracted. */
function slices(events, key) {
  const out = [];
  const open = [];
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== key) continue;
    if (e.ph === 'X') out.push({ name: e.name, ts: e.ts, end: e.ts + (e.dur ?? 0), args: e.args });
    else if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') {
      const b = open.pop();
      if (b) out.push({ name: b.name, ts: b.ts, end: e.ts, args: { ...b.args, ...e.args } });
    } else if (e.ph === 'R' || e.ph === 'I' || e.ph === 'n') {
      if (e.name === 'vigie-bench-burst' || (e.name === 'mark' && e.args?.data?.name === 'vigie-bench-burst')) out.push({ name: 'vigie-bench-burst', ts: e.ts, end: e.ts, args: {}, mark: true });
    }
  }
  out.sort((a, b) => a.ts - b.ts || b.end - a.end);
  return out;
}

function analyse({ events }) {
  const key = pageThread(events);
  if (!key) throw new Error('no renderer main thread for the page in the trace');
  const all = slices(events, key);
  const bursts = all.filter((s) => s.mark).map((s) => s.ts);
  // Nest: each slice's parent is the innermost open slice containing it.
  const stack = [];
  const tasks = [];
  for (const s of all) {
    if (s.mark) continue;
    while (stack.length && stack[stack.length - 1].end <= s.ts) stack.pop();
    const parent = stack[stack.length - 1] ?? null;
    s.parent = parent;
    s.children = 0;
    if (parent) parent.children += s.end - s.ts;
    s.task = parent ? parent.task : (TASK.has(s.name) ? s : null);
    if (!parent && s.task) tasks.push(s);
    if (s.task) {
      if (s.name === 'UpdateLayoutTree') s.task.styled = (s.task.styled ?? 0) + (s.args?.elementCount ?? 0);
      if (s.name === 'Layout') {
        const d = s.args?.beginData ?? {};
        s.task.laidOut = (s.task.laidOut ?? 0) + (d.dirtyObjects ?? 0);
        s.task.layoutTotal = Math.max(s.task.layoutTotal ?? 0, d.totalObjects ?? 0);
      }
      s.task.phases ??= new Map();
      s.task.has ??= new Set();
      s.task.has.add(s.name);
      const u = s.args?.data?.url ?? s.args?.data?.scriptName ?? '';
      if (typeof u === 'string' && u) {
        if (u.startsWith('chrome-extension://')) s.task.extension = true;
        else s.task.page = true;
      }
    }
    stack.push(s);
  }
  // Kinds of task, in order; a frame is told by the last DOM-changing task before it.
  const burstIn = (t) => bursts.some((b) => b >= t.ts && b <= t.end);
  let last = 'none';
  for (const t of tasks) {
    if ([...FRAME].some((n) => t.has?.has(n))) t.kind = last === 'append' ? 'frame after append' : last === 'vigie' ? 'frame after Vigie' : 'frame, other';
    else if (burstIn(t)) t.kind = 'append';
    else if (t.extension && !t.page) t.kind = 'vigie';
    else if (t.page && !t.extension) t.kind = 'page script';
    else if (t.page && t.extension) t.kind = 'page + vigie';
    else t.kind = 'other';
    if (t.kind === 'append' || t.kind === 'vigie') last = t.kind;
    if (t.kind.startsWith('frame')) last = 'frame';
  }
  // Self time by (kind, name).
  const byKind = new Map();
  const byName = new Map();
  const taskTime = new Map();
  const taskCount = new Map();
  for (const t of tasks) {
    taskTime.set(t.kind, (taskTime.get(t.kind) ?? 0) + (t.end - t.ts) / 1000);
    taskCount.set(t.kind, (taskCount.get(t.kind) ?? 0) + 1);
  }
  for (const s of all) {
    if (s.mark || !s.task) continue;
    const self = Math.max(0, s.end - s.ts - s.children) / 1000;
    const name = phaseOf(s);
    byName.set(name, (byName.get(name) ?? 0) + self);
    s.task.phases.set(name, (s.task.phases.get(name) ?? 0) + self);
    const k = `${s.task.kind}\u0000${name}`;
    byKind.set(k, (byKind.get(k) ?? 0) + self);
  }
  return { byName, byKind, taskTime, taskCount, bursts: bursts.length, tasks };
}

/**
 * The phase a trace event's self time belongs to: its own name's, or else its nearest enclosing
 * event's that names one (the lifecycle's Blink.*.UpdateTime scopes enclose every detail event of
 * their phase, e.g. text shaping under layout).
 */
const PHASES = [
  [/^(Blink\.Style\.UpdateTime|UpdateLayoutTree|Document::updateStyle|Document::recalcStyle|Document::rebuildLayoutTree|StyleEngine::)/, 'style'],
  [/^(Blink\.Layout\.UpdateTime|Layout$|LocalFrameView::layout|LocalFrameView::performLayout|InlineNode::)/, 'layout'],
  [/^(Blink\.CompositingInputs\.UpdateTime|LocalFrameView::RunCompositingInputsLifecyclePhase)/, 'compositing inputs'],
  [/^(Blink\.PrePaint\.UpdateTime|PrePaint)/, 'pre-paint'],
  [/^(Blink\.Paint\.UpdateTime|Paint$|PaintImage|PaintController::|CullRectUpdate)/, 'paint'],
  [/^(Blink\.CompositingCommit\.UpdateTime|Layerize|Commit$|LocalFrameView::pushPaintArtifactToCompositor)/, 'layerize/commit'],
  [/^LocalFrameView::RunAccessibilitySteps|^Accessibility|^AX/, 'accessibility'],
  [/^LocalFrameView::NotifyResizeObservers|^ResizeObserver/, 'resize observers'],
  [/^(IntersectionObserver|ComputeIntersections|LocalFrameView::UpdateIntersection|IntersectionObservation)/, 'intersections'],
  [/^(HitTest|LocalFrame::HitTest)/, 'hit test'],
  [/^(V8\.GC|MinorGC|MajorGC|BlinkGC|V8\.GC_)/, 'gc'],
  [/^(FunctionCall|EvaluateScript|v8\.|V8\.|TimerFire|FireIdleCallback|FireAnimationFrame|BlinkScheduler_PerformMicrotaskCheckpoint|RunMicrotasks)/, 'script'],
  [/^(EventDispatch)/, 'event dispatch'],
  [/^(ParseHTML|ParseAuthorStyleSheet)/, 'parse'],
];
function phaseOf(slice) {
  for (let s = slice; s; s = s.parent) {
    for (const [re, name] of PHASES) if (re.test(s.name)) return name;
  }
  return TASK.has(slice.name) ? 'task (unattributed)' : `other: ${slice.name}`;
}

function table(res, label) {
  const L = [];
  const ms = (x) => (x === undefined ? '–' : x.toFixed(0));
  const kinds = [...res.taskTime.keys()].sort();
  L.push(`\n${label}: ${res.bursts} bursts; tasks by kind: ${kinds.map((k) => `${k} ${res.taskCount.get(k)} (${ms(res.taskTime.get(k))} ms)`).join(', ')}`);
  const names = [...res.byName.entries()].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 5);
  L.push(`| phase | all | ${kinds.join(' | ')} |`);
  L.push(`|---|---:|${kinds.map(() => '---:').join('|')}|`);
  for (const [name, total] of names) L.push(`| ${name} | ${ms(total)} | ${kinds.map((k) => ms(res.byKind.get(`${k}\u0000${name}`))).join(' | ')} |`);
  return L.join('\n');
}

/** Per-burst frames: the page's own frame after its append, and the frames after Vigie's drawing, with their phases. */
function perBurst(res) {
  const frames = { 'frame after append': [], 'frame after Vigie': [] };
  for (const t of res.tasks) if (frames[t.kind]) frames[t.kind].push((t.end - t.ts) / 1000);
  const med = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
  return Object.entries(frames).map(([k, xs]) => `${k}: ${xs.length} frames, median ${med(xs).toFixed(1)} ms, total ${xs.reduce((a, b) => a + b, 0).toFixed(0)} ms`).join('; ');
}

/** One line per task of the bursts' chain (--tasks): when, kind, length, elements styled, layout objects dirty / total, main phases. */
function taskLines(res, from = 0, to = Infinity) {
  const start = res.tasks[0]?.ts ?? 0;
  const L = [];
  for (const t of res.tasks) {
    const ms = (t.end - t.ts) / 1000;
    if (t.kind === 'other' && ms < 2) continue;
    const at = (t.ts - start) / 1000;
    if (at < from || at > to) continue;
    const top = [...(t.phases ?? new Map()).entries()].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 0.5).slice(0, 6).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
    L.push(`${at.toFixed(1).padStart(8)} ms  ${t.kind.padEnd(18)} ${ms.toFixed(1).padStart(6)} ms  styled ${t.styled ?? 0}, layout ${t.laidOut ?? 0}/${t.layoutTotal ?? 0}  ${top}`);
  }
  return L.join('\n');
}

// -------------------------------------------------------------------------------------- main
if (argv.includes('--read')) {
  for (const file of argv.slice(argv.indexOf("--read") + 1).filter((a, i, all) => !a.startsWith("--") && !(all[i - 1] ?? "").match(/^--(from|to)$/))) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    const res = analyse(saved);
    console.log(table(res, `${file} (${saved.hosts} warning hosts, ${saved.nodes} elements, load ${saved.load?.toFixed(2)})`));
    console.log(perBurst(res));
    if (argv.includes('--tasks')) console.log(taskLines(res, Number(opt('--from', 0)), Number(opt('--to', Infinity))));
  }
  process.exit(0);
}
const skip = skipReason();
if (skip) {
  console.error(skip);
  process.exit(1);
}
const c = CASES.find((x) => x.name === CFG.site);
const h = await launch({ locale: 'fr-FR', sites: { [new URL(c.url).host]: { dir: c.fixture, headers: c.headers } } });
const list = messages(CFG.bursts * CFG.size, CFG.scamShare);
const runs = [];
try {
  for (const paused of [false, true]) {
    if (CFG.only && CFG.only !== (paused ? 'paused' : 'vigie')) continue;
    const rec = await record(h, c, list, paused);
    const name = paused ? 'paused' : 'vigie';
    if (CFG.save) {
      fs.mkdirSync(CFG.save, { recursive: true });
      fs.writeFileSync(path.join(CFG.save, `trace-${name}.json`), JSON.stringify(rec));
    }
    runs.push([name, rec]);
  }
} finally {
  await h.close();
}
for (const [name, rec] of runs) {
  const res = analyse(rec);
  console.log(table(res, `${name} (${rec.hosts} warning hosts, ${rec.nodes} elements, load ${rec.load.toFixed(2)})`));
  console.log(perBurst(res));
}
