// Messages older than the newest 200 after a settings change (content/analyse.js analyseOlder,
// main.js askOlder): a thread remembers up to 600 messages but a request carries the newest 200, so
// after the sensitivity, minor mode or language changes, the older ones are asked again in
// windows of their own; until then their warnings stay as they were. Read as behaviour: the real
// observe.js, analyse.js, main.js, draw.js and actions.js on a fake chat page, with a fake worker
// whose verdicts depend on the settings and on which messages a request carries.
// Run: node --test extension/tests/older-windows.test.mjs

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
const RANK = { none: 0, caution: 1, warning: 2, danger: 3 };
const top = (levels) => levels.reduce((a, b) => ((RANK[b] ?? 0) > (RANK[a] ?? 0) ? b : a), 'none');

/**
 * The fake engine. `special[key]` → `(options, lang, ids) => {level, context_level, stage, explain}`
 * for the messages that are not ordinary (`ids`: the keys the request carries, in order); every
 * other message is none. The conversation is at the highest level shown, its stages and
 * escalations those of the messages that have one; `explanations` as the background gives them:
 * `${lang}:${key}` for every explanation key in the verdict.
 */
function fakeEngine(special) {
  return (request, options, lang) => {
    const ids = request.messages.map((m) => m.id);
    const messages = ids.map((id) => {
      const v = special[id]?.(options, lang, ids) ?? {};
      const signals = v.explain ? [{ rule: `r.${id}`, stage: v.stage ?? 'trap', start: 0, end: 7, text: 'Message', explain: v.explain }] : [];
      return { id, level: v.level ?? 'none', context_level: v.context_level ?? 'none', score: 0.5, stage: v.stage ?? null, signals, prevention: false, truncated: false };
    });
    const stages = messages.filter((m) => m.stage).map((m) => ({ stage: m.stage, first_message: m.id }));
    const escalations = messages.filter((m) => m.context_level === 'danger').map((m) => ({ kind: 'threat_then_payment', message: m.id, explain: 'esc' }));
    const explanations = {};
    for (const m of messages) for (const s of m.signals) explanations[s.explain] = `${lang}:${s.explain}`;
    if (escalations.length) explanations.esc = `${lang}:esc`;
    const level = top(messages.map((m) => top([m.level, m.context_level])));
    return { level, score: 0.5, stage: stages.at(-1)?.stage ?? null, stages, escalations, messages, explanations };
  };
}

/**
 * The content script on a fake WhatsApp page of messages k1…kN ("Message N", from Julie). The
 * worker (`engine`, see fakeEngine) answers when the test settles the world (`settle()`), or one
 * request at a time (`answerNext()`); `queue` holds the requests not answered yet, `sent` every
 * request. `drawn(key)` → the models of the warnings drawn for it; `shownLevel(key)` → the level
 * its warning shows now ('none' when it has none on the page). `change(patch)` is a settings
 * change as storage.onChanged delivers it.
 */
