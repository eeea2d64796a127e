// Reads the bundled guidance data (guidance/ at the root of the built extension: see
// extension/build.mjs). Nothing is fetched from the network: these are extension URLs.
// Choosing the country and dialling are shared with the background: shared/contacts.js.

export { resolveCountry, telHref } from '../../shared/contacts.js';

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

/** Countries of the directory as [code, localized name], sorted by name. */
export function countryList(contacts, lang) {
  return Object.entries(contacts.countries)
    .map(([code, c]) => [code, c.name[lang] ?? c.name.en ?? code])
    .sort((a, b) => a[1].localeCompare(b[1], lang));
}

/** Phone contacts of a country: the emergency number first, then entries that have a phone. */
export function phoneContacts(contacts, code) {
  const country = contacts.countries[code];
  if (!country) return [];
  return country.entries.filter((e) => e.phone);
}
