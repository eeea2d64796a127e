// The settings: schema, defaults, repair and migration, load/save/update. Every context (content
// script, background, pages) reads settings through this file, so an old, partial or corrupted
// stored value is repaired the same way everywhere and never breaks a page.
//
// Stored in `storage.local` under `settings` (see extension/README.md for the schema). Nothing here
// ever leaves the browser.

import { api } from './browser.js';
import { UI_LANGS } from './langs.js';

export const SETTINGS_KEY = 'settings';
/** Set when stored settings had to be repaired or reset, so the popup can say so once. */
export const NOTICE_KEY = 'settingsNotice';
export const SCHEMA = 1;

export const LANGS = Object.freeze(['auto', ...UI_LANGS]);
export const SENSITIVITIES = Object.freeze(['low', 'normal', 'high']);
/** Caps that keep storage bounded whatever happens (oldest entries go first). */
export const MAX_DISMISSED = 2000;
export const MAX_TRUSTED = 500;
export const MAX_GENERIC = 100;

export function defaults() {
  return {
    schema: SCHEMA,
    lang: 'auto',
    country: 'auto',
    sensitivity: 'normal',
    minorMode: false,
    pinHash: null,
    pinSalt: null,
    pausedSites: [],
    genericSites: [],
    trustedContacts: [],
    dismissed: [],
  };
}

const isStr = (v, max = 2000) => typeof v === 'string' && v.length > 0 && v.length <= max;
const isHex = (v) => typeof v === 'string' && /^[0-9a-f]{8,128}$/i.test(v);

/** `https://host[:port]` for a user-entered site, or null. Only https pages can be watched. */
export function normalizeOrigin(value) {
  try {
    const u = new URL(String(value).includes('://') ? String(value) : `https://${value}`);
    if (u.protocol !== 'https:' || !u.hostname.includes('.')) return null;
    return u.origin;
  } catch {
    return null;
  }
}

/**
 * Repairs any stored value into valid settings. Returns `{settings, repaired}` where `repaired`
 * lists the fields that were missing or invalid (`["*"]` when the whole value was unusable).
 * Unknown fields are dropped; lists are de-duplicated and capped.
 */
export function normalizeSettings(raw) {
  const d = defaults();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { settings: d, repaired: raw === undefined ? [] : ['*'], newer: false };
  const s = migrate(raw);
  const repaired = [];
  const pick = (key, ok, fallback = d[key]) => {
    if (s[key] === undefined) return fallback;
    if (ok(s[key])) return s[key];
    repaired.push(key);
    return fallback;
  };
  const list = (key, item, max, keyOf) => {
    const v = s[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      repaired.push(key);
      return [];
    }
    const seen = new Set();
    const out = [];
    for (const x of v) {
      const fixed = item(x);
      if (fixed === null) continue;
      const k = keyOf(fixed);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(fixed);
    }
    if (out.length !== v.length) repaired.push(key);
    return out.slice(-max);
  };
  const settings = {
    schema: SCHEMA,
    lang: pick('lang', (v) => LANGS.includes(v)),
    country: pick('country', (v) => v === 'auto' || (typeof v === 'string' && /^[A-Z]{2}$/.test(v))),
    sensitivity: pick('sensitivity', (v) => SENSITIVITIES.includes(v)),
    minorMode: pick('minorMode', (v) => typeof v === 'boolean'),
    pinHash: pick('pinHash', (v) => v === null || isHex(v)),
    pinSalt: pick('pinSalt', (v) => v === null || isHex(v)),
    pausedSites: list('pausedSites', (x) => (isStr(x, 64) ? x : null), 200, (x) => x),
    genericSites: list('genericSites', (x) => normalizeOrigin(x), MAX_GENERIC, (x) => x),
    trustedContacts: list(
      'trustedContacts',
      (x) => (x && isStr(x.site, 64) && isStr(x.sender) ? { site: x.site, thread: isStr(x.thread) ? x.thread : null, sender: x.sender } : null),
      MAX_TRUSTED,
      (x) => `${x.site}\u0000${x.thread}\u0000${x.sender}`,
    ),
    dismissed: list(
      'dismissed',
      (x) => (x && isStr(x.site, 64) && isStr(x.messageKey) ? { site: x.site, thread: isStr(x.thread) ? x.thread : null, messageKey: x.messageKey, at: Number.isFinite(x.at) ? x.at : 0 } : null),
      MAX_DISMISSED,
      (x) => `${x.site}\u0000${x.thread}\u0000${x.messageKey}`,
    ),
  };
  // A PIN needs both halves; half a PIN is no PIN (never a lock the parent cannot open).
  if (!settings.pinHash !== !settings.pinSalt) {
    settings.pinHash = null;
    settings.pinSalt = null;
    repaired.push('pinHash');
  }
  return { settings, repaired, newer: schemaOf(raw) > SCHEMA };
}

