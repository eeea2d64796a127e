// Choosing and dialling entries of the report directory (guidance/contacts.json): which country's
// contacts to show, and a tel: link for a phone text. The background (the overlay's "Report" panel)
// and the extension pages (popup, options, advice, evidence report) must agree on both, so they
// live here once.

// Browser languages without a region that point to one country of the directory. English does
// not: it could be any of six countries, so the pages ask.
const LANG_COUNTRY = { fr: 'FR', de: 'DE', es: 'ES', it: 'IT', nl: 'NL', pt: 'PT' };

function browserLanguages() {
  const nav = globalThis.navigator;
  return nav?.languages?.length ? nav.languages : [nav?.language].filter(Boolean);
}

/**
 * The language and region of a locale tag ("pt-BR", "zh_Hant_TW", "es-419"), or null. The region is
 * the first subtag after the language and an optional script that is two letters or three digits;
 * null when the tag names none.
 */
export function localeParts(tag) {
  const parts = String(tag ?? '').split(/[-_]/);
  const lang = parts[0].toLowerCase();
  if (!/^[a-z]{2,3}$/.test(lang)) return null;
  let i = 1;
  if (/^[a-z]{4}$/i.test(parts[i] ?? '')) i += 1;
  const region = /^([a-z]{2}|\d{3})$/i.test(parts[i] ?? '') ? parts[i].toUpperCase() : null;
  return { lang, region };
}

/**
 * The country whose contacts to show: the first explicit choice the directory has (`choices` in
 * order of precedence, e.g. the URL then the `country` setting; "auto" is no choice), else the
 * region of the first browser locale the directory has (fr-CA → CA), else a language without region
 * that means one country (fr → FR), else null (the caller asks or shows the international entries).
 *
 * A locale whose region the directory lacks (fr-SN, pt-AO, es-419) never falls back to its
 * language: a reader in Senegal must not be shown the French police. Nor does a plain tag of that
 * same language ("fr-SN, fr" is how browsers list a Senegalese French locale).
 */
export function resolveCountry(contacts, choices = [], browserLangs = browserLanguages()) {
  const countries = contacts?.countries ?? {};
  const known = (code) => typeof code === 'string' && code !== '' && Object.hasOwn(countries, code.toUpperCase());
  for (const choice of choices) {
    if (choice !== 'auto' && known(choice)) return choice.toUpperCase();
  }
  const tags = (browserLangs ?? []).map(localeParts).filter(Boolean);
  for (const { region } of tags) {
    if (region && known(region)) return region;
  }
  const elsewhere = new Set(tags.filter((t) => t.region).map((t) => t.lang));
  for (const { lang, region } of tags) {
    if (region || elsewhere.has(lang)) continue;
    const code = LANG_COUNTRY[lang];
    if (known(code)) return code;
  }
  return null;
}

/**
 * A tel: link for a phone text, or null when it holds no plain dialable number. What is in
 * parentheses is tried first: the directory writes the dialable form there when the number is
 * given in letters ("1-800-THE-LOST (1-800-843-5678)").
 */
export function telHref(phone) {
  if (!phone) return null;
  const text = String(phone);
  const candidates = [text, ...(text.match(/\(([^)]*)\)/g) ?? []).map((s) => s.slice(1, -1))];
  for (const candidate of candidates.reverse()) {
    const digits = candidate.replace(/[\s.\-()]/g, '');
    if (/^\+?\d{2,15}$/.test(digits)) return `tel:${digits}`;
  }
  return null;
}
