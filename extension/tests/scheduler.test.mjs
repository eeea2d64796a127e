// The content script's scheduling (issue 7, in-page budgets), read as behaviour with a fake clock:
// when a batch runs (at once for a quiet page's small mutations, later for the rest), what never
// triggers one, how drawing is cut into slices, and in which order pending warnings are drawn.
// No timing is asserted here: the figures are in benches/page (benches/RESULTS.md).
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { contentShared } from '../build.mjs';
import { observerOf } from './support/fake-page.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = (rel) => fs.readFileSync(path.join(EXT, rel), 'utf8');

/**
 * observe.js in a world whose clock, timers, idle callbacks, frames and MutationObserver are
 * driven by the test: `advance(ms)` moves the clock and fires what is due (timers, then idle
 * callbacks, which here run as soon as nothing else is due), `mutate(records)` delivers records as
 * the browser would, at the end of the page's task.
 */
function observeWorld() {
  let now = 0;
  let nextId = 0;
  const timers = new Map(); // id → {at, fn}
  const idles = new Map(); // id → fn
  const frames = [];
  const page = {}; // page.deliver(records): the MutationObserver's callback
  const ctx = vm.createContext({
    console,
    performance: { now: () => now },
    setTimeout: (fn, ms = 0) => {
      timers.set(++nextId, { at: now + ms, fn });
      return nextId;
    },
    clearTimeout: (id) => timers.delete(id),
    requestIdleCallback: (fn) => {
      idles.set(++nextId, fn);
      return nextId;
    },
    cancelIdleCallback: (id) => idles.delete(id),
    requestAnimationFrame: (fn) => frames.push(fn),
    MutationObserver: observerOf(page),
    document: { documentElement: {} },
  });
  vm.runInContext('globalThis.Vigie = {};', ctx);
  vm.runInContext(src('content/observe.js'), ctx, { filename: 'content/observe.js' });
  const w = {
    V: ctx.Vigie,
    get now() {
      return now;
    },
    pendingTimers: () => timers.size,
    pendingIdle: () => idles.size,
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (due) {
          timers.delete(due[0]);
          now = Math.max(now, due[1].at);
          due[1].fn();
          continue;
        }
        const idle = [...idles][0];
        if (idle) {
          idles.delete(idle[0]);
          idle[1]();
          continue;
        }
        break;
      }
      now = end;
    },
    mutate(records) {
      page.deliver(records);
    },
    frames,
  };
  return w;
}

const node = (name = 'DIV') => ({ nodeName: name });
const added = (...names) => ({ type: 'childList', target: node('DIV'), addedNodes: names.map(node), removedNodes: [] });
const many = (n) => ({ type: 'childList', target: node('DIV'), addedNodes: Array.from({ length: n }, () => node('DIV')), removedNodes: [] });

/** Starts observing and lets the first (forced) batch run; returns the list of batches seen. */
function started(w) {
  const batches = [];
  w.V.observe.start((b) => batches.push({ ...b, at: w.now }));
  w.advance(100);
  assert.equal(batches.length, 1, 'the first batch reads the page as it is');
  assert.equal(batches[0].forced, true);
  return batches;
}

test('start() reads the page as it is in a task of its own, without the batch delay or idle time', () => {
  const w = observeWorld();
  const batches = [];
  w.V.observe.start((b) => batches.push({ ...b, at: w.now }));
  assert.equal(batches.length, 0, 'not inside start() itself');
  assert.equal(w.pendingIdle(), 0);
  w.advance(0);
  assert.equal(batches.length, 1);
  assert.equal(batches[0].forced, true);
  assert.equal(batches[0].at, 0);
});

test('a quiet page\'s small mutations are read at once, in the observer\'s callback', () => {
  const w = observeWorld();
  const batches = started(w);
  w.advance(1000);
  const rec = added('LI');
  w.mutate([rec]);
  assert.equal(batches.length, 2, 'no timer, no idle wait: the batch ran inside the callback');
  assert.equal(batches[1].records.length, 1);
  assert.equal(batches[1].records[0], rec);
  assert.equal(batches[1].forced, false);
  assert.equal(w.pendingTimers() + w.pendingIdle(), 0, 'nothing left scheduled');
});

test('mutations that follow a batch closely wait for the batch delay and become one batch', () => {
  const w = observeWorld();
  const batches = started(w);
  w.advance(1000);
  w.mutate([added('LI')]);
  assert.equal(batches.length, 2);
  const delay = w.V.observe.BATCH_DELAY_MS;
  w.advance(1);
  w.mutate([added('LI')]);
  w.advance(1);
  w.mutate([added('LI'), added('LI')]);
  assert.equal(batches.length, 2, 'not read at once: a batch ran less than the delay ago');
  w.advance(delay);
  assert.equal(batches.length, 3, 'one batch for both');
  assert.equal(batches[2].records.length, 3);
});

test('Vigie\'s own insertions never cause a batch; the page removing a warning does', () => {
  const w = observeWorld();
  const batches = started(w);
  w.advance(1000);
  w.mutate([added('VIGIE-WARNING'), added('VIGIE-BANNER', 'VIGIE-LIVE'), { type: 'childList', target: node('VIGIE-WARNING'), addedNodes: [node('DIV')], removedNodes: [] }]);
  w.advance(1000);
  assert.equal(batches.length, 1, 'nothing to read');
  assert.equal(w.pendingTimers() + w.pendingIdle(), 0, 'and nothing scheduled for it');
  w.mutate([{ type: 'childList', target: node('DIV'), addedNodes: [], removedNodes: [node('VIGIE-WARNING')] }]);
  assert.equal(batches.length, 2, 'a removed warning is put back by the next batch');
});

