// The engine host: loads the WebAssembly package once per worker start and keeps one Engine for
// every request. Requests are independent (the content script sends the thread's recent messages
// each time), so a worker stopped by the browser and started again loses nothing.
//
// The module carries the English and French rule packs; the other languages' packs are files of
// the package (pkg/packs/<lang>.pack), read when a verdict says a message needs one
// (`missing_packs`): the engine is then built again with it and the request analysed again, so
// the answer is what the engine with every pack would say. The browser's own languages are read
// at start. Nothing leaves the browser: the files are the extension's own.

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
const status = { ok: false, version: null, error: null, loadMs: null, packs: [], packError: null };
/** lang → the pack file's bytes, for every pack read so far. */
const packs = new Map();
/** Packs that could not be read: not asked for again until the worker restarts. */
const unreadable = new Set();

/** The languages of the browser that have a pack (`es` for `es-MX`), read with the engine. */
function browserLangs() {
  const langs = globalThis.navigator?.languages ?? [];
  return [...new Set(langs.map((l) => String(l).toLowerCase().split('-')[0]))];
}

/** Reads the pack files of `langs` not read yet; a file that cannot be read is left out. */
async function readPacks(langs) {
  await Promise.all(
    langs
      .filter((l) => /^[a-z]{2,8}$/.test(l) && !packs.has(l) && !unreadable.has(l))
      .map(async (lang) => {
        try {
          const response = await fetch(api.runtime.getURL(`pkg/packs/${lang}.pack`));
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          packs.set(lang, new Uint8Array(await response.arrayBuffer()));
        } catch (err) {
          unreadable.add(lang);
          status.packError = `${lang} rule pack: ${err?.message ?? err}`;
        }
      }),
  );
}

/** An engine with every pack read so far (a pack the engine refuses is dropped). */
function build() {
  try {
    return new Engine([...packs.values()]);
  } catch (err) {
    status.packError = `rule packs refused: ${err?.message ?? err}`;
    for (const lang of packs.keys()) unreadable.add(lang);
    packs.clear();
    return new Engine();
  }
}

function settle(e) {
  status.packs = e.languages();
  return e;
}

/** The engine, loading it on first use. Rejects with a readable error if the module cannot load. */
export function engine() {
  if (loading) return loading;
  if (failedAt && Date.now() - failedAt < RETRY_MS) return Promise.reject(new Error(status.error));
  const started = performance.now();
  loading = init({ module_or_path: api.runtime.getURL('pkg/vigie_bg.wasm') })
    .then(async () => {
      const files = Engine.packLanguages().filter((l) => !Engine.compiledLanguages().includes(l));
      const wanted = browserLangs().filter((l) => files.includes(l));
      await readPacks(wanted);
      const e = settle(build());
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

/**
 * The engine with the packs of `langs` too, one rebuild at a time. The previous engine is not
 * freed here: a request may still hold it; the bindings free it once it is unreachable.
 */
function withPacks(langs) {
  loading = loading.then(async (previous) => {
    await readPacks(langs);
    if (langs.every((l) => !packs.has(l) || previous.languages().includes(l))) return previous;
    return settle(build());
  });
  return loading;
}

/**
 * The engine with the rule packs of `langs` too, for a caller that analyses outside `analyze`
 * (the evidence capture, background/evidence.js), once `engine()` has loaded.
 */
export function engineWithPacks(langs) {
  if (!loading) return engine();
  return withPacks(langs.filter((l) => typeof l === 'string' && !unreadable.has(l)));
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
  const request = { messages: cleanMessages(messages), options: cleanOptions(options) };
  let e = await engine();
  let verdict = e.analyzeConversation(request);
  // A message in a language whose pack is not read yet: read it, and analyse again. (Twice at
  // most: the needs of a message do not depend on the packs read, so a second pass only names
  // packs that could not be read.)
  for (let pass = 0; pass < 2 && verdict.missing_packs?.some((l) => !unreadable.has(l)); pass++) {
    e = await withPacks(verdict.missing_packs);
    verdict = e.analyzeConversation(request);
  }
  delete verdict.missing_packs;
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
