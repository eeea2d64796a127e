// One saved capture: the report as it will be exported (with every fingerprint checked again),
// download (report + data), print to PDF, add the e-mail's full headers (webmail), and delete —
// after a confirmation that offers to download first, and the parent PIN in protected minor mode.
//
// URL: pages/evidence/evidence.html?id=<capture id>
import { h, replace } from '../lib/dom.js';
import { loadStrings, resolveLang, t, applyStrings } from '../lib/i18n.js';
import { getSettings, onSettingsChanged } from '../lib/store.js';
import { isLocked, checkPin, PIN_MAX } from '../lib/pin.js';
import { getCapture, listAddenda, addAddendum, deleteCapture, onEvidenceChanged } from '../../evidence/store.js';
import { buildAddendum } from '../../evidence/capture.js';
import { REPORT_CSS } from '../../evidence/report.js';
import { toDom } from '../../evidence/html.js';
import { exportCapture, reportView } from './exporter.js';

const id = new URLSearchParams(location.search).get('id') ?? '';
const ui = { confirmDelete: false, pinError: false, deleted: false, headersOpen: false };
let settings = null;
let record = null;
let addenda = [];

function say(text, { error = false } = {}) {
  const el = document.getElementById('status');
  el.classList.toggle('error', error);
  el.setAttribute('role', error ? 'alert' : 'status');
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 30);
}

async function main() {
  settings = await getSettings();
  await loadStrings(resolveLang(settings.lang));
  applyStrings();
  document.title = `${t('evidence.page.title')} · Vigie`;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(REPORT_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  } catch {
    // Without constructed stylesheets the report is still readable, unstyled.
  }
  await load();
  document.getElementById('main').removeAttribute('aria-busy');
  onSettingsChanged((fresh) => {
    settings = fresh;
  });
  onEvidenceChanged((m) => {
    if (m?.id === id && !ui.deleted) load();
  });
}

async function load() {
  try {
    record = await getCapture(id);
    addenda = record ? await listAddenda(id) : [];
  } catch (e) {
    replace(document.getElementById('tools'), h('p', { class: 'notice danger', role: 'alert', id: 'load-error', text: t('evidence.page.loadFailed', { detail: e.code ?? e.message }) }));
    return;
  }
  if (!record) {
    replace(document.getElementById('tools'),
      h('h1', { text: t('evidence.page.title') }),
      h('p', { class: 'notice warn', id: 'not-found', text: t('evidence.page.notFound') }),
      h('p', {}, h('a', { href: '../options/options.html#evidence', text: t('evidence.page.all') })));
    replace(document.getElementById('report'));
    return;
  }
  await render();
}

async function render() {
  const focusedId = document.activeElement?.id;
  const context = record.items.context;
  replace(document.getElementById('tools'),
    h('h1', { text: t('evidence.page.title') }),
    h('p', { class: 'muted', text: t('evidence.page.lead') }),
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'export', text: t('evidence.page.export'), 'aria-describedby': 'export-help', onclick: () => doExport() }),
      h('button', { type: 'button', id: 'print', text: t('evidence.page.print'), onclick: () => print() }),
      h('button', { type: 'button', class: 'danger', id: 'delete', text: t('evidence.page.delete'), 'aria-expanded': String(ui.confirmDelete), onclick: () => { ui.confirmDelete = true; ui.pinError = false; render().then(() => document.getElementById('delete-cancel')?.focus()); } })),
    h('p', { class: 'muted small', id: 'export-help', text: t('evidence.page.exportHelp') }),
    ui.confirmDelete ? deleteConfirm() : null,
    context.site?.kind === 'email' ? headersForm(context.site?.adapter) : null);
  const view = await reportView(record, addenda, settings);
  replace(document.getElementById('report'), toDom(view.body, document));
  if (focusedId) document.getElementById(focusedId)?.focus();
}

async function doExport() {
  try {
    const files = await exportCapture(id, settings);
    say(t('evidence.page.exported', { html: files.html.name, json: files.json.name }));
    return true;
  } catch (e) {
    say(t('evidence.page.exportFailed', { detail: e.code ?? e.message }), { error: true });
    return false;
  }
}

