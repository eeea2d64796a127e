// Wakes the service worker as a built-in site's page starts loading (a manifest entry of its own,
// run at document_start), so that the engine is loaded, or loading, by the time the content
// script proper runs at document_idle and sends its first request. The browser stops an idle
// worker after 30 s, and starting it and its engine took ~90 ms that the first warning waited for
// (docs/performance.md §32). Nothing of the page is read or sent: the message carries its type
// only, and its answer (the engine's status) is not needed.
//
// A classic script of its own, kept tiny: it runs before the page has parsed, on every page of
// these sites, and the shared modules are not loaded at this point (hence the type's literal,
// which extension/tests/wake.test.mjs checks against shared/protocol.js).
(() => {
  'use strict';
  const api = globalThis.browser ?? globalThis.chrome;
  try {
    const sent = api?.runtime?.sendMessage?.({ type: 'vigie:engine-status' });
    // No listener yet, a reloaded extension: nothing to do, the content script proper retries.
    sent?.catch?.(() => {});
  } catch {
    // The extension's context is gone (updated or removed): the page is left alone.
  }
})();