/**
 * The schema changes, in order: `MIGRATIONS[n]` turns a schema-n value into a schema-(n+1) one,
 * so a user's settings, PIN and dismissals survive every update whatever version they come from.
 * Schema 0 is a value without a version (written before settings had one): same fields as 1. A
 * new schema adds one step here, bumps SCHEMA, and a unit test from the old shape to the new.
 */
export const MIGRATIONS = Object.freeze([
  (s) => s, // 0 → 1: nothing to change
]);

/** The schema a stored value says it has: a whole number ≥ 0, else 0 (no usable version). */
export function schemaOf(raw) {
  return Number.isInteger(raw?.schema) && raw.schema >= 0 ? raw.schema : 0;
}

/**
 * Brings an older value up to the current schema, one step at a time (a copy; the argument is
 * not changed). A value from a newer schema (Vigie was downgraded) is returned as it is: its
 * fields are read as far as this version understands them, and loadSettings does not write it
 * back, so going back to the newer version loses nothing.
 */
export function migrate(raw) {
  let version = schemaOf(raw);
  if (version > SCHEMA) return { ...raw };
  let s = { ...raw };
  for (; version < SCHEMA; version++) s = MIGRATIONS[version]({ ...s });
  return { ...s, schema: SCHEMA };
}

/** The current settings (repaired; a repair is saved and noted for the popup). */
export async function loadSettings() {
  let raw;
  try {
    raw = (await api.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch {
    return defaults();
  }
  const { settings, repaired, newer } = normalizeSettings(raw);
  // (A newer schema's value is used as far as it is understood, never overwritten: see migrate.)
  if (repaired.length > 0 && !newer) {
    try {
      await api.storage.local.set({ [SETTINGS_KEY]: settings, [NOTICE_KEY]: { repaired, at: Date.now() } });
    } catch {
      // Storage full or unavailable: use the repaired value in memory.
    }
  }
  return settings;
}

/** Saves settings (repaired first). Resolves to what was stored. */
export async function saveSettings(next) {
  const { settings } = normalizeSettings(next);
  await api.storage.local.set({ [SETTINGS_KEY]: settings });
  return settings;
}

/** Applies `change(settings) → partial settings` to the freshest stored value and saves it. */
export async function updateSettings(change) {
  const current = await loadSettings();
  const patch = typeof change === 'function' ? change(current) : change;
  return saveSettings({ ...current, ...patch });
}

/** Calls `callback(settings)` whenever the stored settings change, from any context. */
export function onSettingsChanged(callback) {
  const listener = (changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) callback(normalizeSettings(changes[SETTINGS_KEY].newValue).settings);
  };
  api.storage.onChanged.addListener(listener);
  return () => api.storage.onChanged.removeListener(listener);
}

// ---- Questions the content script asks of the settings.

export function isPaused(settings, site) {
  return settings.pausedSites.includes(site);
}

export function isDismissed(settings, site, thread, messageKey) {
  return settings.dismissed.some((d) => d.site === site && d.messageKey === messageKey && (d.thread === null || d.thread === thread));
}

export function isTrusted(settings, site, thread, sender) {
  if (!sender) return false;
  return settings.trustedContacts.some((c) => c.site === site && c.sender === sender && (c.thread === null || c.thread === thread));
}
