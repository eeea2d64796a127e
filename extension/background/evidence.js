// The evidence kit, background side: "Save evidence" on a warning, the danger banner or the popup
// ends here. The screenshot is taken first (what the user sees at the moment of the click), then
// the engine analyses the captured messages and finds their identifiers, the capture is hashed and
// written to IndexedDB (evidence/store.js), and the answer says exactly what was kept, or why
// nothing was, so the page can tell the user. Nothing is ever sent anywhere.
//
// Screenshot permission (verified in Chromium 156, see extension/README.md "Evidence kit"):
// tabs.captureVisibleTab needs `activeTab` or `<all_urls>`; the host permissions Vigie holds for
// the supported sites are NOT enough in Chromium. A click inside Vigie's overlay does not grant
// activeTab (it is the page's click, as far as the browser knows); opening Vigie's toolbar popup
// does, for that tab, until it navigates. So a capture from the overlay has a screenshot when the
// browser allows it (Firefox with the site's host permission; Chromium after the popup was opened
// on this tab) and says "no-permission" otherwise; the popup's button always can, and so do the
// page's context menu item and the keyboard shortcut (gestures.js), which grant activeTab too.

import { api } from '../shared/browser.js';
import { MSG } from '../shared/protocol.js';
import { loadSettings } from '../shared/settings.js';
import { engine, engineWithPacks } from './engine.js';
import { buildCapture } from '../evidence/capture.js';
import { addCapture, StorageError } from '../evidence/store.js';
import { parseImageDataUrl } from '../evidence/hash.js';

/** The visible part of `tab`, when it is the active tab of its window and the browser allows it. */
async function screenshotOf(tab, settings) {
  // Young people: no screenshot. What is on screen may be an intimate image of a minor, which must
  // never be copied (guidance/advice: "don't copy or forward the intimate images"). Text only.
  if (settings.minorMode) return { status: 'minor-mode' };
  if (!tab || typeof tab.windowId !== 'number' || typeof tab.id !== 'number') return { status: 'not-visible' };
  try {
    const [active] = await api.tabs.query({ active: true, windowId: tab.windowId });
    if (!active || active.id !== tab.id) return { status: 'not-visible' };
    const url = await api.tabs.captureVisibleTab(tab.windowId, { format: 'png' });
    const image = parseImageDataUrl(url);
    return image ? { status: 'saved', ...image } : { status: 'failed' };
  } catch (e) {
    const text = String(e?.message ?? e);
    return { status: /activeTab|all_urls|permission/i.test(text) ? 'no-permission' : 'failed', error: text };
  }
}

/**
 * Asks the browser to keep Vigie's storage under disk pressure. With unlimitedStorage, Firefox
 * grants it (persist() → true) and Chromium never evicts the origin anyway; without it, both
 * treat extension storage as best-effort and may delete it when the disk fills up.
 */
let persistAsked = false;
function persist() {
  if (persistAsked) return;
  persistAsked = true;
  globalThis.navigator?.storage?.persist?.().catch(() => {});
}

function timeZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone ?? null;
  } catch {
    return null;
  }
}

async function save(payload, shot, settings) {
  let e = null;
  try {
    e = await engine();
  } catch (err) {
    // Never lose evidence because the analysis is broken: save the messages without it.
    console.error('Vigie: evidence saved without analysis', err);
  }
  let built;
  try {
    built = await buildCapture({
      payload: { ...payload, options: { sensitivity: settings.sensitivity, minorMode: settings.minorMode } },
      engine: e,
      // The packs the page's analyses read (a Spanish chat in a French browser): the capture reads them too.
      morePacks: engineWithPacks,
      screenshot: shot,
      software: { extension: api.runtime.getManifest().version, browser: globalThis.navigator?.userAgent ?? null },
      timeZone: timeZone(),
    });
  } catch (err) {
    if (err?.message === 'nothing-to-save') return { ok: false, error: 'nothing-to-save' };
    throw err;
  }
  try {
    await addCapture(built.record, built.summary);
  } catch (err) {
    console.error('Vigie: evidence not saved', err);
    return { ok: false, error: err instanceof StorageError ? err.code : 'storage-failed', detail: String(err?.message ?? err).slice(0, 300) };
  }
  persist();
  const { record, summary } = built;
  return {
    ok: true,
    id: record.id,
    sha256: record.sha256,
    capturedAt: record.capturedAt,
    messages: summary.messages,
    identifiers: record.items.identifiers.length,
    screenshot: record.items.context.screenshot,
    kind: summary.kind,
    adapter: record.items.context.site?.adapter ?? null,
  };
}

/** `vigie:evidence-save` from a content script: its payload, the screenshot of its tab. */
export async function saveFromContent(message, sender) {
  const settings = await loadSettings();
  const shot = await screenshotOf(sender.tab, settings);
  return save(message.capture, shot, settings);
}

/**
 * `vigie:evidence-capture {tabId}` from the popup, and the context menu / shortcut (gestures.js,
 * `source` "menu" / "shortcut"): collect from the tab's content script, then save.
 */
export async function captureTab(message, source = 'popup') {
  const tabId = Number(message.tabId);
  if (!Number.isInteger(tabId) || tabId < 0) return { ok: false, error: 'no-conversation' };
  let tab;
  try {
    tab = await api.tabs.get(tabId);
  } catch {
    return { ok: false, error: 'no-conversation' };
  }
  const settings = await loadSettings();
  const shot = await screenshotOf(tab, settings);
  let payload = null;
  try {
    payload = await api.tabs.sendMessage(tabId, { type: MSG.EVIDENCE_COLLECT });
  } catch {
    payload = null;
  }
  if (!payload || typeof payload !== 'object') return { ok: false, error: 'no-conversation' };
  return save({ ...payload, source }, shot, settings);
}

/** The evidence page of one capture (or the list in the options when `id` is not a capture id). */
export function evidenceUrl(id) {
  if (typeof id === 'string' && /^[0-9a-f-]{36}$/.test(id)) return api.runtime.getURL(`pages/evidence/evidence.html?id=${id}`);
  return api.runtime.getURL('pages/options/options.html#evidence');
}
