// "Save evidence" from the page's context menu and from a keyboard shortcut: the two gestures,
// besides opening the toolbar popup, for which the browser grants `activeTab` on the tab — and so
// the only ways, from the page itself, to a capture WITH a screenshot (a click inside Vigie's
// overlay is the page's click and grants nothing; see extension/README.md "Evidence kit").
// Both run exactly the popup's capture (evidence.js captureTab), only the recorded source differs.
//
// The menu item is shown only on the supported sites (the content script's match patterns, read
// from the built manifest, so it follows sites/*.json). The shortcut works on any tab: where no
// conversation answers, it says so on the toolbar icon instead of saving nothing silently.

import { api } from '../shared/browser.js';
import { normalizeSettings, onSettingsChanged, SETTINGS_KEY } from '../shared/settings.js';
import { resolveLang, t } from '../shared/i18n.js';
import { captureTab, evidenceUrl } from './evidence.js';

/**
 * The settings, read only: the menu needs their language and minor mode, and a repair written from
 * here at start-up raced the pages' own writes (a page's change could be overwritten). Repairs are
 * left to the pages and the content script, which show the notice.
 */
async function readSettings() {
  let raw;
  try {
    raw = (await api.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  } catch {
    raw = undefined;
  }
  return normalizeSettings(raw).settings;
}

export const EVIDENCE_MENU_ID = 'vigie-save-evidence';
/** The `commands` key in manifest.json. */
export const EVIDENCE_COMMAND = 'save-evidence';
/** Wherever the user right-clicks in the conversation: the page, a message's text, a link, an image, the reply box. */
export const EVIDENCE_MENU_CONTEXTS = ['page', 'selection', 'link', 'image', 'editable'];

/** The supported sites' match patterns: the content scripts' `matches` of the running manifest. */
export function supportedSitePatterns(manifest = api.runtime.getManifest()) {
  const out = [];
  for (const script of manifest.content_scripts ?? []) for (const p of script.matches ?? []) if (!out.includes(p)) out.push(p);
  return out;
}

/** The menu's title says whether a screenshot is taken: never in young person mode (text only). */
function menuTitle(settings) {
  return t(resolveLang(settings.lang), settings.minorMode ? 'menu_save_evidence_minor' : 'menu_save_evidence');
}

/**
 * (Re)creates the menu item. Called at install and at every browser start: Chromium keeps menus
 * across worker restarts but not across updates, Firefox's event page may not keep them at all;
 * removeAll first so that a second create never fails on a duplicate id.
 */
export async function setUpEvidenceMenu() {
  const settings = await readSettings();
  await api.contextMenus.removeAll();
  await new Promise((resolve) => {
    api.contextMenus.create({
      id: EVIDENCE_MENU_ID,
      title: menuTitle(settings),
      contexts: EVIDENCE_MENU_CONTEXTS,
      documentUrlPatterns: supportedSitePatterns(),
    }, () => {
      // Read lastError so Chromium does not log it as unchecked; there is nothing else to do.
      void api.runtime.lastError;
      resolve();
    });
  });
}

/** The user-visible reason a gesture saved nothing, in the user's language. */
function failureText(lang, error) {
  const known = ['storage-full', 'storage-unavailable', 'nothing-to-save', 'context-invalidated', 'no-conversation'];
  const reason = known.includes(error)
    ? t(lang, `evidence_error_${error.replaceAll('-', '_')}`)
    : t(lang, 'evidence_error_other', { detail: String(error ?? '?').slice(0, 200) });
  return t(lang, 'evidence_gesture_failed', { reason });
}

/**
 * The capture for `tab` (what the popup's button does, screenshot included unless in young person
 * mode), then what happened: the saved capture's page opens next to the tab (its report shows what
 * was kept, screenshot first); a failure marks the toolbar icon of that tab with "!" and the reason
 * as its tooltip, since a menu or a shortcut has no place of its own to answer in.
 */
export async function saveEvidenceFrom(tab, source, openTab) {
  if (!tab || typeof tab.id !== 'number') return { ok: false, error: 'no-conversation' };
  const answer = await captureTab({ tabId: tab.id }, source);
  if (answer?.ok) {
    await api.action.setBadgeText({ tabId: tab.id, text: '' }).catch(() => {});
    await openTab(evidenceUrl(answer.id), { tab });
    return answer;
  }
  const lang = resolveLang((await readSettings()).lang);
  await api.action.setBadgeBackgroundColor({ tabId: tab.id, color: '#b3261e' }).catch(() => {});
  await api.action.setBadgeText({ tabId: tab.id, text: '!' }).catch(() => {});
  await api.action.setTitle({ tabId: tab.id, title: failureText(lang, answer?.error) }).catch(() => {});
  return answer;
}

/** The tab a shortcut was pressed on (Chromium and Firefox pass it; older versions may not). */
async function shortcutTab(tab) {
  if (tab && typeof tab.id === 'number') return tab;
  const [active] = await api.tabs.query({ active: true, currentWindow: true });
  return active ?? null;
}

/**
 * Registers the listeners (synchronously, at the worker's top level, as service workers require).
 * `openTab(url, sender)` is the background's "open next to this tab".
 */
export function registerEvidenceGestures(openTab) {
  const logged = (what) => (e) => console.warn(`Vigie: ${what}`, e);
  api.runtime.onInstalled.addListener(() => setUpEvidenceMenu().catch(logged('evidence menu')));
  api.runtime.onStartup.addListener(() => setUpEvidenceMenu().catch(logged('evidence menu')));
  onSettingsChanged((settings) => {
    api.contextMenus.update(EVIDENCE_MENU_ID, { title: menuTitle(settings) })?.catch?.(logged('evidence menu'));
  });
  api.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== EVIDENCE_MENU_ID) return;
    saveEvidenceFrom(tab, 'menu', openTab).catch(logged('evidence from the menu'));
  });
  api.commands.onCommand.addListener((command, tab) => {
    if (command !== EVIDENCE_COMMAND) return;
    shortcutTab(tab).then((pressedOn) => saveEvidenceFrom(pressedOn, 'shortcut', openTab)).catch(logged('evidence from the shortcut'));
  });
}
