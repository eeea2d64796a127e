// The engine host: loads the WebAssembly package once per worker start and keeps one Engine for
// every request. Requests are independent (the content script sends the thread's recent messages
// each time), so a worker stopped by the browser and started again loses nothing.

import init, { Engine } from '../pkg/vigie.js';
import { api } from '../shared/browser.js';
import { UI_LANGS } from '../shared/i18n.js';
import { MAX_TEXT_CHARS, MAX_THREAD_MESSAGES } from '../shared/protocol.js';

const DIRECTIONS = new Set(['in', 'out', 'unknown']);
const SENSITIVITIES = new Set(['low', 'normal', 'high']);
/** After a failed load, wait this long before trying again (a broken package stays broken). */
const RETRY_MS = 30000;

let loading = null;
let failedAt = 0;
const status = { ok: false, version: null, error: null, loadMs: null };

/** The engine, loading it on first use. Rejects with a readable error if the module cannot load. */
export function engine() {
  if (loading) return loading;
  if (failedAt && Date.now() - failedAt < RETRY_MS) return Promise.reject(new Error(status.error));
  const started = performance.now();
  loading = init({ module_or_path: api.runtime.getURL('pkg/vigie_bg.wasm') })
    .then(() => {
      const e = new Engine();
      Object.assign(status, { ok: true, version: e.version(), error: null, loadMs: Math.round(performance.now() - started) });
      failedAt = 0;
      return e;
    })
    .catch((err) => {
      Object.assign(status, { ok: false, error: `engine failed to load: ${err?.message ?? err}` });
      failedAt = Date.now();
      loading = null;
      throw new Error(status.error);
    });
  return loading;
}

export function engineStatus() {
  return { ...status };
}

/** Keeps only well-formed fields, within the caps: page text is untrusted input. */
export function cleanMessages(list) {
  if (!Array.isArray(list)) throw new Error('messages must be a list');
  return list.slice(-MAX_THREAD_MESSAGES).map((m, i) => ({
    id: typeof m?.id === 'string' && m.id ? m.id.slice(0, 300) : String(i),
    text: typeof m?.text === 'string' ? m.text.slice(0, MAX_TEXT_CHARS) : '',
    direction: DIRECTIONS.has(m?.direction) ? m.direction : 'unknown',
    sender: typeof m?.sender === 'string' ? m.sender.slice(0, 300) : null,
    time: Number.isFinite(m?.time) ? m.time : null,
  }));
}

export function cleanOptions(o) {
  return {
    sensitivity: SENSITIVITIES.has(o?.sensitivity) ? o.sensitivity : 'normal',
    minorMode: o?.minorMode === true,
  };
}

/**
 * `{messages, options, lang}` → the engine's conversation verdict, plus `explanations`: the
 * sentence for every explanation key in it, in `lang`, so the overlay needs no second round trip.
 */
export async function analyze({ messages, options, lang }) {
  const e = await engine();
  const verdict = e.analyzeConversation({ messages: cleanMessages(messages), options: cleanOptions(options) });
  if (UI_LANGS.includes(lang)) {
    const keys = new Set();
    for (const m of verdict.messages) for (const s of m.signals) keys.add(s.explain);
    for (const x of verdict.escalations) keys.add(x.explain);
    verdict.explanations = explain(e, [...keys], lang);
  }
  return verdict;
}

export function explain(e, keys, lang) {
  const out = {};
  // The engine falls back to English for a key that has no sentence in `lang` yet.
  const l = UI_LANGS.includes(lang) ? lang : 'en';
  for (const k of keys) if (typeof k === 'string' && k) out[k] = e.explanation(k, l);
  return out;
}
