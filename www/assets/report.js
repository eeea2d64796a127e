// Report directory: rendered per country from guidance/contacts.json (the extension's file too).
// The country comes from ?country=, else the visitor's earlier choice, else the browser's locale
// (the extension's rule, shared/contacts.js served at /shared/), else the visitor is asked.
import { el, t, onLang, loadContacts, showLoadError } from './site.js';
import { resolveCountry, telHref } from '../shared/contacts.js';

const select = document.getElementById('country');
const directory = document.getElementById('directory');
const verified = document.getElementById('verified');

let contacts = null;
let country = null;

// The extension's rule (shared/contacts.js): ?country=, then the saved choice, then the browser's
// locale; null when none of them names a country of the directory (fr-SN, pt-AO): the page then
// asks and shows the worldwide services only.
function initialCountry() {
  let saved = null;
  try {
    saved = localStorage.getItem('vigie-country');
  } catch {
    // storage blocked
  }
  return resolveCountry(contacts, [new URLSearchParams(location.search).get('country'), saved]);
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
  const ask = country ? [] : [el('option', { value: '', disabled: true, selected: true }, t('report.choose'))];
  select.replaceChildren(...ask, ...codes.map((c) => el('option', { value: c, selected: c === country }, name(c, lang))));
  select.value = country ?? '';
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
  const c = country ? contacts.countries[country] : null;
  const emergency = c ? telHref(c.emergency) : null;
  directory.replaceChildren(...[
    c ? el('h2', { id: 'country-title' }, name(country, lang)) : el('p', { class: 'notice', id: 'choose-country' }, t('report.chooseIntro')),
    emergency ? el('p', { class: 'notice danger emergency' }, `${t('report.emergency')} `, el('a', { href: emergency }, el('strong', {}, c.emergency))) : null,
    c ? el('div', { class: 'grid' }, c.entries.map((e) => entry(e, lang))) : null,
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
  fact(t('report.phone'), e.phone ? (telHref(e.phone) ? el('a', { href: telHref(e.phone) }, e.phone) : e.phone) : null);
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
    // A news item about the service (url_kind) is not its site: said so, so nobody takes it for an official page.
    el('p', {}, el('a', { href: e.url, rel: 'noopener noreferrer' }, `${t(e.url_kind === 'news' ? 'report.news' : 'report.site')} — ${hostOf(e.url)}`)),
  );
}

function hostOf(url) {
  try {
    return new URL(url).host.replace(/^www\./, '');
  } catch {
    return url;
  }
}