test('Vigie taking its own warning out causes no batch; the page taking the same warning out again does', () => {
  const w = observeWorld();
  const batches = started(w);
  w.advance(1000);
  const host = { nodeName: 'VIGIE-WARNING', isConnected: true, remove() {} };
  const removal = () => ({ type: 'childList', target: node('DIV'), addedNodes: [], removedNodes: [host] });
  w.V.observe.remove(host);
  w.mutate([removal()]);
  w.advance(1000);
  assert.equal(batches.length, 1, 'Vigie knows what it removed');
  assert.equal(w.pendingTimers() + w.pendingIdle(), 0);
  // Put back later, then taken out by the page: that one is read (and the warning put back).
  w.mutate([removal()]);
  assert.equal(batches.length, 2);
  // A record that mixes Vigie's removal with the page's is the page's.
  w.advance(1000);
  w.V.observe.remove(host);
  w.mutate([{ type: 'childList', target: node('DIV'), addedNodes: [], removedNodes: [host, node('DIV')] }]);
  assert.equal(batches.length, 3);
});

test('a big mutation is read after the batch delay and idle time, not inside the page\'s task', () => {
  const w = observeWorld();
  const batches = started(w);
  w.advance(1000);
  w.mutate([many(1000)]);
  assert.equal(batches.length, 1);
  assert.ok(w.pendingTimers() > 0);
  w.advance(w.V.observe.BATCH_DELAY_MS);
  assert.equal(batches.length, 2);
  assert.equal(batches[1].records[0].addedNodes.length, 1000);
});

test('too many record lists while a batch waits: only the fact that something changed is kept', () => {
  const w = observeWorld();
  const batches = started(w);
  w.advance(1000);
  w.mutate([added('LI')]);
  for (let i = 0; i < 400; i++) w.mutate([added('LI')]);
  w.advance(w.V.observe.BATCH_DELAY_MS);
  assert.equal(batches.length, 3);
  assert.equal(batches[2].overflow, true);
});

test('stop() drops what was queued; nothing runs after it', () => {
  const w = observeWorld();
  const batches = started(w);
  w.advance(1000);
  w.mutate([added('LI')]);
  w.mutate([added('LI')]);
  w.V.observe.stop();
  w.advance(1000);
  assert.equal(batches.length, 2);
  assert.equal(w.pendingTimers() + w.pendingIdle(), 0);
});

test('poke() asks for a batch without any mutation', () => {
  const w = observeWorld();
  const batches = started(w);
  w.V.observe.poke();
  w.advance(1000);
  assert.equal(batches.length, 2);
  assert.equal(batches[1].forced, true);
  assert.equal(batches[1].records.length, 0);
});

test('slice: items in order until the budget is spent, at least one, the rest left for later', () => {
  const w = observeWorld();
  let clock = 0;
  const tick = () => clock;
  const done = [];
  const slow = (x) => {
    done.push(x);
    clock += 3;
  };
  assert.equal(w.V.observe.slice(['a', 'b', 'c', 'd', 'e'], slow, 8, tick), 3, '3 + 3 + 3 ms: the third one ends past the budget');
  assert.deepEqual(done, ['a', 'b', 'c']);
  done.length = 0;
  assert.equal(w.V.observe.slice(['x', 'y'], slow, 0, tick), 1, 'always at least one, so drawing always moves on');
  assert.deepEqual(done, ['x']);
  assert.equal(w.V.observe.slice([], slow, 8, tick), 0);
  assert.equal(w.V.observe.slice(['p', 'q'], () => {}, 8, tick), 2, 'fast items: all of them');
});

/** The content script's analyse.js alone, with the shared modules it needs. */
function analyseAlone() {
  const ctx = vm.createContext({ console, navigator: { languages: ['fr-FR'] }, chrome: { runtime: { id: 'test', sendMessage: async () => ({}) } } });
  vm.runInContext(contentShared(), ctx);
  vm.runInContext(src('content/analyse.js'), ctx, { filename: 'content/analyse.js' });
  return ctx.Vigie;
}

test('pending warnings are drawn the most serious first, then the newest first', () => {
  const V = analyseAlone();
  const items = [
    { id: 1, level: 'caution' }, { id: 2, level: 'danger' }, { id: 3, level: 'warning' },
    { id: 4, level: 'danger' }, { id: 5, level: 'caution' }, { id: 6, level: 'odd' },
  ];
  assert.deepEqual([...V.analyse.drawOrder(items)].map((x) => x.id), [4, 2, 3, 5, 1, 6]);
  assert.deepEqual(items.map((x) => x.id), [1, 2, 3, 4, 5, 6], 'the input is left as it was');
});

test('an answer\'s pass draws its new warnings alone; redrawn ones wait for the next pass', () => {
  const V = analyseAlone();
  const items = [
    { id: 1, level: 'danger', isNew: false }, { id: 2, level: 'caution', isNew: true },
    { id: 3, level: 'danger', isNew: false }, { id: 4, level: 'warning', isNew: true },
  ];
  assert.deepEqual([...V.analyse.drawFirst(items)].map((x) => x.id), [4, 2], 'only the new ones, the most serious first, even under older dangers');
  const redraws = items.filter((x) => !x.isNew);
  assert.deepEqual([...V.analyse.drawFirst(redraws)].map((x) => x.id), [3, 1], 'no new ones: the redraws, in drawOrder');
});
