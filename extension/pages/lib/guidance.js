// Reads the bundled guidance data (guidance/ at the root of the built extension: see
// extension/build.mjs). Nothing is fetched from the network: these are extension URLs.

const root = new URL('../../', import.meta.url);
const cache = new Map();

function load(path) {
  if (!cache.has(path)) {
    cache.set(path, fetch(new URL(path, root)).then((r) => {
      if (!r.ok) throw new Error(`${path}: ${r.status}`);
      return r.json();
    }));
  }
  return cache.get(path);
}

import { UI_LANGS } from '../../shared/langs.js';

export const loadAdvice = (lang) => load(`guidance/advice/${UI_LANGS.includes(lang) ? lang : 'en'}.json`);
export const loadContacts = () => load('guidance/contacts.json');

// Browser languages without a region that point to one country of the directory. English does
// not: it could be any of six countries, so the page asks.
const LANG_COUNTRY = { fr: 'FR', de: 'DE', es: 'ES', it: 'IT', nl: 'NL', pt: 'PT' };

/**
 * The country whose contacts to show: an explicit choice (URL, then the `country` setting) when the
 * directory has it, else the region of the first browser locale the directory has (fr-CA → CA),
 * else a language that means one country (fr → FR), else null (the page asks).
 */
export function resolveCountry(contacts, choices = [], browserLangs = navigator.languages ?? [navigator.language]) {
  const known = (code) => code && Object.hasOwn(contacts.countries, code.toUpperCase());
  for (const choice of choices) {
    if (choice && choice !== 'auto' && known(choice)) return choice.toUpperCase();
  }
  for (const tag of browserLangs ?? []) {
    const region = String(tag).split(/[-_]/)[1];
    if (region && known(region)) return region.toUpperCase();
  }
  for (const tag of browserLangs ?? []) {
    const c = LANG_COUNTRY[String(tag).toLowerCase().split(/[-_]/)[0]];
    if (known(c)) return c;
  }
  return null;
}

/** Countries of the directory as [code, localized name], sorted by name. */
export function countryList(contacts, lang) {
  return Object.entries(contacts.countries)
    .map(([code, c]) => [code, c.name[lang] ?? c.name.en ?? code])
    .sort((a, b) => a[1].localeCompare(b[1], lang));
}

/** A tel: link for a phone text, or null when the text is not a plain dialable number. */
export function telHref(phone) {
  if (!phone) return null;
  const candidates = [String(phone), ...(String(phone).match(/\(([^)]*)\)/g) ?? []).map((s) => s.slice(1, -1))];
  for (const c of candidates.reverse()) {
    const digits = c.replace(/[\s.\-()]/g, '');
    if (/^\+?\d{2,15}$/.test(digits)) return `tel:${digits}`;
  }
  return null;
}

/** Phone contacts of a country: the emergency number first, then entries that have a phone. */
export function phoneContacts(contacts, code) {
  const country = contacts.countries[code];
  if (!country) return [];
  return country.entries.filter((e) => e.phone);
}