function deleteConfirm() {
  const locked = isLocked(settings);
  const pin = locked ? h('input', { type: 'password', id: 'delete-pin', inputmode: 'numeric', autocomplete: 'off', maxlength: String(PIN_MAX) }) : null;
  return h('div', { class: 'notice danger confirm', role: 'alertdialog', id: 'delete-dialog', 'aria-labelledby': 'delete-question', 'aria-describedby': 'delete-detail' },
    h('p', { id: 'delete-question' }, h('strong', { text: t('evidence.page.deleteQuestion') })),
    h('p', { id: 'delete-detail', text: t('evidence.page.deleteDetail') }),
    locked ? h('p', {}, h('label', { for: 'delete-pin', text: t('evidence.page.pinNeeded') }), ' ', pin) : null,
    ui.pinError ? h('p', { class: 'error', role: 'alert', id: 'delete-pin-error', text: t('pin.wrong') }) : null,
    h('div', { class: 'row' },
      h('button', { type: 'button', class: 'primary', id: 'delete-export', text: t('evidence.page.exportFirst'), onclick: () => doExport() }),
      h('button', { type: 'button', class: 'danger', id: 'delete-confirm', text: t('evidence.page.deleteConfirm'), onclick: () => doDelete(pin?.value) }),
      h('button', { type: 'button', id: 'delete-cancel', text: t('common.cancel'), onclick: () => { ui.confirmDelete = false; render().then(() => document.getElementById('delete')?.focus()); } })));
}

async function doDelete(pin) {
  if (isLocked(settings) && !(await checkPin(settings, pin ?? ''))) {
    ui.pinError = true;
    await render();
    document.getElementById('delete-pin')?.focus();
    return;
  }
  try {
    await deleteCapture(id);
  } catch (e) {
    say(t('evidence.page.deleteFailed', { detail: e.code ?? e.message }), { error: true });
    return;
  }
  ui.deleted = true;
  record = null;
  replace(document.getElementById('tools'),
    h('h1', { text: t('evidence.page.title') }),
    h('p', { class: 'notice ok', role: 'status', id: 'deleted', text: t('evidence.page.deleted') }),
    h('p', {}, h('a', { href: '../options/options.html#evidence', id: 'back', text: t('evidence.page.all') })));
  replace(document.getElementById('report'));
  document.getElementById('back')?.focus();
}

function headersForm(adapter) {
  const area = h('textarea', { id: 'headers-text', spellcheck: 'false', autocomplete: 'off', dir: 'ltr' });
  const steps = adapter === 'gmail' ? ['evidence.page.headersGmail', 'evidence.page.headersOutlook', 'evidence.page.headersOther']
    : adapter === 'outlook' ? ['evidence.page.headersOutlook', 'evidence.page.headersGmail', 'evidence.page.headersOther']
      : ['evidence.page.headersGmail', 'evidence.page.headersOutlook', 'evidence.page.headersOther'];
  return h('section', { class: 'card headers', id: 'headers-form', 'aria-labelledby': 'headers-title' },
    h('h2', { id: 'headers-title', text: t('evidence.page.headersTitle') }),
    h('p', { text: t('evidence.page.headersIntro') }),
    h('ul', {}, steps.map((k) => h('li', { text: t(k) }))),
    h('label', { for: 'headers-text', text: t('evidence.page.headersLabel') }),
    area,
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'primary', id: 'headers-save', text: t('evidence.page.headersSave'), onclick: () => saveHeaders(area.value) })));
}

async function saveHeaders(text) {
  if (!text.trim()) {
    say(t('evidence.page.headersEmpty'), { error: true });
    document.getElementById('headers-text')?.focus();
    return;
  }
  try {
    await addAddendum(await buildAddendum({ captureId: record.id, captureSha256: record.sha256, kind: 'headers', text }));
  } catch (e) {
    say(t('evidence.page.headersFailed', { detail: e.code ?? e.message }), { error: true });
    return;
  }
  addenda = await listAddenda(id);
  await render();
  const odd = !/^(Received|From|Return-Path|Delivered-To|ARC-[\w-]+|DKIM-Signature):/im.test(text);
  say(t(odd ? 'evidence.page.headersOdd' : 'evidence.page.headersSaved'), { error: odd });
}

main().catch((error) => {
  console.error(error);
  replace(document.getElementById('tools'), h('p', { class: 'notice danger', role: 'alert', text: `Vigie: ${error.message}` }));
  document.getElementById('main').removeAttribute('aria-busy');
});
