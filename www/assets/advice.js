// Advice page: rendered from guidance/advice/<lang>.json, the file the extension shows too.
// One <section id="<section id>"> per section, so `advice.html#blackmail` and the playground's links work.
import { el, t, onLang, loadAdvice, revealHash, showLoadError } from './site.js';

const container = document.getElementById('advice');
const title = document.getElementById('advice-title');
const STAGES = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];
const WITH_REPORT_LINK = new Set(['blackmail', 'payment', 'too-late', 'mass-email', 'parents']);

let first = true;
onLang(async (lang) => {
  let advice;
  try {
    advice = await loadAdvice(lang);
  } catch (e) {
    showLoadError(container, 'guidance/advice');
    return;
  }
  title.replaceChildren(advice.title);
  title.lang = advice.lang;
  const toc = (ids) => el('ol', {}, advice.sections.filter((s) => ids(s.id)).map((s) => el('li', {}, el('a', { href: `#${s.id}` }, s.title))));
  container.replaceChildren(
    el('div', { class: 'notice danger', role: 'region', 'aria-labelledby': 'first-title' },
      el('h2', { id: 'first-title', class: 'h-first' }, t('advice.first')),
      el('ol', { class: 'first-steps' }, advice.first_steps.map((s) => el('li', { text: s }))),
      el('p', {}, el('a', { href: 'report.html' }, t('advice.report')))),
    el('nav', { 'aria-label': t('toc'), id: 'toc', class: 'card spaced' },
      el('h2', { class: 'h-toc' }, t('advice.stages')),
      toc((id) => STAGES.includes(id)),
      el('h2', { class: 'h-toc' }, t('advice.more')),
      toc((id) => !STAGES.includes(id))),
    ...advice.sections.map((s) => section(s)),
  );
  container.removeAttribute('aria-busy');
  if (first) {
    first = false;
    revealHash();
  }
});

function section(s) {
  return el('section', { id: s.id, class: 'advice-section', 'aria-labelledby': `${s.id}-title` },
    el('h2', { id: `${s.id}-title` }, s.title),
    el('p', { class: 'summary' }, s.summary),
    s.paragraphs.map((p) => el('p', { text: p })),
    s.steps.length ? el('ol', {}, s.steps.map((step) => el('li', { text: step }))) : null,
    el('p', { class: 'back-top' },
      WITH_REPORT_LINK.has(s.id) ? el('a', { href: 'report.html' }, t('advice.report')) : null,
      WITH_REPORT_LINK.has(s.id) ? ' · ' : null,
      el('a', { href: '#toc' }, t('advice.top'))),
  );
}
