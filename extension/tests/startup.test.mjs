// The content script's start (issue 7, start-up budget), read as behaviour: the page is read while
// the settings load and its messages leave at once as a `stored` request (the background applies
// the stored settings and their pause, background/stored-settings.js); nothing is drawn before the
// content script's own settings say the site is not paused, and verdicts that do not fit those
// settings are asked for again, without a second read of the page. No timing is asserted here:
// the figures are in benches/page.
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { contentShared } from '../build.mjs';
import { chatPageGlobals, whatsappRead } from './support/fake-page.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = (rel) => fs.readFileSync(path.join(EXT, rel), 'utf8');

/**
 * The real observe.js, analyse.js and main.js on a fake page: timers run when the test says
 * (`tick()`), the settings read answers when the test says (`settle(stored)`), the page read and
 * the overlay are stubs that count what they are asked. `log` lists, in order, the page reads
 * ('read'), the requests sent ('send:<type>'), the drawing files run ('run:<file>'), the answers
 * given ('answer:<i>'), main.js's calls to draw.js ('V.draw.<name>') and the warning hosts made ('draw').
 */
function startWorld(href = 'https://web.whatsapp.com/', { emptyReads = 0, messages = 1 } = {}) {
  const log = [];
  const timers = [];
  const sent = [];
  const answers = []; // resolvers of the requests sent, in order
  let answerSettings = null;
  const storageRead = new Promise((resolve) => {
    answerSettings = resolve;
  });
  const adapter = { id: 'whatsapp', kind: 'chat', name: 'WhatsApp Web', overlay: { position: 'after' } };
  const container = { isConnected: true, contains: () => true };
  const page = {}; // page.deliver(records): the MutationObserver's callback; page.observing
  let frames = 0;
  let messageCount = messages;
  const chrome = {
    runtime: {
      id: 'test',
      sendMessage: (message) => {
        log.push(`send:${message.type}`);
        sent.push(message);
        // The background answers when the test says (`answer`), or never.
        return new Promise((resolve) => answers.push(resolve));
      },
      onMessage: { addListener() {}, removeListener() {} },
    },
    storage: {
      local: { get: async () => storageRead, set: async () => {} },
      onChanged: { addListener() {}, removeListener() {} },
    },
  };
  const warnings = []; // what the content script reported as failed (observe.js catches a batch's errors)
  const ctx = vm.createContext({
    console: { ...console, warn: (...args) => warnings.push(args.join(' ')) },
    chrome,
    ...chatPageGlobals({
      page,
      timers,
      href,
      frame: () => {
        frames++;
      },
    }),
  });
  vm.runInContext(contentShared(), ctx);
  const V = ctx.Vigie;
  V.data = { sites: [adapter], advice: {}, platforms: {} };
  V.extract = whatsappRead(adapter, (a, records) => {
    log.push(records ? 'read:appended' : 'read');
    if (emptyReads-- > 0) return null; // no conversation on the page yet
    const messages = Array.from({ length: messageCount }, (_, i) => ({ key: `k${i + 1}`, el: { isConnected: true, nextSibling: null, after() {} }, text: `Bonjour ${i}`, direction: 'in', sender: 'Julie' }));
    return { container, thread: `${a.id}:Julie`, title: 'Julie', messages };
  });
  for (const f of ['content/observe.js', 'content/analyse.js']) vm.runInContext(src(f), ctx, { filename: f });
  V.overlay = {
    host: () => {
      log.push('draw');
      return { isConnected: false, getAttribute: () => 'warning', remove() {} };
    },
    renderWarning: () => log.push('render'),
    announce() {},
    removeLive() {},
    isDark: () => false,
  };
  vm.runInContext(src('content/main.js'), ctx, { filename: 'content/main.js' });
  // The drawing files run after main.js, in the same task (build.mjs contentScripts): what main.js
  // calls of draw.js (`V.draw`) is logged ('V.draw.<name>').
  for (const f of ['content/draw.js', 'content/actions.js']) {
    log.push(`run:${f}`);
    vm.runInContext(src(f), ctx, { filename: f });
  }
  const drawn = V.draw;
  V.draw = Object.freeze(Object.fromEntries(Object.entries(drawn).map(([name, fn]) => [name, (...args) => {
    log.push(`V.draw.${name}`);
    return fn(...args);
  }])));
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return {
    V,
    log,
    warnings,
    sent,
    observing: () => page.observing,
    frames: () => frames,
    /** The page appends a message (and, with `removed`, takes a node out in the same task). */
    append(removed = false) {
      messageCount++;
      page.deliver([{ type: 'childList', target: {}, addedNodes: [{ nodeName: 'DIV' }], removedNodes: removed ? [{ nodeName: 'VIGIE-WARNING' }] : [] }]);
    },
    /** The background answers the `i`-th message sent with `value` (then the page's tasks run). */
    async answer(i, value) {
      log.push(`answer:${i}`);
      answers[i](value);
      await flush();
      await flush();
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

/** A verdict for the fake page's messages: every message at `level`, as the background sends it. */
function verdict(messages, level, used) {
  return {
    level,
    score: 1,
    stage: 'blackmail',
    stages: [],
    escalations: [],
    messages: messages.map((m) => ({ id: m.id, level, context_level: 'none', score: 1, stage: 'blackmail', signals: [], prevention: false })),
    explanations: {},
    ...(used ? { used } : {}),
  };
}

const analyses = (w) => w.sent.filter((m) => m.type === 'vigie:analyze');

test('the page is read and sent with the stored settings while the settings load; nothing is drawn before they arrive', async () => {
  const w = startWorld();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read'], 'read once, at once, before the settings');
  assert.equal(w.observing(), 1, 'the observer watches from the first read, so nothing appended meanwhile is missed');
  const [early] = analyses(w);
  assert.ok(early, 'the early read leaves at once');
  assert.equal(early.stored, true, 'marked for the background\'s stored settings');
  assert.equal(early.site, 'whatsapp', 'with the site, whose pause the background checks');
  assert.equal(early.autoLang, 'fr', 'and what "auto" means in this browser');
  assert.equal(early.options, undefined, 'no options of its own: it has none yet');
  assert.equal(w.sent[0], early, 'the script\'s first message: it wakes the worker itself, no separate wake-up call');
  assert.ok(!w.sent.some((m) => m.type === 'vigie:engine-status'));
  const used = { options: { sensitivity: 'high', minorMode: true }, lang: 'es' };
  await w.answer(w.sent.indexOf(early), verdict(early.messages, 'warning', used));
  assert.ok(!w.log.includes('draw'), 'an answer before the settings is kept, not drawn');
  assert.equal(w.V.timing.firstVerdict, null, 'nor counted as the first verdict');
  await w.settle({ schema: 1, sensitivity: 'high', lang: 'es', minorMode: true });
  assert.ok(w.log.includes('render'), 'drawn once the settings say the site is not paused and the verdicts fit them');
  assert.notEqual(w.V.timing.firstVerdict, null);
  assert.equal(analyses(w).length, 1, 'not asked again');
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read'], 'no second read of the page');
});

test('the first request leaves before the drawing files run; main.js calls draw.js only once an answer is in', async () => {
  const w = startWorld();
  const at = (entry) => w.log.indexOf(entry);
  assert.ok(at('send:vigie:analyze') >= 0, 'sent in the start\'s task');
  assert.ok(at('send:vigie:analyze') < at('run:content/draw.js'), 'before draw.js is compiled and run');
  assert.ok(at('run:content/draw.js') < at('run:content/actions.js'));
  await w.settle({ schema: 1 });
  assert.ok(!w.log.some((x) => x.startsWith('V.draw.')), 'no answer yet: nothing of draw.js used');
  const [early] = analyses(w);
  await w.answer(w.sent.indexOf(early), verdict(early.messages, 'warning', { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' }));
  const first = w.log.findIndex((x) => x.startsWith('V.draw.'));
  assert.ok(first > at('answer:0'), 'draw.js is first used by the answer');
  assert.equal(w.log[first], 'V.draw.renderNow', 'which is drawn at once');
  assert.ok(w.log.includes('render'), 'and its warning drawn');
  assert.deepEqual(w.warnings, [], 'nothing failed on the way');
});

test('the background\'s copy of the settings, with its early answer, starts the script before its own read', async () => {
  const w = startWorld();
  const [early] = analyses(w);
  const stored = { schema: 1, sensitivity: 'high', lang: 'es', minorMode: false };
  await w.answer(w.sent.indexOf(early), { ...verdict(early.messages, 'warning', { options: { sensitivity: 'high', minorMode: false }, lang: 'es' }), settings: stored });
  assert.ok(w.log.includes('render'), 'drawn with the settings the answer carried, the own read still out');
  assert.notEqual(w.V.timing.firstVerdict, null);
  assert.equal(w.V.status().paused, false);
  // The script's own read then comes back the same: nothing more to do.
  await w.settle(stored);
  assert.equal(analyses(w).length, 1);
});

test('started with the background\'s copy, the script\'s own read still decides when it differs', async () => {
  const w = startWorld();
  const [early] = analyses(w);
  await w.answer(w.sent.indexOf(early), { ...verdict(early.messages, 'warning', { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' }), settings: { schema: 1 } });
  await w.settle({ schema: 1, pausedSites: ['whatsapp'] });
  assert.equal(w.V.status().paused, true, 'paused by the own read');
  assert.equal(w.observing(), 0, 'and no longer watched');
});

test('a long thread: its newest messages leave first and are drawn; the whole thread is asked for after, in a task of its own', async () => {
  const w = startWorld('https://web.whatsapp.com/', { messages: 30 });
  const [early] = analyses(w);
  assert.equal(early.messages.length, 20, 'the newest 20 of the 30 read');
  assert.equal(early.messages.at(-1).id, 'k30');
  const used = { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' };
  await w.answer(w.sent.indexOf(early), { ...verdict(early.messages, 'warning', used), settings: { schema: 1 } });
  assert.ok(w.log.includes('render'), 'drawn at once');
  assert.notEqual(w.V.timing.firstVerdict, null);
  assert.equal(analyses(w).length, 1, 'the rest is not sent in the answer\'s task');
  w.tick();
  const [, rest] = analyses(w);
  assert.ok(rest, 'then the whole thread');
  assert.equal(rest.messages.length, 30);
  assert.equal(rest.stored, undefined, 'with the settings the script started with');
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read'], 'without reading the page again');
  await w.answer(w.sent.indexOf(rest), verdict(rest.messages, 'warning'));
  assert.equal(w.V.status().analysed, 30, 'every message has its verdict');
  w.tick();
  assert.equal(analyses(w).length, 2, 'nothing more to ask');
});

test('the background refuses a site its copy of the settings pauses: the script stops at once', async () => {
  const w = startWorld();
  const [early] = analyses(w);
  await w.answer(w.sent.indexOf(early), { paused: true, settings: { schema: 1, pausedSites: ['whatsapp'] } });
  assert.equal(w.observing(), 0);
  assert.ok(!w.log.includes('draw'));
  assert.equal(w.V.analyse.threads.size, 0, 'the early read is forgotten');
});

test('early verdicts that do not fit the settings read are asked for again with them, and not drawn meanwhile', async () => {
  const w = startWorld();
  const [early] = analyses(w);
  await w.answer(w.sent.indexOf(early), verdict(early.messages, 'warning', { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' }));
  await w.settle({ schema: 1, sensitivity: 'high', lang: 'fr' });
  assert.ok(!w.log.includes('render'), 'analysed with other options: not shown');
  const again = analyses(w);
  assert.equal(again.length, 2, 'asked again');
  assert.equal(again[1].stored, undefined);
  assert.deepEqual({ ...again[1].options }, { sensitivity: 'high', minorMode: false }, 'with the settings\' own options');
  assert.equal(again[1].lang, 'fr');
  await w.answer(w.sent.indexOf(again[1]), verdict(again[1].messages, 'warning'));
  assert.ok(w.log.includes('render'), 'the answer that fits is drawn');
});

test('an early request still out when the settings arrive is drawn when it comes back', async () => {
  const w = startWorld();
  const [early] = analyses(w);
  await w.settle({ schema: 1 });
  assert.equal(analyses(w).length, 1, 'the request out is not doubled');
  assert.ok(!w.log.includes('render'));
  await w.answer(w.sent.indexOf(early), verdict(early.messages, 'warning', { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' }));
  assert.ok(w.log.includes('render'));
  assert.notEqual(w.V.timing.firstVerdict, null);
});

test('the background found the site paused, the settings read says it is not (changed in between): asked again', async () => {
  const w = startWorld();
  const [early] = analyses(w);
  await w.answer(w.sent.indexOf(early), { paused: true });
  assert.ok(!w.log.includes('draw'));
  await w.settle({ schema: 1 });
  const again = analyses(w);
  assert.equal(again.length, 2);
  assert.equal(again[1].options.sensitivity, 'normal');
});

test('on a paused site the early read is dropped: the background refuses it, nothing drawn, nothing watched', async () => {
  const w = startWorld();
  w.tick();
  assert.deepEqual(w.log.filter((x) => x.startsWith('read')), ['read']);
  const [early] = analyses(w);
  await w.answer(w.sent.indexOf(early), { paused: true });
  await w.settle({ schema: 1, pausedSites: ['whatsapp'] });
  w.tick();
  assert.deepEqual(analyses(w).map((m) => m.stored), [true], 'only the early request, which the background does not analyse on a paused site');
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
  assert.deepEqual(w.sent.filter((m) => m.type === 'vigie:analyze'), [], 'nothing read, nothing sent');
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
  assert.deepEqual(w.sent.map((m) => m.type), ['vigie:engine-status'], 'nothing to send: the worker is woken up for what comes next');
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
