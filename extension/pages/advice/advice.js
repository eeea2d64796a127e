// The advice page: guidance/advice/<lang>.json rendered as one section per stage, the "if it
// already happened" checklist, the mass e-mail page, young people and parents, and the report
// directory (#report) for the user's country and the current site (?site=<adapter id>).
//
// URL: advice.html[?lang=fr|en|es][&country=FR][&site=whatsapp][#<section id>|#report]
import { h, replace } from '../lib/dom.js';
import { loadStrings, resolveLang, t, applyStrings, formatDate, lang } from '../lib/i18n.js';
import { loadAdvice, loadContacts, resolveCountry, countryList, telHref } from '../lib/guidance.js';
import { getSettings } from '../lib/store.js';
import { loadSites } from '../lib/sites.js';

const STAGES = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];
const KIND_ORDER = ['report_platform', 'police_complaint', 'helpline', 'victim_support', 'removal'];
// Hash names a warning or an older link may use for a section.
const ALIASES = { prevention: 'young-people', 'if-it-happened': 'too-late', 'trop-tard': 'too-late', evidence: 'too-late', 'signaler': 'report' };

const params = new URLSearchParams(location.search);
const state = {
  settings: {},
  checked: new Set(), // indexes of the too-late steps ticked, kept across a language switch
  country: null,
  sites: [], // supported sites [{id, name}], for the name of ?site=
};

async function main() {
  state.settings = await getSettings().catch(() => ({}));
  const contacts = await loadContacts();
  if (params.get('site')) state.sites = await loadSites();
  state.country = resolveCountry(contacts, [params.get('country'), state.settings.country]);
  await render(resolveLang(params.get('lang') ?? state.settings.lang));

  document.getElementById('print-page').addEventListener('click', () => window.print());
  for (const button of document.querySelectorAll('[data-lang]')) {
    button.addEventListener('click', async () => {
      const url = new URL(location.href);
      url.searchParams.set('lang', button.dataset.lang);
      history.replaceState(null, '', url);
      await render(button.dataset.lang);
      button.focus();
    });
  }
  window.addEventListener('hashchange', () => goToHash());
  window.addEventListener('afterprint', () => document.body.classList.remove('print-checklist'));
  goToHash();
}

async function render(uiLang) {
  await loadStrings(uiLang);
  const [advice, contacts] = await Promise.all([loadAdvice(lang()), loadContacts()]);
  applyStrings();
  document.title = `${advice.title} · Vigie`;
  for (const b of document.querySelectorAll('[data-lang]')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang()));

  const minor = Boolean(state.settings.minorMode);
  const byId = Object.fromEntries(advice.sections.map((s) => [s.id, s]));
  const order = advice.sections.map((s) => s.id).filter((id) => !(minor && id === 'young-people'));
  if (minor && byId['young-people']) order.unshift('young-people');

  const main = document.getElementById('main');
  replace(main,
    h('h1', { id: 'page-title', text: advice.title }),
    firstSteps(advice),
    order.map((id) => section(byId[id], advice, minor)),
    reportSection(contacts),
  );
  main.removeAttribute('aria-busy');
  renderToc(order, byId);
  if (hashTarget()) markCurrent(hashTarget());
}

function firstSteps(advice) {
  return h('section', { class: 'first-steps card', id: 'first-steps', 'aria-labelledby': 'first-steps-title' },
    h('h2', { id: 'first-steps-title', text: t('advice.firstSteps') }),
    h('ol', { class: 'big-steps' }, advice.first_steps.map((s) => h('li', { text: s }))),
    h('p', { class: 'actions' },
      h('a', { class: 'button primary', href: '#too-late', text: t('advice.goTooLate') }),
      h('a', { class: 'button', href: '#report', text: t('advice.goReport') })),
  );
}

function section(s, advice, minor) {
  const stageIndex = STAGES.indexOf(s.id);
  const titleId = `${s.id}-title`;
  const classes = ['advice-section', `section-${s.id}`];
  if (minor && s.id === 'young-people') classes.push('prominent');
  return h('section', { id: s.id, class: classes.join(' '), 'aria-labelledby': titleId, dataset: { stage: s.stage ?? '' } },
    minor && s.id === 'young-people' ? h('p', { class: 'kicker', text: t('advice.minorModeOn') }) : null,
    stageIndex >= 0 ? h('p', { class: 'kicker', text: t('advice.stageOf', { n: stageIndex + 1, total: STAGES.length }) }) : null,
    h('h2', { id: titleId, tabindex: '-1', text: s.title }),
    h('p', { class: 'summary', text: s.summary }),
    stageIndex >= 0 && advice.stage_labels?.[s.id]
      ? h('p', { class: 'signal' }, h('span', { class: 'signal-label', text: t('advice.signal') }), ' ', advice.stage_labels[s.id])
      : null,
    s.paragraphs.map((p) => h('p', { text: p })),
    s.id === 'too-late' ? checklist(s) : steps(s),
    s.id === 'too-late'
      ? h('p', { class: 'actions no-print' }, h('a', { class: 'button primary', href: '#report', text: t('advice.goReport') }))
      : null,
  );
}