function chatWorld(count, engine, { settings: initial = {} } = {}) {
  const timers = [];
  const sent = [];
  const queue = [];
  const drawn = new Map();
  const listeners = [];
  const adapter = { id: 'whatsapp', kind: 'chat', name: 'WhatsApp Web', overlay: { position: 'after' } };
  const container = { isConnected: true, contains: () => true, before: (node) => node.attach() };
  const page = {};
  let total = count;
  const els = [];
  const elOf = (i) => (els[i] ??= { isConnected: true, nextSibling: null, after: (node) => node.attach(), key: `k${i + 1}` });
  let settings = { schema: 1, sensitivity: 'normal', lang: 'fr', minorMode: false, ...initial };
  const resolved = () => ({ options: { sensitivity: settings.sensitivity, minorMode: settings.minorMode }, lang: settings.lang });
  const ctx = vm.createContext({
    console,
    chrome: {
      runtime: {
        id: 'test',
        sendMessage: (message) => {
          sent.push(message);
          return new Promise((resolve) => queue.push({ message, resolve }));
        },
        onMessage: { addListener() {}, removeListener() {} },
      },
      storage: {
        local: { get: async () => ({ settings }), set: async () => {} },
        onChanged: { addListener: (fn) => listeners.push(fn), removeListener() {} },
      },
    },
    ...chatPageGlobals({ page, timers }),
  });
  vm.runInContext(contentShared(), ctx);
  vm.runInContext(contentLocales(), ctx);
  const V = ctx.Vigie;
  V.data = { sites: [adapter], advice: { fr: { first_steps: [], stage_labels: {} }, en: { first_steps: [], stage_labels: {} } }, platforms: {} };
  V.extract = whatsappRead(adapter, () => {
    const list = Array.from({ length: total }, (_, i) => ({ key: `k${i + 1}`, el: elOf(i), text: `Message ${i + 1}`, direction: 'in', sender: 'Julie' }));
    return { container, thread: 'whatsapp:Julie', title: 'Julie', messages: list };
  });
  for (const f of ['content/observe.js', 'content/analyse.js']) vm.runInContext(src(f), ctx, { filename: f });
  V.overlay = {
    host: () => {
      const attrs = new Map();
      const host = {
        isConnected: false,
        parentElement: 'the host\'s parent',
        attach() {
          host.isConnected = true;
        },
        remove() {
          host.isConnected = false;
        },
        getAttribute: (k) => attrs.get(k) ?? null,
        setAttribute: (k, v) => attrs.set(k, v),
      };
      return host;
    },
    renderWarning: (host, model) => {
      host.setAttribute('data-vigie-level', model.level);
      const key = `k${/\d+/.exec(model.text)[0]}`;
      if (!drawn.has(key)) drawn.set(key, []);
      drawn.get(key).push(model);
    },
    renderBanner() {},
    renderDismissed: () => ({ focus() {} }),
    announce() {},
    removeLive() {},
    isDark: () => false,
  };
  for (const f of ['content/main.js', 'content/draw.js', 'content/actions.js']) vm.runInContext(src(f), ctx, { filename: f });
  const tick = () => {
    while (timers.length) timers.shift()();
  };
  const answer = ({ message, resolve }) => {
    const used = message.stored ? resolved() : { options: message.options, lang: message.lang };
    const verdict = engine(message, used.options, used.lang);
    resolve(message.stored ? { ...verdict, used, settings } : verdict);
  };
  const world = {
    V,
    sent,
    queue,
    tick,
    /** The models drawn for `key`, as plain objects (they come from the script's realm). */
    drawn: (key) => JSON.parse(JSON.stringify(drawn.get(key) ?? [])),
    shownLevel(key) {
      const entry = V.state.hosts.get(key);
      return entry?.host.isConnected ? entry.host.getAttribute('data-vigie-level') : 'none';
    },
    bannerShown: () => Boolean(V.state.banner?.isConnected),
    /** Runs timers and answers every request, until nothing is left to do. */
    async settle() {
      for (let quiet = 0; quiet < 3;) {
        await flush();
        if (queue.length) answer(queue.shift());
        else if (timers.length) tick();
        else {
          quiet++;
          continue;
        }
        quiet = 0;
      }
    },
    /** Runs timers (not answering) until a request waits, then answers the oldest one. */
    async answerNext() {
      for (let i = 0; i < 50 && !queue.length; i++) {
        await flush();
        tick();
      }
      assert.ok(queue.length, 'a request waits');
      answer(queue.shift());
      for (let i = 0; i < 4; i++) await flush();
    },
    /** Runs timers and microtasks without answering anything. */
    async idle() {
      for (let i = 0; i < 10; i++) {
        await flush();
        tick();
      }
    },
    change(patch) {
      settings = { ...settings, ...patch };
      for (const fn of listeners) fn({ settings: { newValue: settings } }, 'local');
    },
    append(n = 1) {
      total += n;
      page.deliver([{ type: 'childList', target: {}, addedNodes: [{ nodeName: 'DIV' }], removedNodes: [] }]);
    },
  };
  return world;
}

const olderRequests = (sent) => sent.filter((m) => m.thread.endsWith('#older'));
const liveRequests = (sent) => sent.filter((m) => !m.thread.endsWith('#older'));

/** k150 of 450, 300 messages back: a warning at normal sensitivity, nothing at low. */
const falseAlarm = {
  k150: (options) => (options.sensitivity === 'low' ? {} : { level: 'warning', stage: 'trap', explain: 'x150' }),
  k449: () => ({ level: 'caution', stage: 'contact', explain: 'x449' }),
};

/** 250 messages, then 200 more: k150 was answered (a warning) while it was among the newest 200. */
async function longChat() {
  const w = chatWorld(250, fakeEngine(falseAlarm));
  await w.settle();
  assert.equal(w.shownLevel('k150'), 'warning');
  w.append(200);
  await w.settle();
  assert.equal(w.shownLevel('k150'), 'warning');
  assert.equal(w.shownLevel('k449'), 'caution');
  return w;
}

