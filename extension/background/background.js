// The background: hosts the engine and answers the message protocol (extension/README.md).
// Chromium runs it as a module service worker, Firefox as a module background script; the code is
// the same. Listeners are registered synchronously at the top level, as service workers require;
// the engine starts loading at once so the first analysis does not wait for it.
//
// Every message is checked before anything else: it must come from this extension (sender.id),
// content-script messages must come from a tab, and each type accepts only the senders listed in
// shared/protocol.js ALLOWED. A web page cannot reach this router at all (no
// externally_connectable), and a content script cannot use the options' messages.

import { api } from '../shared/browser.js';
import { UI_LANGS } from '../shared/i18n.js';
import { MSG, ALLOWED, ADVICE_SECTIONS, ANALYZE_PORT, senderKind } from '../shared/protocol.js';
import { analyze, engine, engineStatus, explain } from './engine.js';
import { storedSettings, withStoredSettings } from './stored-settings.js';
import { reportLinks } from './guidance.js';
import { enableGeneric, disableGeneric, syncGeneric } from './generic.js';
import { saveFromContent, captureTab, evidenceUrl } from './evidence.js';
import { registerEvidenceGestures } from './gestures.js';

const EXTENSION_ORIGIN = api.runtime.getURL('');

function adviceUrl({ section, lang, country, site }) {
  const url = new URL(api.runtime.getURL('pages/advice/advice.html'));
  if (UI_LANGS.includes(lang)) url.searchParams.set('lang', lang);
  if (typeof country === 'string' && /^[A-Z]{2}$/.test(country)) url.searchParams.set('country', country);
  if (typeof site === 'string' && /^[a-z][a-z0-9-]{0,40}$/.test(site)) url.searchParams.set('site', site);
  url.hash = ADVICE_SECTIONS.includes(section) ? section : '';
  return url.href;
}

async function openTab(url, sender) {
  const props = { url, active: true };
  if (sender.tab && typeof sender.tab.index === 'number') {
    props.index = sender.tab.index + 1;
    props.openerTabId = sender.tab.id;
    if (typeof sender.tab.windowId === 'number') props.windowId = sender.tab.windowId;
  }
  const tab = await api.tabs.create(props);
  return { ok: true, tabId: tab?.id ?? null };
}

/** A content script's first request, sent before it had its settings (stored-settings.js). */
async function analyzeWithStoredSettings(m) {
  const { settings, request } = await withStoredSettings(m);
  if (!request) return { paused: true, settings };
  const verdict = await analyze(request);
  verdict.used = { options: request.options, lang: request.lang };
  verdict.settings = settings;
  return verdict;
}

const handlers = {
  [MSG.ANALYZE]: (m) => (m.stored === true ? analyzeWithStoredSettings(m) : analyze(m)),
  [MSG.EXPLAIN]: async (m) => explain(await engine(), Array.isArray(m.keys) ? m.keys.slice(0, 100) : [], m.lang),
  [MSG.OPEN_ADVICE]: (m, sender) => openTab(adviceUrl(m), sender),
  [MSG.OPEN_REPORT]: (m, sender) => openTab(adviceUrl({ ...m, section: 'report' }), sender),
  [MSG.REPORT_LINKS]: (m) => reportLinks(m),
  [MSG.ENGINE_STATUS]: async () => {
    try {
      await engine();
    } catch {
      // engineStatus() carries the error.
    }
    return engineStatus();
  },
  [MSG.ENABLE_GENERIC]: (m) => enableGeneric(m.origin),
  [MSG.DISABLE_GENERIC]: (m) => disableGeneric(m.origin),
  [MSG.EVIDENCE_SAVE]: (m, sender) => saveFromContent(m, sender),
  [MSG.EVIDENCE_CAPTURE]: (m) => captureTab(m),
  [MSG.OPEN_EVIDENCE]: (m, sender) => openTab(evidenceUrl(m.id), sender),
};

/** The handler for `message` from `sender`, or `undefined` when not ours, or null when the sender may not send it. */
function handlerFor(message, sender) {
  const type = message?.type;
  if (!Object.hasOwn(handlers, type)) return undefined;
  const kind = senderKind(sender, api.runtime.id, EXTENSION_ORIGIN);
  return kind && ALLOWED[type].includes(kind) ? handlers[type] : null;
}

/** Runs a handler; resolves to its answer, or `{ok: false, error}` when it throws. */
function answer(handler, message, sender) {
  return Promise.resolve()
    .then(() => handler(message, sender))
    .catch((e) => ({ ok: false, error: String(e?.message ?? e) }));
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = handlerFor(message, sender);
  if (handler === undefined) return false; // not ours (e.g. vigie:status goes to content scripts)
  if (!handler) {
    sendResponse({ ok: false, error: 'sender-refused' });
    return false;
  }
  answer(handler, message, sender).then(sendResponse);
  return true; // answer asynchronously
});

// The content script's analysis requests, over one long-lived port per page (protocol.js
// ANALYZE_PORT): the same checks and handler as a `vigie:analyze` message, answers tagged with the
// request's id. Nothing else is accepted on it.
api.runtime.onConnect.addListener((port) => {
  if (port.name !== ANALYZE_PORT) return;
  const refused = handlerFor({ type: MSG.ANALYZE }, port.sender) === null;
  if (refused) {
    port.disconnect();
    return;
  }
  port.onMessage.addListener((request) => {
    const id = request?.id;
    const message = request?.message;
    if (!Number.isSafeInteger(id)) return;
    const reply = (value) => {
      try {
        port.postMessage(value && value.ok === false && value.error ? { id, ...value } : { id, ok: true, value });
      } catch {
        // The page went away meanwhile: nobody to answer.
      }
    };
    if (message?.type !== MSG.ANALYZE) {
      reply({ ok: false, error: 'unexpected-message' });
      return;
    }
    answer(handlers[MSG.ANALYZE], message, port.sender).then(reply);
  });
});

api.permissions.onRemoved.addListener(() => syncGeneric().catch((e) => console.warn('Vigie: generic sites', e)));
api.runtime.onInstalled.addListener(() => syncGeneric().catch((e) => console.warn('Vigie: generic sites', e)));
api.runtime.onStartup.addListener(() => syncGeneric().catch((e) => console.warn('Vigie: generic sites', e)));

// "Save evidence" from the page's context menu and the keyboard shortcut (with a screenshot).
registerEvidenceGestures(openTab);

engine().catch((e) => console.error('Vigie:', e.message));
// Read with the engine, so a woken worker has them when the content script's first request comes.
storedSettings().catch((e) => console.warn('Vigie: settings', e));
