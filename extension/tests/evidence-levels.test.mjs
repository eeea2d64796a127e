// The capture's analysis never records less than the page showed. The page sends the engine its
// thread's newest 200 messages as they arrive and holds what it showed (content/analyse.js
// holdContextLevel, holdConversation); a capture keeps up to 1,000 messages. Here the page is
// simulated as a chat receiving its messages one at a time (a request per message, each carrying
// the newest 200, levels held), with the real engine (pkg/), and the capture must record every
// message at the level that page showed, the conversation at the stage and level it reached, and
// nothing the page never showed. The texts are written for these tests.
// Run: node --test extension/tests/evidence-levels.test.mjs   (needs pkg/: cargo xtask wasm)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCapture, verifyRecord, windowStarts, WINDOW, WINDOW_STEP, MAX_WINDOWS } from '../evidence/capture.js';
import { exportFiles } from '../evidence/export.js';
import { nodeEngine, packFiles, RANK } from '../../tests/e2e/support/engine.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.dirname(EXT);
const hasPkg = fs.existsSync(path.join(ROOT, 'pkg/vigie_bg.wasm'));
const opts = { skip: hasPkg ? false : 'pkg/ not built (cargo xtask wasm)' };
const OPTIONS = { sensitivity: 'normal', minorMode: false };

// The scam's steps, one message each (incoming).
const FIRST_CONTACT = 'Coucou, tu es vraiment magnifique sur tes photos, je crois que je tombe amoureux de toi';
const OTHER_APP = 'Viens plutôt sur WhatsApp, on sera plus tranquilles';
const WEBCAM = 'Allume ta webcam et déshabille-toi pour moi ce soir';
const THREAT = "J'ai enregistré toute notre vidéo. Si tu ne me paies pas, je la publie et je l'envoie à tous tes amis et à ta famille";
/** Warning alone; danger after the threat. */
const DEMAND = "J'attends toujours les codes PCS";

/** Ordinary chat, different every time (so nothing repeats by accident). */
function ordinaryText(i) {
  const day = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'][i % 7];
  const lines = [
    `On se retrouve ${day} vers ${8 + (i % 11)} h à la boulangerie ? (${i})`,
    `J'ai fini le chapitre ${i} du livre, la fin est vraiment surprenante`,
    `Tu peux rapporter ${2 + (i % 5)} baguettes en rentrant stp`,
    `Le match de ${day} a été reporté, on regarde autre chose ? n°${i}`,
    `Merci pour hier soir, le gratin était délicieux 😊 (${i})`,
  ];
  return lines[i % lines.length];
}

/** `count` ordinary messages, alternating sides, numbered from `from`. */
function ordinary(count, from = 0) {
  return Array.from({ length: count }, (_, k) => ({ text: ordinaryText(from + k), direction: (from + k) % 2 ? 'out' : 'in' }));
}

function payload(list) {
  return {
    source: 'popup',
    site: 'whatsapp',
    adapter: { id: 'whatsapp', name: 'WhatsApp Web', kind: 'chat', platform: 'whatsapp' },
    url: 'https://web.whatsapp.com/',
    thread: 'whatsapp:Alex',
    title: 'Alex',
    lang: 'fr',
    options: OPTIONS,
    messages: list.map((m, i) => ({ key: `id:${i + 1}`, text: m.text, direction: m.direction, sender: m.direction === 'in' ? 'Alex' : null, time: null })),
  };
}

const max = (a, b) => (RANK[b] > RANK[a] ? b : a);
const shownOf = (v) => max(v.level, v.context_level);

/**
 * What the page showed, receiving `list` one message at a time: a request per message with the
 * thread's newest 200, each message's context level and the conversation's level, stages and
 * escalations held (content/analyse.js). Message numbers from 1.
 */
async function pageView(list) {
  const e = await nodeEngine();
  const input = list.map((m, i) => ({ id: String(i + 1), text: m.text, direction: m.direction, sender: null, time: null }));
  const shown = new Map();
  let level = 'none';
  const stages = new Set();
  const escalations = new Set();
  for (let end = 1; end <= input.length; end++) {
    const v = e.analyzeConversation({ messages: input.slice(Math.max(0, end - WINDOW), end), options: OPTIONS });
    for (const m of v.messages) shown.set(Number(m.id), max(shown.get(Number(m.id)) ?? 'none', m.direction === 'out' ? 'none' : shownOf(m)));
    level = max(level, v.level);
    for (const s of v.stages) stages.add(s.stage);
    for (const x of v.escalations) escalations.add(x.kind);
  }
  return { shown, level, stages, escalations };
}

