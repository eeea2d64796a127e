// Content script, part 1 of 4 — OBSERVE. Owns the one MutationObserver and the batch scheduler.
//
// The observer callback runs inside the page's own rendering work (a chat app inserting fifty
// messages fires it fifty times), so it only queues the records and schedules one batch. The batch
// runs later, off the hot path: after a short timeout (a burst becomes one batch), then when the
// page is idle (reading the DOM), and writes to the DOM go in the next animation frame. When Vigie
// is paused on a site, or the page is not a conversation, everything is disconnected.
//
// Load order: shared.generated.js, data.generated.js, observe.js, extract.js, analyse.js,
// overlay.js, main.js (see build.mjs CONTENT_SCRIPTS). All of them fill the one `Vigie` object.

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || V.observe) return;

  /**
   * Delay before a batch: long enough to merge a burst (a chat app inserts a burst of messages in
   * one task or a few close ones), short enough that a warning follows its message within the 50 ms
   * budget of the performance issue (150 ms measured 270 ms p50 from insertion to warning).
   */
  const BATCH_DELAY_MS = 20;
  /** Beyond this many queued record lists, keep only the fact that something changed. */
  const MAX_QUEUED = 256;
  /** Elements Vigie itself inserts; their mutations never trigger a batch. */
  const OWN_TAGS = new Set(['VIGIE-WARNING', 'VIGIE-BANNER', 'VIGIE-LIVE']);

  let observer = null;
  let onBatch = null;
  let queue = [];
  let overflow = false;
  let forced = false; // a batch was asked for (poke) whatever the mutations
  let timer = 0;
  let idleHandle = 0;

  const requestIdle = globalThis.requestIdleCallback
    ? (fn) => globalThis.requestIdleCallback(fn, { timeout: 30 })
    : (fn) => setTimeout(fn, 0);
  const cancelIdle = globalThis.cancelIdleCallback ?? clearTimeout;

  function queueRecords(records) {
    if (queue.length < MAX_QUEUED) queue.push(records);
    else overflow = true;
    schedule();
  }

  function schedule() {
    if (timer || idleHandle || !onBatch) return;
    timer = setTimeout(() => {
      timer = 0;
      idleHandle = requestIdle(run);
    }, BATCH_DELAY_MS);
  }

  /**
   * True when a mutation record only inserts Vigie's own elements (or happens inside them): nothing
   * new to read. A removal of a Vigie element is not ignored: when the page takes a warning out
   * (a re-render, or a hostile script), the next batch puts it back.
   */
  function isOwn(record) {
    if (record.type !== 'childList') return false;
    if (OWN_TAGS.has(record.target.nodeName)) return true;
    return record.removedNodes.length === 0 && record.addedNodes.length > 0 && [...record.addedNodes].every((n) => OWN_TAGS.has(n.nodeName));
  }

  function run() {
    idleHandle = 0;
    const lists = queue;
    const wasOverflow = overflow;
    const wasForced = forced;
    queue = [];
    overflow = false;
    forced = false;
    if (!onBatch) return;
    const records = [];
    for (const list of lists) for (const r of list) if (!isOwn(r)) records.push(r);
    // A batch with only Vigie's own insertions has nothing new to read.
    if (!wasForced && records.length === 0 && !wasOverflow) return;
    try {
      onBatch({ records, overflow: wasOverflow, forced: wasForced });
    } catch (e) {
      console.warn('Vigie: batch failed', e);
    }
  }

  V.observe = Object.freeze({
    /** Starts watching the document; `callback({records, overflow, forced})` runs once per batch. */
    start(callback) {
      onBatch = callback;
      if (!observer) observer = new MutationObserver(queueRecords);
      observer.observe(document.documentElement, { childList: true, subtree: true });
      forced = true;
      schedule();
    },
    /** Disconnects everything: no observer, no pending batch. */
    stop() {
      observer?.disconnect();
      observer = null;
      onBatch = null;
      queue = [];
      forced = false;
      clearTimeout(timer);
      cancelIdle(idleHandle);
      timer = 0;
      idleHandle = 0;
    },
    /** Asks for a batch even without a mutation (URL change, settings change, engine answer). */
    poke() {
      forced = true;
      schedule();
    },
    /** Runs `fn` in the next animation frame: the place for DOM writes. */
    frame(fn) {
      requestAnimationFrame(() => {
        try {
          fn();
        } catch (e) {
          console.warn('Vigie: render failed', e);
        }
      });
    },
    get active() {
      return observer !== null;
    },
    OWN_TAGS,
  });
})();