function steps(s) {
  if (!s.steps.length) return null;
  const id = `${s.id}-steps`;
  return h('div', { class: 'steps' },
    h('h3', { id, text: t(s.stage === 'prevention' ? 'advice.rules' : 'advice.whatToDo') }),
    h('ul', { 'aria-labelledby': id }, s.steps.map((step) => h('li', { text: step }))));
}

function checklist(s) {
  const progress = h('p', { class: 'progress', 'aria-live': 'polite' });
  const update = () => { progress.textContent = t('advice.progress', { done: state.checked.size, total: s.steps.length }); };
  update();
  const list = h('ol', { class: 'checklist', 'aria-labelledby': 'too-late-steps' },
    s.steps.map((step, i) => {
      const box = h('input', { type: 'checkbox', id: `too-late-step-${i}`, checked: state.checked.has(i) });
      box.addEventListener('change', () => {
        if (box.checked) state.checked.add(i); else state.checked.delete(i);
        update();
      });
      return h('li', {}, box, h('label', { for: `too-late-step-${i}`, text: step }));
    }));
  return h('div', { class: 'steps' },
    h('div', { class: 'steps-head' },
      h('h3', { id: 'too-late-steps', text: t('advice.checklist') }),
      h('button', {
        type: 'button', class: 'no-print', text: t('advice.printChecklist'),
        onclick: () => { document.body.classList.add('print-checklist'); window.print(); },
      })),
    list, progress);
}

// ---- report directory -------------------------------------------------------------------------

function reportSection(contacts) {
  const select = h('select', { id: 'country-select', name: 'country' },
    h('option', { value: '', text: t('report.chooseCountry') }),
    countryList(contacts, lang()).map(([code, name]) => h('option', { value: code, text: name, selected: code === state.country })));
  const body = h('div', { id: 'report-body' });
  select.addEventListener('change', () => {
    state.country = select.value || null;
    const url = new URL(location.href);
    if (state.country) url.searchParams.set('country', state.country); else url.searchParams.delete('country');
    history.replaceState(null, '', url);
    replace(body, reportBody(contacts));
  });
  replace(body, reportBody(contacts));
  return h('section', { id: 'report', class: 'advice-section section-report', 'aria-labelledby': 'report-title' },
    h('h2', { id: 'report-title', tabindex: '-1', text: t('report.title') }),
    h('p', { class: 'summary', text: t('report.intro') }),
    h('div', { class: 'country-picker no-print' },
      h('label', { for: 'country-select', text: t('report.country') }), select),
    body,
    h('p', { class: 'muted small', text: t('report.verified', { date: formatDate(contacts.verified) }) }));
}

function reportBody(contacts) {
  const country = state.country ? contacts.countries[state.country] : null;
  const site = params.get('site');
  return [
    site ? platformCard(contacts, site) : null,
    country
      ? h('div', { class: 'country-block', dataset: { country: state.country } },
        h('p', { class: 'notice danger emergency' },
          h('strong', { text: t('report.emergency') }), ' ',
          phoneLink(country.emergency), ' ',
          h('span', { text: t('report.emergencyFor', { country: country.name[lang()] ?? country.name.en }) })),
        kindGroups(country.entries))
      : h('p', { class: 'notice warn', text: t('report.noCountry') }),
    h('h3', { text: t('report.international') }),
    h('ul', { class: 'entries' }, contacts.international.map(entry)),
  ];
}

