// The content script and the background, read as code: the shared modules work as classic
// scripts, the thread state keeps conversation order across virtualised lists, and the code never
// talks to the network or parses page text as HTML.
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { contentShared, contentLocales, contentScripts } from '../build.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = (rel) => fs.readFileSync(path.join(EXT, rel), 'utf8');

/** A content-script world in node: the generated shared script and UI strings, then the given content files. */
function world(files = [], sendMessage = async () => ({})) {
  const ctx = vm.createContext({ console, navigator: { languages: ['fr-FR'] }, chrome: { runtime: { id: 'test', sendMessage } } });
  vm.runInContext(contentShared(), ctx);
  vm.runInContext(contentLocales(), ctx);
  for (const f of files) vm.runInContext(src(f), ctx, { filename: f });
  return ctx;
}

test('shared modules run as a classic content script, with one namespace', () => {
  const ctx = world();
  const V = ctx.Vigie;
  assert.deepEqual(Object.keys(V.shared).sort(), ['browser', 'i18n', 'invisible', 'langs', 'locales.generated', 'protocol', 'settings', 'windows']);
  assert.equal(V.shared.settings.normalizeSettings({ lang: 'en' }).settings.lang, 'en');
  assert.equal(V.shared.i18n.t('fr', 'action_advice'), 'Que faire ?');
  assert.equal(V.shared.i18n.t('en', 'dismiss_contact', { sender: 'Ana' }), 'All warnings for Ana');
  assert.equal(V.shared.i18n.resolveLang('auto'), 'fr');
  assert.equal(V.shared.i18n.t('es', 'action_advice'), '¿Qué hacer?');
  assert.equal(V.shared.i18n.resolveLang('auto', ['es-MX', 'en-US']), 'es', 'a Spanish browser gets Spanish');
  assert.equal(V.shared.i18n.resolveLang('auto', ['de-DE', 'es-ES']), 'es', 'the first UI language among the browser\'s');
  assert.equal(V.shared.i18n.resolveLang('auto', ['de-DE']), 'en');
  assert.equal(V.shared.settings.normalizeSettings({ lang: 'es' }).settings.lang, 'es');
  assert.equal(V.shared.i18n.dateLocale('es'), 'es-ES');
  assert.equal(V.shared.browser.api.runtime.id, 'test');
  const globals = Object.keys(ctx).filter((k) => !['console', 'navigator', 'chrome'].includes(k));
  assert.deepEqual(globals, ['Vigie'], 'nothing else leaks into the content-script world');
});

test("the content script's start is read by its first statement, before the shared modules run", () => {
  // The start-up budget counts from there (main.js Vigie.timing.started): main.js runs last.
  let reads = 0;
  const performance = { now: () => ++reads };
  const ctx = vm.createContext({ console, performance, navigator: { languages: ['fr-FR'] }, chrome: { runtime: { id: 'test' } } });
  vm.runInContext(contentShared(), ctx);
  assert.equal(ctx.Vigie.loadStarted, 1, 'the first clock reading is the start');
  assert.equal(reads, 1);
  const without = vm.createContext({ console, navigator: { languages: ['fr-FR'] }, chrome: { runtime: { id: 'test' } } });
  vm.runInContext(contentShared(), without);
  assert.equal(without.Vigie.loadStarted, null, 'no clock: no start, main.js uses its own');
});

test('the UI strings are compiled after main.js, and t() reads them once they ran', () => {
  // Only drawing needs them: the first request (main.js's start) leaves before they are compiled.
  const files = contentScripts('content/data-x.generated.js');
  assert.ok(files.indexOf('content/locales.generated.js') > files.indexOf('content/main.js'));
  assert.ok(!contentShared().includes(JSON.stringify('Que faire ?')), 'no string table in the first file');
  const ctx = vm.createContext({ console, navigator: { languages: ['fr-FR'] }, chrome: { runtime: { id: 'test' } } });
  vm.runInContext(contentShared(), ctx);
  const { t } = ctx.Vigie.shared.i18n;
  assert.equal(t('fr', 'action_advice'), 'action_advice', 'before the strings: the key, no exception');
  vm.runInContext(contentLocales(), ctx);
  assert.equal(t('fr', 'action_advice'), 'Que faire ?');
  assert.equal(t('es', 'action_advice'), '¿Qué hacer?');
});

