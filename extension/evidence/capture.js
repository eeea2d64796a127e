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

export const FORMAT = 'vigie-evidence/1';
/** Most messages kept in one capture (the content script remembers up to 600 per thread). */
export const MAX_MESSAGES = 1000;
/** The engine reads a conversation's newest 200 messages (shared/protocol.js MAX_THREAD_MESSAGES). */
export const MAX_ANALYSED = 200;
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
 * The engine's analysis of the captured messages (the newest 200, as on the page), with message
 * ids turned back into capture numbers and every explanation sentence in the capture's language.
 */
export function analyse(messages, page, engine) {
  const analysed = messages.slice(-MAX_ANALYSED);
  if (!engine) {
    // The engine did not load: the messages are still worth keeping; the analysis says why it is empty.
    return { engine: null, unavailable: true, options: page.options, coverage: { first: analysed[0].n, last: analysed.at(-1).n },
      level: 'none', score: null, stage: null, stages: [], escalations: [], messages: [], explanations: {} };
  }
  const verdict = engine.analyzeConversation({
    messages: analysed.map((m) => ({ id: String(m.n), text: m.text, direction: m.direction, sender: m.sender, time: m.time ? Date.parse(m.time) : null })),
    options: page.options,
  });
  const num = (id) => (/^\d+$/.test(String(id)) ? Number(id) : null);
  // Scores to 4 decimals: k/10000 prints the same in every language's JSON (no 1e-05 vs 0.00001),
  // so anyone can recompute the fingerprints with a standard JSON library.
  const score = (x) => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : null);
  const keys = new Set();
  const out = {
    engine: typeof engine.version === 'function' ? engine.version() : null,
    options: page.options,
    coverage: { first: analysed[0].n, last: analysed.at(-1).n },
    level: verdict.level,
    score: score(verdict.score),
    stage: verdict.stage ?? null,
    stages: (verdict.stages ?? []).map((s) => ({ stage: s.stage, first_message: num(s.first_message) })),
    escalations: (verdict.escalations ?? []).map((e) => {
      keys.add(e.explain);
      return { kind: e.kind, message: num(e.message), explain: e.explain };
    }),
    messages: (verdict.messages ?? []).map((v) => ({
      n: num(v.id),
      level: v.level,
      context_level: v.context_level,
      score: score(v.score),
      stage: v.stage ?? null,
      signals: (v.signals ?? []).map((s) => {
        keys.add(s.explain);
        return { rule: s.rule, stage: s.stage, start: s.start, end: s.end, text: s.text, explain: s.explain };
      }),
      prevention: v.prevention === true,
      truncated: v.truncated === true,
    })),
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
 * it could not load (the capture is kept anyway, without analysis). `screenshot`: {status, type?, bytes?};
 * `software`: {extension, browser}; `now`: the capture time (ms).
 */
export async function buildCapture({ payload, engine, screenshot = { status: 'none' }, software = {}, now = Date.now(), id = newId(), timeZone = null }) {
  const { messages, page } = cleanPayload(payload);
  const capturedAt = new Date(now).toISOString();
  const analysis = analyse(messages, page, engine);
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