/** The capture's level for each message, as its report shows it. */
function capturedLevels(record) {
  const byN = new Map(record.items.analysis.messages.map((v) => [v.n, v]));
  return new Map(record.items.messages.map((m) => [m.n, m.direction === 'out' ? 'none' : shownOf(byN.get(m.n) ?? { level: 'none', context_level: 'none' })]));
}

/** The capture records exactly what the page showed: every message, the conversation's level, stages, escalations. */
function assertSameAsPage(record, page, count) {
  const { analysis } = record.items;
  assert.equal(analysis.messages.length, count, 'every captured message is analysed');
  assert.deepEqual({ first: analysis.coverage.first, last: analysis.coverage.last }, { first: 1, last: count });
  const levels = capturedLevels(record);
  for (let n = 1; n <= count; n++) assert.equal(levels.get(n), page.shown.get(n), `message ${n}: the level the page showed`);
  assert.equal(analysis.level, page.level, 'the conversation\'s level');
  assert.deepEqual(new Set(analysis.stages.map((s) => s.stage)), page.stages, 'the stages the page reached');
  assert.deepEqual(new Set(analysis.escalations.map((x) => x.kind)), page.escalations, 'the escalations the page reached');
}

const scamOpening = [
  { text: FIRST_CONTACT, direction: 'in' },
  { text: 'Merci, c\'est gentil 🙂', direction: 'out' },
  { text: OTHER_APP, direction: 'in' },
  { text: 'Ok je t\'ajoute', direction: 'out' },
  { text: WEBCAM, direction: 'in' },
  { text: 'Euh… bon d\'accord', direction: 'out' },
  { text: THREAT, direction: 'in' },
];
const THREAT_N = scamOpening.length;

test('a threat followed by 260 ordinary messages: recorded at the level the page showed, the conversation at the blackmail stage', opts, async () => {
  const list = [...scamOpening, ...ordinary(260)];
  const engine = await nodeEngine();
  const { record } = await buildCapture({ payload: payload(list), engine, now: Date.UTC(2026, 10, 30), id: '00000000-0000-4000-8000-000000000001' });
  const { analysis } = record.items;
  const threat = analysis.messages.find((v) => v.n === THREAT_N);
  assert.ok(threat, 'the threat, 260 messages before the newest, is analysed');
  assert.equal(shownOf(threat), 'danger');
  assert.equal(analysis.level, 'danger');
  assert.equal(analysis.stage, 'blackmail');
  assert.deepEqual(analysis.stages.find((s) => s.stage === 'blackmail'), { stage: 'blackmail', first_message: THREAT_N });
  assert.ok(analysis.escalations.some((x) => x.kind === 'threat_after_trap' && x.message === THREAT_N), 'the escalation, at the threat');
  assert.ok(analysis.explanations.escalation_threat_after_trap, 'its explanation');
  // The newest window alone (what the engine reads of the thread now) no longer has any of it.
  const alone = engine.analyzeConversation({ messages: list.slice(-WINDOW).map((m, i) => ({ id: String(i), ...m, time: null })), options: OPTIONS });
  assert.equal(alone.level, 'none', 'the newest 200 messages alone say nothing: the test exercises a fall');
  assertSameAsPage(record, await pageView(list), list.length);
  assert.equal((await verifyRecord(record)).ok, true);
});

test('a demand that was danger after the threat stays danger in the capture after 260 more messages', opts, async () => {
  const gap = ordinary(120, 1000);
  const list = [...scamOpening, ...gap, { text: DEMAND, direction: 'in' }, ...ordinary(260, 2000)];
  const demandN = scamOpening.length + gap.length + 1;
  const engine = await nodeEngine();
  const { record } = await buildCapture({ payload: payload(list), engine, now: Date.UTC(2026, 10, 30), id: '00000000-0000-4000-8000-000000000002' });
  const demand = record.items.analysis.messages.find((v) => v.n === demandN);
  assert.ok(demand, 'the demand, 260 messages before the newest, is analysed');
  assert.equal(demand.level, 'warning', 'alone, a warning');
  assert.equal(demand.context_level, 'danger', 'after the threat, danger, as the page showed it');
  assert.equal(record.items.analysis.stage, 'payment');
  assert.ok(record.items.analysis.escalations.some((x) => x.kind === 'payment_after_threat' && x.message === demandN));
  assertSameAsPage(record, await pageView(list), list.length);
});