test('a thread keeps conversation order when the list virtualises and loads history', () => {
  const V = world(['content/analyse.js']).Vigie;
  const t = V.analyse.thread('site:t');
  const m = (k, text = k) => ({ key: k, text, direction: 'in', sender: 'A', time: null });
  assert.equal(t.merge([m('a'), m('b'), m('c')]), 3);
  assert.equal(t.merge([m('a'), m('b'), m('c')]), 0, 'a re-render is nothing new');
  assert.equal(t.pending, true);
  t.pending = false;
  assert.equal(t.merge([m('c'), m('d')]), 1, 'a and b scrolled away, d arrived');
  assert.deepEqual([...t.order], ['a', 'b', 'c', 'd']);
  assert.equal(t.merge([m('z'), m('a'), m('b')]), 1, 'history loaded above');
  assert.deepEqual([...t.order], ['z', 'a', 'b', 'c', 'd']);
  const payload = t.payload({ options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' });
  assert.equal(payload.lang, 'fr');
  assert.equal(payload.options.sensitivity, 'normal');
  assert.equal(payload.type, 'vigie:analyze');
  assert.deepEqual([...payload.messages.map((x) => x.id)], ['z', 'a', 'b', 'c', 'd']);
  assert.equal(t.merge([m('d', 'edited text')]), 1, 'an edited message is new text to read');
});

test('requests carry at most the newest 200 messages of a thread', () => {
  const V = world(['content/analyse.js']).Vigie;
  const t = V.analyse.thread('site:long');
  t.merge(Array.from({ length: 450 }, (_, i) => ({ key: `k${i}`, text: `m${i}`, direction: 'in' })));
  const p = t.payload({ options: {}, lang: 'en' });
  assert.equal(p.messages.length, 200);
  assert.equal(p.messages.at(-1).id, 'k449');
});

test('a long thread\'s first request carries its newest 20 messages, own levels only until the whole thread is answered', async () => {
  const sent = [];
  const answers = [];
  const V = world(['content/analyse.js'], (message) => new Promise((resolve) => {
    sent.push(message);
    answers.push(() => resolve({
      level: 'danger',
      stage: 'blackmail',
      escalations: [{ kind: 'fast_trap', message: message.messages.at(-1).id, explain: 'escalation_fast_trap' }],
      messages: message.messages.map((m) => ({ id: m.id, level: 'caution', context_level: 'danger' })),
      explanations: {},
    }));
  })).Vigie;
  const settings = { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' };
  const t = V.analyse.thread('site:history');
  t.merge(Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, text: `m${i}`, direction: 'in' })));
  const first = V.analyse.analyse(t, () => settings);
  assert.deepEqual([...sent[0].messages.map((m) => m.id)], Array.from({ length: 20 }, (_, i) => `k${40 + i}`), 'the newest 20, in order');
  answers.shift()();
  assert.equal(await first, true);
  assert.equal(t.rest, true, 'the older 40 are still to ask');
  assert.equal(t.verdicts.size, 20);
  assert.equal(V.analyse.shownLevel(t.verdicts.get('k59')), 'caution', 'a cut history\'s context is not counted');
  assert.equal(t.conversation, null, 'nor its conversation verdict (no banner, no escalation reasons)');
  assert.equal(t.analysedWith, V.analyse.requestKey(settings.options, 'fr'), 'those verdicts are drawn');
  t.pending = true; // main.js askRest
  const rest = V.analyse.analyse(t, () => settings);
  assert.equal(sent[1].messages.length, 60, 'then the whole thread');
  answers.shift()();
  assert.equal(await rest, true);
  assert.equal(t.rest, false);
  assert.equal(t.verdicts.size, 60);
  assert.equal(V.analyse.shownLevel(t.verdicts.get('k59')), 'danger', 'with its context');
  assert.equal(t.conversation.level, 'danger');
  t.merge([{ key: 'k60', text: 'm60', direction: 'in' }]);
  V.analyse.analyse(t, () => settings);
  assert.equal(sent[2].messages.length, 61, 'every later request carries the whole thread');

  const short = V.analyse.thread('site:short');
  short.merge(Array.from({ length: 20 }, (_, i) => ({ key: `s${i}`, text: `s${i}`, direction: 'in' })));
  const one = V.analyse.analyse(short, () => settings);
  assert.equal(sent[3].messages.length, 20);
  answers.pop()();
  assert.equal(await one, true);
  assert.equal(short.rest, false, 'a thread that fits in the first request is answered whole at once');
  assert.equal(V.analyse.shownLevel(short.verdicts.get('s19')), 'danger');
});

