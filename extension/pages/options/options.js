// Options: language, country, sensitivity, minor mode and parent PIN, sites, trusted contacts,
// dismissed warnings, "delete all my Vigie data", and the saved evidence (listed, opened,
// downloaded; deleting happens on each capture's own page, after a confirmation). Every change is saved at once in
// storage.local through core's settings module; open tabs follow through storage.onChanged.
//
// With minor mode on and a parent PIN set, every control is disabled until the PIN is entered
// (the unlock lasts as long as this page stays open).
import { h, replace } from '../lib/dom.js';
import { ext, send } from '../lib/ext.js';
import { MSG } from '../../shared/protocol.js';
import { loadStrings, resolveLang, t, applyStrings, formatDate, lang } from '../lib/i18n.js';
import { loadContacts, resolveCountry, countryList } from '../lib/guidance.js';
import { getSettings, updateSettings, onSettingsChanged, deleteAllData, normalizeOrigin, takeSettingsNotice } from '../lib/store.js';
import { settingsNotice } from '../lib/settings-notice.js';
import { isLocked, checkPin, isValidPin, pinFields, PIN_MIN, PIN_MAX } from '../lib/pin.js';
import { loadSites } from '../lib/sites.js';
import { listSummaries, onEvidenceChanged } from '../../evidence/store.js';
import { dateLocale } from '../../shared/langs.js';
import { exportCapture } from '../evidence/exporter.js';

const ui = { unlocked: false, pinEditing: false, pinError: null, unlockError: false, confirmDelete: false, notice: null };
/** Saved evidence: the list of summaries, or the reason it could not be read. */
const evidence = { list: [], error: null };
let settings = null;
let contacts = null;
let sites = [];
let renderedLang = null;

