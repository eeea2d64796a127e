// The UI languages, in one file with no imports so that every context can use it: the evidence
// modules and their Node tests cannot import i18n.js (its string tables are generated at build time).
// Adding a language: its `_locales/<lang>/messages.json`, its table in `pages/strings.json`,
// `guidance/advice/<lang>.json`, and a date locale here.

export const UI_LANGS = Object.freeze(['fr', 'en', 'es']);

// Dates are written the way readers of each language expect (en-GB: day before month, as most
// English-speaking countries outside the US do; es-ES reads naturally across Latin America too).
const DATE_LOCALES = Object.freeze({ fr: 'fr-FR', en: 'en-GB', es: 'es-ES' });

/** The BCP 47 locale for formatting dates in UI language `lang` (en-GB otherwise). */
export function dateLocale(lang) {
  return DATE_LOCALES[lang] ?? DATE_LOCALES.en;
}
