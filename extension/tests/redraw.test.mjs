// A warning drawn again when its verdict changes, read as behaviour of draw.js: a warning is
// announced to screen readers when it first shows at warning or danger, and once more when its
// level rises above the one announced (in a burst, most redraws are a level that changed with the
// conversation); a fall, or a rise back to a level already announced, is not announced. What the
// overlay does with a redraw (an update in place) is in overlay.test.mjs. No timing is asserted.
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { contentShared, contentLocales } from '../build.mjs';
import { chatPageGlobals, whatsappRead } from './support/fake-page.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = (rel) => fs.readFileSync(path.join(EXT, rel), 'utf8');
const flush = () => new Promise((r) => setTimeout(r, 0));

/**
 * The real observe.js, analyse.js, main.js, draw.js and actions.js on a fake chat page of `messages` messages from
 * Julie: timers run when the test says (`tick()`), the background answers when it says
 * (`answer(levels)`: the last request, each message at the level given by its key, the others at
 * none), the overlay is a stub that records the warnings it is asked to draw (`drawn`: key → the
 * levels drawn, in order) and what is announced (`announced`).
 */
function chatWorld(messages = 1) {
  const timers = [];
  const sent = [];
  const answers = [];
  const announced = [];
  const drawn = new Map();
  const darkReads = []; // where the overlay's isDark was asked
  const adapter = { id: 'whatsapp', kind: 'chat', name: 'WhatsApp Web', overlay: { position: 'after' } };
  const container = { isConnected: true, contains: () => true, before() {} };
  const page = {}; // page.deliver(records): the MutationObserver's callback
  let count = messages;
  const els = [];
  const edits = new Map(); // key → the text the page now shows for it
  const elOf = (i) => (els[i] ??= { isConnected: true, nextSibling: null, after() {}, key: `k${i + 1}` });
  const settings = { schema: 1, sensitivity: 'normal', lang: 'fr' };
  const ctx = vm.createContext({
    console,
    chrome: {
      runtime: {
        id: 'test',
        sendMessage: (message) => {
          sent.push(message);
          return new Promise((resolve) => answers.push(resolve));
        },
        onMessage: { addListener() {}, removeListener() {} },
      },
      storage: {
        local: { get: async () => ({ settings }), set: async () => {} },
        onChanged: { addListener() {}, removeListener() {} },
      },
    },
    ...chatPageGlobals({ page, timers }),
  });
  // As in the page: the shared modules first, the UI strings in a file of their own (build.mjs).
  vm.runInContext(contentShared(), ctx);
  vm.runInContext(contentLocales(), ctx);
  const V = ctx.Vigie;
  V.data = { sites: [adapter], advice: { fr: { first_steps: [], stage_labels: { trap: 'Piège', blackmail: 'Chantage' } } }, platforms: {} };
  V.extract = whatsappRead(adapter, () => {
    const list = Array.from({ length: count }, (_, i) => ({ key: `k${i + 1}`, el: elOf(i), text: edits.get(`k${i + 1}`) ?? `Message ${i + 1}`, direction: 'in', sender: 'Julie' }));
    return { container, thread: 'whatsapp:Julie', title: 'Julie', messages: list };
  });
  for (const f of ['content/observe.js', 'content/analyse.js']) vm.runInContext(src(f), ctx, { filename: f });
  V.overlay = {
    host: () => {
      const attrs = new Map();
      return { isConnected: true, parentElement: 'the host\'s parent', getAttribute: (k) => attrs.get(k) ?? null, setAttribute: (k, v) => attrs.set(k, v), remove() {} };
    },
    renderWarning: (host, model, on) => {
      host.setAttribute('data-vigie-level', model.level);
      const key = `k${/\d+/.exec(model.text)[0]}`; // the fake page's text of message kN is "Message N"
      if (!drawn.has(key)) drawn.set(key, { host, levels: [], models: [] });
      assert.equal(drawn.get(key).host, host, 'a message keeps its host');
      drawn.get(key).levels.push(model.level);
      drawn.get(key).models.push(model);
      drawn.get(key).on = on;
    },
    renderBanner() {},
    renderDismissed: () => ({ focus() {} }),
    announce: (text) => announced.push(text),
    removeLive() {},
    isDark: (at) => {
      darkReads.push(at === container ? 'the chat\'s container' : at);
      return false;
    },
  };
  for (const f of ['content/main.js', 'content/draw.js', 'content/actions.js']) vm.runInContext(src(f), ctx, { filename: f });
  const tick = () => {
    while (timers.length) timers.shift()();
  };
  return {
    announced,
    darkReads,
    on: (key) => drawn.get(key)?.on,
    levels: (key) => drawn.get(key)?.levels ?? [],
    models: (key) => drawn.get(key)?.models ?? [],
    tick,
    /** The page shows `text` for message `key` from its next read on. */
    edit(key, text) {
      edits.set(key, text);
    },
    /** The page appends a message; its batch is read and sent. */
    append() {
      count++;
      page.deliver([{ type: 'childList', target: {}, addedNodes: [{ nodeName: 'DIV' }], removedNodes: [] }]);
      tick();
    },
    /**
     * The background answers the last request, the conversation itself at `conversation` (its
     * stage `stage`); `levels`: key → a level, or {level, stage, signals} for that message.
     */
    async answer(levels, conversation = 'warning', stage = 'trap') {
      const request = sent.at(-1);
      const used = { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' };
      const message = (id) => (typeof levels[id] === 'object' ? levels[id] : { level: levels[id] ?? 'none' });
      answers.at(-1)({
        level: conversation, score: 1, stage, stages: [], escalations: [], explanations: {}, used,
        messages: request.messages.map((m) => ({ id: m.id, context_level: 'none', score: 1, stage: 'trap', signals: [], prevention: false, ...message(m.id) })),
      });
      for (let i = 0; i < 4; i++) await flush();
      tick(); // the passes left for after the next frame
    },
  };
}

test('a warning is announced when drawn, and once more when its level rises above the one announced', async () => {
  const w = chatWorld(1);
  w.tick(); // the first read
  await flush();
  await w.answer({ k1: 'warning' });
  assert.deepEqual(w.levels('k1'), ['warning']);
  assert.equal(w.announced.length, 1);
  assert.match(w.announced[0], /^Vigie : Attention sur un message/, 'a new warning');

  w.append();
  await w.answer({ k1: 'danger' });
  assert.deepEqual(w.levels('k1'), ['warning', 'danger'], 'redrawn at its new level');
  assert.equal(w.announced.length, 2, 'the rise is announced');
  assert.match(w.announced[1], /passe au niveau Danger/, 'as a rise, not as a new message');

  w.append();
  await w.answer({ k1: 'danger' });
  assert.deepEqual(w.levels('k1'), ['warning', 'danger'], 'the same verdict: not redrawn');
  assert.equal(w.announced.length, 2, 'nor announced again');

  w.append();
  await w.answer({ k1: 'warning' });
  assert.deepEqual(w.levels('k1'), ['warning', 'danger', 'warning']);
  assert.equal(w.announced.length, 2, 'a fall is not announced');

  w.append();
  await w.answer({ k1: 'danger' });
  assert.deepEqual(w.levels('k1'), ['warning', 'danger', 'warning', 'danger']);
  assert.equal(w.announced.length, 2, 'back to a level already announced: not again');
});

test('a caution is not announced; when it rises to warning it is, as a new warning; new warnings and rises in one pass make one announcement', async () => {
  const w = chatWorld(2);
  w.tick();
  await flush();
  await w.answer({ k1: 'caution', k2: 'warning' });
  assert.equal(w.announced.length, 1);
  assert.match(w.announced[0], /^Vigie : Attention sur un message/);

  w.append();
  await w.answer({ k1: 'warning', k2: 'warning' });
  assert.deepEqual(w.levels('k1'), ['caution', 'warning']);
  assert.equal(w.announced.length, 2);
  assert.match(w.announced[1], /^Vigie : Attention sur un message/, 'never announced before: announced as a warning');

  w.append();
  await w.answer({ k1: 'danger', k2: 'warning', k4: 'warning' });
  assert.deepEqual(w.levels('k1'), ['caution', 'warning', 'danger']);
  assert.deepEqual(w.levels('k4'), ['warning'], 'the new message drawn');
  assert.equal(w.announced.length, 3, 'one announcement for the pass');
  assert.match(w.announced[2], /^Vigie : Danger sur un message/, 'with the worst level, as news');
});

test('the banner and the "hidden — undo" line take the chat\'s darkness the warnings were drawn with, without reading the page\'s style', async () => {
  const w = chatWorld(1);
  w.tick();
  await flush();
  w.darkReads.length = 0;
  await w.answer({ k1: 'danger' }, 'danger'); // a danger conversation: its banner is drawn too
  assert.deepEqual(w.levels('k1'), ['danger']);
  assert.ok(!w.darkReads.includes('the chat\'s container'), 'the banner asked for none');
  w.darkReads.length = 0;
  w.on('k1').dismiss('message');
  assert.deepEqual(w.darkReads, [], 'nor the "hidden — undo" line');
});

test('a warning is drawn again when what it shows changed, not for the signals\' fields it does not show', async () => {
  const w = chatWorld(1);
  w.tick();
  await flush();
  const signal = { rule: 'fr.trap.a', stage: 'trap', start: 0, end: 7, text: 'Message', explain: 'x' };
  await w.answer({ k1: { level: 'warning', stage: 'trap', signals: [signal] } });
  assert.equal(w.models('k1').length, 1);

  w.append();
  await w.answer({ k1: { level: 'warning', stage: 'trap', signals: [{ ...signal, rule: 'fr.trap.b', text: 'Messag' }] } });
  assert.equal(w.models('k1').length, 1, 'another rule, the same phrase marked: nothing the card shows changed');

  w.append();
  await w.answer({ k1: { level: 'warning', stage: 'trap', signals: [{ ...signal, start: 2 }] } });
  assert.equal(w.models('k1').length, 2, 'the marked phrase moved: drawn again');
  assert.equal(w.models('k1')[1].signals[0].start, 2);

  // A message without a stage of its own shows the conversation's: drawn again when that changes.
  w.append();
  await w.answer({ k1: { level: 'warning', stage: null, signals: [{ ...signal, start: 2 }] } }, 'warning', 'trap');
  assert.equal(w.models('k1').at(-1).stageLabel, 'Piège');
  w.append();
  await w.answer({ k1: { level: 'warning', stage: null, signals: [{ ...signal, start: 2 }] } }, 'warning', 'blackmail');
  assert.equal(w.models('k1').at(-1).stageLabel, 'Chantage', 'the conversation\'s new stage shown');

  // The message edited, the same span marked: the quote shows the new text.
  const drawnBefore = w.models('k1').length;
  w.edit('k1', 'Message 1, modifié');
  w.append();
  await w.answer({ k1: { level: 'warning', stage: null, signals: [{ ...signal, start: 2 }] } }, 'warning', 'blackmail');
  assert.equal(w.models('k1').length, drawnBefore + 1);
  assert.equal(w.models('k1').at(-1).text, 'Message 1, modifié');
});
