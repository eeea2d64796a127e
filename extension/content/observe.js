// Content script, part 1 of 4 — OBSERVE. Owns the one MutationObserver and the batch scheduler.
//
// The observer callback runs inside the page's own rendering work (a chat app inserting fifty
// messages fires it fifty times), so it queues the records and decides when the batch runs. When
// the page was quiet (no batch for BATCH_DELAY_MS) and the mutations are small (a message, a burst
// of a few hundred nodes), the batch runs at once, in the observer's callback: the messages are
// read and on their way to the engine before the page's next frame, which the engine's answer
// would otherwise wait behind (a warning within 50 ms of its message, issue 7). Mutations that
// follow a batch closely, or big ones, wait BATCH_DELAY_MS and then idle time, so a page that
// mutates all the time is read at most every BATCH_DELAY_MS. Writes to the DOM go in one phase
// (draw.js render), drawing at most a time budget per task (`slice`). When Vigie is paused on a
// site, or the page is not a conversation, everything is disconnected.
//
// Load order: shared.generated.js, the page's data-<sites>.generated.js, observe.js, extract.js,
// analyse.js, main.js, draw.js, actions.js, overlay.js, locales.generated.js (see build.mjs
// contentScripts). All of them fill the one `Vigie` object.

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || V.observe) return;

  /**
   * Minimum time between two batches: mutations that come this close to a batch wait for the
   * next one, so a burst spread over several tasks becomes one or two batches, not one per task.
   */
  const BATCH_DELAY_MS = 20;
  /** A quiet page's mutations that add at most this many nodes are read at once (see above). */
  const IMMEDIATE_MAX_NODES = 300;
  /** Beyond this many queued record lists, keep only the fact that something changed. */
  const MAX_QUEUED = 256;
  /** Elements Vigie itself inserts; their mutations never trigger a batch. */
  const OWN_TAGS = new Set(['VIGIE-WARNING', 'VIGIE-BANNER', 'VIGIE-LIVE']);

  let observer = null;
  let onBatch = null;
  let queue = [];
  let queuedNodes = 0;
  let overflow = false;
  let forced = false; // a batch was asked for (poke) whatever the mutations
  let timer = 0;
  let idleHandle = 0;
  let lastRun = -Infinity;

  const now = () => globalThis.performance?.now?.() ?? Date.now();
  const requestIdle = globalThis.requestIdleCallback
    ? (fn) => globalThis.requestIdleCallback(fn, { timeout: 30 })
    : (fn) => setTimeout(fn, 0);
  const cancelIdle = globalThis.cancelIdleCallback ?? clearTimeout;

  function queueRecords(records) {
    if (!onBatch) return;
    // Vigie's own insertions have nothing new to read: not even a batch for them.
    const mine = [];
    for (const r of records) {
      if (isOwn(r)) continue;
      mine.push(r);
      queuedNodes += r.addedNodes?.length ?? 0;
    }
    if (mine.length === 0) return;
    if (queue.length < MAX_QUEUED) queue.push(mine);
    else overflow = true;
    if (timer || idleHandle) return; // a batch is already on its way
    if (!overflow && queuedNodes <= IMMEDIATE_MAX_NODES && now() - lastRun >= BATCH_DELAY_MS) run();
    else schedule();
  }

  function schedule() {
    if (timer || idleHandle || !onBatch) return;
    timer = setTimeout(() => {
      timer = 0;
      idleHandle = requestIdle(run);
    }, BATCH_DELAY_MS);
  }

  /** Vigie's own elements it is taking out of the page (remove), until the observer sees it happen. */
  const removing = new WeakSet();

  /**
   * True when a mutation record only inserts Vigie's own elements (or happens inside them), or
   * only takes out those Vigie itself removed: nothing new to read. Any other removal of a Vigie
   * element is not ignored: when the page takes a warning out (a re-render, or a hostile script),
   * the next batch puts it back.
   */
  function isOwn(record) {
    if (record.type !== 'childList') return false;
    if (OWN_TAGS.has(record.target.nodeName)) return true;
    let own = record.removedNodes.length !== 0 || record.addedNodes.length !== 0;
    for (const n of record.removedNodes) if (!removing.delete(n)) own = false;
    if (!own) return false;
    for (const n of record.addedNodes) if (!OWN_TAGS.has(n.nodeName)) return false;
    return true;
  }

  function run() {
    clearTimeout(timer);
    cancelIdle(idleHandle);
    timer = 0;
    idleHandle = 0;
    const lists = queue;
    const wasOverflow = overflow;
    const wasForced = forced;
    queue = [];
    queuedNodes = 0;
    overflow = false;
    forced = false;
    if (!onBatch) return;
    const records = lists.length === 1 ? lists[0] : lists.flat();
    // A batch with nothing new to read (only Vigie's own insertions were queued) does nothing.
    if (!wasForced && records.length === 0 && !wasOverflow) return;
    lastRun = now();
    try {
      onBatch({ records, overflow: wasOverflow, forced: wasForced });
    } catch (e) {
      console.warn('Vigie: batch failed', e);
    }
  }

  /**
   * Calls `fn` on `items` in order until `budgetMs` have passed (always at least one item) and
   * returns how many it did: the caller does the rest in a later task, so no task of Vigie's
   * grows into a long one (> 50 ms) whatever the size of a burst.
   */
  function slice(items, fn, budgetMs, clock = now) {
    const end = clock() + budgetMs;
    let i = 0;
    while (i < items.length) {
      fn(items[i++]);
      if (clock() >= end) break;
    }
    return i;
  }

  V.observe = Object.freeze({
    /**
     * Starts watching the document; `callback({records, overflow, forced})` runs once per batch.
     * The first batch reads the page as it is: in a task of its own right away, or with `now`,
     * before start() returns.
     */
    start(callback, { now = false } = {}) {
      onBatch = callback;
      if (!observer) observer = new MutationObserver(queueRecords);
      observer.observe(document.documentElement, { childList: true, subtree: true });
      forced = true;
      // Waiting the batch delay and then for idle time, while a chat page is still busy loading,
      // held the first verdict ~50 ms.
      if (now) run();
      else if (!timer && !idleHandle) timer = setTimeout(run, 0);
    },
    /** Disconnects everything: no observer, no pending batch. */
    stop() {
      observer?.disconnect();
      observer = null;
      onBatch = null;
      queue = [];
      queuedNodes = 0;
      overflow = false;
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
    /** Runs `fn` when the page is idle (within a second): the place for reads that can wait. */
    idle(fn) {
      const guarded = () => {
        try {
          fn();
        } catch (e) {
          console.warn('Vigie: idle task failed', e);
        }
      };
      if (globalThis.requestIdleCallback) globalThis.requestIdleCallback(guarded, { timeout: 1000 });
      else setTimeout(guarded, 50);
    },
    /** Runs `fn` in a task of its own once the next frame has been rendered. */
    afterFrame(fn) {
      requestAnimationFrame(() => setTimeout(() => {
        try {
          fn();
        } catch (e) {
          console.warn('Vigie: render failed', e);
        }
      }, 0));
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
    /**
     * Takes one of Vigie's own elements out of the page. The observer knows it was Vigie: no batch
     * reads the conversation again for it (a pass that removed a warning whose verdict dropped
     * cost a read of the 400 newest messages and a frame pass right after, for nothing).
     */
    remove(node) {
      if (!node) return;
      if (node.isConnected && observer) removing.add(node);
      node.remove();
    },
    get active() {
      return observer !== null;
    },
    slice,
    OWN_TAGS,
    BATCH_DELAY_MS,
  });
})();
