// Page strings (pages/strings.json, one table per UI language) and the language choice for the extension pages.
// The advice texts themselves are not here: they come from guidance/advice/<lang>.json.

import { resolveLang, dateLocale, UI_LANGS as LANGS } from '../../shared/i18n.js';
let table = {};
let current = 'en';

export { resolveLang };

export async function loadStrings(lang) {
  const all = await fetch(new URL('../strings.json', import.meta.url)).then((r) => r.json());
  current = LANGS.includes(lang) ? lang : 'en';
  table = { ...all.en, ...all[current] };
  document.documentElement.lang = current;
  return current;
}

export function lang() {
  return current;
}

/**
 * The string for `key`, with `{name}` placeholders filled from `vars`. When `vars.count` is a
 * number and `key.one`/`key.other` exist, the plural form is chosen with Intl.PluralRules.
 */
export function t(key, vars = {}) {
  let text = table[key];
  if (typeof vars.count === 'number' && table[`${key}.other`] !== undefined) {
    const form = new Intl.PluralRules(current).select(vars.count);
    text = table[`${key}.${form}`] ?? table[`${key}.other`];
  }
  if (text === undefined) {
    console.warn(`vigie pages: missing string ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

/**
 * Fills static markup: `data-i18n="key"` sets textContent; `data-i18n-attr="attr:key;attr:key"`
 * sets attributes (aria-label, title, placeholder…).
 */
export function applyStrings(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':').map((s) => s.trim());
      if (attr && key) el.setAttribute(attr, t(key));
    }
  }
}

/** A date (YYYY-MM-DD or ms) in the UI language. */
export function formatDate(value) {
  const d = typeof value === 'number' ? new Date(value) : new Date(`${value}T12:00:00`);
  if (Number.isNaN(d.getTime())) return String(value);
  return d.toLocaleDateString(dateLocale(current), { year: 'numeric', month: 'long', day: 'numeric' });
}