test('a demand 199 messages after the threat: danger as it arrived (the one window holding both), recorded so', opts, async () => {
  const list = [...scamOpening, ...ordinary(WINDOW - 2, 4000), { text: DEMAND, direction: 'in' }, ...ordinary(107, 4500)];
  const demandN = THREAT_N + WINDOW - 1;
  assert.equal(list[demandN - 1].text, DEMAND);
  const { record } = await buildCapture({ payload: payload(list), engine: await nodeEngine() });
  const { windows, messages } = record.items.analysis;
  // The window ending at the demand starts at the threat; the stepped windows miss it here.
  assert.ok(!windowStarts(list.length).starts.includes(THREAT_N), 'not one of the stepped windows');
  assert.ok(windows.starts.includes(THREAT_N), 'read because the demand is flagged');
  assert.equal(messages[demandN - 1].context_level, 'danger');
  assertSameAsPage(record, await pageView(list), list.length);
});

test('a long ordinary conversation: no warning the page did not show', opts, async () => {
  // Everyday chat, with the kind of benign lines that carry a weak signal (a video call planned,
  // a compliment, a payment between friends), so the windows placed around flagged messages are read.
  const benign = [
    'On fait un appel vidéo dimanche avec mamie pour son anniversaire ?',
    'Tu es magnifique sur la photo du mariage',
    'Je te rembourse les 20 euros du resto par virement ce soir',
    'Passe sur WhatsApp, le groupe du foot est là-bas',
  ];
  const list = ordinary(520, 3000).map((m, i) => (i % 37 === 5 ? { text: `${benign[(i / 37 | 0) % benign.length]} (${i})`, direction: 'in' } : m));
  const engine = await nodeEngine();
  const { record } = await buildCapture({ payload: payload(list), engine });
  const page = await pageView(list);
  assertSameAsPage(record, page, list.length);
  const flagged = record.items.analysis.messages.filter((v) => v.signals.length > 0).length;
  assert.ok(flagged > 0, 'some benign lines carry a signal (the windows around them are read)');
  assert.ok(record.items.analysis.windows.starts.length > windowStarts(list.length).starts.length, 'windows around them');
});

