// One capture of evidence, built in the background from what the content script read on the page
// (untrusted: every field is checked and capped here), the engine's analysis of those messages, the
// identifiers found in them, and the screenshot when there is one. The result is immutable: items,
// their SHA-256, and the SHA-256 of the manifest that lists them (the fingerprint of the whole).
//
// Record (stored as is in IndexedDB by store.js; exported by export.js):
//   {id, format, capturedAt, items: {context, messages, identifiers, analysis},
//    screenshot: {type, bytes} | null, manifest: {format, id, capturedAt, items: [{name, type, sha256, size}]},
//    sha256}
// Every JSON item's sha256 is SHA-256(UTF-8(canonicalJson(item))); the screenshot's is SHA-256 of
// its PNG bytes; the capture's sha256 is SHA-256(UTF-8(canonicalJson(manifest))).
//
// Pure functions of their inputs (the engine is passed in), so node tests run them with the same
// WebAssembly package the extension ships.

import { canonicalJson, normalizeJson, sha256Hex, utf8 } from './hash.js';
import { UI_LANGS } from '../shared/langs.js';
import { WINDOW as SHARED_WINDOW, steppedStarts } from '../shared/windows.js';

export const FORMAT = 'vigie-evidence/1';
/** Most messages kept in one capture (the content script remembers up to 600 per thread). */
export const MAX_MESSAGES = 1000;
const MAX_TEXT = 20000;
const MAX_SHORT = 300;
const MAX_URL = 2048;
const DIRECTIONS = new Set(['in', 'out', 'unknown']);
const SOURCES = new Set(['warning', 'banner', 'popup', 'menu', 'shortcut']);

/** The order identifiers are listed in: who the other person is first, then how to pay them. */
export const IDENTIFIER_KINDS = ['display_name', 'username', 'email', 'phone', 'profile', 'url', 'bitcoin_address', 'crypto_address', 'iban', 'payment_code', 'amount'];

const str = (v, max) => (typeof v === 'string' && v.trim() ? v.slice(0, max) : null);

