// The toolbar popup: is Vigie watching this tab, how many warnings, pause/resume here (guarded by
// the parent PIN in minor mode), links to advice and report, emergency numbers, engine health.
//
// `?tab=<id>` makes the popup describe that tab instead of the active one (browser tests open the
// popup as a page, where the active tab would be the popup itself).
import { h, replace } from '../lib/dom.js';
import { ext } from '../lib/ext.js';
import { loadStrings, resolveLang, t, applyStrings, lang } from '../lib/i18n.js';
import { loadContacts, resolveCountry, telHref } from '../lib/guidance.js';
import { getSettings, updateSettings, onSettingsChanged, takeSettingsNotice } from '../lib/store.js';
import { settingsNotice } from '../lib/settings-notice.js';
import { isLocked, checkPin } from '../lib/pin.js';
import { MSG } from '../../shared/protocol.js';
import { t as messageText } from '../../shared/i18n.js';

const params = new URLSearchParams(location.search);
const state = { notice: null, settings: null, tab: null, status: null, engine: null, pinOpen: false, pinError: false, evidence: null };

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
}

async function currentTab() {
  const id = Number(params.get('tab'));
  if (id) return ext.tabs.get(id).catch(() => null);
  const [tab] = await ext.tabs.query({ active: true, currentWindow: true });
  return tab ?? null;
}

/** The content script's answer, or null when none answers (not a supported site, or not loaded). */
async function askStatus(tab) {
  if (!tab?.id || !/^https?:/.test(tab.url ?? tab.pendingUrl ?? 'https:')) return null;
  try {
    const answer = await withTimeout(ext.tabs.sendMessage(tab.id, { type: 'vigie:status' }), 1500);
    return answer && typeof answer === 'object' ? answer : null;
  } catch {
    return null;
  }
}

async function askEngine() {
  try {
    const answer = await withTimeout(ext.runtime.sendMessage({ type: 'vigie:engine-status' }), 2500);
    return answer && typeof answer === 'object' ? answer : { ok: false, error: 'no answer' };
  } catch (error) {
    return { ok: false, error: error.message };
  }
}

async function main() {
  state.settings = await getSettings();
  state.notice = await takeSettingsNotice();
  await loadStrings(resolveLang(state.settings.lang));
  applyStrings();
  state.tab = await currentTab();
  [state.status, state.engine] = await Promise.all([askStatus(state.tab), askEngine()]);
  await renderAll();
  document.getElementById('main').removeAttribute('aria-busy');
  wireLinks();
  onSettingsChanged(async (settings) => {
    state.settings = settings;
    state.status = await askStatus(state.tab);
    await renderAll();
  });
}

async function renderAll() {
  renderStatus();
  renderProblems();
  renderEngine();
  await renderNumbers();
  // The platform's report page is keyed by adapter id (a generic site's `site` is its origin).
  const site = state.status?.adapterId ?? (/^[a-z][a-z0-9-]*$/.test(state.status?.site ?? '') ? state.status.site : null);
  document.getElementById('link-report').setAttribute('href',
    `../advice/advice.html${site ? `?site=${encodeURIComponent(site)}` : ''}#report`);
}

