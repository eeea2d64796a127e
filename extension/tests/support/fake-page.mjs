// Pieces of the fake pages the content-script tests run the real scripts on (node:vm contexts).

/**
 * A MutationObserver whose callback the test calls itself: `page.deliver(records)`. `page.observing`
 * counts the observers observing (observe → +1, disconnect → −1).
 */
export function observerOf(page) {
  page.deliver = null;
  page.observing = 0;
  return class {
    constructor(callback) {
      page.deliver = callback;
    }
    observe() {
      page.observing++;
    }
    disconnect() {
      page.observing--;
    }
  };
}

/**
 * The page read of extract.js, for WhatsApp Web only: `read(adapter, records)` gives the
 * snapshot (or null), and the reads of appended messages are counted as extract.js counts them
 * (records that only add nodes).
 */
export function whatsappRead(adapter, read) {
  const extract = {
    adapterFor: (url) => (url.hostname === 'web.whatsapp.com' ? { adapter, inPath: true } : null),
    read: (a, records) => {
      if (records && records.every((r) => r.removedNodes.length === 0)) extract.reads.appended++;
      return read(a, records);
    },
    broken: new Set(),
    reads: { full: 0, appended: 0 },
    unwatch() {},
  };
  return extract;
}

/**
 * Timers that run only when the test runs them: every callback given to `setTimeout` is pushed on
 * `timers`; intervals never fire and the clock stands still.
 */
export function heldTimers(timers) {
  return {
    performance: { now: () => 0 },
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {},
    setInterval: () => 0,
    clearInterval: () => {},
  };
}

/**
 * The page's globals a content script on a fake chat page uses (`vm.createContext({console,
 * chrome, ...chatPageGlobals(...)})`): French browser, the page at `href`, held timers (see
 * heldTimers), `frame` as requestAnimationFrame (by default queued with the timers), the fake
 * page's MutationObserver, no window listeners.
 */
export function chatPageGlobals({ page, timers, href = 'https://web.whatsapp.com/', frame = (fn) => timers.push(fn) }) {
  return {
    navigator: { languages: ['fr-FR'] },
    location: { href, origin: new URL(href).origin },
    URL,
    ...heldTimers(timers),
    requestAnimationFrame: frame,
    addEventListener() {},
    removeEventListener() {},
    MutationObserver: observerOf(page),
    document: { documentElement: {} },
  };
}
