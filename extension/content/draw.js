// Content script, DRAWING — runs after main.js (build.mjs contentScripts). Puts the engine's
// verdicts on the page: which messages get a warning and where it goes (the render pass), the
// banner on danger, what screen readers are told, the chat's darkness for the overlay's colours.
// overlay.js builds the elements; the buttons on them call actions.js.
//
// Why a file of its own: nothing is drawn before the engine's first answer, which arrives in a
// later task than the one that runs the content script's files, so this code needs not be
// compiled before the first request leaves (main.js start); compiled after it, it no longer
// delays that request. main.js calls it through `V.draw` once the settings are read.

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || !V.state || V.draw) return;
  const { t } = V.shared.i18n;
  const { shownLevel, drawFirst, RANK } = V.analyse;
  /** This page's state (main.js), read and written here: the hosts, the banner, the announcements. */
  const state = V.state;

  /** Explanation sentences shown per warning. */
  const MAX_REASONS = 4;
  /** Script time spent drawing warnings in one task; the rest is drawn after the next frame. */
  const DRAW_BUDGET_MS = 16;

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
      // The buttons: actions.js (it runs after this file; read when a button is used).
      advice: () => V.actions.openAdvice(verdict.stage ?? state.thread.conversation?.stage ?? 'contact'),
      reportLinks: () => V.actions.reportLinks(),
      openReport: () => V.actions.openReport(),
      dismiss: (kind) => V.actions.dismiss(msg, kind),
      evidence: () => V.actions.saveEvidence('warning'),
      openEvidence: (id) => V.actions.openEvidence(id),
    });
  }

  function renderBanner(shown) {
    const thread = state.thread;
    let danger = thread.conversation?.level === 'danger' && !thread.bannerClosed &&
      [...shown].some((k) => !state.notes.has(k) && state.hosts.get(k)?.host.getAttribute('data-vigie-level') === 'danger');
    // After a settings change, the newest window is answered first: a threat older than it
    // reaches the conversation verdict once the older windows are (analyse.js analyseOlder).
    // Until then the banner stays as it was, as the older warnings do.
    if (!danger && thread.olderStale && !thread.bannerClosed && state.banner?.isConnected) danger = true;
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
        advice: () => V.actions.openAdvice('too-late'),
        report: () => V.actions.openReport(),
        close: () => {
          thread.bannerClosed = true;
          V.observe.remove(state.banner);
        },
        evidence: () => V.actions.saveEvidence('banner'),
        openEvidence: (id) => V.actions.openEvidence(id),
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

  V.draw = Object.freeze({ render, renderNow, clearPage, knownDark });
})();