function httpUrl(v) {
  const s = str(v, MAX_URL);
  if (!s) return null;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function isoTime(v) {
  if (!Number.isFinite(v)) return null;
  const d = new Date(v);
  const y = d.getUTCFullYear();
  return y >= 1990 && y <= 2200 ? d.toISOString() : null;
}

/** The content script's payload, checked: only known fields, right types, capped lengths. */
export function cleanPayload(p) {
  if (!p || typeof p !== 'object') throw new Error('nothing-to-save');
  const list = Array.isArray(p.messages) ? p.messages.slice(-MAX_MESSAGES) : [];
  const messages = list
    .filter((m) => m && typeof m.text === 'string' && m.text.length > 0)
    .map((m, i) => ({
      n: i + 1,
      id: str(m.key, MAX_SHORT),
      direction: DIRECTIONS.has(m.direction) ? m.direction : 'unknown',
      sender: str(m.sender, MAX_SHORT),
      address: str(m.address, MAX_SHORT),
      time: isoTime(m.time),
      shownTime: str(m.timeText, 100),
      onPage: m.onPage === true,
      text: m.text.slice(0, MAX_TEXT),
    }));
  if (messages.length === 0) throw new Error('nothing-to-save');
  const adapter = p.adapter && typeof p.adapter === 'object' ? p.adapter : {};
  const profile = str(p.profile, MAX_URL);
  return {
    messages,
    page: {
      url: httpUrl(p.url),
      thread: str(p.thread, MAX_SHORT * 2),
      title: str(p.title, 500),
      pageTitle: str(p.pageTitle, 500),
      profile,
      site: str(p.site, MAX_SHORT),
      adapter: str(adapter.id, 64),
      siteName: str(adapter.name, 100),
      kind: ['chat', 'email', 'generic'].includes(adapter.kind) ? adapter.kind : null,
      platform: str(adapter.platform, 64),
      lang: UI_LANGS.includes(p.lang) ? p.lang : 'en',
      options: {
        sensitivity: ['low', 'normal', 'high'].includes(p.options?.sensitivity) ? p.options.sensitivity : 'normal',
        minorMode: p.options?.minorMode === true,
      },
      viewport: Number.isInteger(p.viewport?.width) && Number.isInteger(p.viewport?.height)
        ? { width: p.viewport.width, height: p.viewport.height } : null,
      source: SOURCES.has(p.source) ? p.source : 'warning',
    },
  };
}

/** `@handle` mentions in a text (not the middle of an e-mail address or a URL), UTF-16 spans. */
export function findHandles(text) {
  const out = [];
  const re = /(^|[^\p{L}\p{N}_@./-])@([\p{L}\p{N}_](?:[\p{L}\p{N}_.]{0,62}[\p{L}\p{N}_])?)/gu;
  for (const m of text.matchAll(re)) {
    const start = m.index + m[1].length;
    out.push({ value: `@${m[2]}`, start, end: start + 1 + m[2].length });
  }
  return out;
}

/**
 * Identifiers of the capture: the engine's (`identify(text)` → [{kind, value, start, end}], UTF-16
 * spans) and @handles in every message, plus who wrote: display names and addresses of the other
 * side, and the profile the adapter found. Merged by kind and value, with where they occur.
 */
export function collectIdentifiers(messages, page, identify) {
  const byKey = new Map();
  const add = (kind, value, source, occurrence) => {
    const v = String(value).trim();
    if (!v) return;
    const key = `${kind}\u0000${kind === 'email' || kind === 'username' ? v.toLowerCase() : v}`;
    let e = byKey.get(key);
    if (!e) {
      e = { kind, value: v, sources: [], occurrences: [] };
      byKey.set(key, e);
    }
    if (!e.sources.includes(source)) e.sources.push(source);
    if (occurrence) e.occurrences.push(occurrence);
  };
  for (const m of messages) {
    let found = [];
    try {
      found = identify(m.text) ?? [];
    } catch {
      found = [];
    }
    for (const i of found) {
      if (IDENTIFIER_KINDS.includes(i.kind) && Number.isInteger(i.start) && Number.isInteger(i.end)) {
        add(i.kind, i.value, 'text', { message: m.n, start: i.start, end: i.end });
      }
    }
    for (const h of findHandles(m.text)) {
      // "@x" inside something the engine already read (an e-mail, a link) is not a handle.
      if (found.some((i) => h.start < i.end && i.start < h.end)) continue;
      add('username', h.value, 'text', { message: m.n, start: h.start, end: h.end });
    }
    if (m.direction !== 'out') {
      if (m.sender) add('display_name', m.sender, 'sender', { message: m.n });
      if (m.address) add(/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(m.address) ? 'email' : 'username', m.address, 'sender', { message: m.n });
    }
  }
  if (page.title && !messages.some((m) => m.sender === page.title) && page.kind === 'chat') add('display_name', page.title, 'title', null);
  if (page.profile) {
    if (/^https?:\/\//i.test(page.profile)) add('profile', page.profile, 'profile', null);
    else add('username', page.profile, 'profile', null);
  }
  const rank = (k) => IDENTIFIER_KINDS.indexOf(k);
  return [...byKey.values()].sort((a, b) => rank(a.kind) - rank(b.kind) || (a.occurrences[0]?.message ?? 0) - (b.occurrences[0]?.message ?? 0));
}

/**
 * How the analysis reads a capture longer than one request. The page sends the engine its thread's
 * newest WINDOW messages, again as messages arrive, and holds what it showed (content/analyse.js
 * holdContextLevel, holdConversation): a message's context level and the conversation's stages,
 * escalations and level never fall while the text and the settings stay the same. The capture
 * reads the same windows of its own messages, so it never records less than the page could show,
 * nor a level no page view gave: window k is messages start_k..start_k + WINDOW - 1, the view the
 * page had when the thread ended there (or messages 1..WINDOW at the thread's start).
 *
 * Which windows: every WINDOW_STEP-th start back from the newest window (so every message is read
 * with at least WINDOW - WINDOW_STEP messages before it, or from the thread's start), and, around
 * each incoming message the engine flags, the windows where its context can change most: the one
 * ending at it (the page's view when it arrived, the most history before it), the one starting
 * right after it (the conversation without it, where a later step may count as newly reached), and
 * for a webcam or photo request the one starting at the incoming message before it (a request
 * "soon after the first message" of the window). The engine depends on nothing else a window's
 * start changes: outgoing messages and messages without signals only count for that last rule.
 * Every window read is listed in the analysis (`windows.starts`), so the analysis is a function of
 * the captured messages, the options and the engine's version.
 */
export const WINDOW = SHARED_WINDOW;
/**
 * Every message is read with at least WINDOW - WINDOW_STEP messages before it (or from the start),
 * whatever the engine flags. Measured in node on this project's 2-core machine: 0.4–1.1 ms per
 * 200-message window once the worker's code is warm, 2–4 ms while it is not; 41 stepped windows
 * for 1,000 messages (10 gave 81 and the same levels on every conversation tried: the windows
 * around flagged messages are the ones that matter).
 */
export const WINDOW_STEP = 20;
/**
 * Most windows read for one capture. A conversation where the engine flags nearly every message
 * asks for a window at nearly every start (801 for 1,000 messages, ~1 s in node on a 2-core
 * machine; 150 take 0.2–0.4 s of CPU there), while so many flags already hold most levels high. Past this many, the windows
 * around flagged messages are taken in the order of what they guarantee (see windowStarts), each
 * kind evenly spread over the conversation.
 */
export const MAX_WINDOWS = 150;
/** The analysis item's `method`, for a reader of the export. */
export const ANALYSIS_METHOD = 'Every message is analysed as the page read it: in windows of the conversation\'s ' +
  `${WINDOW} consecutive messages (the engine reads a conversation's newest ${WINDOW}), listed in windows.starts. A message's ` +
  'level is its own; its context_level, and the conversation\'s level, score, stages and escalations, are the highest ' +
  'and earliest any of those windows gave (the page keeps a level once shown). The windows are every ' +
  `${WINDOW_STEP}th start back from the newest, and around each flagged message; at most ${MAX_WINDOWS} (windows.limited when some were left out).`;
/** Work done before letting the worker answer other requests (the page's analyses). */
const SLICE_MS = 12;
const RANK = { none: 0, caution: 1, warning: 2, danger: 3 };
const PLAYBOOK = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];

/** `count` of `list`, evenly spread over it (all of it when it has no more). */
function spread(list, count) {
  if (list.length <= count) return list;
  return Array.from({ length: count }, (_, j) => list[Math.floor((j * list.length) / count)]);
}

/**
 * The first message number (1-based) of each window to read, ascending: `{starts, limited}`.
 * Without `flagged`, the stepped windows; with it (`flagged(n)` → the engine's own verdict of
 * message n, `{signals, incoming}`), the windows around flagged messages too, at most MAX_WINDOWS
 * in all (`limited` when some were left out): first the window ending at each message flagged
 * for a webcam request, a threat or a payment (its context when it arrived), then the window
 * starting right after each flagged message, then the one starting at the incoming message
 * before each webcam request.
 */
export function windowStarts(count, { flagged = null, step = WINDOW_STEP } = {}) {
  const last = Math.max(1, count - WINDOW + 1);
  const starts = new Set(steppedStarts(count, step));
  let limited = false;
  if (flagged) {
    const clip = (s) => Math.min(last, Math.max(1, s));
    const arrived = [];
    const without = [];
    const soon = [];
    let previousIncoming = null;
    for (let n = 1; n <= count; n++) {
      const v = flagged(n);
      if (v && v.signals.length > 0) {
        if (v.signals.some((s) => s.stage === 'trap' || s.stage === 'blackmail' || s.stage === 'payment')) arrived.push(clip(n - WINDOW + 1));
        without.push(clip(n + 1));
        if (previousIncoming !== null && v.signals.some((s) => s.stage === 'trap')) soon.push(clip(previousIncoming));
      }
      if (v?.incoming) previousIncoming = n;
    }
    for (const group of [arrived, without, soon]) {
      const fresh = [...new Set(group)].filter((s) => !starts.has(s));
      const room = MAX_WINDOWS - starts.size;
      if (fresh.length > room) limited = true;
      for (const s of spread(fresh, Math.max(0, room))) starts.add(s);
    }
  }
  return { starts: [...starts].sort((a, b) => a - b), limited };
}

const yieldToWorker = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Reads `messages` ({n, text, …}, numbered from 1 in order) in the windows the page read
 * (windowStarts) with `engine`: each message's own verdict and highest context level, the
 * conversation's highest level and score, each stage and escalation at its earliest message, the
 * windows read, and the rule packs a verdict asked for that the engine does not have.
 */
async function readConversation(messages, options, engine) {
  const input = messages.map((m) => ({ id: String(m.n), text: m.text, direction: m.direction, sender: m.sender, time: m.time ? Date.parse(m.time) : null }));
  const num = (id) => (/^\d+$/.test(String(id)) ? Number(id) : null);
  const got = {
    own: new Map(), // n → the message's own verdict (the same in every window)
    context: new Map(), // n → the highest context level any window gave
    stages: new Map(), // stage → earliest message that reached it
    escalations: new Map(), // kind → {message, explain} at the earliest message
    level: 'none',
    score: 0,
    missingPacks: new Set(),
  };
  const read = new Set();
  let sliceStart = performance.now();
  const readWindows = async (starts) => {
    for (const start of starts) {
      if (read.has(start)) continue;
      read.add(start);
      if (performance.now() - sliceStart > SLICE_MS) {
        await yieldToWorker();
        sliceStart = performance.now();
      }
      const verdict = engine.analyzeConversation({ messages: input.slice(start - 1, start - 1 + WINDOW), options });
      for (const v of verdict.messages ?? []) {
        const n = num(v.id);
        if (!got.own.has(n)) got.own.set(n, { ...v, incoming: v.direction !== 'out' });
        if ((RANK[v.context_level] ?? 0) >= (RANK[got.context.get(n)] ?? 0)) got.context.set(n, v.context_level);
      }
      if ((RANK[verdict.level] ?? 0) > RANK[got.level]) got.level = verdict.level;
      got.score = Math.max(got.score, verdict.score ?? 0);
      for (const s of verdict.stages ?? []) {
        const at = num(s.first_message);
        if (!got.stages.has(s.stage) || at < got.stages.get(s.stage)) got.stages.set(s.stage, at);
      }
      for (const e of verdict.escalations ?? []) {
        const at = num(e.message);
        if (!got.escalations.has(e.kind) || at < got.escalations.get(e.kind).message) got.escalations.set(e.kind, { message: at, explain: e.explain });
      }
      for (const lang of verdict.missing_packs ?? []) got.missingPacks.add(lang);
    }
  };
  // The stepped windows first: they read every message once at least, which says where the
  // engine flags something, so where the other windows go.
  await readWindows(windowStarts(messages.length).starts);
  const { starts, limited } = windowStarts(messages.length, { flagged: (n) => got.own.get(messages[n - 1].n) });
  await readWindows(starts);
  return { ...got, starts, limited };
}

/**
 * The engine's analysis of every captured message, read in the windows the page read
 * (windowStarts): message ids turned back into capture numbers, every explanation sentence in the
 * capture's language. `morePacks(langs)` → an engine with those rule packs too (the background's,
 * which the page's analyses use): a message in a language whose pack the engine has not read
 * would otherwise be recorded lower than the page showed it; packs that still cannot be read are
 * named in `missing_packs`.
 */
export async function analyse(messages, page, engine, morePacks = null) {
  const coverage = { first: messages[0].n, last: messages.at(-1).n };
  if (!engine) {
    // The engine did not load: the messages are still worth keeping; the analysis says why it is empty.
    return { engine: null, unavailable: true, options: page.options, coverage, windows: null,
      level: 'none', score: null, stage: null, stages: [], escalations: [], messages: [], explanations: {} };
  }
  let got = await readConversation(messages, page.options, engine);
  // Twice at most, as background/engine.js analyze: what a message needs does not depend on the
  // packs read, so a second pass only names packs that could not be read.
  for (let pass = 0; pass < 2 && morePacks && got.missingPacks.size > 0; pass++) {
    let next = null;
    try {
      next = await morePacks([...got.missingPacks].sort());
    } catch {
      next = null;
    }
    if (!next || next === engine) break;
    engine = next;
    got = await readConversation(messages, page.options, engine);
  }
  const { own, context, stages, escalations, level, score, starts, limited } = got;

  // Scores to 4 decimals: k/10000 prints the same in every language's JSON (no 1e-05 vs 0.00001),
  // so anyone can recompute the fingerprints with a standard JSON library.
  const rounded = (x) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : null);
  const keys = new Set();
  const furthest = PLAYBOOK.filter((s) => stages.has(s)).at(-1) ?? null;
  const out = {
    engine: typeof engine.version === 'function' ? engine.version() : null,
    options: page.options,
    coverage,
    method: ANALYSIS_METHOD,
    windows: { size: WINDOW, step: WINDOW_STEP, starts, limited },
    // Only when some are missing, so a capture's analysis is the same whichever other packs were read.
    ...(got.missingPacks.size > 0 ? { missing_packs: [...got.missingPacks].sort() } : {}),
    level,
    score: rounded(score),
    stage: furthest,
    stages: [...stages].map(([stage, first]) => ({ stage, first_message: first }))
      .sort((a, b) => a.first_message - b.first_message || PLAYBOOK.indexOf(a.stage) - PLAYBOOK.indexOf(b.stage)),
    escalations: [...escalations].map(([kind, e]) => {
      keys.add(e.explain);
      return { kind, message: e.message, explain: e.explain };
    }).sort((a, b) => a.message - b.message),
    messages: messages.map((m) => {
      const v = own.get(m.n);
      return {
        n: m.n,
        level: v.level,
        context_level: context.get(m.n),
        score: rounded(v.score),
        stage: v.stage ?? null,
        signals: (v.signals ?? []).map((s) => {
          keys.add(s.explain);
          return { rule: s.rule, stage: s.stage, start: s.start, end: s.end, text: s.text, explain: s.explain };
        }),
        prevention: v.prevention === true,
        truncated: v.truncated === true,
      };
    }),
    explanations: {},
  };
  for (const k of keys) if (typeof k === 'string' && k) out.explanations[k] = engine.explanation(k, page.lang);
  return out;
}