test('a settings change while a request is out: the request after it carries the new settings, never the old ones', async () => {
  const sent = [];
  const answers = [];
  const V = world(['content/analyse.js'], (message) => new Promise((resolve) => {
    sent.push(message);
    // The verdict says which options it was computed with, so the test can see which one is kept.
    answers.push(() => resolve({ messages: message.messages.map((m) => ({ id: m.id, level: message.options.sensitivity })), level: 'none', explanations: { k: `${message.lang}:${message.options.sensitivity}` } }));
  })).Vigie;
  const settings = { options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' };
  const current = () => settings;
  const t = V.analyse.thread('site:race');
  t.merge([{ key: 'a', text: 'a', direction: 'in' }]);
  const first = V.analyse.analyse(t, current);
  // A batch asked for analysis with the old settings and waits behind the request in flight…
  t.merge([{ key: 'b', text: 'b', direction: 'in' }]);
  const waiting = V.analyse.analyse(t, current);
  // …then the user changes the sensitivity and the language.
  settings.options = { sensitivity: 'low', minorMode: false };
  settings.lang = 'en';
  V.analyse.invalidate();
  const afterChange = V.analyse.analyse(t, current);
  answers.shift()();
  assert.equal(await first, true);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(sent.length, 2, 'one request follows the one in flight');
  assert.equal(sent[1].options.sensitivity, 'low', 'the waiting request left with the old settings');
  assert.equal(sent[1].lang, 'en');
  answers.shift()();
  const results = [await waiting, await afterChange];
  assert.deepEqual(results.filter((r) => r === true).length, 1);
  assert.equal(t.verdicts.get('a').level, 'low');
  assert.equal(t.verdicts.get('b').level, 'low');
  assert.equal(t.pending, false);
  assert.deepEqual(JSON.parse(JSON.stringify(t.explanations)), { fr: { k: 'fr:normal' }, en: { k: 'en:low' } }, 'explanations are kept per language');
  assert.equal(t.analysedWith, V.analyse.requestKey(settings.options, 'en'));
});

test('verdicts that come back after the settings changed are shown meanwhile, and the thread is asked again', async () => {
  const answers = [];
  const V = world(['content/analyse.js'], (message) => new Promise((resolve) => {
    answers.push(() => resolve({ messages: message.messages.map((m) => ({ id: m.id, level: message.options.sensitivity })), level: 'none' }));
  })).Vigie;
  const settings = { options: { sensitivity: 'high', minorMode: false }, lang: 'fr' };
  const t = V.analyse.thread('site:late');
  t.merge([{ key: 'a', text: 'a', direction: 'in' }]);
  const first = V.analyse.analyse(t, () => settings);
  settings.options = { sensitivity: 'normal', minorMode: false };
  answers.shift()();
  assert.equal(await first, true);
  assert.equal(t.verdicts.get('a').level, 'high');
  assert.equal(t.pending, true, 'the thread is not marked for another request');
  const second = V.analyse.analyse(t, () => settings);
  answers.shift()();
  assert.equal(await second, true);
  assert.equal(t.verdicts.get('a').level, 'normal');
  assert.equal(t.pending, false);
});

/**
 * A content-script world whose `runtime.connect` hands out fake ports: `ports` lists them, each
 * with the requests posted on it, `answer(i, value)` to reply to its i-th request and `drop()` as
 * when the browser stops the service worker (`disconnect()` is the API's, which the script calls:
 * it fires no onDisconnect on the script's own side). `timers`: the script's setTimeout calls, to
 * be run by the test.
 */
function portWorld({ connectThrows = false } = {}) {
  const ports = [];
  const sent = [];
  const timers = [];
  const ctx = world(['content/analyse.js'], async (message) => {
    sent.push(message);
    return { messages: message.messages.map((m) => ({ id: m.id, level: 'by-sendMessage' })), level: 'none' };
  });
  ctx.setTimeout = (fn, ms) => timers.push({ fn, ms, cleared: false });
  ctx.clearTimeout = (id) => {
    if (timers[id - 1]) timers[id - 1].cleared = true;
  };
  ctx.chrome.runtime.connect = ({ name }) => {
    if (connectThrows) throw new Error('Could not establish connection');
    const listeners = { message: [], disconnect: [] };
    const port = {
      name,
      posted: [],
      connected: true,
      onMessage: { addListener: (fn) => listeners.message.push(fn) },
      onDisconnect: { addListener: (fn) => listeners.disconnect.push(fn) },
      postMessage(m) {
        if (!port.connected) throw new Error('Attempting to use a disconnected port object');
        port.posted.push(structuredClone(m));
      },
      answer(i, value) {
        const { id, message } = port.posted[i];
        for (const fn of listeners.message) fn({ id, ok: true, value: value ?? { messages: message.messages.map((m) => ({ id: m.id, level: 'by-port' })), level: 'none' } });
      },
      drop() {
        port.connected = false;
        for (const fn of listeners.disconnect) fn(port);
      },
      disconnect() {
        port.connected = false;
        port.closedByScript = true;
      },
    };
    ports.push(port);
    return port;
  };
  /** Runs the timers set and not cleared (the port's idle delay). */
  const runTimers = () => {
    for (const t of timers.splice(0)) if (!t.cleared) t.fn();
  };
  return { V: ctx.Vigie, ports, sent, timers, runTimers };
}

const settingsNow = () => ({ options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' });
const tick = () => new Promise((r) => setTimeout(r, 0));

test('analysis requests share one port; each answer goes to its own request, in whatever order they come', async () => {
  const { V, ports, sent } = portWorld();
  const a = V.analyse.thread('site:a');
  const b = V.analyse.thread('site:b');
  a.merge([{ key: 'a1', text: 'un', direction: 'in' }]);
  b.merge([{ key: 'b1', text: 'deux', direction: 'in' }]);
  const first = V.analyse.analyse(a, settingsNow);
  const second = V.analyse.analyse(b, settingsNow);
  await tick();
  assert.equal(ports.length, 1, 'one port for both requests');
  assert.equal(ports[0].name, 'vigie:analyze');
  assert.deepEqual(ports[0].posted.map((p) => p.message.thread), ['site:a', 'site:b']);
  assert.notEqual(ports[0].posted[0].id, ports[0].posted[1].id);
  ports[0].answer(1);
  ports[0].answer(0);
  assert.equal(await first, true);
  assert.equal(await second, true);
  assert.equal(a.verdicts.get('a1').level, 'by-port');
  assert.equal(b.verdicts.get('b1').level, 'by-port');
  assert.equal(b.verdicts.has('a1'), false, 'no answer reached the other thread');
  assert.equal(sent.length, 0, 'nothing went through sendMessage');
});

test('the worker stops with a request out: it is sent again with sendMessage, and the next request connects anew', async () => {
  const { V, ports, sent } = portWorld();
  const t = V.analyse.thread('site:stop');
  t.merge([{ key: 'm1', text: 'un', direction: 'in' }]);
  const first = V.analyse.analyse(t, settingsNow);
  await tick();
  ports[0].drop();
  assert.equal(await first, true);
  assert.equal(t.verdicts.get('m1').level, 'by-sendMessage');
  assert.deepEqual(sent.map((m) => m.thread), ['site:stop'], 'the waiting request, once, the other way');
  t.merge([{ key: 'm2', text: 'deux', direction: 'in' }]);
  const second = V.analyse.analyse(t, settingsNow);
  await tick();
  assert.equal(ports.length, 2, 'a new port after the disconnection');
  assert.deepEqual(ports[1].posted[0].message.messages.map((m) => m.id), ['m1', 'm2']);
  ports[1].answer(0);
  assert.equal(await second, true);
  assert.equal(t.verdicts.get('m2').level, 'by-port');
  assert.equal(sent.length, 1);
});

test('a port left idle is closed by the script, never while a request waits; the next request connects again', async () => {
  const { V, ports, sent, timers, runTimers } = portWorld();
  const t = V.analyse.thread('site:idle');
  t.merge([{ key: 'i1', text: 'un', direction: 'in' }]);
  const first = V.analyse.analyse(t, settingsNow);
  await tick();
  ports[0].answer(0);
  assert.equal(await first, true);
  assert.ok(timers.some((x) => !x.cleared && x.ms >= 1000 && x.ms < 30000), 'an idle delay shorter than the browsers\' 30 s');
  // A request out when the delay ends: the port stays.
  t.merge([{ key: 'i2', text: 'deux', direction: 'in' }]);
  const second = V.analyse.analyse(t, settingsNow);
  await tick();
  runTimers();
  assert.equal(ports[0].closedByScript, undefined, 'not closed with a request waiting');
  ports[0].answer(1);
  assert.equal(await second, true);
  // Nothing waiting when the delay ends: closed, and the next request opens a new port.
  runTimers();
  assert.equal(ports[0].closedByScript, true);
  t.merge([{ key: 'i3', text: 'trois', direction: 'in' }]);
  const third = V.analyse.analyse(t, settingsNow);
  await tick();
  assert.equal(ports.length, 2);
  ports[1].answer(0);
  assert.equal(await third, true);
  assert.equal(t.verdicts.get('i3').level, 'by-port');
  assert.equal(sent.length, 0, 'nothing went through sendMessage');
});

test('a port that cannot connect, or is already closed: requests go through sendMessage', async () => {
  const broken = portWorld({ connectThrows: true });
  const t = broken.V.analyse.thread('site:x');
  t.merge([{ key: 'x1', text: 'un', direction: 'in' }]);
  assert.equal(await broken.V.analyse.analyse(t, settingsNow), true);
  assert.equal(t.verdicts.get('x1').level, 'by-sendMessage');

  const closed = portWorld();
  const u = closed.V.analyse.thread('site:y');
  u.merge([{ key: 'y1', text: 'un', direction: 'in' }]);
  const first = closed.V.analyse.analyse(u, settingsNow);
  await tick();
  closed.ports[0].answer(0);
  assert.equal(await first, true);
  closed.ports[0].connected = false; // closed, and its onDisconnect not run yet
  u.merge([{ key: 'y2', text: 'deux', direction: 'in' }]);
  assert.equal(await closed.V.analyse.analyse(u, settingsNow), true);
  assert.equal(u.verdicts.get('y2').level, 'by-sendMessage');
  assert.deepEqual(closed.sent.map((m) => m.thread), ['site:y']);
});

/**
 * A content-script world whose background answers when the test says: `reply(contextOf, conversation)`
 * answers the last request, each message at its own level 'caution' (`own` overrides it per key)
 * and at the context level `contextOf(key)` (none when it gives nothing), the conversation verdict
 * being `conversation`. `sent`: the requests, in order.
 */
function answeringWorld() {
  const sent = [];
  const pending = [];
  const V = world(['content/analyse.js'], (message) => new Promise((resolve) => {
    sent.push(message);
    pending.push(resolve);
  })).Vigie;
  const reply = (contextOf, conversation = { level: 'none', score: 0, stage: null, stages: [], escalations: [] }, own = {}) => {
    const request = sent.at(-1);
    pending.at(-1)({
      ...conversation,
      explanations: {},
      messages: request.messages.map((m) => ({ id: m.id, level: own[m.id] ?? 'caution', context_level: contextOf(m.id) ?? 'none', stage: 'payment', signals: [] })),
    });
  };
  return { V, sent, reply };
}

const normal = () => ({ options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' });
/** Ordinary messages `from`…`to - 1`, keyed o{i}. */
const ordinary = (from, to) => Array.from({ length: to - from }, (_, i) => ({ key: `o${from + i}`, text: `ok ${from + i}`, direction: 'in' }));

test('a message raised to danger by its context stays danger when a later answer with the same settings gives it less', async () => {
  const { V, sent, reply } = answeringWorld();
  const t = V.analyse.thread('site:burst');
  t.merge([{ key: 'threat', text: 'I have the video', direction: 'in' }, { key: 'pay', text: 'pay 500 now', direction: 'in' }]);
  let answered = V.analyse.analyse(t, normal);
  reply((k) => ({ threat: 'danger', pay: 'danger' })[k]);
  assert.equal(await answered, true);
  assert.equal(V.analyse.shownLevel(t.verdicts.get('pay')), 'danger');
  // A burst of ordinary messages: the threat leaves the request's window, the payment demand is
  // answered without it (caution alone).
  t.merge(ordinary(0, 5));
  answered = V.analyse.analyse(t, normal);
  reply((k) => ({ pay: 'caution', o4: 'warning' })[k], undefined, { pay: 'warning' });
  assert.equal(await answered, true);
  assert.equal(t.verdicts.get('pay').context_level, 'danger', 'the context level reached is held');
  assert.equal(V.analyse.shownLevel(t.verdicts.get('pay')), 'danger');
  assert.equal(t.verdicts.get('pay').level, 'warning', 'the rest of the verdict is the new answer\'s');
  assert.equal(V.analyse.shownLevel(t.verdicts.get('o4')), 'warning', 'a message never raised before takes its answer as it is');
  assert.equal(sent.length, 2);
  // …and it rises when an answer gives more.
  t.merge(ordinary(5, 6));
  answered = V.analyse.analyse(t, normal);
  reply((k) => ({ o4: 'danger' })[k]);
  await answered;
  assert.equal(t.verdicts.get('o4').context_level, 'danger');
  assert.equal(t.verdicts.get('pay').context_level, 'danger');
});

test('a held context level falls when the settings change, or when the message\'s text was edited', async () => {
  const { V, reply } = answeringWorld();
  const settings = normal();
  const t = V.analyse.thread('site:fall');
  t.merge([{ key: 'threat', text: 'I have the video', direction: 'in' }, { key: 'pay', text: 'pay 500 now', direction: 'in' }]);
  let answered = V.analyse.analyse(t, () => settings);
  reply((k) => ({ pay: 'danger' })[k]);
  await answered;
  assert.equal(t.verdicts.get('pay').context_level, 'danger');
  // The user lowers the sensitivity: the new answer is the one shown, lower or not.
  settings.options = { sensitivity: 'low', minorMode: false };
  V.analyse.invalidate();
  answered = V.analyse.analyse(t, () => settings);
  reply((k) => ({ pay: 'caution' })[k]);
  await answered;
  assert.equal(t.verdicts.get('pay').context_level, 'caution', 'other settings: the new answer as it is');
  // Under the new settings the level is held again…
  t.merge([{ key: 'pay', text: 'pay 500 now', direction: 'in' }, { key: 'o0', text: 'ok', direction: 'in' }]);
  answered = V.analyse.analyse(t, () => settings);
  reply(() => 'none');
  await answered;
  assert.equal(t.verdicts.get('pay').context_level, 'caution', 'held under the new settings');
  // …until the page edits the message's text (a native id: same key, new text).
  t.merge([{ key: 'pay', text: 'sorry, wrong chat', direction: 'in' }]);
  answered = V.analyse.analyse(t, () => settings);
  reply(() => 'none');
  await answered;
  assert.equal(t.verdicts.get('pay').context_level, 'none', 'an edited message takes its new answer');
});

test('a long thread\'s partial first answer shows own levels, then the whole thread\'s; later answers never lower them', async () => {
  const { V, sent, reply } = answeringWorld();
  const t = V.analyse.thread('site:partial');
  t.merge([{ key: 'threat', text: 'I have the video', direction: 'in' }, ...ordinary(0, 58), { key: 'pay', text: 'pay 500 now', direction: 'in' }]);
  let answered = V.analyse.analyse(t, normal);
  assert.equal(sent[0].messages.length, 20);
  reply((k) => ({ pay: 'warning' })[k]);
  await answered;
  assert.equal(t.rest, true);
  assert.equal(t.verdicts.get('pay').context_level, 'none', 'a cut history\'s context is not counted');
  assert.equal(V.analyse.shownLevel(t.verdicts.get('pay')), 'caution', 'its own level is shown');
  t.pending = true; // main.js askRest
  answered = V.analyse.analyse(t, normal);
  assert.equal(sent[1].messages.length, 60);
  reply((k) => ({ pay: 'danger' })[k]);
  await answered;
  assert.equal(V.analyse.shownLevel(t.verdicts.get('pay')), 'danger', 'then the whole thread\'s: none rising is fine');
  t.merge(ordinary(58, 59));
  answered = V.analyse.analyse(t, normal);
  reply(() => 'none');
  await answered;
  assert.equal(V.analyse.shownLevel(t.verdicts.get('pay')), 'danger');
});

test('the conversation verdict keeps the stages, escalations and level it reached under the same settings', async () => {
  const { V, reply } = answeringWorld();
  const settings = normal();
  const t = V.analyse.thread('site:banner');
  t.merge([{ key: 'call', text: 'show me on cam', direction: 'in' }, { key: 'threat', text: 'I have the video', direction: 'in' }]);
  const reached = {
    level: 'danger',
    score: 0.92,
    stage: 'blackmail',
    stages: [{ stage: 'trap', first_message: 'call' }, { stage: 'blackmail', first_message: 'threat' }],
    escalations: [{ kind: 'threat_after_trap', message: 'threat', explain: 'escalation_threat_after_trap' }],
  };
  let answered = V.analyse.analyse(t, () => settings);
  reply(() => 'none', reached);
  await answered;
  // The threat is out of the window: the engine sees a payment demand alone.
  t.merge([{ key: 'pay', text: 'pay 500 now', direction: 'in' }]);
  answered = V.analyse.analyse(t, () => settings);
  reply(() => 'none', {
    level: 'warning',
    score: 0.5,
    stage: 'payment',
    stages: [{ stage: 'payment', first_message: 'pay' }, { stage: 'trap', first_message: 'pay' }],
    escalations: [{ kind: 'threat_after_trap', message: 'pay', explain: 'escalation_threat_after_trap' }, { kind: 'fast_trap', message: 'pay', explain: 'escalation_fast_trap' }],
  });
  await answered;
  const c = t.conversation;
  assert.equal(c.level, 'danger', 'the banner\'s level is held');
  assert.equal(c.score, 0.92);
  assert.equal(c.stage, 'payment', 'the furthest stage reached, old or new');
  assert.deepEqual([...c.stages].map((s) => `${s.stage}@${s.first_message}`), ['trap@call', 'blackmail@threat', 'payment@pay'], 'one per stage, the first message that showed it');
  assert.deepEqual([...c.escalations].map((e) => `${e.kind}@${e.message}`), ['threat_after_trap@threat', 'fast_trap@pay'], 'one per kind');
  assert.equal(c.messages, undefined, 'the shape main.js reads: no messages');
  // Other settings: the new verdict as it is.
  settings.options = { sensitivity: 'low', minorMode: false };
  V.analyse.invalidate();
  answered = V.analyse.analyse(t, () => settings);
  reply(() => 'none', { level: 'caution', score: 0.2, stage: 'contact', stages: [{ stage: 'contact', first_message: 'call' }], escalations: [] });
  await answered;
  assert.equal(t.conversation.level, 'caution');
  assert.deepEqual([...t.conversation.stages].map((s) => s.stage), ['contact']);
  // Same settings again: held; then the message that showed a held stage is edited: the new verdict as it is.
  t.merge([{ key: 'o0', text: 'ok', direction: 'in' }]);
  answered = V.analyse.analyse(t, () => settings);
  reply(() => 'none', { level: 'none', score: 0, stage: null, stages: [], escalations: [] });
  await answered;
  assert.equal(t.conversation.level, 'caution', 'held under the new settings');
  assert.equal(t.conversation.stage, 'contact');
  t.merge([{ key: 'call', text: 'hello there', direction: 'in' }]);
  answered = V.analyse.analyse(t, () => settings);
  reply(() => 'none', { level: 'none', score: 0, stage: null, stages: [], escalations: [] });
  await answered;
  assert.equal(t.conversation.level, 'none', 'the message that reached it was edited');
  assert.equal(t.conversation.stages.length, 0);
});

test('what is held for a message is forgotten with it', async () => {
  const { V, reply } = answeringWorld();
  const t = V.analyse.thread('site:memory');
  t.merge(ordinary(0, 600));
  let answered = V.analyse.analyse(t, normal);
  reply(() => 'danger');
  await answered;
  t.pending = true;
  answered = V.analyse.analyse(t, normal);
  reply(() => 'danger');
  await answered;
  assert.equal(t.basis.size, 200);
  // 600 new messages: the thread forgets every message analysed so far.
  t.merge(ordinary(600, 1200));
  answered = V.analyse.analyse(t, normal);
  reply(() => 'none');
  await answered;
  assert.equal(t.basis.size, 200, 'only the newest answer\'s messages hold anything');
  assert.equal(t.basis.has('o599'), false, 'a message the thread forgot holds nothing');
  assert.equal(t.verdicts.size, 200);
});

test('shown level: the higher of the message alone and in context; nothing for unknown values', () => {
  const V = world(['content/analyse.js']).Vigie;
  assert.equal(V.analyse.shownLevel({ level: 'caution', context_level: 'danger' }), 'danger');
  assert.equal(V.analyse.shownLevel({ level: 'warning', context_level: 'none' }), 'warning');
  assert.equal(V.analyse.shownLevel(undefined), 'none');
});

const CODE = ['content/observe.js', 'content/extract.js', 'content/analyse.js', 'content/overlay.js', 'content/main.js', 'content/draw.js', 'content/actions.js',
  'background/background.js', 'background/engine.js', 'background/guidance.js', 'background/generic.js',
  'shared/browser.js', 'shared/settings.js', 'shared/i18n.js', 'shared/protocol.js', 'shared/contacts.js', 'shared/invisible.js'];

test('no network API anywhere; the background only reads its own files', () => {
  for (const f of CODE) {
    const s = src(f).replace(/^\s*\/\/.*$/gm, '');
    for (const api of ['XMLHttpRequest', 'WebSocket', 'EventSource', 'sendBeacon', 'RTCPeerConnection', 'importScripts']) assert.ok(!s.includes(api), `${f}: ${api}`);
    assert.ok(!/\bimport\s*\(/.test(s), `${f}: dynamic import`);
    for (const m of s.matchAll(/\bfetch\(([^)]*)/g)) assert.match(m[1], /^api\.runtime\.getURL\(/, `${f}: fetch of something else than an extension file`);
  }
  for (const f of CODE.filter((x) => x.startsWith('content/'))) assert.ok(!/\bfetch\(/.test(src(f)), `${f}: the content script fetches nothing`);
});

test('page text is never parsed as markup or code', () => {
  for (const f of CODE) {
    const s = src(f).replace(/^\s*\/\/.*$/gm, '');
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'eval(', 'new Function', 'setTimeout(\'', 'createContextualFragment', 'DOMParser']) {
      assert.ok(!s.includes(sink), `${f}: ${sink}`);
    }
  }
});

test('the overlay uses a closed shadow root', () => {
  const s = src('content/overlay.js');
  assert.match(s, /attachShadow\(\{ mode: 'closed' \}\)/);
  assert.ok(!/mode: 'open'/.test(s));
});
