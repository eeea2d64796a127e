// The content script's start (issue 7, start-up budget), read as behaviour: the page is read while
// the settings load, but nothing reaches the engine and nothing is drawn before the settings say the
// site is not paused; then the request carries the settings' own options and language, without a
// second read of the page. No timing is asserted here: the figures are in benches/page.
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { contentShared, localesModule } from '../build.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = (rel) => fs.readFileSync(path.join(EXT, rel), 'utf8');

/**
 * The real observe.js, analyse.js and main.js on a fake page: timers run when the test says
 * (`tick()`), the settings read answers when the test says (`settle(stored)`), the page read and
 * the overlay are stubs that count what they are asked. `log` lists, in order, the page reads
 * ('read'), the requests sent ('send:<type>') and the warning hosts made ('draw').
 */
function startWorld(href = 'https://web.whatsapp.com/', { emptyReads = 0 } = {}) {
  const log = [];
  const timers = [];
  const sent = [];
  let answerSettings = null;
  const storageRead = new Promise((resolve) => {
    answerSettings = resolve;
  });
  const adapter = { id: 'whatsapp', kind: 'chat', name: 'WhatsApp Web', overlay: { position: 'after' } };
  const container = { isConnected: true, contains: () => true };
  let observing = 0;
  let deliver = null;
  let frames = 0;
  let messageCount = 1;
  const chrome = {
    runtime: {
      id: 'test',
      sendMessage: (message) => {
        log.push(`send:${message.type}`);
        sent.push(message);
        return new Promise(() => {}); // the engine never answers here: what matters is what left
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
    storage: {
      local: { get: async () => storageRead, set: async () => {} },
      onChanged: { addListener() {}, removeListener() {} },
    },
  };
  const ctx = vm.createContext({
    console,
    chrome,
    navigator: { languages: ['fr-FR'] },
    location: { href, origin: new URL(href).origin },
    URL,
    performance: { now: () => 0 },
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {},
    setInterval: () => 0,
    clearInterval: () => {},
    requestAnimationFrame: () => {
      frames++;
    },
    addEventListener() {},
    removeEventListener() {},
    MutationObserver: class {
      constructor(cb) {
        deliver = cb;
      }
      observe() {
        observing++;
      }
      disconnect() {
        observing--;
      }
    },
    document: { documentElement: {} },
  });
  vm.runInContext(contentShared(localesModule()), ctx);
  const V = ctx.Vigie;
  V.data = { sites: [adapter], advice: {}, platforms: {} };
  V.extract = {
    adapterFor: (url) => (url.hostname === 'web.whatsapp.com' ? { adapter, inPath: true } : null),
    read: (a, records) => {
      log.push(records ? 'read:appended' : 'read');
      if (emptyReads-- > 0) return null; // no conversation on the page yet
      // Like extract.js: records that only add nodes are read as appended messages.
      if (records && records.every((r) => r.removedNodes.length === 0)) V.extract.reads.appended++;
      const messages = Array.from({ length: messageCount }, (_, i) => ({ key: `k${i + 1}`, el: { isConnected: true }, text: `Bonjour ${i}`, direction: 'in', sender: 'Julie' }));
      return { container, thread: `${a.id}:Julie`, title: 'Julie', messages };
    },
    broken: new Set(),
    reads: { full: 0, appended: 0 },
  };
  for (const f of ['content/observe.js', 'content/analyse.js']) vm.runInContext(src(f), ctx, { filename: f });
  V.overlay = { host: () => log.push('draw'), announce() {}, removeLive() {}, isDark: () => false };
  vm.runInContext(src('content/main.js'), ctx, { filename: 'content/main.js' });
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    V,
    log,
    sent,
    observing: () => observing,
    frames: () => frames,
    /** The page appends a message (and, with `removed`, takes a node out in the same task). */
    append(removed = false) {
      messageCount++;
      deliver([{ type: 'childList', target: {}, addedNodes: [{ nodeName: 'DIV' }], removedNodes: removed ? [{ nodeName: 'VIGIE-WARNING' }] : [] }]);
    },
    /** Runs the timers that are due (the observer's first read is one). */
    tick() {
      while (timers.length) timers.shift()();
    },
    /** The settings read answers with `stored` (the value under storage key "settings"). */
    async settle(stored) {
      answerSettings({ settings: stored });
      await flush();
      await flush();
    },
  };
}

test('the page is read while the settings load; nothing is sent before they arrive', async () => {
  const w = startWorld();
  assert.deepEqual(w.log.filter((x) => x !== 'send:vigie:engine-status'), ['read'], 'read once, at once, before the settings');
  w.tick();
  assert.deepEqual(w.log.filter((x) => x !== 'send:vigie:engine-status'), ['read'], 'and nothing else');
  assert.equal(w.observing(), 1, 'the observer watches from the first read, so nothing appended meanwhile is missed');
  await w.settle({ schema: 1, sensitivity: 'high', lang: 'es', minorMode: true });
  const analyse = w.sent.filter((m) => m.type === 'vigie:analyze');
  assert.equal(analyse.length, 1, 'the early read is sent once the settings arrive');
  assert.deepEqual({ ...analyse[0].options }, { sensitivity: 'high', minorMode: true }, 'with the settings\' options, not the defaults');
  assert.equal(analyse[0].lang, 'es');
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read'], 'no second read of the page');
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read']);
});

test('on a paused site the early read is dropped: nothing sent, nothing drawn, nothing watched', async () => {
  const w = startWorld();
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read']);
  await w.settle({ schema: 1, pausedSites: ['whatsapp'] });
  w.tick();
  assert.deepEqual(w.sent.filter((m) => m.type !== 'vigie:engine-status'), [], 'no page text left for the engine');
  assert.ok(!w.log.includes('draw'));
  assert.equal(w.observing(), 0, 'the observer is disconnected');
  assert.equal(w.V.observe.active, false);
  const status = w.V.status();
  assert.equal(status.paused, true);
  assert.equal(status.conversation, false, 'the read is forgotten');
  assert.equal(w.V.analyse.threads.size, 0, 'no thread state was made from it');
});

test('no conversation yet at the early read: the page is read again once the settings say so, then sent', async () => {
  const w = startWorld('https://web.whatsapp.com/', { emptyReads: 1 });
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read']);
  await w.settle({ schema: 1, sensitivity: 'low' });
  assert.deepEqual(w.sent.filter((m) => m.type === 'vigie:analyze'), []);
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read', 'read'], 'a forced read, in a task of its own');
  await new Promise((r) => setTimeout(r, 0));
  const analyse = w.sent.filter((m) => m.type === 'vigie:analyze');
  assert.equal(analyse.length, 1);
  assert.equal(analyse[0].options.sensitivity, 'low');
});

test('a page no built-in adapter knows is not read before the settings (the generic adapter needs them)', async () => {
  const w = startWorld('https://example.org/inbox');
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), []);
  assert.equal(w.observing(), 0);
  await w.settle({ schema: 1 });
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), [], 'not a site Vigie watches');
});

test('a batch that only appended messages sends them and runs no pass in the page\'s frame; any removal does', async () => {
  const w = startWorld();
  await w.settle({ schema: 1 });
  assert.equal(w.frames(), 1, 'the first read has its frame pass');
  w.append();
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read', 'read:appended']);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(w.frames(), 1, 'appended and sent: the answer\'s pass places the warnings');
  assert.equal(w.sent.filter((m) => m.type === 'vigie:analyze').length, 1, 'sent after the request in flight');
  // A warning taken out by the page with the same mutation: the frame pass puts it back.
  w.append(true);
  w.tick();
  assert.equal(w.frames(), 2);
});