/** A random capture id (UUID v4). */
export function newId() {
  return crypto.randomUUID();
}

/**
 * The immutable capture record and its list summary. `engine`: the WebAssembly engine, or null when
 * it could not load (the capture is kept anyway, without analysis); `morePacks`: see analyse. `screenshot`: {status, type?, bytes?};
 * `software`: {extension, browser}; `now`: the capture time (ms).
 */
export async function buildCapture({ payload, engine, morePacks = null, screenshot = { status: 'none' }, software = {}, now = Date.now(), id = newId(), timeZone = null }) {
  const { messages, page } = cleanPayload(payload);
  const capturedAt = new Date(now).toISOString();
  const analysis = await analyse(messages, page, engine, morePacks);
  const identifiers = collectIdentifiers(messages, page, engine ? (text) => engine.identifiers(text) : () => []);
  const shot = screenshot.bytes instanceof Uint8Array && screenshot.bytes.length > 0 ? { type: screenshot.type ?? 'image/png', bytes: screenshot.bytes } : null;
  const context = {
    capturedAt,
    timeZone: typeof timeZone === 'string' ? timeZone : null,
    source: page.source,
    site: { id: page.site, adapter: page.adapter, name: page.siteName, kind: page.kind, platform: page.platform },
    url: page.url,
    thread: page.thread,
    title: page.title,
    pageTitle: page.pageTitle,
    profile: page.profile,
    lang: page.lang,
    options: page.options,
    viewport: page.viewport,
    screenshot: shot ? 'saved' : (screenshot.status ?? 'none'),
    software: { extension: str(software.extension, 40), engine: analysis.engine, browser: str(software.browser, 400) },
  };
  const items = normalizeJson({ context, messages, identifiers, analysis });
  const manifestItems = [];
  for (const name of ['context', 'messages', 'identifiers', 'analysis']) {
    const text = canonicalJson(items[name]);
    manifestItems.push({ name, type: 'application/json', sha256: await sha256Hex(text), size: utf8(text).length });
  }
  if (shot) manifestItems.push({ name: 'screenshot', type: shot.type, sha256: await sha256Hex(shot.bytes), size: shot.bytes.length });
  const manifest = { format: FORMAT, id, capturedAt, items: manifestItems };
  const record = { id, format: FORMAT, capturedAt, items, screenshot: shot, manifest, sha256: await sha256Hex(canonicalJson(manifest)) };
  return { record, summary: summarize(record) };
}