test('a false alarm 300 messages back: after the sensitivity is lowered it is asked again and its warning goes', async () => {
  const w = await longChat();
  const before = w.sent.length;

  w.change({ sensitivity: 'low' });
  // The newest window first; until the older windows are answered, k150's warning stays.
  await w.answerNext();
  assert.equal(w.sent[before].thread, 'whatsapp:Julie');
  assert.equal(w.sent[before].options.sensitivity, 'low');
  assert.equal(w.sent[before].messages.length, 200);
  assert.equal(w.shownLevel('k150'), 'warning', 'no flicker: kept until its own new verdict comes');
  await w.settle();
  const older = olderRequests(w.sent.slice(before));
  assert.ok(older.length > 0 && older.every((m) => m.options.sensitivity === 'low' && m.lang === 'fr' && m.messages.length === 200));
  assert.ok(older.some((m) => m.messages.some((x) => x.id === 'k150')), 'k150 re-asked');
  assert.equal(w.V.state.thread.basis.get('k150').requestKey, 'low|false|fr');
  assert.equal(w.shownLevel('k150'), 'none', 'its warning is removed under the new settings');
  assert.equal(w.shownLevel('k449'), 'caution');
  // 450 messages: the newest window, then the older 250 in windows stepping back 100 at a time from the one ending where it starts.
  assert.deepEqual(older.map((m) => m.messages[0].id), ['k51', 'k1']);

  // Nothing stale now: a new message costs one request, as before.
  const settled = w.sent.length;
  w.append();
  await w.settle();
  assert.equal(w.sent.length, settled + 1);
  assert.equal(olderRequests(w.sent.slice(settled)).length, 0);
});

test('after a language change the older messages\' warnings carry the new language\'s reasons', async () => {
  const w = await longChat();
  assert.deepEqual(w.drawn('k150').at(-1).reasons, ['fr:x150']);
  w.change({ lang: 'en' });
  await w.settle();
  const last = w.drawn('k150').at(-1);
  assert.equal(last.lang, 'en');
  assert.deepEqual(last.reasons, ['en:x150'], 'the old message\'s explanation in the new language');
  assert.equal(w.V.state.thread.basis.get('k150').requestKey, 'normal|false|en');
  assert.deepEqual(w.drawn('k449').at(-1).reasons, ['en:x449']);
});

/**
 * A threat at k100 and a payment demand at k101: the demand is danger in context when a request
 * carries the threat too (warning alone; at low sensitivity, caution alone and warning in context).
 */
const threat = {
  k100: (options) => ({ level: options.sensitivity === 'low' ? 'warning' : 'danger', stage: 'blackmail', explain: 'threat' }),
  k101: (options, lang, ids) => {
    const low = options.sensitivity === 'low';
    const context = ids.includes('k100') ? (low ? 'warning' : 'danger') : 'none';
    return { level: low ? 'caution' : 'warning', context_level: context, stage: 'payment', explain: 'pay' };
  },
};

test('a threat older than 200 messages: its held levels, stages and banner survive a settings change and the change back', async () => {
  const w = chatWorld(101, fakeEngine(threat));
  await w.settle();
  assert.equal(w.shownLevel('k101'), 'danger');
  assert.ok(w.bannerShown());
  // The chat goes on: 349 ordinary messages, the threat and the demand leave the newest window.
  w.append(349);
  await w.settle();
  const t = w.V.state.thread;
  assert.equal(w.shownLevel('k101'), 'danger', 'held');
  assert.equal(t.conversation.level, 'danger');
  assert.ok(w.bannerShown());

  w.change({ sensitivity: 'low' });
  await w.answerNext(); // the newest window, where nothing is wrong
  assert.equal(t.conversation.level, 'none', 'the newest window alone');
  assert.ok(w.bannerShown(), 'the banner stays while the older windows are read');
  assert.equal(w.shownLevel('k101'), 'danger', 'the old warning stays until its new verdict');
  await w.settle();
  assert.equal(w.shownLevel('k101'), 'warning', 'the demand under the new settings, in context');
  assert.equal(w.shownLevel('k100'), 'warning');
  assert.ok(!w.bannerShown(), 'no danger under the new settings: the banner goes');
  assert.deepEqual([...t.conversation.stages].map((s) => `${s.stage}@${s.first_message}`).sort(), ['blackmail@k100', 'payment@k101']);

  w.change({ sensitivity: 'normal' });
  await w.settle();
  assert.equal(w.shownLevel('k100'), 'danger');
  assert.equal(w.shownLevel('k101'), 'danger', 'the demand\'s context level is back');
  assert.equal(t.conversation.level, 'danger', 'the conversation verdict reached in an older window');
  assert.deepEqual([...t.conversation.stages].map((s) => `${s.stage}@${s.first_message}`).sort(), ['blackmail@k100', 'payment@k101']);
  assert.deepEqual([...t.conversation.escalations].map((e) => e.message), ['k101']);
  assert.ok(w.bannerShown(), 'the banner is back');
  assert.ok(w.drawn('k101').at(-1).reasons.includes('fr:esc'), 'the escalation\'s reason on the demand');

  // Later answers under the same settings keep it all (holdConversation).
  w.append();
  await w.settle();
  assert.equal(t.conversation.level, 'danger');
  assert.ok(w.bannerShown());
});

