// Content script, part 3 of 4 — ANALYSE. Keeps one conversation state per thread and asks the
// background's engine for verdicts.
//
// The engine is stateless per call (a restarted service worker loses nothing): each request
// carries the thread's recent messages, incoming and outgoing, in page order, so a message that is
// harmless alone can still be read as the step that completes the playbook. A request is made only
// when the thread has messages it has never seen (each message is analysed once; re-renders and
// recycled nodes change nothing), or when the options or the language change.

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || V.analyse) return;
  const { MSG, MAX_THREAD_MESSAGES, ANALYZE_PORT } = V.shared.protocol;
  const { WINDOW, steppedStarts } = V.shared.windows;
  const { api, send, contextAlive } = V.shared.browser;

  /**
   * Analysis requests go through one long-lived port (protocol.js ANALYZE_PORT): in a burst, the
   * synchronous part of `runtime.sendMessage` (which opens and closes a channel per request) took
   * 3–9 ms of the page's task, and its round trip was ~2 ms longer than a port's. A request still
   * waiting when the port closes (the browser stopped the service worker) is sent again with
   * `sendMessage`, which starts the worker; the next request connects anew. Where ports are not
   * available (or connecting throws), requests use `sendMessage`. Resolves to `{ok, value | error}`
   * as `send()` does.
   */
  let port = null;
  let nextId = 1;
  const waiting = new Map(); // request id → its resolve

  /**
   * A port with nothing to carry for this long is closed (the next request connects again): an
   * open port must not keep the background from being suspended (Firefox documents that an event
   * page does not unload while message ports are open). Shorter than both browsers' 30 s idle
   * delay, which each request restarts anyway, so the port never adds to the background's life.
   */
  const PORT_IDLE_MS = 20000;
  let idleTimer = 0;
  function closeWhenIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = 0;
      if (!port || waiting.size > 0) return;
      const idle = port;
      port = null;
      try {
        idle.disconnect();
      } catch {
        // Already closed.
      }
    }, PORT_IDLE_MS);
  }

  function connect() {
    const p = api.runtime.connect({ name: ANALYZE_PORT });
    p.onMessage.addListener((reply) => {
      const resolve = waiting.get(reply?.id);
      if (!resolve) return;
      waiting.delete(reply.id);
      const { id: _id, ...answer } = reply;
      resolve(answer);
      closeWhenIdle();
    });
    p.onDisconnect.addListener(() => {
      void api.runtime.lastError; // read, so the browser does not log it as unchecked
      if (port === p) port = null;
      const pending = [...waiting.values()];
      waiting.clear();
      for (const resolve of pending) resolve(null);
    });
    return p;
  }

  async function request(message) {
    if (!contextAlive() || typeof api.runtime.connect !== 'function') return send(message);
    let answer = null;
    try {
      port ??= connect();
      const id = nextId++;
      const through = port;
      answer = await new Promise((resolve) => {
        waiting.set(id, resolve);
        try {
          through.postMessage({ id, message });
        } catch {
          // Disconnected before its onDisconnect ran, or the extension went away.
          waiting.delete(id);
          if (port === through) port = null;
          resolve(null);
        }
      });
    } catch {
      port = null; // connect() threw
    }
    // The port closed before answering (the worker stopped) or could not be used: once more, the other way.
    return answer ?? send(message);
  }

  /** Threads remembered per tab (switching back does not re-analyse). */
  const MAX_THREADS = 12;
  /** Messages remembered per thread (the request sends the newest MAX_THREAD_MESSAGES). */
  const MAX_REMEMBERED = 600;
  /**
   * A thread's first request carries its newest messages only, this many; the rest leaves once
   * they are answered (main.js askRest). A chat opens on a long history: on a 200-message thread
   * the first request's serialisation in the page's task, the worker's analysis and the answer's
   * parse held the first verdict back by tens of milliseconds (docs/performance.md §24). Until
   * the whole thread is answered, those verdicts count their message's own level only: the
   * context of a history cut short can be wrong either way (a trap looks soon after the first
   * message when what came before is not sent).
   */
  const FIRST_REQUEST_MESSAGES = 20;

  /**
   * Remembered messages older than the newest MAX_THREAD_MESSAGES are asked again, after a settings
   * change (or when history loaded above them never had a verdict), in windows of WINDOW messages:
   * the first ends where the newest window starts, the next ones step back this many at a time
   * (shared/windows.js steppedStarts over the older messages): each is read with at least
   * WINDOW - OLDER_WINDOW_STEP messages before it (or from the start), most in two windows, for 3
   * requests at most (600 remembered). The page read each of them in windows ending at or after
   * it as it arrived; the evidence capture reads every 20th start (evidence/capture.js), which
   * here would be 20 requests per settings change.
   */
  const OLDER_WINDOW_STEP = 100;
  /**
   * The thread id older windows are sent under: the background may keep per-thread state for the
   * live thread (its newest messages, asked again and again), which a window of older messages
   * must not replace.
   */
  const OLDER_THREAD_SUFFIX = '#older';

  class Thread {
    constructor(id) {
      this.id = id;
      this.records = new Map(); // key → {key, text, direction, sender, address, time, timeText}
      this.order = []; // keys in conversation order
      this.position = null; // key → index in order (built lazily, dropped when order changes)
      this.verdicts = new Map(); // key → the engine's message verdict (its context level held, see holdContextLevel)
      this.basis = new Map(); // key → {text, requestKey} the message's verdict was last given for
      this.conversation = null; // the engine's conversation verdict (without messages), held: see holdConversation
      this.conversationWith = ''; // the requestKey the held conversation verdict was reached under
      this.explanations = {}; // lang → {explanation key → sentence}
      this.analysedWith = ''; // the options and language of the last verdicts (see requestKey)
      this.storedSettings = null; // the background's settings, when it answered a `stored` request
      this.pending = false; // new messages or options not yet analysed
      this.inflight = null;
      this.asked = false; // a request was made (the first carries FIRST_REQUEST_MESSAGES only)
      this.rest = false; // the last answer covered the newest messages only: the others are still to ask
      this.olderStale = false; // messages outside the newest window may lack a verdict under the current settings (analyseOlder)
      this.olderRun = 0; // bumped when the settings change: an older-window pass of other settings stops
      this.olderRunning = false;
      this.bannerClosed = false;
    }

    /**
     * Merges a page snapshot into the conversation. The page's order wins for the messages it
     * shows; remembered messages it no longer shows (virtualised away) keep their place.
     * Returns how many messages are new.
     */
    merge(messages) {
      let fresh = 0;
      const changed = new Set(); // new or edited keys
      for (const m of messages) {
        const known = this.records.get(m.key);
        if (!known) fresh++;
        // Text is part of the key for id-less messages; for native ids, an edit is new text.
        if (!known || known.text !== m.text) {
          if (known) fresh++;
          changed.add(m.key);
          this.records.set(m.key, { key: m.key, text: m.text, direction: m.direction, sender: m.sender, address: m.address ?? null, time: m.time, timeText: m.timeText ?? null });
        }
      }
      // Positions of the remembered order, built once per merge (indexOf per message was
      // quadratic: 400 shown × 600 remembered on every batch).
      if (fresh === 0 && this.inOrder(messages)) return 0;
      const shown = new Set();
      for (const m of messages) shown.add(m.key);
      const order = [];
      const emitted = new Set();
      let next = 0;
      const emitShownUpTo = (key) => {
        while (next < messages.length) {
          const k = messages[next++].key;
          if (!emitted.has(k)) {
            order.push(k);
            emitted.add(k);
          }
          if (k === key) return;
        }
      };
      for (const k of this.order) {
        if (shown.has(k)) emitShownUpTo(k);
        else if (!emitted.has(k)) {
          order.push(k);
          emitted.add(k);
        }
      }
      emitShownUpTo(null);
      this.order = order.slice(-MAX_REMEMBERED);
      this.position = null;
      for (const k of order.slice(0, -MAX_REMEMBERED)) {
        this.records.delete(k);
        this.verdicts.delete(k);
        this.basis.delete(k);
      }
      if (fresh > 0) this.pending = true;
      // History loaded above the newest window (or an old message edited): the live request does
      // not carry it, older windows will (analyseOlder).
      if (changed.size > 0 && !this.olderStale) {
        const outside = this.order.length - MAX_THREAD_MESSAGES;
        for (let i = 0; i < outside; i++) {
          if (changed.has(this.order[i])) {
            this.olderStale = true;
            break;
          }
        }
      }
      return fresh;
    }

    /** Index of `key` in the conversation order (undefined when not remembered). */
    indexOf(key) {
      if (!this.position) {
        this.position = new Map();
        this.order.forEach((k, i) => this.position.set(k, i));
      }
      return this.position.get(key);
    }

    /** True when every shown message is already known, in the same relative order. */
    inOrder(messages) {
      let last = -1;
      for (const m of messages) {
        const i = this.indexOf(m.key);
        if (i === undefined || i <= last) return false;
        last = i;
      }
      return true;
    }

    /**
     * The request payload: the newest messages of the thread, in order, with `{options, lang}`, or
     * `{stored: true, site, autoLang}` (the content script's start, before it has its settings:
     * the background applies the stored ones and their pause, background/stored-settings.js).
     */
    payload(wanted, limit = MAX_THREAD_MESSAGES) {
      return this.payloadOf(this.order.slice(-Math.min(limit, MAX_THREAD_MESSAGES)), wanted, this.id);
    }

    /** The request payload for the messages `keys` (in order), sent as thread `thread`. */
    payloadOf(keys, wanted, thread) {
      const settings = wanted.stored ? { stored: true, site: wanted.site, autoLang: wanted.autoLang } : { lang: wanted.lang, options: wanted.options };
      return {
        type: MSG.ANALYZE,
        thread,
        ...settings,
        messages: keys.map((k) => {
          const r = this.records.get(k);
          return { id: k, text: r.text, direction: r.direction, sender: r.sender ?? null, time: r.time ?? null };
        }),
      };
    }
  }

  const threads = new Map();

  function thread(id) {
    let t = threads.get(id);
    if (t) {
      threads.delete(id); // re-insert: most recently used last
      threads.set(id, t);
      return t;
    }
    t = new Thread(id);
    threads.set(id, t);
    while (threads.size > MAX_THREADS) threads.delete(threads.keys().next().value);
    return t;
  }

  /** What analyse() resolves to when the background found the site paused (a `stored` request). */
  const PAUSED = Object.freeze({ paused: true });

  /** Drops a thread's state (an early read of a site the settings then said was paused). */
  function forget(id) {
    threads.delete(id);
  }

  /** What makes two requests for the same messages give different answers. */
  function requestKey(options, lang) {
    return `${options.sensitivity ?? 'normal'}|${Boolean(options.minorMode)}|${lang}`;
  }

  /**
   * Sends the thread's pending messages to the engine. One request per thread at a time; messages
   * arriving meanwhile are sent right after. `current()` → `{options, lang}` (or `{stored: true,
   * site, autoLang}`, see payload) is read when the request leaves, not when it was asked for: a
   * caller that waited behind a request in flight while the user changed a setting must not send
   * the old one. Resolves to true when verdicts changed, false when there was nothing to do,
   * PAUSED when the stored settings pause the site, or `{error}` when the background could not answer.
   */
  async function analyse(t, current) {
    if (t.inflight) {
      await t.inflight.catch(() => {});
      if (!t.pending) return false;
    }
    if (!t.pending || t.order.length === 0) return false;
    t.pending = false;
    // A copy: the caller's object may change while the request is out.
    const wanted = { ...current() };
    const payload = t.payload(wanted, t.asked ? MAX_THREAD_MESSAGES : FIRST_REQUEST_MESSAGES);
    const partial = payload.messages.length < Math.min(t.order.length, MAX_THREAD_MESSAGES);
    t.asked = true;
    const run = (async () => {
      const answer = await request(payload);
      // The settings a stored request was answered with (main.js may start with them).
      if (wanted.stored && answer.ok && answer.value?.settings && typeof answer.value.settings === 'object') t.storedSettings = answer.value.settings;
      if (wanted.stored && answer.ok && answer.value?.paused === true) {
        // The stored settings pause this site: nothing was analysed. Asked again only if the
        // content script's own settings say otherwise (main.js, once they are read).
        t.pending = true;
        return PAUSED;
      }
      const used = wanted.stored ? answer.value?.used : wanted;
      if (!answer.ok || !answer.value || !Array.isArray(answer.value.messages) || !used?.options) {
        t.pending = true; // try again with the next batch
        return { error: answer.error ?? 'bad-answer' };
      }
      const { messages, explanations, used: _used, settings: _settings, ...conversation } = answer.value;
      const { options, lang } = used;
      const answeredWith = requestKey(options, lang);
      // The text each verdict was given for is the one sent: the page may have edited it since.
      const sentText = new Map(payload.messages.map((m) => [m.id, m.text]));
      const edited = new Set();
      for (const m of messages) {
        if (!t.records.has(m.id)) continue;
        const text = sentText.get(m.id);
        const before = t.basis.get(m.id);
        if (before && before.requestKey === answeredWith && before.text !== text) edited.add(m.id);
        const verdict = holdContextLevel(t, m.id, partial ? { ...m, context_level: 'none' } : m, text, answeredWith);
        t.verdicts.set(m.id, verdict);
        t.basis.set(m.id, { text, requestKey: answeredWith });
      }
      // The conversation's verdict (stages, escalations, the banner's level) waits for the whole thread.
      if (!partial) {
        t.conversation = holdConversation(t.conversationWith === answeredWith ? t.conversation : null, conversation, edited);
        t.conversationWith = answeredWith;
      }
      t.rest = partial;
      t.explanations[lang] = { ...t.explanations[lang], ...explanations };
      t.analysedWith = answeredWith;
      // The settings changed while this request was out: its verdicts are shown meanwhile, and
      // the thread is asked again with the new ones.
      const now = current();
      if (!now.stored && requestKey(now.options, now.lang) !== t.analysedWith) t.pending = true;
      return true;
    })();
    t.inflight = run;
    try {
      return await run;
    } finally {
      if (t.inflight === run) t.inflight = null;
    }
  }

  /** Levels in order of seriousness (unknown values rank as none). */
  const RANK = { none: 0, caution: 1, warning: 2, danger: 3 };

  /**
   * A request carries the newest MAX_THREAD_MESSAGES only: once a threat leaves that window, the
   * messages after it are answered without the context that raised them, and a payment demand
   * shown as danger would quietly fall to caution because the chat went on. The conversation did
   * not become safer, so a message's context level never falls while its text and the settings it
   * is analysed with (requestKey) stay the same; an edit or other settings take the new answer
   * as it is. A partial first answer's 'none' (FIRST_REQUEST_MESSAGES) lowers nothing either.
   * Returns the verdict to keep: `verdict` itself, or a copy with the context level held.
   */
  function holdContextLevel(t, key, verdict, text, answeredWith) {
    const before = t.basis.get(key);
    if (!before || before.text !== text || before.requestKey !== answeredWith) return verdict;
    const held = t.verdicts.get(key)?.context_level;
    if ((RANK[held] ?? 0) <= (RANK[verdict.context_level] ?? 0)) return verdict;
    return { ...verdict, context_level: held };
  }

  /** The playbook's steps in order (the engine's Stage::PLAYBOOK): the conversation's stage is the furthest reached. */
  const PLAYBOOK = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];

  /**
   * The conversation verdict to keep, for the same reason as holdContextLevel: `previous` is the
   * one held under the same requestKey (null when the settings changed or none was given yet),
   * `answer` the whole thread's new one. A stage or escalation the thread reached stays reached
   * (one per stage, one per escalation kind: the first message that showed it, so memory stays
   * bounded however long the thread), and the level and score never fall. When a message that
   * showed a held stage or escalation was edited (`edited`: keys whose text changed since their
   * last verdict under the same settings), what it showed may be gone: the new answer is kept as it is.
   * Keeps the engine's shape: {level, score, stage, stages: [{stage, first_message}],
   * escalations: [{kind, message, explain}]}, which draw.js reads for the banner and reasons.
   */
  function holdConversation(previous, answer, edited) {
    if (!previous) return answer;
    const heldStages = previous.stages ?? [];
    const heldEscalations = previous.escalations ?? [];
    if (heldStages.some((s) => edited.has(s.first_message)) || heldEscalations.some((e) => edited.has(e.message))) return answer;
    const stages = [...heldStages];
    for (const s of answer.stages ?? []) if (!stages.some((h) => h.stage === s.stage)) stages.push(s);
    const escalations = [...heldEscalations];
    for (const e of answer.escalations ?? []) if (!escalations.some((h) => h.kind === e.kind)) escalations.push(e);
    const furthest = (a, b) => (PLAYBOOK.indexOf(b) > PLAYBOOK.indexOf(a) ? b : a);
    return {
      ...answer,
      level: (RANK[previous.level] ?? 0) > (RANK[answer.level] ?? 0) ? previous.level : answer.level,
      score: Math.max(previous.score ?? 0, answer.score ?? 0),
      stage: furthest(previous.stage ?? null, answer.stage ?? null),
      stages,
      escalations,
    };
  }

  /**
   * Options or language changed: every known thread is analysed again at its next batch (the
   * current thread right away, see main.js applySettings). The current verdicts stay on screen
   * until the new ones arrive (no flicker of warnings disappearing and coming back); warnings the
   * new verdicts no longer give are removed then, new ones added.
   */
  function invalidate() {
    for (const t of threads.values()) {
      t.pending = t.order.length > 0;
      // The older messages too, once the newest window is answered under the new settings; a
      // pass still reading them under the old ones stops.
      t.olderStale = t.order.length > MAX_THREAD_MESSAGES;
      t.olderRun++;
    }
  }

  /** True when message `key`'s verdict was not given for its text under `answeredWith`. */
  function stale(t, key, answeredWith) {
    const basis = t.basis.get(key);
    return !basis || basis.requestKey !== answeredWith || basis.text !== t.records.get(key)?.text;
  }

  /**
   * The first index of the next older window to ask under `answeredWith`: the newest of the
   * stepped windows over the messages older than the newest window (OLDER_WINDOW_STEP) that holds
   * the newest stale one; -1 when none is stale. Asked newest first: the reader is most likely
   * looking just above the newest messages. Once a window is answered, the next one back also
   * reads again the half it shares with it, so those messages get two contexts. (With fewer than
   * WINDOW older messages, the one window runs into the newest: those only give it context.)
   */
  function nextOlderWindow(t, answeredWith) {
    const live = t.order.length - MAX_THREAD_MESSAGES;
    let newestStale = -1;
    for (let i = live - 1; i >= 0; i--) {
      if (stale(t, t.order[i], answeredWith)) {
        newestStale = i;
        break;
      }
    }
    if (newestStale < 0) return -1;
    const starts = steppedStarts(live, OLDER_WINDOW_STEP).map((s) => s - 1);
    for (let j = starts.length - 1; j >= 0; j--) if (starts[j] <= newestStale) return starts[j];
    return 0;
  }

  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

  /**
   * Asks the engine about the thread's remembered messages outside the newest MAX_THREAD_MESSAGES
   * whose verdict was given under other settings, or never (t.olderStale): one window at a time
   * (nextOlderWindow), each in a task of its own, each answer applied with the held-level rule
   * (holdContextLevel) and merged into the held conversation verdict (mergeOlderConversation).
   * The live thread comes first: a pass starts only once the newest window is answered under the
   * current settings, and stops as soon as the live thread has a request out or waiting (the
   * caller starts it again after that answer, main.js askOlder); its own requests never hold the
   * live ones back (they are not `inflight`), and the worker answers one window (~1 ms) before a
   * live request that comes after it. A settings change (invalidate) drops a window answered under
   * the old ones. `drawn()` is called after each window applied; false stops the pass (another
   * thread is shown). Resolves to true when the older messages are all answered, false when the
   * pass stopped or had nothing to do, or `{error}`.
   */
  async function analyseOlder(t, current, drawn = () => true) {
    if (t.olderRunning || !t.olderStale) return false;
    t.olderRunning = true;
    const asked = new Set(); // first keys of the windows asked in this pass
    try {
      for (;;) {
        if (t.inflight || t.pending || t.rest) return false;
        const wanted = { ...current() };
        if (wanted.stored) return false;
        const key = requestKey(wanted.options, wanted.lang);
        if (key !== t.analysedWith || key !== t.conversationWith) return false;
        const start = nextOlderWindow(t, key);
        if (start < 0) {
          t.olderStale = false;
          return true;
        }
        // Asked already and still stale (the answer left a message out): not asked in a loop.
        if (asked.has(t.order[start])) return false;
        asked.add(t.order[start]);
        const run = t.olderRun;
        const payload = t.payloadOf(t.order.slice(start, start + WINDOW), wanted, t.id + OLDER_THREAD_SUFFIX);
        const answer = await request(payload);
        if (run !== t.olderRun) return false;
        if (!answer.ok || !answer.value || !Array.isArray(answer.value.messages)) return { error: answer.error ?? 'bad-answer' };
        const now = current();
        if (now.stored || requestKey(now.options, now.lang) !== key) return false;
        applyOlder(t, payload, answer.value, key, wanted.lang);
        if (!drawn()) return false;
        await nextTask();
      }
    } finally {
      t.olderRunning = false;
    }
  }

  /**
   * One older window's answer: the verdicts of its messages older than the newest window, held as
   * the live ones are; its conversation merged. The newest window's messages keep the live
   * answer's verdicts as they are: raised by an older window's context, a warning there would
   * show the live answer's level first and another one a moment later.
   */
  function applyOlder(t, payload, answer, answeredWith, lang) {
    const { messages, explanations, ...conversation } = answer;
    const sentText = new Map(payload.messages.map((m) => [m.id, m.text]));
    const edited = new Set();
    const live = t.order.length - MAX_THREAD_MESSAGES;
    for (const m of messages) {
      if (!t.records.has(m.id) || !sentText.has(m.id) || !(t.indexOf(m.id) < live)) continue;
      const text = sentText.get(m.id);
      const before = t.basis.get(m.id);
      if (before && before.requestKey === answeredWith && before.text !== text) edited.add(m.id);
      t.verdicts.set(m.id, holdContextLevel(t, m.id, m, text, answeredWith));
      t.basis.set(m.id, { text, requestKey: answeredWith });
    }
    t.conversation = mergeOlderConversation(t, t.conversation, conversation, edited);
    t.explanations[lang] = { ...t.explanations[lang], ...explanations };
  }

  /**
   * The held conversation verdict with an older window's merged in: what the thread reached is
   * kept whichever window showed it (the banner keeps a threat older than the newest window), the
   * level and score never fall, and each stage and escalation is kept at the earliest remembered
   * message that showed it, as the page had it when that message arrived (a stage held at a
   * message since edited is given up to what this window says). Same shape as holdConversation.
   */
  function mergeOlderConversation(t, held, answer, edited) {
    if (!held) return answer;
    const at = (key) => t.indexOf(key) ?? -1; // a message no longer remembered was older still
    const earliest = (list, kindOf, messageOf) => {
      const out = new Map();
      for (const item of list) {
        const kind = kindOf(item);
        const kept = out.get(kind);
        if (!kept || at(messageOf(item)) < at(messageOf(kept))) out.set(kind, item);
      }
      return [...out.values()];
    };
    const stages = earliest([...(held.stages ?? []).filter((s) => !edited.has(s.first_message)), ...(answer.stages ?? [])], (s) => s.stage, (s) => s.first_message);
    const escalations = earliest([...(held.escalations ?? []).filter((e) => !edited.has(e.message)), ...(answer.escalations ?? [])], (e) => e.kind, (e) => e.message);
    const furthest = (a, b) => (PLAYBOOK.indexOf(b) > PLAYBOOK.indexOf(a) ? b : a);
    return {
      ...held,
      level: (RANK[held.level] ?? 0) >= (RANK[answer.level] ?? 0) ? held.level : answer.level,
      score: Math.max(held.score ?? 0, answer.score ?? 0),
      stage: furthest(held.stage ?? null, answer.stage ?? null),
      stages,
      escalations,
    };
  }

  /** The level shown for a message: its own, or higher once the conversation so far is counted. */
  function shownLevel(v) {
    if (!v) return 'none';
    const a = v.level ?? 'none';
    const b = v.context_level ?? 'none';
    return (RANK[b] ?? 0) > (RANK[a] ?? 0) ? b : a;
  }

  /**
   * The order in which pending warnings are drawn when a pass cannot draw them all (draw.js
   * render): the most serious first, and among the same level the newest first (a chat shows its
   * newest messages). `items` are in page order, each with a `level`; returns a new array.
   */
  function drawOrder(items) {
    return items.map((item, i) => [item, i])
      .sort((a, b) => (RANK[b[0].level] ?? 0) - (RANK[a[0].level] ?? 0) || b[1] - a[1])
      .map(([item]) => item);
  }

  /**
   * What an answer's pass draws in its own task (draw.js render): the new warnings alone when
   * there are any, in drawOrder; a warning already on the page whose stage or reasons changed with
   * the conversation is redrawn in the pass after the next frame, so the new ones reach the page
   * sooner (in a burst of messages, redrawing the older ones was half the drawing task). `items`
   * carry `isNew`.
   */
  function drawFirst(items) {
    const fresh = items.filter((item) => item.isNew);
    return drawOrder(fresh.length ? fresh : items);
  }

  V.analyse = Object.freeze({ thread, forget, analyse, analyseOlder, invalidate, requestKey, PAUSED, shownLevel, drawOrder, drawFirst, RANK, threads });
})();