function platformCard(contacts, site) {
  // Adapter ids may carry a variant (telegram-k, outlook-live): fall back to the part before "-".
  const key = [site, site.split('-')[0]].find((k) => Object.hasOwn(contacts.platforms ?? {}, k));
  const platform = key ? contacts.platforms[key] : null;
  const name = platform?.name ?? state.sites.find((s) => s.id === site)?.name ?? site;
  return h('div', { class: 'card platform', id: 'report-platform', dataset: { platform: site } },
    h('h3', { text: t('report.onPlatform', { name }) }),
    platform
      ? [h('p', { text: t('report.platformText') }),
        h('p', {}, h('a', { href: platform.url, target: '_blank', rel: 'noopener noreferrer', class: 'button primary', text: t('report.platformLink', { name }) }))]
      : h('p', { text: t('report.platformUnknown') }));
}

function kindGroups(entries) {
  const minor = Boolean(state.settings.minorMode);
  return KIND_ORDER.map((kind) => {
    const list = entries.filter((e) => e.kind === kind);
    if (!list.length) return null;
    if (minor) list.sort((a, b) => (b.audience === 'minors') - (a.audience === 'minors'));
    return [h('h3', { text: t(`kind.${kind}`) }), h('ul', { class: 'entries' }, list.map(entry))];
  });
}

function entry(e) {
  const l = lang();
  const facts = [
    e.phone ? [t('entry.phone'), phoneLink(e.phone)] : null,
    e.hours ? [t('entry.hours'), e.hours] : null,
    e.cost === 'free' ? [t('entry.cost'), t('entry.free')] : e.cost ? [t('entry.cost'), e.cost] : null,
    e.languages?.length ? [t('entry.languages'), e.languages.map((c) => langName(c)).join(', ')] : null,
  ].filter(Boolean);
  return h('li', { class: 'entry card', id: `entry-${e.id}`, dataset: { entry: e.id, kind: e.kind, audience: e.audience } },
    h('h4', {}, e.name),
    h('p', { class: 'badges' },
      e.audience !== 'all' ? h('span', { class: `badge ${e.audience}`, text: t(`audience.${e.audience}`) }) : null,
      e.region ? h('span', { class: 'badge', text: t('entry.region', { region: e.region }) }) : null),
    h('p', { text: e.description?.[l] ?? e.description?.en ?? '' }),
    facts.length ? h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', { text: k }), h('dd', {}, v)])) : null,
    h('p', { class: 'entry-link' },
      // A news item about the service (url_kind) is not its site: the link says it is an article.
      e.url_kind === 'news'
        ? h('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer', text: t('entry.openNews'), 'aria-label': t('entry.openNewsNamed', { name: e.name }) })
        : h('a', { href: e.url, target: '_blank', rel: 'noopener noreferrer', text: t('entry.open'), 'aria-label': t('entry.openNamed', { name: e.name }) }),
      h('span', { class: 'url print-only', text: ` ${e.url}` })),
    h('p', { class: 'muted small', text: t('entry.verified', { date: formatDate(e.verified) }) }));
}

function phoneLink(phone) {
  const href = telHref(phone);
  return href ? h('a', { href, class: 'phone', text: phone }) : h('span', { class: 'phone', text: phone });
}

function langName(code) {
  try {
    return new Intl.DisplayNames([lang()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

// ---- navigation ---------------------------------------------------------------------------------

function renderToc(order, byId) {
  const list = document.getElementById('toc-list');
  replace(list,
    order.map((id) => h('li', { class: STAGES.includes(id) ? 'stage' : '' }, h('a', { href: `#${id}`, text: byId[id].title }))),
    h('li', {}, h('a', { href: '#report', text: t('report.title') })));
}

/** Marks the section `id` as the one the URL points to (heading colour, table of contents). */
function markCurrent(id) {
  for (const el of document.querySelectorAll('.is-target')) el.classList.remove('is-target');
  document.getElementById(id)?.classList.add('is-target');
  for (const a of document.querySelectorAll('#toc-list a')) {
    if (a.getAttribute('href') === `#${id}`) a.setAttribute('aria-current', 'location');
    else a.removeAttribute('aria-current');
  }
}

function hashTarget() {
  let raw = '';
  try {
    raw = decodeURIComponent(location.hash.slice(1));
  } catch {
    return null;
  }
  return raw && raw !== 'main' ? ALIASES[raw] ?? raw : null;
}

function goToHash() {
  const id = hashTarget();
  const target = id && document.getElementById(id);
  if (!target) return;
  markCurrent(id);
  const heading = target.querySelector('h2') ?? target;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus({ preventScroll: true });
  target.scrollIntoView({ block: 'start' });
}

main().catch((error) => {
  console.error(error);
  replace(document.getElementById('main'), h('p', { class: 'notice danger', role: 'alert', text: `Vigie: ${error.message}` }));
});
