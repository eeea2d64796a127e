// Report directory: rendered per country from guidance/contacts.json (the extension's file too).
// The country comes from ?country=, else the visitor's earlier choice, else the browser's locale.
import { el, t, onLang, loadContacts, showLoadError } from './site.js';

const select = document.getElementById('country');
const directory = document.getElementById('directory');
const verified = document.getElementById('verified');
const LANG_COUNTRY = { fr: 'FR', de: 'DE', es: 'ES', it: 'IT', nl: 'NL', pt: 'PT' };

let contacts = null;
let country = null;

function initialCountry() {
  const known = (c) => c && Object.hasOwn(contacts.countries, c.toUpperCase()) && c.toUpperCase();
  const q = new URLSearchParams(location.search).get('country');
  if (known(q)) return known(q);
  let saved = null;
  try {
    saved = localStorage.getItem('vigie-country');
  } catch {
    // storage blocked
  }
  if (known(saved)) return known(saved);
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of langs) {
    const region = String(tag).split(/[-_]/)[1];
    if (known(region)) return known(region);
  }
  for (const tag of langs) {
    const c = LANG_COUNTRY[String(tag).toLowerCase().slice(0, 2)];
    if (known(c)) return c;
  }
  return Object.keys(contacts.countries)[0];
}

onLang(async (lang) => {
  try {
    contacts ??= await loadContacts();
  } catch {
    showLoadError(directory, 'guidance/contacts.json');
    return;
  }
  country ??= initialCountry();
  const collator = new Intl.Collator(lang);
  const codes = Object.keys(contacts.countries).sort((a, b) => collator.compare(name(a, lang), name(b, lang)));
  select.replaceChildren(...codes.map((c) => el('option', { value: c, selected: c === country }, name(c, lang))));
  select.value = country;
  render(lang);
});

select.addEventListener('change', () => {
  country = select.value;
  try {
    localStorage.setItem('vigie-country', country);
  } catch {
    // storage blocked
  }
  const url = new URL(location.href);
  url.searchParams.set('country', country);
  history.replaceState(null, '', url);
  render(document.documentElement.lang);
});

function name(code, lang) {
  return contacts.countries[code].name[lang] ?? contacts.countries[code].name.en ?? code;
}

function render(lang) {
  const c = contacts.countries[country];
  directory.replaceChildren(...[
    el('h2', { id: 'country-title' }, name(country, lang)),
    c.emergency ? el('p', { class: 'notice danger emergency' }, `${t('report.emergency')} `, el('a', { href: `tel:${c.emergency.replace(/\s/g, '')}` }, el('strong', {}, c.emergency))) : null,
    el('div', { class: 'grid' }, c.entries.map((e) => entry(e, lang))),
    el('h2', {}, t('report.international')),
    el('div', { class: 'grid' }, contacts.international.map((e) => entry(e, lang))),
    el('h2', {}, t('report.platforms')),
    el('p', {}, t('report.platformsIntro')),
    el('ul', { class: 'platforms' }, Object.values(contacts.platforms).map((p) => el('li', {}, el('a', { href: p.url, rel: 'noopener noreferrer' }, p.name)))),
  ].filter(Boolean));
  const [y, m, d] = String(contacts.verified).split('-').map(Number);
  const when = y && m && d ? new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d)) : contacts.verified;
  verified.textContent = t('report.verified', { d: when });
}

function entry(e, lang) {
  const facts = [];
  const fact = (label, value) => {
    if (value) facts.push(el('dt', {}, label), el('dd', {}, value));
  };
  fact(t('report.phone'), e.phone ? el('a', { href: `tel:${e.phone.replace(/[^\d+]/g, '')}` }, e.phone) : null);
  fact(t('report.hours'), e.hours);
  fact(t('report.cost'), e.cost === 'free' ? t('report.free') : e.cost);
  fact(t('report.languages'), e.languages?.length ? e.languages.map((l) => l.toUpperCase()).join(', ') : null);
  return el('article', { class: 'card contact', id: e.id, 'aria-labelledby': `${e.id}-name` },
    el('h3', { id: `${e.id}-name` }, e.name),
    el('ul', { class: 'tags' },
      el('li', {}, t(`kind.${e.kind}`)),
      el('li', {}, t(`audience.${e.audience}`)),
      e.region ? el('li', {}, t('report.region', { r: e.region })) : null),
    el('p', {}, e.description[lang] ?? e.description.en),
    facts.length ? el('dl', {}, facts) : null,
    el('p', {}, el('a', { href: e.url, rel: 'noopener noreferrer' }, `${t('report.site')} — ${hostOf(e.url)}`)),
  );
}

function hostOf(url) {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