/** What the options page lists (no message text, no image). */
export function summarize(record) {
  const { context, messages, analysis } = record.items;
  const incoming = messages.filter((m) => m.direction !== 'out');
  const sender = incoming.find((m) => m.sender)?.sender ?? null;
  // A chat's title is the other person; an e-mail's is its subject.
  const peer = (context.site?.kind === 'email' ? sender ?? context.title : context.title ?? sender) ?? null;
  return {
    id: record.id,
    capturedAt: record.capturedAt,
    site: context.site?.id ?? null,
    siteName: context.site?.name ?? context.site?.id ?? null,
    kind: context.site?.kind ?? null,
    peer,
    url: context.url,
    messages: messages.length,
    incoming: incoming.length,
    level: analysis.level,
    stage: analysis.stage,
    screenshot: Boolean(record.screenshot),
    sha256: record.sha256,
  };
}

/**
 * Checks a stored record again: recomputes every item's SHA-256 and the manifest's. Returns
 * {ok, items: {name: true|false}, whole: true|false}.
 */
export async function verifyRecord(record) {
  const items = {};
  for (const entry of record.manifest.items) {
    let actual = null;
    if (entry.name === 'screenshot') actual = record.screenshot ? await sha256Hex(record.screenshot.bytes) : null;
    else if (record.items[entry.name] !== undefined) actual = await sha256Hex(canonicalJson(record.items[entry.name]));
    items[entry.name] = actual === entry.sha256;
  }
  const whole = (await sha256Hex(canonicalJson(record.manifest))) === record.sha256 && record.manifest.id === record.id;
  return { ok: whole && Object.values(items).every(Boolean), items, whole };
}

/** An addendum: text added to a capture later (the e-mail's full headers), with its own fingerprint. */
export async function buildAddendum({ captureId, captureSha256, kind = 'headers', text, now = Date.now(), id = newId() }) {
  const body = typeof text === 'string' ? text.replace(/\r\n?/g, '\n') : '';
  if (!body.trim()) throw new Error('empty');
  if (body.length > 500000) throw new Error('too-long');
  const addedAt = new Date(now).toISOString();
  const contentSha256 = await sha256Hex(body);
  const manifest = { format: FORMAT, id, capture: captureId, captureSha256, kind, addedAt, sha256: contentSha256, size: utf8(body).length };
  return { id, captureId, kind, addedAt, text: body, manifest, sha256: await sha256Hex(canonicalJson(manifest)) };
}

export async function verifyAddendum(a) {
  const content = (await sha256Hex(a.text)) === a.manifest.sha256;
  const whole = (await sha256Hex(canonicalJson(a.manifest))) === a.sha256;
  return { ok: content && whole, content, whole };
}
