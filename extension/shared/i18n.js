// The UI language and the strings of the content script and background, from `_locales/<lang>/
// messages.json`. `chrome.i18n` only follows the browser's language; Vigie lets the user choose in
// its options, so build.mjs copies every table into `locales.generated.js` and `t()` reads them.
// Placeholders are `{name}`, filled from `vars` (text only: the caller puts it in textContent).

// Read when a string is asked for, not when this module loads: in the content script the tables
// come in a file that runs after the first request has left (build.mjs contentLocales).
import * as locales from './locales.generated.js';
import { UI_LANGS as LANGS, dateLocale as localeFor } from './langs.js';

export const UI_LANGS = LANGS;
export const dateLocale = localeFor;

/** The `lang` setting when it names a language, else the browser's first UI language, else en. */
export function resolveLang(setting, browserLangs = globalThis.navigator?.languages ?? [globalThis.navigator?.language]) {
  if (UI_LANGS.includes(setting)) return setting;
  for (const tag of browserLangs ?? []) {
    const base = String(tag ?? '').toLowerCase().split(/[-_]/)[0];
    if (UI_LANGS.includes(base)) return base;
  }
  return 'en';
}

/** The string `key` in `lang` (English when missing there; the key itself when missing everywhere). */
export function t(lang, key, vars = {}) {
  const messages = locales.MESSAGES;
  const text = messages[lang]?.[key] ?? messages.en?.[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}
