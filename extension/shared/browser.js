// The one place that knows the difference between browsers. Chromium exposes `chrome`, Firefox
// exposes `browser` (and a `chrome` alias); in Manifest V3 both return promises, so every other
// file uses this object and never touches `chrome`/`browser` directly.
//
// Written for the ES-module contexts (background, pages); build.mjs turns it into part of the
// content script's namespace (see build.mjs, "shared modules in classic scripts").

export const api = globalThis.browser?.runtime?.id ? globalThis.browser : globalThis.chrome;

/** True in Firefox (the `browser` namespace with `runtime.getBrowserInfo`). */
export const isFirefox = typeof globalThis.browser?.runtime?.getBrowserInfo === 'function';

/**
 * True while this context can still talk to the extension. After an update or reload, old
 * content scripts stay in open tabs but lose their extension ("Extension context invalidated").
 */
export function contextAlive() {
  try {
    return Boolean(api?.runtime?.id);
  } catch {
    return false;
  }
}

/**
 * `runtime.sendMessage` that resolves to `{ok: true, value}` or `{ok: false, error}` instead of
 * throwing, so callers decide what a missing background means (no warning, a popup notice).
 */
export async function send(message) {
  if (!contextAlive()) return { ok: false, error: 'context-invalidated' };
  try {
    const value = await api.runtime.sendMessage(message);
    if (value && typeof value === 'object' && value.error && value.ok === false) return value;
    return { ok: true, value };
  } catch (e) {
    const text = String(e?.message ?? e);
    return { ok: false, error: /context invalidated/i.test(text) ? 'context-invalidated' : text };
  }
}

export default api;
