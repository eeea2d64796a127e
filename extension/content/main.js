// Content script, wiring — runs after the others but draw.js, actions.js, overlay.js and the UI
// strings (build.mjs). Chooses the adapter for this page, starts or stops the observer, and on
// each batch: reads the conversation (extract), sends what is new (analyse), then has the warnings
// placed (draw.js). Also: settings applied live (storage.onChanged), pause per site, thread
// changes, the popup's status question, and a clean stop when the extension goes away (update,
// reload: "Extension context invalidated").
//
// Drawing (draw.js) and what its buttons do (actions.js) are files of their own that run after
// this one, in the same task: this file is compiled before the first request leaves (start), and
// they are not needed before the engine's answer, which comes in a later task. This file calls
// them through `V.draw` only after the settings are read (an await: a later task), when they ran.

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || V.started) return;
  V.started = true;

  const { api, send, contextAlive } = V.shared.browser;
  const { MSG } = V.shared.protocol;
  const ST = V.shared.settings;
  const { resolveLang } = V.shared.i18n;

  /** How often to look at the URL when nothing else tells us it changed (SPA navigation). */
  const URL_POLL_MS = 1000;

  /**
   * When this script started, had its settings, read the page, sent it and got its first verdict
   * (read by benches/page). Its start is the first statement of its first file: the files before
   * this one are compiled and run in the same task, and are part of the start-up (`main`: this file).
   */
  const timing = { started: V.loadStarted ?? performance.now(), main: performance.now(), settings: null, firstRead: null, firstRequest: null, firstVerdict: null };
  V.timing = timing;

  const state = {
    settings: ST.defaults(),
    lang: 'en',
    route: null, // {adapter, inPath} for the current URL
    site: null, // the id used in settings: adapter id, or the origin for the generic adapter
    href: location.href,
    snapshot: null, // the last read of the page
    thread: null, // the current thread's state (analyse.js)
    hosts: new Map(), // message key → {host, sig}
    banner: null,
    notes: new Map(), // message key → timer of a "hidden — undo" line
    announced: new Map(), // message key → the rank of the level it was last announced at
    engine: 'unknown', // 'ok' | 'error' | 'unknown'
    engineError: null,
    stopped: false,
    ready: false, // the settings are read (start): until then the page is read and sent, never drawn
  };
  /** Shared with the files that draw and act on the warnings (draw.js, actions.js): they run after this one. */
  V.state = state;
  /** The page is being read before the settings arrived (start), with this adapter. */
  let early = false;
  let earlyAdapter = null;
  let earlyHref = '';

  // ------------------------------------------------------------------ routing

  function siteId(adapter) {
    return adapter.kind === 'generic' ? location.origin : adapter.id;
  }

  /** Picks the adapter for the current URL and starts or stops watching accordingly. */
  function route() {
    // Before the settings are read, what to watch is not decided yet (start calls this once they are).
    if (state.stopped || !state.ready) return;
    const found = V.extract.adapterFor(new URL(location.href), state.settings);
    state.route = found;
    state.site = found ? siteId(found.adapter) : null;
    const on = Boolean(found && found.inPath && !ST.isPaused(state.settings, state.site));
    if (on && early) {
      // The page was read while the settings loaded (start): that read is used now, and the
      // observer, already watching, carries on from it.
      early = false;
      if (V.observe.active && state.snapshot && found.adapter === earlyAdapter && location.href === earlyHref) {
        use(state.snapshot);
        settleEarly();
        return;
      }
    }
    if (early && state.thread) {
      // The early read is not used (a paused site, or the page moved on): its state goes with it.
      V.analyse.forget(state.thread.id);
      state.thread = null;
    }
    early = false;
    if (on) V.observe.start(batch);
    else {
      V.observe.stop();
      V.extract.unwatch();
      V.draw.clearPage();
      state.snapshot = null;
      state.thread = null;
    }
  }

  function urlChanged() {
    if (location.href === state.href) return;
    state.href = location.href;
    const before = state.route?.adapter?.id;
    const wasOn = V.observe.active;
    route();
    if (wasOn && V.observe.active && before === state.route?.adapter?.id) V.observe.poke();
  }

  // ------------------------------------------------------------------ the batch

  function batch({ records, overflow, forced }) {
    if (!contextAlive()) return stop();
    if (location.href !== state.href) urlChanged();
    if (!state.route?.adapter || !V.observe.active) return;
    // Mutations far from the conversation (a typing indicator in the sidebar) are not worth a read.
    const container = state.snapshot?.container;
    if (!forced && !overflow && container?.isConnected && records.length > 0 &&
        !records.some((r) => container.contains(r.target) || r.target.contains(container))) {
      return;
    }
    timing.firstRead ??= performance.now();
    const appended = V.extract.reads.appended;
    const snap = V.extract.read(state.route.adapter, forced || overflow ? null : records);
    state.snapshot = snap;
    // Read while the settings load (start): sent with the stored settings (the background checks
    // the pause), drawn only once this script's own settings say the site is not paused (route).
    if (!state.ready) return useEarly(snap);
    // Only messages appended after the last one, nothing removed (not even a warning): every warning is where it was.
    use(snap, V.extract.reads.appended !== appended && !records.some((r) => r.removedNodes?.length));
  }

  /**
   * A read of the page, put to use: its thread's state, the request for what is new, the frame
   * pass that puts warnings back where the page moved or removed them. `inPlace`: the read only
   * found messages appended, so nothing moved; when they leave for the engine, the answer's pass
   * draws and places them, and the page's frame (which the answer waits behind) runs no pass.
   */
  function use(snap, inPlace = false) {
    if (!snap) {
      if (state.thread) V.draw.clearPage();
      state.thread = null;
      return;
    }
    let switched = false;
    if (!state.thread || state.thread.id !== snap.thread) {
      // Another conversation: a fresh context (its own state, never the previous thread's).
      V.draw.clearPage();
      state.thread = V.analyse.thread(snap.thread);
      switched = true;
    }
    const thread = state.thread;
    thread.merge(snap.messages);
    const requested = thread.pending;
    if (requested) {
      analyse(thread);
      timing.firstRequest ??= performance.now();
    } else if (switched) {
      // Back to a thread whose older messages were left unread under these settings.
      askOlder(thread);
    }
    if (!(inPlace && requested)) V.observe.frame(V.draw.render);
  }

  /**
   * The page read before the settings arrived (start): its new messages leave at once, as a
   * `stored` request (analyse.js payload), so the engine's answer and the settings read are on
   * their way at the same time instead of one after the other.
   */
  function useEarly(snap) {
    if (!snap) return;
    if (!state.thread || state.thread.id !== snap.thread) state.thread = V.analyse.thread(snap.thread);
    state.thread.merge(snap.messages);
    if (state.thread.pending) {
      analyse(state.thread);
      timing.firstRequest ??= performance.now();
    }
  }

  /**
   * The settings arrived and the site is not paused, after an early read: the early verdicts are
   * drawn when they fit the settings; asked again when they do not (the settings changed in
   * between, or the stored settings paused the site). A request still out draws when it comes back.
   */
  function settleEarly() {
    const thread = state.thread;
    if (!thread || thread.inflight) return;
    const { options, lang } = currentRequest();
    if (thread.analysedWith === V.analyse.requestKey(options, lang)) {
      timing.firstVerdict ??= performance.now();
      V.draw.renderNow();
      askRest(thread);
    } else if (thread.order.length > 0) {
      thread.pending = true;
      analyse(thread);
    }
  }

  /** The settings a request carries, read when it leaves (they may change while one is out). */
  function currentRequest() {
    if (!state.ready) return { stored: true, site: siteId(earlyAdapter), autoLang: resolveLang('auto') };
    return { options: { sensitivity: state.settings.sensitivity, minorMode: state.settings.minorMode }, lang: state.lang };
  }

  async function analyse(thread) {
    const result = await V.analyse.analyse(thread, currentRequest);
    if (result && result.error) {
      if (result.error === 'context-invalidated') return stop();
      state.engine = 'error';
      state.engineError = result.error;
      return;
    }
    if (result === true) {
      state.engine = 'ok';
      state.engineError = null;
    }
    // Before the settings arrived, an answer is kept, and drawn by settleEarly once they say so.
    // It carries the background's copy of them: the start goes on with those (start).
    if (!state.ready) {
      if (thread.storedSettings) settingsFromWorker(thread.storedSettings);
      return;
    }
    if (result === true) {
      timing.firstVerdict ??= performance.now();
      // Drawn at once, in the task that delivered the answer: waiting for the next frame cost up
      // to a frame of latency, and render() does its reads before its writes either way.
      if (thread === state.thread) V.draw.renderNow();
      askRest(thread);
      askOlder(thread);
    }
    if (thread.pending && thread === state.thread) V.observe.poke();
  }

  /**
   * A long thread's first answer covered its newest messages only (analyse.js
   * FIRST_REQUEST_MESSAGES): the rest is asked for in a task of its own, once those are drawn
   * (its payload's serialisation would otherwise come first). No new read of the page is needed.
   */
  function askRest(thread) {
    if (!thread.rest) return;
    setTimeout(() => {
      if (!thread.rest || thread.inflight || state.stopped || thread !== state.thread) return;
      thread.pending = true;
      analyse(thread);
    }, 0);
  }

  /**
   * The thread's remembered messages older than the newest window, when their verdicts were given
   * under other settings or never (after a settings change, or history loaded above): asked in
   * windows of their own (analyse.js analyseOlder), from a task of its own once the newest
   * window's answer is drawn, each window drawn as it comes. Nothing to do, nothing scheduled.
   */
  function askOlder(thread) {
    if (!thread.olderStale || thread.rest) return;
    setTimeout(async () => {
      if (state.stopped || !state.ready || thread !== state.thread) return;
      const shown = () => !state.stopped && thread === state.thread;
      const result = await V.analyse.analyseOlder(thread, currentRequest, () => {
        if (!shown()) return false;
        V.draw.renderNow();
        return true;
      });
      // The newest window stays the engine's health signal; a failed older window is asked
      // again after the thread's next answer.
      if (result?.error === 'context-invalidated') stop();
      else if (result === true && shown()) V.draw.renderNow(); // the banner held while they were read (draw.js)
    }, 0);
  }

  // ------------------------------------------------------------------ settings, status, lifecycle

  function applySettings(next) {
    const prev = state.settings;
    const prevLang = state.lang;
    state.settings = next;
    state.lang = resolveLang(next.lang);
    // New options give other verdicts, a new language other explanation sentences: the messages
    // already seen are analysed again (the batch poked below sends them), and every warning is
    // redrawn — removed when the new verdict is under the threshold, added when it now reaches it.
    if (prev.sensitivity !== next.sensitivity || prev.minorMode !== next.minorMode || prevLang !== state.lang) {
      V.analyse.invalidate();
      for (const entry of state.hosts.values()) entry.sig = '';
    }
    const pausedChanged = prev.pausedSites.join('\n') !== next.pausedSites.join('\n');
    const genericChanged = prev.genericSites.join('\n') !== next.genericSites.join('\n');
    if (pausedChanged || genericChanged) route();
    if (V.observe.active) V.observe.poke();
    V.observe.frame(V.draw.render);
  }

  function status() {
    const route = state.route;
    const counts = { caution: 0, warning: 0, danger: 0 };
    for (const entry of state.hosts.values()) {
      const level = entry.host.isConnected ? entry.host.getAttribute('data-vigie-level') : null;
      if (level in counts) counts[level]++;
    }
    const paused = Boolean(state.site && ST.isPaused(state.settings, state.site));
    let problem = null;
    if (state.engine === 'error') problem = 'engine';
    else if (V.extract.broken.size > 0) problem = 'selectors';
    else if (state.snapshot && state.snapshot.messages.length === 0 && state.snapshot.textLength > 200) problem = 'no-messages';
    return {
      site: state.site,
      adapter: route?.adapter?.name ?? null,
      adapterId: route?.adapter?.id ?? null,
      active: V.observe.active,
      paused,
      conversation: Boolean(state.snapshot),
      thread: state.thread?.id ?? null,
      messages: state.snapshot?.messages.length ?? 0,
      analysed: state.snapshot && state.thread ? state.snapshot.messages.filter((m) => state.thread.verdicts.has(m.key)).length : 0,
      warnings: counts,
      level: state.thread?.conversation?.level ?? 'none',
      healthy: problem === null,
      problem,
      engineError: state.engineError,
    };
  }

  function onMessage(message, sender, sendResponse) {
    if (!sender || sender.id !== api.runtime.id) return false;
    if (message?.type === MSG.STATUS) sendResponse(status());
    else if (message?.type === MSG.EVIDENCE_COLLECT) sendResponse(V.evidence.payload('popup'));
    return false;
  }

  let poll = 0;
  let unwatchSettings = null;
  /** Resolves the start's wait with the settings an early answer carried (analyse). */
  let settingsFromWorker = () => {};
  const onNav = () => urlChanged();

  function stop() {
    if (state.stopped) return;
    state.stopped = true;
    V.observe.stop();
    V.extract.unwatch();
    // draw.js and overlay.js run after this file: a stop in its first run finds nothing drawn.
    V.draw?.clearPage();
    V.overlay?.removeLive();
    clearInterval(poll);
    try {
      unwatchSettings?.();
      api.runtime.onMessage.removeListener(onMessage);
    } catch {
      // The extension is gone; nothing left to unhook.
    }
    removeEventListener('popstate', onNav);
    removeEventListener('hashchange', onNav);
    globalThis.navigation?.removeEventListener?.('navigatesuccess', onNav);
  }

  async function start() {
    // The page is read while the settings load, when its adapter does not depend on them (a
    // built-in site; the generic adapter needs the settings' list of sites), and its messages
    // leave at once with the stored settings (useEarly): before this script's first use of the
    // extension APIs, whose set-up in the page costs milliseconds. Nothing is drawn before the
    // settings say the site is not paused (route); on a paused site the read is dropped with the
    // observer, and the worker does not analyse it.
    const guess = V.extract.adapterFor(new URL(location.href), ST.defaults());
    if (guess?.inPath) {
      early = true;
      earlyAdapter = guess.adapter;
      earlyHref = location.href;
      state.route = guess;
      // In this task, the script's first: a task of its own could queue behind the page's own
      // (its first frames) and end up after the settings.
      V.observe.start(batch, { now: true });
    }
    // Nothing sent yet (no conversation on the page, or not a built-in site): wakes the service
    // worker, which loads the engine if it was stopped, while the page is still building.
    if (!state.thread?.inflight) send({ type: MSG.ENGINE_STATUS });
    // The settings read is a round trip to the browser (7–40 ms while the page loads).
    const loading = ST.loadSettings();
    // Whichever comes first: this script's own read, or the settings the background answered the
    // early request with (it holds them in memory: its answer often comes back first).
    const fromWorker = new Promise((resolve) => {
      settingsFromWorker = (raw) => resolve(ST.normalizeSettings(raw).settings);
    });
    const own = loading.catch(() => ST.defaults());
    state.settings = await Promise.race([own, fromWorker]);
    settingsFromWorker = () => {};
    timing.settings = performance.now();
    state.ready = true;
    state.lang = resolveLang(state.settings.lang);
    // The first request leaves before the listeners are set up (their first use costs the
    // extension APIs' set-up in this page); nothing can happen in between, it is the same task.
    route();
    unwatchSettings = ST.onSettingsChanged(applySettings);
    api.runtime.onMessage.addListener(onMessage);
    addEventListener('popstate', onNav);
    addEventListener('hashchange', onNav);
    globalThis.navigation?.addEventListener?.('navigatesuccess', onNav);
    poll = setInterval(() => {
      if (!contextAlive()) stop();
      else urlChanged();
    }, URL_POLL_MS);
    // Started with the background's copy: this script's own read still decides, if it differs
    // (a change the background had not seen yet).
    const read = await own;
    if (!state.stopped && read !== state.settings && JSON.stringify(read) !== JSON.stringify(state.settings)) applySettings(read);
  }

  V.status = status;
  start();
})();