test('the live thread comes first: a new message\'s request leaves while an older window is out, and the pass waits for its answer', async () => {
  const w = await longChat();
  w.change({ sensitivity: 'low' });
  await w.answerNext(); // the newest window
  await w.idle();
  assert.equal(w.queue.length, 1);
  assert.ok(w.queue[0].message.thread.endsWith('#older'), 'the first older window is out');
  w.append();
  await w.idle();
  assert.equal(w.queue.length, 2, 'the new message\'s request did not wait behind it');
  assert.equal(w.queue[1].message.thread, 'whatsapp:Julie');
  await w.answerNext(); // the older window
  await w.idle();
  assert.equal(w.queue.length, 1, 'no next older window while the live request is out');
  await w.answerNext(); // the live one
  await w.settle();
  assert.equal(w.shownLevel('k150'), 'none');
  assert.ok([...w.V.state.thread.basis.values()].every((b) => b.requestKey === 'low|false|fr'), 'every remembered message answered under the new settings');
});

test('a newer settings change drops an older window answered under the old settings', async () => {
  const w = await longChat();
  w.change({ sensitivity: 'low' });
  await w.answerNext(); // the newest window
  await w.idle();
  assert.ok(w.queue[0].message.thread.endsWith('#older'));
  const oldWindow = w.queue[0].message;
  w.change({ sensitivity: 'normal' }); // back before the older windows were read
  await w.answerNext(); // the window asked under 'low': dropped
  const t = w.V.state.thread;
  for (const m of oldWindow.messages) assert.equal(t.basis.get(m.id).requestKey, 'normal|false|fr', m.id);
  await w.settle();
  assert.equal(w.shownLevel('k150'), 'warning');
  assert.ok([...t.basis.values()].every((b) => b.requestKey === 'normal|false|fr'));
  const last = w.sent.slice(w.sent.indexOf(oldWindow) + 1);
  assert.ok(last.every((m) => m.options.sensitivity === 'normal'));
});

test('a page that shows more than 200 messages at start: the first request is unchanged, the older ones are asked once the newest are answered', async () => {
  const w = chatWorld(450, fakeEngine(falseAlarm));
  await w.idle();
  assert.equal(w.sent.length, 1);
  assert.equal(w.sent[0].messages.length, 20, 'the first request: the newest 20, with the stored settings');
  assert.equal(w.sent[0].stored, true);
  await w.answerNext();
  await w.answerNext();
  assert.equal(w.sent[1].messages.length, 200, 'then the newest 200');
  assert.equal(olderRequests(w.sent).length, 0, 'nothing older before the newest 200 are answered');
  await w.settle();
  assert.deepEqual(olderRequests(w.sent).map((m) => m.messages[0].id), ['k51', 'k1']);
  assert.equal(w.shownLevel('k150'), 'warning', 'a message older than the newest 200 gets its warning');
});

test('fewer than 200 older messages: their window runs into the newest one, whose messages keep the live answer\'s verdicts', async () => {
  // k60 (in the newest window of 250) is danger in context when a request carries k1.
  const w = chatWorld(250, fakeEngine({ k60: (options, lang, ids) => ({ level: 'caution', context_level: ids.includes('k1') ? 'danger' : 'none', explain: 'x60' }) }));
  await w.settle();
  w.change({ sensitivity: 'high' });
  await w.settle();
  const older = olderRequests(w.sent);
  assert.deepEqual(older.map((m) => [m.messages[0].id, m.messages.length]), [['k1', 200], ['k1', 200]], 'at start, then after the change');
  assert.equal(w.V.state.thread.verdicts.get('k60').context_level, 'none', 'the live answer\'s verdict, not raised by the older window');
  assert.ok(w.drawn('k60').every((m) => m.level === 'caution'), 'never drawn at danger');
  assert.equal(w.shownLevel('k60'), 'caution');
});

test('a thread of 200 messages or fewer asks nothing more after a settings change', async () => {
  const w = chatWorld(200, fakeEngine({ k10: () => ({ level: 'warning', explain: 'x' }) }));
  await w.settle();
  const before = w.sent.length;
  w.change({ sensitivity: 'high' });
  await w.settle();
  assert.equal(w.sent.length, before + 1);
  assert.equal(olderRequests(w.sent).length, 0);
  assert.equal(liveRequests(w.sent).at(-1).messages.length, 200);
});