test('a 1,000-message capture (the most kept): every message analysed, in bounded time, as the page showed them', opts, async () => {
  const list = [...ordinary(400, 5000), ...scamOpening, ...ordinary(300, 6000), { text: DEMAND, direction: 'in' }, ...ordinary(400, 7000)];
  assert.ok(list.length > 1000);
  const engine = await nodeEngine();
  const started = performance.now();
  const { record } = await buildCapture({ payload: payload(list), engine });
  const ms = performance.now() - started;
  const { messages, analysis } = record.items;
  assert.equal(messages.length, 1000, 'the newest 1,000 are kept');
  assert.equal(analysis.messages.length, 1000, 'all of them analysed');
  const kept = list.slice(-1000);
  const starts = analysis.windows.starts;
  assert.deepEqual({ size: analysis.windows.size, step: analysis.windows.step }, { size: WINDOW, step: WINDOW_STEP });
  assert.equal(starts[0], 1);
  assert.equal(starts.at(-1), 1000 - WINDOW + 1, 'the newest window, the page\'s view now');
  assert.ok(starts.every((s, i) => i === 0 || s - starts[i - 1] <= WINDOW_STEP), `no message read with less than ${WINDOW - WINDOW_STEP} before it`);
  assertSameAsPage(record, await pageView(kept), 1000);
  assert.match(analysis.method, /windows of the conversation's 200 consecutive messages/);
  // The figure, for the notes (the test machine's load varies: the bound is loose).
  console.log(`# 1,000-message capture: ${ms.toFixed(0)} ms, ${starts.length} windows of ${WINDOW}`);
  assert.ok(ms < 5000, `${ms} ms`);
});

test('a conversation where nearly every message is flagged: the windows are capped, the levels still the page\'s', opts, async () => {
  const steps = [FIRST_CONTACT, OTHER_APP, WEBCAM, THREAT, DEMAND];
  const list = Array.from({ length: 700 }, (_, i) => (i % 3 === 2
    ? { text: ordinaryText(i), direction: 'out' }
    : { text: `${steps[i % steps.length]} (${i})`, direction: 'in' }));
  const { record } = await buildCapture({ payload: payload(list), engine: await nodeEngine() });
  const { windows } = record.items.analysis;
  assert.equal(windows.limited, true, 'more windows asked for than read');
  assert.equal(windows.starts.length, MAX_WINDOWS);
  assert.ok(windowStarts(list.length).starts.every((s) => windows.starts.includes(s)), 'the stepped windows are always read');
  assertSameAsPage(record, await pageView(list), list.length);
});

test('the analysis is a function of the captured messages: the same capture twice, and with a fresh engine, has the same fingerprints', opts, async () => {
  const list = [...scamOpening, ...ordinary(300, 9000), { text: DEMAND, direction: 'in' }, ...ordinary(30, 9500)];
  const input = { payload: payload(list), now: Date.UTC(2026, 10, 30, 1, 2, 3), id: '00000000-0000-4000-8000-000000000003', timeZone: 'Europe/Paris' };
  const warm = await nodeEngine();
  const first = (await buildCapture({ ...input, engine: warm })).record;
  const second = (await buildCapture({ ...input, engine: warm })).record;
  // Another engine: its memo of recent texts is empty, so every text is analysed afresh.
  const { Engine } = await import(new URL('../../pkg/vigie.js', import.meta.url));
  const fresh = new Engine(packFiles());
  const third = (await buildCapture({ ...input, engine: fresh })).record;
  fresh.free?.();
  assert.equal(second.sha256, first.sha256);
  assert.equal(third.sha256, first.sha256);
  assert.deepEqual(third.manifest, first.manifest);
  assert.ok(first.items.analysis.messages.some((v) => v.n === THREAT_N && shownOf(v) === 'danger'), 'the threat, 330 messages back, is in it');
});

test('a message in a language whose rule pack the engine has not read: the capture reads the pack, as the page does', opts, async () => {
  const { Engine } = await import(new URL('../../pkg/vigie.js', import.meta.url));
  await nodeEngine(); // the module initialised
  const bare = new Engine(); // English and French only, like the background before it reads a pack
  const full = new Engine(packFiles());
  const list = [
    { text: 'Hola guapa, ¿qué tal tu día?', direction: 'in' },
    { text: 'Bien, ¿y tú?', direction: 'out' },
    { text: 'Tengo grabado tu video. Si no me pagas, se lo envío a toda tu familia y a tus amigos', direction: 'in' },
    ...ordinary(230),
  ];
  const input = { payload: payload(list), now: Date.UTC(2026, 10, 30), id: '00000000-0000-4000-8000-000000000004' };
  const reference = (await buildCapture({ ...input, engine: full })).record;
  assert.equal(shownOf(reference.items.analysis.messages[2]), 'danger', 'the threat, with the Spanish pack');
  const without = (await buildCapture({ ...input, engine: bare })).record;
  assert.ok(without.items.analysis.missing_packs.includes('es'), 'a capture that could not read the pack says so');
  const asked = [];
  const withPacks = (await buildCapture({ ...input, engine: bare, morePacks: async (langs) => { asked.push(langs); return full; } })).record;
  assert.ok(asked[0].includes('es'));
  assert.deepEqual(withPacks.items.analysis, reference.items.analysis, 'the same analysis as with every pack read');
  assert.equal(withPacks.sha256, reference.sha256);
  assert.ok(!('missing_packs' in reference.items.analysis));
  bare.free?.();
  full.free?.();
});

test('the report says how the analysis was read, and shows the held levels', opts, async () => {
  const list = [...scamOpening, ...ordinary(260)];
  const { record } = await buildCapture({ payload: payload(list), engine: await nodeEngine() });
  const strings = JSON.parse(fs.readFileSync(path.join(EXT, 'pages/strings.json'), 'utf8'));
  for (const lang of ['fr', 'en', 'es']) {
    const t = (key, vars = {}) => {
      let text = strings[lang][key];
      if (typeof vars.count === 'number' && strings[lang][`${key}.other`] !== undefined) text = strings[lang][`${key}.${vars.count === 1 ? 'one' : 'other'}`] ?? strings[lang][`${key}.other`];
      assert.ok(text !== undefined, `missing string ${key} (${lang})`);
      return text.replace(/\{(\w+)\}/g, (m, n) => (n in vars ? String(vars[n]) : m));
    };
    const { html } = await exportFiles(record, [], { lang, t, version: '0.1.0', advice: { stage_labels: {}, tooLate: [] }, contacts: null });
    assert.match(html.text, new RegExp(`data-n="${THREAT_N}" data-direction="in" data-level="danger"`), `${lang}: the threat at danger`);
    const note = html.text.match(/<p class="meta" data-analysis="windows">([^<]*)<\/p>/);
    assert.ok(note, `${lang}: the windows are explained`);
    assert.match(note[1], /200/);
    assert.match(note[1], new RegExp(String(record.items.analysis.windows.starts.length)));
    // A capture saved before (its newest 200 analysed, no windows) still says what it covers.
    const older = structuredClone(record);
    delete older.items.analysis.windows;
    older.items.analysis.coverage = { first: 68, last: 267 };
    const old = (await exportFiles(older, [], { lang, t, version: '0.1.0', advice: { stage_labels: {}, tooLate: [] }, contacts: null })).html.text;
    assert.ok(!old.includes('data-analysis="windows"'));
    assert.ok(old.includes(t('evidence.report.coverage', { first: 68, last: 267 })), `${lang}: the older capture's coverage`);
  }
});