async function main() {
  [settings, contacts, sites] = await Promise.all([getSettings(), loadContacts(), loadSites()]);
  // Taken after the settings are read (reading repairs them and writes the notice); kept while the page is open.
  ui.notice = await takeSettingsNotice();
  await loadEvidence();
  await render();
  document.getElementById('main').removeAttribute('aria-busy');
  onSettingsChanged((fresh) => {
    settings = fresh;
    render();
  });
  onEvidenceChanged(async () => {
    await loadEvidence();
    await render();
  });
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

async function render() {
  const wanted = resolveLang(settings.lang);
  if (wanted !== renderedLang) {
    await loadStrings(wanted);
    applyStrings();
    document.title = `${t('options.title')} · Vigie`;
    renderedLang = wanted;
  }
  const focusedId = document.activeElement?.id;
  const locked = isLocked(settings) && !ui.unlocked;
  replace(document.getElementById('lock'), settingsNotice(ui.notice), lockBanner(locked));
  replace(document.getElementById('content'),
    h('fieldset', { class: 'guard', id: 'settings-form', disabled: locked },
      h('legend', { class: 'visually-hidden', text: t('options.title') }),
      languageCard(), countryCard(), sensitivityCard(), minorCard(), sitesCard(),
      trustedCard(), dismissedCard(), dataCard()),
    // Outside the guarded fieldset: saved evidence can always be opened and downloaded, even when
    // a parent PIN protects the settings (deleting asks for the PIN on the capture's page).
    evidenceCard());
  if (focusedId) document.getElementById(focusedId)?.focus();
}

async function save(patch, message = null) {
  settings = await updateSettings(patch);
  await render();
  // After rendering, so that choosing a language says "saved" in that language, not the previous one.
  say(message ?? t('options.saved'));
}

let sayTimer = 0;
function say(message) {
  const el = document.getElementById('saved');
  el.textContent = '';
  clearTimeout(sayTimer);
  setTimeout(() => { el.textContent = message; }, 30);
  sayTimer = setTimeout(() => { el.textContent = ''; }, 5000);
}

function card(id, titleKey, ...children) {
  return h('section', { class: 'card setting', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title`, text: t(titleKey) }), ...children);
}

// ---- lock ---------------------------------------------------------------------------------------

function lockBanner(locked) {
  if (!isLocked(settings)) return null;
  if (!locked) {
    return h('div', { class: 'notice ok lockbar' },
      h('span', { text: t('options.unlockedNote') }),
      h('button', { type: 'button', id: 'relock', text: t('options.relock'), onclick: () => { ui.unlocked = false; render(); } }));
  }
  const input = h('input', { type: 'password', id: 'unlock-pin', inputmode: 'numeric', autocomplete: 'off', maxlength: String(PIN_MAX) });
  return h('form', {
    class: 'notice warn lockbar', id: 'unlock-form',
    onsubmit: async (event) => {
      event.preventDefault();
      if (await checkPin(settings, input.value)) {
        ui.unlocked = true;
        ui.unlockError = false;
        await render();
        document.getElementById('lang-select')?.focus();
      } else {
        ui.unlockError = true;
        await render();
        document.getElementById('unlock-pin')?.focus();
      }
    },
  },
  h('p', {}, h('strong', { text: t('options.lockedTitle') }), ' ', t('options.lockedText')),
  h('div', { class: 'row' },
    h('label', { for: 'unlock-pin', text: t('pin.label') }), input,
    h('button', { type: 'submit', class: 'primary', id: 'unlock-submit', text: t('options.unlock') })),
  ui.unlockError ? h('p', { class: 'error', role: 'alert', id: 'unlock-error', text: t('pin.wrong') }) : null);
}

// ---- language, country, sensitivity ---------------------------------------------------------------

function languageCard() {
  const browser = resolveLang('auto');
  const select = h('select', { id: 'lang-select', name: 'lang', onchange: () => save({ lang: select.value }) },
    h('option', { value: 'auto', text: t('options.langAuto', { lang: t(`lang.${browser}`) }), selected: settings.lang === 'auto' || !settings.lang }),
    h('option', { value: 'fr', lang: 'fr', text: 'Français', selected: settings.lang === 'fr' }),
    h('option', { value: 'en', lang: 'en', text: 'English', selected: settings.lang === 'en' }),
    h('option', { value: 'es', lang: 'es', text: 'Español', selected: settings.lang === 'es' }));
  return card('language', 'options.language',
    h('div', { class: 'field' }, h('label', { for: 'lang-select', text: t('options.languageLabel') }), select));
}

function countryCard() {
  const detected = resolveCountry(contacts, []);
  const detectedName = detected ? contacts.countries[detected].name[lang()] ?? contacts.countries[detected].name.en : t('options.countryUnknown');
  const select = h('select', { id: 'country-select', name: 'country', onchange: () => save({ country: select.value }) },
    h('option', { value: 'auto', text: t('options.countryAuto', { country: detectedName }), selected: !settings.country || settings.country === 'auto' }),
    countryList(contacts, lang()).map(([code, name]) => h('option', { value: code, text: name, selected: settings.country === code })));
  return card('country', 'options.country',
    h('p', { class: 'muted', text: t('options.countryHelp') }),
    h('div', { class: 'field' }, h('label', { for: 'country-select', text: t('options.countryLabel') }), select));
}

function sensitivityCard() {
  const current = settings.sensitivity ?? 'normal';
  return card('sensitivity', 'options.sensitivity',
    h('p', { class: 'muted', text: t('options.sensitivityHelp') }),
    h('div', { class: 'choices', role: 'radiogroup', 'aria-labelledby': 'sensitivity-title' },
      ['low', 'normal', 'high'].map((level) => {
        const id = `sensitivity-${level}`;
        return h('div', { class: 'choice' },
          h('input', { type: 'radio', name: 'sensitivity', id, value: level, checked: current === level, 'aria-describedby': `${id}-help`, onchange: () => save({ sensitivity: level }) }),
          h('label', { for: id }, h('strong', { text: t(`sensitivity.${level}`) }), h('span', { id: `${id}-help`, class: 'muted', text: t(`sensitivity.${level}.help`) })));
      })));
}

// ---- minor mode and PIN ---------------------------------------------------------------------------

function minorCard() {
  const box = h('input', {
    type: 'checkbox', id: 'minor-mode', checked: Boolean(settings.minorMode), 'aria-describedby': 'minor-help',
    onchange: () => {
      if (box.checked) save({ minorMode: true });
      // Turning minor mode off also removes the PIN, so that turning it on later never revives an
      // old, forgotten code.
      else { ui.pinEditing = false; save({ minorMode: false, pinHash: null, pinSalt: null }); }
    },
  });
  return card('minor', 'options.minor',
    h('div', { class: 'choice' }, box,
      h('label', { for: 'minor-mode' }, h('strong', { text: t('options.minorLabel') }),
        h('span', { id: 'minor-help', class: 'muted', text: t('options.minorHelp') }))),
    settings.minorMode ? pinBlock() : null);
}

function pinBlock() {
  const has = Boolean(settings.pinHash);
  if (!ui.pinEditing) {
    return h('div', { class: 'pin-block' },
      h('p', { id: 'pin-state', text: t(has ? 'options.pinSet' : 'options.pinNone') }),
      h('div', { class: 'row' },
        h('button', { type: 'button', id: 'pin-edit', class: has ? '' : 'primary', text: t(has ? 'options.pinChange' : 'options.pinCreate'), onclick: () => { ui.pinEditing = true; ui.pinError = null; render().then(() => document.getElementById('pin-new')?.focus()); } }),
        has ? h('button', { type: 'button', id: 'pin-remove', text: t('options.pinRemove'), onclick: () => save({ pinHash: null, pinSalt: null }, t('options.pinRemoved')) }) : null));
  }
  const first = h('input', { type: 'password', id: 'pin-new', inputmode: 'numeric', autocomplete: 'new-password', maxlength: String(PIN_MAX), 'aria-describedby': 'pin-rules' });
  const again = h('input', { type: 'password', id: 'pin-again', inputmode: 'numeric', autocomplete: 'new-password', maxlength: String(PIN_MAX) });
  return h('form', {
    class: 'pin-block', id: 'pin-form',
    onsubmit: async (event) => {
      event.preventDefault();
      if (!isValidPin(first.value)) ui.pinError = t('pin.rules', { min: PIN_MIN, max: PIN_MAX });
      else if (first.value !== again.value) ui.pinError = t('pin.mismatch');
      else {
        ui.pinEditing = false;
        ui.pinError = null;
        ui.unlocked = true; // the parent who just set it stays in
        await save(await pinFields(first.value), t('options.pinSaved'));
        document.getElementById('pin-edit')?.focus();
        return;
      }
      await render();
      document.getElementById('pin-new')?.focus();
    },
  },
  h('p', { id: 'pin-rules', class: 'muted', text: t('pin.rules', { min: PIN_MIN, max: PIN_MAX }) }),
  h('div', { class: 'field' }, h('label', { for: 'pin-new', text: t('options.pinNew') }), first),
  h('div', { class: 'field' }, h('label', { for: 'pin-again', text: t('options.pinAgain') }), again),
  ui.pinError ? h('p', { class: 'error', role: 'alert', id: 'pin-error', text: ui.pinError }) : null,
  h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'primary', id: 'pin-save', text: t('options.pinSave') }),
    h('button', { type: 'button', text: t('common.cancel'), onclick: () => { ui.pinEditing = false; render(); } })));
}

// ---- sites ----------------------------------------------------------------------------------------

function sitesCard() {
  const paused = new Set(settings.pausedSites ?? []);
  const generic = settings.genericSites ?? [];
  const input = h('input', { type: 'text', id: 'generic-input', placeholder: 'https://…', inputmode: 'url', autocomplete: 'off' });
  return card('sites', 'options.sites',
    h('p', { class: 'muted', text: t('options.sitesHelp') }),
    sites.length
      ? h('ul', { class: 'site-list', id: 'site-list' }, sites.map((site) => {
        const id = `site-${site.id}`;
        return h('li', { class: 'choice' },
          h('input', { type: 'checkbox', id, checked: !paused.has(site.id), dataset: { site: site.id }, onchange: (e) => setSiteEnabled(site.id, e.target.checked) }),
          h('label', { for: id, text: site.name ?? site.id }));
      }))
      : h('p', { class: 'muted', text: t('options.sitesUnavailable') }),
    h('h3', { text: t('options.genericTitle') }),
    h('p', { class: 'muted', text: t('options.genericHelp') }),
    generic.length
      ? h('ul', { class: 'plain-list', id: 'generic-list' }, generic.map((origin) =>
        h('li', {}, h('span', { class: 'mono', text: origin }),
          h('button', { type: 'button', class: 'small-button', text: t('options.remove'), 'aria-label': t('options.removeNamed', { name: origin }), onclick: () => removeGeneric(origin) }))))
      : h('p', { class: 'muted', id: 'generic-empty', text: t('options.genericNone') }),
    h('form', { class: 'row', id: 'generic-form', onsubmit: (e) => { e.preventDefault(); addGeneric(input.value); } },
      h('label', { for: 'generic-input', class: 'visually-hidden', text: t('options.genericAdd') }), input,
      h('button', { type: 'submit', text: t('options.genericAdd') })));
}

function setSiteEnabled(id, enabled) {
  const set = new Set(settings.pausedSites ?? []);
  if (enabled) set.delete(id); else set.add(id);
  return save({ pausedSites: [...set] });
}

async function addGeneric(text) {
  const origin = normalizeOrigin(text.trim());
  if (!origin) {
    say(t('options.genericInvalid'));
    return;
  }
  // The permission prompt must come from this click (a user gesture on this page). Then core's
  // background registers the generic adapter for the origin and records it in genericSites.
  const granted = await ext.permissions.request({ origins: [`${origin}/*`] }).catch(() => false);
  if (!granted) {
    say(t('options.genericRefused'));
    return;
  }
  const answer = await send({ type: MSG.ENABLE_GENERIC, origin });
  if (!answer.ok || answer.value?.ok === false) {
    say(t('options.genericFailed'));
    return;
  }
  settings = await getSettings();
  say(t('options.genericAdded', { name: origin }));
  await render();
}

async function removeGeneric(origin) {
  const answer = await send({ type: MSG.DISABLE_GENERIC, origin });
  if (!answer.ok || answer.value?.ok === false) {
    // The background did not answer: record the choice anyway; the permission goes too.
    await updateSettings((s) => ({ genericSites: (s.genericSites ?? []).filter((o) => o !== origin) }));
    await ext.permissions.remove({ origins: [`${origin}/*`] }).catch(() => {});
  }
  settings = await getSettings();
  say(t('options.removed'));
  await render();
}

// ---- trusted contacts and dismissed warnings -----------------------------------------------------

function siteLabel(id) {
  return sites.find((s) => s.id === id)?.name ?? id;
}

function trustedCard() {
  const list = settings.trustedContacts ?? [];
  return card('trusted', 'options.trusted',
    h('p', { class: 'muted', text: t('options.trustedHelp') }),
    list.length
      ? h('ul', { class: 'plain-list', id: 'trusted-list' }, list.map((c, i) =>
        h('li', { dataset: { index: String(i) } },
          h('span', {}, h('strong', { text: c.sender ?? c.thread ?? '?' }), ' ', h('span', { class: 'muted', text: `· ${siteLabel(c.site)}${c.thread && c.thread !== c.sender ? ` · ${c.thread}` : ''}` })),
          h('button', { type: 'button', class: 'small-button', text: t('options.remove'), 'aria-label': t('options.removeNamed', { name: c.sender ?? c.thread }), onclick: () => save((s) => ({ trustedContacts: (s.trustedContacts ?? []).filter((x) => !same(x, c)) }), t('options.removed')) }))))
      : h('p', { class: 'muted', id: 'trusted-empty', text: t('options.trustedNone') }));
}

function dismissedCard() {
  const list = settings.dismissed ?? [];
  return card('dismissed', 'options.dismissed',
    h('p', { class: 'muted', text: t('options.dismissedHelp') }),
    list.length
      ? h('ul', { class: 'plain-list', id: 'dismissed-list' }, list.map((d, i) =>
        h('li', { dataset: { index: String(i) } },
          h('span', {}, h('strong', { text: siteLabel(d.site) }), ' ', h('span', { class: 'muted', text: `· ${d.thread ?? ''}${d.at ? ` · ${formatDate(d.at)}` : ''}` })),
          h('button', { type: 'button', class: 'small-button', text: t('options.undo'), 'aria-label': t('options.undoNamed', { name: d.thread ?? siteLabel(d.site) }), onclick: () => save((s) => ({ dismissed: (s.dismissed ?? []).filter((x) => !same(x, d)) }), t('options.undone')) }))))
      : h('p', { class: 'muted', id: 'dismissed-empty', text: t('options.dismissedNone') }));
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

// ---- saved evidence --------------------------------------------------------------------------------

async function loadEvidence() {
  try {
    evidence.list = await listSummaries();
    evidence.error = null;
  } catch (e) {
    evidence.list = [];
    evidence.error = e.code ?? e.message;
  }
}

function evidenceCard() {
  const when = (iso) => new Date(iso).toLocaleString(dateLocale(lang()), { dateStyle: 'long', timeStyle: 'short' });
  let body;
  if (evidence.error) body = h('p', { class: 'notice danger', role: 'alert', id: 'evidence-error', text: t('options.evidenceLoadFailed', { detail: evidence.error }) });
  else if (!evidence.list.length) body = h('p', { class: 'muted', id: 'evidence-empty', text: t('options.evidenceNone') });
  else {
    body = h('ul', { class: 'plain-list evidence-list', id: 'evidence-list' }, evidence.list.map((e) => {
      const date = when(e.capturedAt);
      return h('li', { dataset: { capture: e.id } },
        h('span', { class: 'evidence-what' },
          h('strong', { text: date }), h('br'),
          h('span', { text: t('options.evidenceItem', { site: e.siteName ?? e.site ?? '?', peer: e.peer ?? '?' }) }), h('br'),
          h('span', { class: 'muted small', text: [t('options.evidenceMessages', { count: e.messages }), e.level && e.level !== 'none' ? t(`evidence.level.${e.level}`) : null, e.screenshot ? t('options.evidenceShot') : null, t('options.evidenceFingerprint', { hash: String(e.sha256).slice(0, 16) })].filter(Boolean).join(' · ') })),
        h('span', { class: 'row' },
          h('a', { class: 'button small-button', href: `../evidence/evidence.html?id=${encodeURIComponent(e.id)}`, text: t('options.evidenceOpen'), 'aria-label': t('options.evidenceOpenNamed', { date }) }),
          h('button', { type: 'button', class: 'small-button', text: t('options.evidenceExport'), 'aria-label': t('options.evidenceExportNamed', { date }), onclick: () => exportOne(e.id) })));
    }));
  }
  return h('section', { class: 'card setting', id: 'evidence', 'aria-labelledby': 'evidence-title' },
    h('h2', { id: 'evidence-title', text: t('options.evidence') }),
    h('p', { class: 'muted', text: t('options.evidenceHelp') }),
    body);
}

async function exportOne(id) {
  try {
    const files = await exportCapture(id, settings);
    say(t('evidence.page.exported', { html: files.html.name, json: files.json.name }));
  } catch (e) {
    say(t('evidence.page.exportFailed', { detail: e.code ?? e.message }));
  }
}

// ---- delete everything ----------------------------------------------------------------------------

function dataCard() {
  return card('data', 'options.data',
    h('p', { class: 'muted', text: t('options.dataHelp') }),
    ui.confirmDelete
      ? h('div', { class: 'notice danger', role: 'alertdialog', 'aria-labelledby': 'delete-question' },
        h('p', { id: 'delete-question' }, h('strong', { text: t('options.deleteQuestion') })),
        h('p', { text: t('options.deleteDetail') }),
        h('div', { class: 'row' },
          h('button', { type: 'button', id: 'delete-confirm', class: 'danger primary', text: t('options.deleteConfirm'), onclick: deleteEverything }),
          h('button', { type: 'button', id: 'delete-cancel', text: t('common.cancel'), onclick: () => { ui.confirmDelete = false; render().then(() => document.getElementById('delete-all')?.focus()); } })))
      : h('button', { type: 'button', id: 'delete-all', class: 'danger', text: t('options.delete'), onclick: () => { ui.confirmDelete = true; render().then(() => document.getElementById('delete-cancel')?.focus()); } }));
}

async function deleteEverything() {
  await deleteAllData();
  ui.confirmDelete = false;
  ui.unlocked = false;
  settings = await getSettings();
  say(t('options.deleted'));
  await render();
  document.getElementById('delete-all')?.focus();
}

main().catch((error) => {
  console.error(error);
  replace(document.getElementById('content'), h('p', { class: 'notice danger', role: 'alert', text: `Vigie: ${error.message}` }));
});
