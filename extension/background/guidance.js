// Where to report, for the overlay's "Report" panel: a few entries of guidance/contacts.json for
// the user's country, and the current platform's report page. The file is part of the extension
// (read with an extension URL, never from the network).

import { api } from '../shared/browser.js';
import { resolveCountry, telHref } from '../shared/contacts.js';
import { UI_LANGS } from '../shared/i18n.js';

let contacts = null;

async function load() {
  contacts ??= fetch(api.runtime.getURL('guidance/contacts.json')).then((r) => {
    if (!r.ok) throw new Error(`contacts.json: ${r.status}`);
    return r.json();
  });
  try {
    return await contacts;
  } catch (e) {
    contacts = null;
    throw e;
  }
}

const KIND_ORDER = ['police_complaint', 'report_platform', 'helpline', 'victim_support', 'removal'];

/** The first sentence: the overlay has little room; the advice page shows the whole entry. */
function firstSentence(text) {
  if (typeof text !== 'string') return null;
  const m = /^.+?[.!?](?=\s|$)/su.exec(text);
  return (m ? m[0] : text).trim();
}

/** `{country, site, lang, minor}` → `{ok, country, countryName, entries, platform}`. */
export async function reportLinks({ country, site, lang, minor }) {
  const data = await load();
  const l = UI_LANGS.includes(lang) ? lang : 'en';
  const code = resolveCountry(data, [country]);
  const c = code ? data.countries[code] : null;
  const audience = (e) => e.audience === 'all' || e.audience === (minor ? 'minors' : 'adults');
  const entries = (c?.entries ?? data.international ?? [])
    .filter(audience)
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
    .slice(0, 4)
    .map((e) => ({ id: e.id, name: e.name, kind: e.kind, url: e.url, phone: e.phone ?? null, tel: telHref(e.phone), description: firstSentence(e.description?.[l] ?? e.description?.en) }));
  const p = typeof site === 'string' ? data.platforms?.[site] : null;
  return {
    ok: true,
    country: code,
    countryName: c ? c.name?.[l] ?? c.name?.en ?? code : null,
    entries,
    platform: p ? { name: p.name, url: p.url } : null,
  };
}
