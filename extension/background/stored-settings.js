// The settings as the background holds them, for the content script's first request. At its start
// the content script reads the page at once, but its own settings read is a round trip to the
// browser (7–30 ms while the page loads). Its first request leaves without waiting for it, marked
// `stored: true`: the background answers it with the stored settings' options and language, and
// does not analyse it at all when the site is paused (a paused site's text is dropped here, never
// given to the engine). The answer says which options and language it used, and carries the
// settings themselves: the content script starts with them when they arrive before its own read
// (one round trip instead of two), and checks the verdicts against its own read when that comes.

import { loadSettings, onSettingsChanged, isPaused } from '../shared/settings.js';
import { UI_LANGS } from '../shared/langs.js';

let cached = null;

/** The stored settings, read once per worker life and kept up to date by storage.onChanged. */
export function storedSettings() {
  cached ??= loadSettings();
  return cached;
}

onSettingsChanged((settings) => {
  cached = Promise.resolve(settings);
});

/**
 * A `stored` request → `{settings, request}`: the stored settings (the content script starts with
 * them when they come before its own read), and the same request with their `options` and `lang`,
 * or null when they pause its `site`. `autoLang` is the language the page's own browser settings
 * resolve "auto" to (the content script's, so both sides agree); it is only used then.
 */
export async function withStoredSettings(request) {
  const settings = await storedSettings();
  const site = typeof request.site === 'string' ? request.site : '';
  // A site the request does not name cannot be checked against the pauses: treated as paused.
  if (!site || isPaused(settings, site)) return { settings, request: null };
  // (loadSettings repairs what is stored: its values are valid, "auto" aside.)
  const lang = UI_LANGS.includes(settings.lang) ? settings.lang : UI_LANGS.includes(request.autoLang) ? request.autoLang : 'en';
  return { settings, request: { ...request, options: { sensitivity: settings.sensitivity, minorMode: settings.minorMode }, lang } };
}
