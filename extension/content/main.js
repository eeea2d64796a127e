// Content script, wiring — runs after the others but overlay.js (build.mjs). Chooses the adapter for this page, starts or stops the
// observer, and on each batch: reads the conversation (extract), sends what is new (analyse),
// then places the warnings (overlay). Also: settings applied live (storage.onChanged), pause per
// site, thread changes, the popup's status question, and a clean stop when the extension goes
// away (update, reload: "Extension context invalidated").

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || V.started) return;
  V.started = true;

  const { api, send, contextAlive } = V.shared.browser;
  const { MSG } = V.shared.protocol;
  const ST = V.shared.settings;
  const { resolveLang, t } = V.shared.i18n;
  const { shownLevel, drawFirst, RANK } = V.analyse;

  /** Explanation sentences shown per warning. */
  const MAX_REASONS = 4;
  /** How long the "warning hidden — undo" line stays. */
  const UNDO_MS = 15000;
  /** How often to look at the URL when nothing else tells us it changed (SPA navigation). */
  const URL_POLL_MS = 1000;
  /** Script time spent drawing warnings in one task; the rest is drawn after the next frame. */
  const DRAW_BUDGET_MS = 16;

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
      clearPage();
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
      if (state.thread) clearPage();
      state.thread = null;
      return;
    }
    if (!state.thread || state.thread.id !== snap.thread) {
      // Another conversation: a fresh context (its own state, never the previous thread's).
      clearPage();
      state.thread = V.analyse.thread(snap.thread);
    }
    const thread = state.thread;
    thread.merge(snap.messages);
    const requested = thread.pending;
    if (requested) {
      analyse(thread);
      timing.firstRequest ??= performance.now();
    }
    if (!(inPlace && requested)) V.observe.frame(render);
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
      renderNow();
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
      if (thread === state.thread) renderNow();
      askRest(thread);
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

  // ------------------------------------------------------------------ rendering

  function place(node, anchor, position) {
    switch (position) {
      case 'before':
        if (node.nextSibling !== anchor) anchor.before(node);
        break;
      case 'append':
        if (node.parentNode !== anchor || anchor.lastChild !== node) anchor.append(node);
        break;
      case 'prepend':
        if (anchor.firstChild !== node) anchor.prepend(node);
        break;
      default:
        if (anchor.nextSibling !== node) anchor.after(node);
    }
  }

  function anchorOf(msgEl, spec) {
    if (!spec?.anchor) return msgEl;
    try {
      return msgEl.closest(spec.anchor) ?? msgEl;
    } catch {
      return msgEl;
    }
  }

  /** Dismissals and trusted contacts as sets (up to thousands of entries, checked for every message of every batch). */
  let hiddenIndex = null;
  function index() {
    if (hiddenIndex?.settings === state.settings) return hiddenIndex;
    const key = (...parts) => parts.join('\u0000');
    hiddenIndex = {
      settings: state.settings,
      key,
      dismissed: new Set(state.settings.dismissed.map((d) => key(d.site, d.thread ?? '*', d.messageKey))),
      trusted: new Set(state.settings.trustedContacts.map((c) => key(c.site, c.thread ?? '*', c.sender))),
    };
    return hiddenIndex;
  }

  function hidden(msg) {
    const { dismissed, trusted } = index();
    // Nothing dismissed or trusted (the common case): no key to build per message and pass.
    if (dismissed.size === 0 && trusted.size === 0) return false;
    const S = '\u0000';
    const here = `${state.site}${S}${state.thread.id}${S}`;
    const any = `${state.site}${S}*${S}`;
    if (dismissed.size && (dismissed.has(here + msg.key) || dismissed.has(any + msg.key))) return true;
    return trusted.size > 0 && msg.direction !== 'out' && Boolean(msg.sender) && (trusted.has(here + msg.sender) || trusted.has(any + msg.sender));
  }

  function stageLabel(stage) {
    return (stage && V.data.advice[state.lang]?.stage_labels?.[stage]) || '';
  }

  function reasonsFor(key, verdict) {
    const ex = state.thread.explanations[state.lang] ?? {};
    const keys = [];
    for (const s of verdict.signals ?? []) if (s.explain && !keys.includes(s.explain)) keys.push(s.explain);
    for (const e of state.thread.conversation?.escalations ?? []) if (e.message === key && e.explain && !keys.includes(e.explain)) keys.push(e.explain);
    // The first few reasons are enough to understand; a wall of text is not what a frightened reader needs.
    return keys.map((k) => ex[k]).filter(Boolean).slice(0, MAX_REASONS);
  }

  /**
   * What a message's warning shows, as a string to compare with the one it was drawn with: its
   * level, language, stage line, the message's text and the spans marked in it, the sender, the
   * minor mode and the reasons (after a language change they arrive with the new verdicts). Every
   * answer brings new verdict objects for the newest messages, so this is built for every warned
   * message on the page, in the task that draws the burst's new warnings: the signals' other
   * fields (rule ids, matched text), which the card does not show, are left out (their
   * JSON.stringify was the costliest line of render in the burst run's CPU profile).
   */
  function warningSignature(msg, verdict, level, minor) {
    let spans = '';
    for (const s of verdict.signals ?? []) spans += `${s.start}-${s.end},`;
    const stage = stageLabel(verdict.stage ?? state.thread.conversation?.stage);
    return `${level}|${state.lang}|${stage}|${spans}|${msg.text}|${msg.sender}|${minor}|${reasonsFor(msg.key, verdict).join('\n')}`;
  }

  /**
   * Places and draws the warnings. Reads first (levels, anchors, what needs drawing, whether the
   * chat is dark), then writes: reading computed styles between insertions forced a restyle of the
   * whole page per warning. A warning whose verdict, language and settings did not change since it
   * was drawn is only checked for its place (the page may have moved or removed it). Drawing is the
   * costly part (a shadow tree per warning), done outside animation frames: the most serious
   * warnings first, for at most DRAW_BUDGET_MS; what is left is drawn by the same function in a
   * task of its own once the next frame is rendered. A new warning's host enters the page only
   * once drawn, so no empty host is ever shown.
   */
  function render(inFrame = true) {
    if (state.stopped || !state.ready || !state.thread || !state.snapshot) return;
    const thread = state.thread;
    const adapter = state.route.adapter;
    const spec = adapter.overlay;
    const shown = new Set();
    const onPage = new Map(); // message key → element, for this snapshot
    const places = []; // [host, anchor]
    const draws = []; // {entry, msg, verdict, level, anchor, sig}
    const explanations = thread.explanations[state.lang];
    const conversation = thread.conversation;
    const minor = state.settings.minorMode;
    // ---- reads
    for (const msg of state.snapshot.messages) {
      onPage.set(msg.key, msg.el);
      if (!msg.el.isConnected) continue;
      const verdict = thread.verdicts.get(msg.key);
      const level = msg.direction === 'out' ? 'none' : shownLevel(verdict);
      let entry = state.hosts.get(msg.key);
      if (state.notes.has(msg.key) && entry) {
        // A "hidden — undo" line: keep it where it is until it expires.
        shown.add(msg.key);
        places.push([entry.host, anchorOf(msg.el, spec)]);
        continue;
      }
      if (level === 'none' || hidden(msg)) continue;
      if (!entry) {
        entry = { host: V.overlay.host('vigie-warning'), sig: '' };
        state.hosts.set(msg.key, entry);
      }
      const anchor = anchorOf(msg.el, spec);
      shown.add(msg.key);
      entry.el = msg.el;
      entry.msg = msg;
      // Same verdict object, same explanations and settings: nothing to redraw.
      if (entry.sig !== '' && entry.verdict === verdict && entry.explanations === explanations && entry.conversation === conversation &&
          entry.lang === state.lang && entry.minor === minor && entry.sender === msg.sender) {
        places.push([entry.host, anchor]);
        continue;
      }
      const sig = warningSignature(msg, verdict, level, minor);
      const seen = { verdict, explanations, conversation, lang: state.lang, minor, sender: msg.sender };
      if (entry.sig !== sig) draws.push({ entry, msg, verdict, level, anchor, sig, seen, isNew: entry.sig === '' });
      else Object.assign(entry, seen);
      // A warning already drawn keeps its place while it waits to be redrawn; a new one waits off the page.
      if (entry.sig !== '') places.push([entry.host, anchor]);
    }
    // Warnings not drawn this pass: removed when their message left the page (virtualised list),
    // was recycled for another message, or no longer warrants one; a warning whose message is still
    // on the page but older than the newest messages read (extract.js MAX_ITEMS) stays.
    const removals = [];
    const pageEls = new Set(onPage.values());
    for (const [key, entry] of state.hosts) {
      if (shown.has(key)) continue;
      const el = entry.el;
      let keep = Boolean(el && el.isConnected && !onPage.has(key) && !pageEls.has(el) && entry.msg && !state.notes.has(key));
      if (keep) {
        const verdict = thread.verdicts.get(key) ?? entry.verdict;
        keep = shownLevel(verdict) !== 'none' && !hidden(entry.msg) && state.snapshot.container.contains(el);
      }
      if (keep) shown.add(key);
      else {
        removals.push(entry.host);
        if (entry.sig === '') state.hosts.delete(key); // never drawn: nothing to keep
      }
    }
    // Whether the chat is dark, read before any write (chatDark); a frame with nothing to draw
    // still reads it for a new conversation, so the first answer's pass finds it ready.
    let dark = false;
    if (draws.length) dark = chatDark(draws[0].anchor);
    else if (inFrame && darkness.container !== state.snapshot.container && state.snapshot.messages.length) chatDark(anchorOf(state.snapshot.messages[0].el, spec));
    // A warning is announced when it first shows at warning or danger, and once more when its level
    // rises above the one announced (a redraw, updated in place): one announcement per pass, with
    // the worst level among them, when the pass's first warning is drawn.
    const toAnnounce = draws.filter((d) => (RANK[d.level] ?? 0) >= RANK.warning && (RANK[d.level] ?? 0) > (state.announced.get(d.msg.key) ?? 0));
    // ---- writes
    for (const [host, anchor] of places) place(host, anchor, spec?.position);
    const order = drawFirst(draws);
    // A pass run from an animation frame only places and removes: drawing there would put its
    // script in the frame's task, together with the layout and paint it causes.
    const done = inFrame ? 0 : V.observe.slice(order, (d) => {
      renderOne(d.entry.host, d.msg, d.verdict, d.level, dark);
      Object.assign(d.entry, d.seen);
      d.entry.sig = d.sig;
      place(d.entry.host, d.anchor, spec?.position);
    }, DRAW_BUDGET_MS);
    for (const host of removals) V.observe.remove(host);
    renderBanner(shown);
    if (done > 0 && toAnnounce.length) announceLevels(toAnnounce);
    if (done < order.length || order.length < draws.length) renderLater();
  }

  /**
   * Says the pass's warnings to screen readers (the overlay's polite live region), once: a warning
   * never announced before is "{level} on a message in this conversation"; when all of them were
   * announced before at a lower level (the conversation made them worse), "a warning … is now
   * {level}", so that the rise is heard without sounding like a new message.
   */
  function announceLevels(items) {
    let worst = items[0];
    let rises = true;
    for (const d of items) {
      if ((RANK[d.level] ?? 0) > (RANK[worst.level] ?? 0)) worst = d;
      if (!state.announced.has(d.msg.key)) rises = false;
      state.announced.set(d.msg.key, RANK[d.level] ?? 0);
    }
    V.overlay.announce(t(state.lang, rises ? 'live_warning_rose' : 'live_warning', {
      level: t(state.lang, `level_${worst.level}`),
      stage: stageLabel(worst.verdict.stage ?? state.thread.conversation?.stage),
    }));
  }

  /**
   * Whether the chat is dark, for the overlay's colours. Read once per conversation (in an
   * animation frame when possible, where the page's style is up to date), then refreshed in idle
   * time after the passes that use it (a theme switch shows in the next warnings): reading it
   * while drawing, when an answer arrives right after the page added messages, forced a restyle of
   * those messages each time (150–200 ms over the 2,000-message bench run).
   */
  let darkness = { container: null, dark: false, refreshing: false };
  function chatDark(anchor) {
    const container = state.snapshot.container;
    const at = anchor.parentElement ?? anchor;
    if (darkness.container !== container) darkness = { container, dark: V.overlay.isDark(at), refreshing: false };
    else if (!darkness.refreshing) {
      const d = darkness;
      d.refreshing = true;
      V.observe.idle(() => {
        d.refreshing = false;
        if (at.isConnected) d.dark = V.overlay.isDark(at);
      });
    }
    return darkness.dark;
  }

  /**
   * The chat's darkness for the banner and the "hidden — undo" line: the one the warnings were
   * drawn with (chatDark), without scheduling a refresh; read at `anchor` only when this
   * conversation's is not known yet. Reading it there forced the page's style in the middle of the
   * drawing task (11 ms in one profile, the banner of a burst's first danger).
   */
  function knownDark(anchor) {
    return darkness.container === state.snapshot?.container ? darkness.dark : V.overlay.isDark(anchor);
  }

  /**
   * The rest of a render pass, in a task of its own right after the next frame (one pending at a
   * time): drawn inside the frame's callback, its layout and paint would land in the same task.
   */
  let renderPending = false;
  function renderLater() {
    if (renderPending) return;
    renderPending = true;
    V.observe.afterFrame(() => {
      renderPending = false;
      render(false);
    });
  }

  function renderNow() {
    try {
      render(false);
    } catch (e) {
      console.warn('Vigie: render failed', e);
    }
  }

  function renderOne(host, msg, verdict, level, dark) {
    const canTrust = Boolean(msg.sender) && !state.settings.minorMode;
    V.overlay.renderWarning(host, {
      level,
      lang: state.lang,
      dark,
      stageLabel: stageLabel(verdict.stage ?? state.thread.conversation?.stage),
      text: msg.text,
      signals: verdict.signals ?? [],
      reasons: reasonsFor(msg.key, verdict),
      sender: msg.sender ?? t(state.lang, 'sender_unknown'),
      canTrust,
    }, {
      advice: () => openAdvice(verdict.stage ?? state.thread.conversation?.stage ?? 'contact'),
      reportLinks: () => reportLinks(),
      openReport: () => openReport(),
      dismiss: (kind) => dismiss(msg, kind),
      evidence: () => saveEvidence('warning'),
      openEvidence: (id) => openEvidence(id),
    });
  }

  function renderBanner(shown) {
    const thread = state.thread;
    const danger = thread.conversation?.level === 'danger' && !thread.bannerClosed &&
      [...shown].some((k) => !state.notes.has(k) && state.hosts.get(k)?.host.getAttribute('data-vigie-level') === 'danger');
    if (!danger) {
      V.observe.remove(state.banner);
      return;
    }
    const spec = state.route.adapter.banner ?? { position: 'before' };
    let anchor = state.snapshot.container;
    if (spec.anchor) anchor = document.querySelector(spec.anchor) ?? anchor;
    if (!state.banner) state.banner = V.overlay.host('vigie-banner');
    const sig = `${state.lang}|${thread.id}`;
    if (state.bannerSig !== sig) {
      state.bannerSig = sig;
      V.overlay.renderBanner(state.banner, { lang: state.lang, dark: knownDark(anchor), firstSteps: V.data.advice[state.lang].first_steps }, {
        advice: () => openAdvice('too-late'),
        report: () => openReport(),
        close: () => {
          thread.bannerClosed = true;
          V.observe.remove(state.banner);
        },
        evidence: () => saveEvidence('banner'),
        openEvidence: (id) => openEvidence(id),
      });
    }
    if (!state.banner.isConnected) V.overlay.announce(t(state.lang, 'live_banner'));
    place(state.banner, anchor, spec.position);
  }

  function clearPage() {
    for (const entry of state.hosts.values()) V.observe.remove(entry.host);
    state.hosts.clear();
    for (const timer of state.notes.values()) clearTimeout(timer);
    state.notes.clear();
    V.observe.remove(state.banner);
    state.banner = null;
    state.bannerSig = '';
  }

  // ------------------------------------------------------------------ actions

  function openAdvice(section) {
    send({ type: MSG.OPEN_ADVICE, section, lang: state.lang, site: state.route?.adapter?.id });
  }

  function openReport() {
    send({ type: MSG.OPEN_REPORT, country: state.settings.country, site: state.route?.adapter?.id, lang: state.lang });
  }

  async function reportLinks() {
    const answer = await send({ type: MSG.REPORT_LINKS, country: state.settings.country, site: state.route?.adapter?.platform ?? state.route?.adapter?.id, lang: state.lang, minor: state.settings.minorMode });
    return answer.ok ? answer.value : null;
  }

  /**
   * What "Save evidence" keeps: every message of the thread Vigie has read (in conversation order,
   * including those a virtualised list scrolled away), with direction, sender, address and time as
   * the adapter read them, the thread's URL, title and the other person's profile when the adapter
   * knows it. The background adds the analysis, the identifiers and the screenshot.
   */
  function evidencePayload(source) {
    const thread = state.thread;
    const adapter = state.route?.adapter;
    if (!thread || !adapter || !state.snapshot || thread.order.length === 0) return null;
    const onPage = new Set(state.snapshot.messages.map((m) => m.key));
    let profile = null;
    try {
      profile = V.extract.profile(adapter);
    } catch {
      profile = null;
    }
    return {
      source,
      site: state.site,
      adapter: { id: adapter.id, name: adapter.name, kind: adapter.kind, platform: adapter.platform ?? null },
      url: location.href,
      thread: thread.id,
      title: state.snapshot.title,
      pageTitle: document.title,
      profile,
      lang: state.lang,
      viewport: { width: innerWidth, height: innerHeight },
      messages: thread.order.map((k) => {
        const r = thread.records.get(k);
        return { key: k, text: r.text, direction: r.direction, sender: r.sender ?? null, address: r.address ?? null, time: r.time ?? null, timeText: r.timeText ?? null, onPage: onPage.has(k) };
      }),
    };
  }

  /** Sends the conversation to the background to be saved; resolves to its answer (never throws). */
  async function saveEvidence(source) {
    const capture = evidencePayload(source);
    if (!capture) return { ok: false, error: 'nothing-to-save' };
    const answer = await send({ type: MSG.EVIDENCE_SAVE, capture });
    return answer.ok ? answer.value : answer;
  }

  function openEvidence(id) {
    send({ type: MSG.OPEN_EVIDENCE, id });
  }

  async function dismiss(msg, kind) {
    const site = state.site;
    const thread = state.thread.id;
    const entry = state.hosts.get(msg.key);
    const sender = msg.sender;
    const change = kind === 'contact' && sender
      ? (s) => ({ trustedContacts: [...s.trustedContacts, { site, thread, sender }] })
      : (s) => ({ dismissed: [...s.dismissed, { site, thread, messageKey: msg.key, at: Date.now() }] });
    const undoChange = kind === 'contact' && sender
      ? (s) => ({ trustedContacts: s.trustedContacts.filter((c) => !(c.site === site && c.thread === thread && c.sender === sender)) })
      : (s) => ({ dismissed: s.dismissed.filter((d) => !(d.site === site && d.thread === thread && d.messageKey === msg.key)) });
    if (entry) {
      clearTimeout(state.notes.get(msg.key));
      state.notes.set(msg.key, setTimeout(() => {
        state.notes.delete(msg.key);
        V.observe.remove(entry.host);
        state.hosts.delete(msg.key);
        V.observe.frame(render);
      }, UNDO_MS));
      const text = kind === 'contact' && sender ? t(state.lang, 'dismissed_contact_note', { sender: V.shared.invisible.showInvisible(sender) }) : t(state.lang, 'dismissed_note');
      const undo = V.overlay.renderDismissed(entry.host, {
        lang: state.lang,
        dark: knownDark(entry.host.parentElement ?? document.body),
        text,
        onUndo: async () => {
          clearTimeout(state.notes.get(msg.key));
          state.notes.delete(msg.key);
          entry.sig = '';
          await ST.updateSettings(undoChange);
        },
      });
      undo.focus();
    }
    await ST.updateSettings(change);
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
    V.observe.frame(render);
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
    else if (message?.type === MSG.EVIDENCE_COLLECT) sendResponse(evidencePayload('popup'));
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
    clearPage();
    V.overlay?.removeLive(); // overlay.js runs after this file: a stop in its first run finds none
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
  V.evidence = Object.freeze({ payload: evidencePayload, save: saveEvidence });
  start();
})();