function siteName(status) {
  if (/^https?:\/\//.test(status.site ?? '')) return new URL(status.site).host;
  return status.adapter ?? status.site;
}

function isPaused(status) {
  return Boolean(status.paused || state.settings.pausedSites?.includes(status.site));
}

function renderStatus() {
  const box = document.getElementById('status');
  const title = box.querySelector('h1');
  const status = state.status;
  // A content script without a site: a page of a supported host that Vigie does not read.
  if (!status || (!status.site && !status.adapter)) {
    replace(box, title,
      h('p', { class: 'state off', dataset: { state: 'unsupported' } }, h('span', { class: 'dot', 'aria-hidden': 'true' }), t('popup.unsupported')),
      h('p', { class: 'muted small', text: t('popup.unsupportedHelp') }),
      h('p', {}, h('a', { href: '../options/options.html#sites', class: 'small', text: t('popup.manageSites') })));
    return;
  }
  const paused = isPaused(status);
  const active = status.active !== false && !paused;
  const troubled = active && (status.healthy === false || Boolean(status.problem));
  const w = status.warnings ?? {};
  const total = (w.caution ?? 0) + (w.warning ?? 0) + (w.danger ?? 0);
  replace(box, title,
    h('p', { class: `state ${troubled ? 'trouble' : active ? 'on' : 'paused'}`, dataset: { state: troubled ? 'problem' : active ? 'active' : paused ? 'paused' : 'inactive' } },
      h('span', { class: 'dot', 'aria-hidden': 'true' }),
      t(troubled ? 'popup.trouble' : active ? 'popup.active' : paused ? 'popup.paused' : 'popup.inactive', { site: siteName(status) })),
    h('p', { class: 'warnings', dataset: { count: String(total) } },
      total ? t('popup.warnings', { count: total }) : t('popup.noWarnings')),
    total
      ? h('p', { class: 'levels' },
        ['danger', 'warning', 'caution'].filter((l) => w[l]).map((l) =>
          h('span', { class: `level level-${l}`, text: t(`level.${l}`, { count: w[l] }) })))
      : null,
    active && status.conversation ? evidenceControls() : null,
    pauseControls(status, paused));
}

// "Save evidence" from the toolbar: opening this popup granted `activeTab` on the tab, so the
// background can add a screenshot (a click inside the page's overlay cannot).
/** The same plain explanation the warning's evidence panel gives for a failed save, not its code. */
const EVIDENCE_ERRORS = ['storage-full', 'storage-unavailable', 'nothing-to-save', 'context-invalidated'];
function evidenceErrorText(code) {
  const known = EVIDENCE_ERRORS.includes(code);
  return messageText(lang(), known ? `evidence_error_${code.replaceAll('-', '_')}` : 'evidence_error_other', { detail: String(code ?? '?').slice(0, 200) });
}

function evidenceControls() {
  const e = state.evidence;
  let result = null;
  if (e === 'saving') result = h('p', { class: 'small', id: 'evidence-result', role: 'status', text: t('popup.evidenceSaving') });
  else if (e?.ok) {
    result = h('p', { class: 'small', id: 'evidence-result', role: 'status', dataset: { evidence: 'saved' } },
      t('popup.evidenceSaved', { count: e.messages }), ' ', t(e.screenshot === 'saved' ? 'popup.evidenceShot' : 'popup.evidenceNoShot'), ' ',
      h('a', { href: `../evidence/evidence.html?id=${encodeURIComponent(e.id)}`, text: t('popup.evidenceOpen') }));
  } else if (e) {
    result = h('p', { class: 'small error', id: 'evidence-result', role: 'alert', dataset: { evidence: 'failed' }, text: t('popup.evidenceFailed', { detail: evidenceErrorText(e.error) }) });
  }
  return h('div', { class: 'evidence' },
    h('button', { type: 'button', id: 'evidence-save', class: 'primary', 'aria-describedby': 'evidence-help', disabled: e === 'saving', text: t('popup.evidence'), onclick: saveEvidence }),
    h('p', { class: 'muted small', id: 'evidence-help', text: t(state.settings.minorMode ? 'popup.evidenceHelpMinor' : 'popup.evidenceHelp') }),
    result);
}

async function saveEvidence() {
  state.evidence = 'saving';
  renderStatus();
  let answer;
  try {
    answer = await ext.runtime.sendMessage({ type: MSG.EVIDENCE_CAPTURE, tabId: state.tab?.id });
  } catch (error) {
    answer = { ok: false, error: error.message };
  }
  state.evidence = answer && typeof answer === 'object' ? answer : { ok: false, error: 'no answer' };
  renderStatus();
  document.getElementById('evidence-save')?.focus();
}

function pauseControls(status, paused) {
  const site = status.site;
  if (!site) return null;
  if (paused) {
    return h('button', { type: 'button', id: 'toggle-pause', class: 'primary', text: t('popup.resume'), onclick: () => setPaused(site, false) });
  }
  if (!state.pinOpen) {
    return h('button', {
      type: 'button', id: 'toggle-pause', text: t('popup.pause'),
      onclick: () => {
        if (isLocked(state.settings)) {
          state.pinOpen = true;
          state.pinError = false;
          renderStatus();
          document.getElementById('pin-input')?.focus();
        } else setPaused(site, true);
      },
    });
  }
  const input = h('input', { type: 'password', id: 'pin-input', inputmode: 'numeric', autocomplete: 'off', maxlength: '12', 'aria-describedby': 'pin-help' });
  return h('form', {
    class: 'pin-form', id: 'pin-form',
    onsubmit: async (event) => {
      event.preventDefault();
      if (await checkPin(state.settings, input.value)) {
        state.pinOpen = false;
        await setPaused(site, true);
      } else {
        state.pinError = true;
        renderStatus();
        document.getElementById('pin-input')?.focus();
      }
    },
  },
  h('label', { for: 'pin-input', text: t('pin.label') }),
  h('p', { id: 'pin-help', class: 'muted small', text: t('popup.pinNeeded') }),
  h('div', { class: 'row' }, input,
    h('button', { type: 'submit', class: 'primary', text: t('pin.confirm') }),
    h('button', { type: 'button', text: t('common.cancel'), onclick: () => { state.pinOpen = false; renderStatus(); } })),
  state.pinError ? h('p', { class: 'error', role: 'alert', id: 'pin-error', text: t('pin.wrong') }) : null);
}

async function setPaused(site, paused) {
  state.settings = await updateSettings((s) => {
    const set = new Set(s.pausedSites ?? []);
    if (paused) set.add(site); else set.delete(site);
    return { pausedSites: [...set] };
  });
  if (state.status) state.status = { ...state.status, paused };
  renderStatus();
  document.getElementById('toggle-pause')?.focus();
}

function renderProblems() {
  const box = document.getElementById('problems');
  const notices = [];
  const problem = state.status?.problem ?? (state.status?.healthy === false ? 'unknown' : null);
  const engineBroken = (state.engine && !state.engine.ok) || problem === 'engine';
  if (problem && problem !== 'engine') {
    const known = ['selectors', 'no-messages'].includes(problem);
    notices.push(h('div', { class: 'notice warn', role: 'alert', id: 'adapter-problem', dataset: { problem } },
      h('strong', { text: t('popup.adapterProblem') }), ' ', t('popup.adapterProblemHelp'),
      h('span', { class: 'detail small', text: known ? t(`problem.${problem}`) : String(problem) })));
  }
  if (engineBroken) {
    const error = state.engine?.error ?? state.status?.engineError;
    notices.push(h('div', { class: 'notice danger', role: 'alert', id: 'engine-problem' },
      h('strong', { text: t('popup.engineProblem') }), ' ', t('popup.engineProblemHelp'),
      error ? h('span', { class: 'detail small', text: String(error) }) : null));
  }
  const notice = settingsNotice(state.notice, { link: '../options/options.html' });
  if (notice) notices.push(notice);
  replace(box, notices);
}

function renderEngine() {
  const e = state.engine;
  document.getElementById('engine').textContent = e?.ok
    ? t('popup.engineOk', { version: e.version ?? '?' })
    : t('popup.engineDown');
}

async function renderNumbers() {
  const section = document.getElementById('numbers');
  const list = document.getElementById('numbers-list');
  const contacts = await loadContacts();
  const code = resolveCountry(contacts, [state.settings.country]);
  const country = code && contacts.countries[code];
  if (!country) {
    replace(list, h('li', {}, h('a', { href: '../options/options.html#country', text: t('popup.chooseCountry') })));
    return;
  }
  section.dataset.country = code;
  document.getElementById('numbers-title').textContent = t('popup.numbersIn', { country: country.name[lang()] ?? country.name.en });
  const minor = Boolean(state.settings.minorMode);
  const entries = country.entries.filter((e) => e.phone)
    .sort((a, b) => minor ? (b.audience === 'minors') - (a.audience === 'minors') : 0);
  replace(list,
    h('li', { class: 'emergency', dataset: { entry: 'emergency' } }, number(country.emergency), h('span', { text: t('popup.emergency') })),
    entries.map((e) => h('li', { dataset: { entry: e.id } }, number(e.phone),
      h('span', {}, e.name, e.audience === 'minors' ? h('span', { class: 'badge', text: t('audience.minors') }) : null))));
}

function number(phone) {
  const href = telHref(phone);
  return href ? h('a', { class: 'phone', href, text: phone }) : h('span', { class: 'phone', text: phone });
}

// Links open in a normal tab (a popup closes when it loses focus).
function wireLinks() {
  document.body.addEventListener('click', (event) => {
    const a = event.target.closest('a[href]');
    if (!a || a.protocol === 'tel:' || event.button !== 0) return;
    event.preventDefault();
    ext.tabs.create({ url: a.href });
    if (!params.has('tab')) window.close();
  });
}

main().catch((error) => {
  console.error(error);
  replace(document.getElementById('status'), h('p', { class: 'notice danger', role: 'alert', text: `Vigie: ${error.message}` }));
});
