// Content script, part 4 of 4 — OVERLAY. Draws what the engine found, next to the message.
//
// The overlay contract (extension/README.md; the browser tests rely on it): a host element
// `<vigie-warning data-vigie-level="caution|warning|danger">` placed next to the message (never
// over it), its UI in a CLOSED shadow root so the page can neither read nor restyle it, and every
// piece of text — including the suspicious phrases quoted from the message — put in with text nodes
// or textContent, never parsed as HTML. On danger, one `<vigie-banner data-vigie-level="danger">`
// at the top of the conversation. One polite live region announces new warnings.
//
// This file only builds and fills elements; draw.js decides what to show and where.

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || V.overlay) return;
  const { t, dateLocale } = V.shared.i18n;
  const { splitInvisible, showInvisible } = V.shared.invisible;

  /** Closed shadow roots by host: the only reference to them. */
  const roots = new WeakMap();

  // Events that start in Vigie's UI stop at its shadow root: the page's handlers (a message row
  // that opens a menu on click, a global shortcut on keydown) never see them.
  const CONTAINED_EVENTS = ['click', 'dblclick', 'auxclick', 'mousedown', 'mouseup', 'pointerdown', 'pointerup',
    'touchstart', 'touchend', 'keydown', 'keyup', 'keypress', 'input', 'contextmenu', 'focusin', 'focusout', 'wheel'];

  const STYLE = `
/* The page cannot hide, move or restyle the host: :host rules marked !important win over the page's own. */
:host { all: initial !important; display: block !important; position: static !important; visibility: visible !important;
  opacity: 1 !important; transform: none !important; clip-path: none !important; pointer-events: auto !important;
  flex: 0 0 auto !important; grid-column: 1 / -1 !important; align-self: stretch !important; float: none !important;
  margin: 0 4px 6px !important; padding: 4px !important; max-width: calc(40rem + 8px) !important; min-width: calc(14rem + 8px) !important; box-sizing: border-box !important;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, Cantarell, "Noto Sans", sans-serif !important;
  contain: content !important; }
:host([hidden]) { display: none !important; }
* { box-sizing: border-box; }
.card { --accent: #b45309; --accent-soft: #fef3c7; --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --border: #d0d7de;
  --panel: #f6f8fa; --mark: #fde68a; --on-accent: #ffffff; --focus: #0969da;
  color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-inline-start: 5px solid var(--accent);
  border-radius: 10px; padding: 10px 12px; box-shadow: 0 1px 3px rgba(0,0,0,.12); text-align: start; }
.card.warning { --accent: #c2410c; --accent-soft: #ffedd5; --mark: #fed7aa; }
.card.danger { --accent: #b91c1c; --accent-soft: #fee2e2; --mark: #fecaca; }
.card.dark { --fg: #e6edf3; --muted: #9da7b3; --bg: #161b22; --border: #3d444d; --panel: #21262d; --focus: #58a6ff;
  --accent: #f59e0b; --accent-soft: #3b2a0a; --mark: #6b4e0f; --on-accent: #111111; }
.card.dark.warning { --accent: #fb923c; --accent-soft: #3d2413; --mark: #7c3a12; }
.card.dark.danger { --accent: #f87171; --accent-soft: #3f1515; --mark: #7f1d1d; }
.head { display: flex; align-items: center; gap: 8px; flex-wrap: wrap; }
.badge { display: inline-flex; align-items: center; gap: 6px; font-weight: 700; color: var(--bg);
  background: var(--accent); border-radius: 999px; padding: 1px 10px 1px 6px; font-size: 13px; }
.card.dark .badge { color: var(--on-accent); }
.icon { display: inline-grid; place-items: center; width: 16px; height: 16px; border-radius: 50%;
  background: var(--bg); color: var(--accent); font-size: 11px; font-weight: 900; line-height: 1; }
.summary { color: var(--fg); font-weight: 600; margin: 6px 0 0; }
.brand { margin-inline-start: auto; color: var(--muted); font-size: 12px; }
.stage { margin: 2px 0 0; }
.details[hidden], .panel[hidden] { display: none; }
h3 { font-size: 12px; font-weight: 600; color: var(--muted); margin: 10px 0 4px; text-transform: none; }
.quote { margin: 0; padding: 6px 10px; background: var(--panel); border-radius: 6px; white-space: pre-wrap;
  overflow-wrap: anywhere; max-height: 9.5em; overflow: auto; }
mark { background: var(--mark); color: inherit; border-radius: 3px; padding: 0 2px; font-weight: 600; }
ul, ol { margin: 0; padding-inline-start: 20px; }
li { margin: 2px 0; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
button { font: inherit; font-size: 13px; line-height: 1.3; padding: 5px 10px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--border); background: var(--bg); color: var(--fg); }
button:hover { background: var(--panel); }
button.primary { background: var(--accent); border-color: var(--accent); color: #ffffff; font-weight: 600; }
.card.dark button.primary { color: var(--on-accent); }
button.link { border: none; background: none; padding: 2px 0; color: var(--focus); text-decoration: underline; }
button[aria-disabled="true"] { opacity: .55; cursor: not-allowed; }
button:focus-visible, a:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.panel { margin-top: 8px; padding: 8px 10px; background: var(--panel); border-radius: 6px; }
.panel[data-vigie-evidence="failed"] { border: 2px solid #b91c1c; }
.panel p { margin: 0 0 6px; }
.panel .actions { margin-top: 6px; }
a { color: var(--focus); }
.muted { color: var(--muted); font-size: 12px; }
.note { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; color: var(--muted); }
.banner { border-inline-start-width: 6px; }
.banner .title { font-size: 15px; font-weight: 700; margin: 0; }
.banner p { margin: 6px 0; }
.banner ol { font-weight: 600; }
.ctl { font-size: .75em; color: var(--accent); border: 1px solid currentColor; border-radius: 3px; padding: 0 2px; margin: 0 1px;
  unicode-bidi: isolate; font-weight: 400; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

  // `contain: content` (:host) keeps each warning's layout and paint to itself: with hundreds of
  // warnings in a long conversation, the page's own frames re-walked their boxes (traced once on
  // the bench page with 500 warnings: the page's frame after appending 100 messages spent 51 ms in
  // pre-paint and 46 ms in paint; 15 and 9 with the containment). Paint containment clips what
  // overflows the host: the host's padding keeps the card's shadow inside.

  let sheet = null;
  function styleFor(root) {
    // One constructed stylesheet shared by every root (no <style> text parsed per warning).
    try {
      sheet ??= new CSSStyleSheet();
      if (sheet.cssRules.length === 0) sheet.replaceSync(STYLE);
      root.adoptedStyleSheets = [sheet];
    } catch {
      const style = document.createElement('style');
      style.textContent = STYLE;
      root.append(style);
    }
  }

  // Every warning is ~30 of these: no entries array, no flattened copy of the children (the
  // warnings of a burst are built in the task that delivers the engine's answer, before they show).
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const k in props) {
      const v = props[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === 'text') node.textContent = String(v);
      else if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children) add(node, c);
    return node;
  }

  /** Appends a child, a string (as a text node, never parsed) or a list of them; skips null, undefined and false. */
  function add(node, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) for (const x of c) add(node, x);
    else node.append(c);
  }

  let idCounter = 0;
  const uid = (p) => `${p}-${++idCounter}`;

  const contain = (e) => e.stopPropagation();

  /** Creates a host element with its closed shadow root. */
  function host(tag) {
    const h = document.createElement(tag);
    const root = h.attachShadow({ mode: 'closed' });
    styleFor(root);
    for (const type of CONTAINED_EVENTS) root.addEventListener(type, contain);
    roots.set(h, root);
    return h;
  }

  /** Is the page dark where `anchor` sits? (Light/dark sites, dark themes of chat apps.) */
  function isDark(anchor) {
    for (let n = anchor; n && n.nodeType === 1; n = n.parentElement) {
      const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(getComputedStyle(n).backgroundColor);
      if (m && (m[4] === undefined || Number(m[4]) > 0.5)) {
        const [r, g, b] = [m[1], m[2], m[3]].map(Number);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 110;
      }
    }
    return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  }

  /** Page text as text nodes, its bidi overrides and zero-width characters as visible markers (shared/invisible.js). */
  function visible(text) {
    return splitInvisible(text).map((p) => (p.code ? el('span', { class: 'ctl', title: p.code, text: `[${p.code}]` }) : p.text));
  }

  /**
   * The message text with the suspicious phrases marked, as DOM nodes. Spans are UTF-16 offsets
   * into exactly the text that was analysed. Long messages show only the parts around the marks.
   */
  function quote(text, signals) {
    const spans = signals
      .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.end > s.start && s.end <= text.length)
      .map((s) => [s.start, s.end])
      .sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([...s]);
    }
    const CONTEXT = 70;
    const nodes = [];
    const short = text.length <= 320;
    let pos = 0;
    for (const [a, b] of merged) {
      const from = short ? pos : Math.max(pos, a - CONTEXT);
      if (!short && from > pos) nodes.push('… ');
      nodes.push(...visible(text.slice(from, a)));
      nodes.push(el('mark', {}, visible(text.slice(a, b))));
      pos = b;
    }
    if (short || merged.length === 0) {
      nodes.push(...visible(text.slice(pos, short ? undefined : pos + 200)));
      if (!short && text.length > pos + 200) nodes.push(' …');
    } else {
      nodes.push(...visible(text.slice(pos, pos + CONTEXT)));
      if (text.length > pos + CONTEXT) nodes.push(' …');
    }
    return nodes.filter((n) => n !== '');
  }

  /**
   * "Save evidence": the button and the panel that says what was kept (or why nothing was). The
   * click only asks the background (`on.evidence()` → its answer); the panel is a live region so
   * the result is announced. `kind`/`adapter` of the answer add the webmail headers instructions.
   */
  function evidenceUi(lang, on) {
    const L = (k, vars) => t(lang, k, vars);
    const panelId = uid('vigie-evidence');
    const panel = el('div', { class: 'panel', id: panelId, hidden: true, role: 'status', 'aria-live': 'polite' });
    const button = el('button', { type: 'button', 'data-vigie-action': 'evidence', 'aria-controls': panelId, text: L('action_evidence') });
    let busy = false;
    const run = async () => {
      if (busy) return;
      busy = true;
      button.setAttribute('aria-disabled', 'true');
      panel.hidden = false;
      panel.setAttribute('role', 'status');
      panel.setAttribute('data-vigie-evidence', 'saving');
      panel.replaceChildren(el('p', { text: L('evidence_saving') }));
      let answer;
      try {
        answer = await on.evidence();
      } catch (e) {
        answer = { ok: false, error: String(e?.message ?? e) };
      }
      busy = false;
      button.removeAttribute('aria-disabled');
      fillEvidence(panel, answer, lang, on, run);
    };
    button.addEventListener('click', run);
    return { button, panel };
  }

  const SHOT_NOTES = { saved: 'evidence_shot_saved', 'no-permission': 'evidence_shot_permission', 'minor-mode': 'evidence_shot_minor' };
  const ERRORS = ['storage-full', 'storage-unavailable', 'nothing-to-save', 'context-invalidated'];

  function fillEvidence(panel, answer, lang, on, retry) {
    const L = (k, vars) => t(lang, k, vars);
    if (answer && answer.ok) {
      let time = '';
      try {
        time = new Date(answer.capturedAt).toLocaleString(dateLocale(lang), { dateStyle: 'short', timeStyle: 'medium' });
      } catch {
        time = String(answer.capturedAt ?? '');
      }
      const headers = answer.kind === 'email' ? L(answer.adapter === 'gmail' ? 'evidence_headers_gmail' : answer.adapter === 'outlook' ? 'evidence_headers_outlook' : 'evidence_headers_other') : null;
      panel.setAttribute('role', 'status');
      panel.setAttribute('data-vigie-evidence', 'saved');
      panel.replaceChildren(...[
        el('p', {}, el('strong', { text: L('evidence_saved', { count: answer.messages, time }) })),
        el('p', { text: L(SHOT_NOTES[answer.screenshot] ?? 'evidence_shot_failed') }),
        headers ? el('p', { text: headers }) : null,
        el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'primary', 'data-vigie-action': 'evidence-open', text: L('evidence_open'), onclick: () => on.openEvidence(answer.id) })),
      ].filter(Boolean));
      return;
    }
    const code = answer?.error;
    panel.setAttribute('role', 'alert');
    panel.setAttribute('data-vigie-evidence', 'failed');
    panel.replaceChildren(
      el('p', {}, el('strong', { text: L('evidence_failed') })),
      el('p', { text: ERRORS.includes(code) ? L(`evidence_error_${code.replace(/-/g, '_')}`) : L('evidence_error_other', { detail: String(code ?? '?').slice(0, 200) }) }),
      el('p', { text: L('evidence_meanwhile') }),
      el('div', { class: 'actions' },
        el('button', { type: 'button', 'data-vigie-action': 'evidence-retry', text: L('evidence_retry'), onclick: () => retry() })));
  }

  /**
   * What a drawn warning's update in place needs, by host: the model it shows, the callbacks its
   * buttons call (one object, its functions replaced by an update), and the nodes that change with
   * the level. Removed when the host shows something else (the "hidden — undo" line).
   */
  const drawn = new WeakMap();

  /**
   * Whether `next` can be shown by updating in place the warning drawn for `prev`: the parts an
   * update keeps (the buttons, the report, evidence and dismiss panels, their texts and the
   * "trust this contact" question) were built from the same language, sender and minor mode.
   */
  function updatable(prev, next) {
    return prev.lang === next.lang && prev.sender === next.sender && prev.canTrust === next.canTrust;
  }

  /** Whether two models quote the same: the same message text, the same phrases marked. */
  function sameQuote(a, b) {
    if (a.text !== b.text || a.signals.length !== b.signals.length) return false;
    for (let i = 0; i < a.signals.length; i++) if (a.signals[i].start !== b.signals[i].start || a.signals[i].end !== b.signals[i].end) return false;
    return true;
  }

  /** The details' first part: a heading and the message with its phrases marked; nothing without signals. */
  function quotePart(model) {
    return model.signals.length ? [el('h3', { text: t(model.lang, 'overlay_quote') }), el('p', { class: 'quote', dir: 'auto' }, quote(model.text, model.signals))] : [];
  }

  /** The details' second part: a heading and the list of reasons; nothing without reasons. */
  function reasonsPart(model) {
    return model.reasons.length ? [el('h3', { text: t(model.lang, 'overlay_why') }), el('ul', {}, model.reasons.map((r) => el('li', { text: r })))] : [];
  }

  /** The quote with its marked phrases, and the reasons, into the (emptied) details panel. */
  function fillDetails(w) {
    w.detailsFilled = true;
    w.quote = quotePart(w.model);
    w.reasons = reasonsPart(w.model);
    w.details.replaceChildren(...w.quote, ...w.reasons);
  }

  /**
   * Built details shown for a new model: the quote made again only when the text or its marks
   * changed (it is the longest text of the card: kept, its lines are not shaped again), the
   * reasons changed one item at a time (a level changed with the conversation mostly adds or
   * drops one).
   */
  function updateDetails(w, prev, model) {
    if (!sameQuote(prev, model)) {
      for (const n of w.quote) n.remove();
      w.quote = quotePart(model);
      w.details.prepend(...w.quote);
    }
    if (prev.reasons.length === 0 || model.reasons.length === 0) {
      if (prev.reasons.length === 0 && model.reasons.length === 0) return;
      for (const n of w.reasons) n.remove();
      w.reasons = reasonsPart(model);
      w.details.append(...w.reasons);
      return;
    }
    const list = w.reasons[1];
    const items = list.children;
    const count = items.length;
    for (let i = 0; i < model.reasons.length; i++) {
      if (i >= count) list.append(el('li', { text: model.reasons[i] }));
      else if (items[i].textContent !== model.reasons[i]) items[i].textContent = model.reasons[i];
    }
    for (let i = count - 1; i >= model.reasons.length; i--) items[i].remove();
  }

  /** Opens or closes the details, building them on their first opening. */
  function showDetails(w, open) {
    if (open && !w.detailsFilled) fillDetails(w);
    w.details.hidden = !open;
    w.toggle.setAttribute('aria-expanded', String(open));
    w.toggle.textContent = t(w.model.lang, open ? 'overlay_details_hide' : 'overlay_details_show');
  }

  /**
   * Fills a `<vigie-warning>` host. `model`: {level, lang, dark, stageLabel, text, signals,
   * reasons, sender, canTrust}; `on`: {advice(), reportLinks() → Promise, openReport(),
   * dismiss(kind: "message"|"contact"), evidence() → Promise<answer>, openEvidence(id)}.
   *
   * A host that already shows a warning built for the same language, sender and minor mode is
   * updated in place (updateWarning) rather than rebuilt: most redraws are a level that changed
   * with the conversation (docs/performance.md §23, §26), and a rebuilt card is ~30 new elements
   * to style, lay out and shape again in the frame after, where changing a few texts and a class
   * relays out one card (benches/page/draw.mjs --redraw). What the user opened in it (details, report, dismiss question, the
   * evidence panel) and the focus stay as they were.
   */
  function renderWarning(h, model, on) {
    const prev = drawn.get(h);
    if (prev && updatable(prev.model, model)) {
      updateWarning(h, prev, model, on);
      return;
    }
    const root = roots.get(h);
    const { lang } = model;
    const L = (k, vars) => t(lang, k, vars);
    h.setAttribute('data-vigie-level', model.level);
    h.removeAttribute('data-vigie-state');
    const levelWord = L(`level_${model.level}`);
    const detailsId = uid('vigie-details');
    const reportId = uid('vigie-report');
    const dismissId = uid('vigie-dismiss');
    const expanded = model.level !== 'caution';
    // The buttons call through this object, so that an update in place gives them its callbacks.
    const calls = { ...on };
    const w = { model, calls, card: null, level: document.createTextNode(levelWord), summary: null, stage: null, details: null, quote: [], reasons: [], toggle: null, actions: null, detailsFilled: false };

    // The quote and the reasons: built now when shown, when first opened otherwise (most warnings
    // are cautions, shown closed: a third of their nodes).
    w.details = el('div', { class: 'details', id: detailsId, hidden: !expanded });
    if (expanded) fillDetails(w);
    w.toggle = el('button', { type: 'button', class: 'link', 'aria-expanded': String(expanded), 'aria-controls': detailsId,
      text: L(expanded ? 'overlay_details_hide' : 'overlay_details_show') });
    w.toggle.addEventListener('click', () => showDetails(w, w.details.hidden));

    const reportPanel = el('div', { class: 'panel', id: reportId, hidden: true, role: 'region', 'aria-label': L('report_title') });
    const reportButton = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': reportId, text: L('action_report') });
    let reportLoaded = false;
    reportButton.addEventListener('click', () => {
      const open = reportPanel.hidden;
      reportPanel.hidden = !open;
      reportButton.setAttribute('aria-expanded', String(open));
      if (open && !reportLoaded) {
        reportLoaded = true;
        fillReport(reportPanel, lang, calls);
      }
    });

    // The question and its buttons: built on first opening, as the closed details (most warnings
    // are never dismissed; building 25 warnings took 10–20 % less script, benches/page/draw.mjs).
    const dismissButton = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': dismissId, text: L('action_dismiss') });
    const dismissPanel = el('div', { class: 'panel', id: dismissId, hidden: true, role: 'group', 'aria-label': L('dismiss_question') });
    const fillDismiss = () => add(dismissPanel, [
      el('p', { text: L('dismiss_question') }),
      el('div', { class: 'actions' },
        el('button', { type: 'button', 'data-vigie-action': 'dismiss-message', text: L('dismiss_message'), onclick: () => calls.dismiss('message') }),
        model.canTrust ? el('button', { type: 'button', 'data-vigie-action': 'dismiss-contact', text: L('dismiss_contact', { sender: showInvisible(model.sender) }), onclick: () => calls.dismiss('contact') }) : null,
        el('button', { type: 'button', text: L('dismiss_cancel'), onclick: () => { dismissPanel.hidden = true; dismissButton.setAttribute('aria-expanded', 'false'); dismissButton.focus(); } }),
      ),
    ]);
    let dismissFilled = false;
    dismissButton.addEventListener('click', () => {
      const open = dismissPanel.hidden;
      if (open && !dismissFilled) {
        dismissFilled = true;
        fillDismiss();
      }
      dismissPanel.hidden = !open;
      dismissButton.setAttribute('aria-expanded', String(open));
      if (open) dismissPanel.querySelector('button')?.focus();
    });

    const evidence = evidenceUi(lang, calls);

    w.summary = el('p', { class: 'summary', text: L(`level_${model.level}_summary`) });
    w.stage = model.stageLabel ? el('p', { class: 'stage', text: model.stageLabel }) : null;
    w.actions = el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'primary', 'data-vigie-action': 'advice', text: L('action_advice'), onclick: () => calls.advice() }),
      reportButton,
      dismissButton,
      evidence.button,
      (model.signals.length || model.reasons.length) ? w.toggle : null,
    );
    w.card = el('div', { class: `card ${model.level}${model.dark ? ' dark' : ''}`, role: 'group', lang, 'aria-label': L('overlay_label', { level: levelWord }) },
      el('div', { class: 'head' },
        el('span', { class: 'badge' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: '!' }), w.level),
        el('span', { class: 'brand', 'aria-hidden': 'true', text: 'Vigie' }),
      ),
      w.summary,
      w.stage,
      w.details,
      w.actions,
      evidence.panel,
      reportPanel,
      dismissPanel,
    );
    root.replaceChildren(...(root.adoptedStyleSheets?.length ? [] : [...root.querySelectorAll('style')]), w.card);
    drawn.set(h, w);
  }

  /**
   * Shows `model` in the warning `w` already drawn in `h` (same language, sender and minor mode):
   * only what differs from the model it shows is written, so that the card's other nodes keep
   * their style and layout. The result is the card a new warning for `model` would be (the tests
   * compare them), except what the user opened, which stays open; a rise to or from caution
   * opens or closes the details, as the new level's card would show them.
   */
  function updateWarning(h, w, model, on) {
    const prev = w.model;
    const L = (k, vars) => t(model.lang, k, vars);
    Object.assign(w.calls, on);
    w.model = model;
    h.removeAttribute('data-vigie-state');
    if (model.level !== prev.level) {
      const levelWord = L(`level_${model.level}`);
      h.setAttribute('data-vigie-level', model.level);
      w.card.setAttribute('aria-label', L('overlay_label', { level: levelWord }));
      w.level.data = levelWord;
      w.summary.textContent = L(`level_${model.level}_summary`);
    }
    if (model.level !== prev.level || model.dark !== prev.dark) w.card.className = `card ${model.level}${model.dark ? ' dark' : ''}`;
    if (model.stageLabel !== prev.stageLabel) {
      if (!model.stageLabel) {
        w.stage?.remove();
        w.stage = null;
      } else if (w.stage) w.stage.textContent = model.stageLabel;
      else {
        w.stage = el('p', { class: 'stage', text: model.stageLabel });
        w.details.before(w.stage);
      }
    }
    // Details already built show the new content; closed ones are built with it when opened.
    if (w.detailsFilled) updateDetails(w, prev, model);
    const toggled = prev.signals.length > 0 || prev.reasons.length > 0;
    const toggles = model.signals.length > 0 || model.reasons.length > 0;
    if (toggles && !toggled) w.actions.append(w.toggle);
    else if (!toggles && toggled) w.toggle.remove();
    if ((prev.level === 'caution') !== (model.level === 'caution')) showDetails(w, model.level !== 'caution');
  }

  async function fillReport(panel, lang, on) {
    const L = (k, vars) => t(lang, k, vars);
    panel.replaceChildren(el('p', { class: 'muted', text: L('report_loading') }));
    let links = null;
    try {
      links = await on.reportLinks();
    } catch {
      links = null;
    }
    const more = el('button', { type: 'button', class: 'link', 'data-vigie-action': 'report-all', text: L('report_more'), onclick: () => on.openReport() });
    if (!links || !links.ok) {
      panel.replaceChildren(el('p', { text: L('report_unavailable') }), more);
      return;
    }
    const safeUrl = (u) => (typeof u === 'string' && /^https:\/\//i.test(u) ? u : null);
    const items = [];
    if (links.platform && safeUrl(links.platform.url)) {
      items.push(el('li', {}, el('a', { href: links.platform.url, target: '_blank', rel: 'noopener noreferrer', text: L('report_platform', { platform: links.platform.name }) })));
    }
    for (const e of links.entries ?? []) {
      const url = safeUrl(e.url);
      items.push(el('li', {},
        url ? el('a', { href: url, target: '_blank', rel: 'noopener noreferrer', text: e.name }) : el('span', { text: e.name }),
        e.phone ? [' — ', e.tel ? el('a', { href: e.tel, text: e.phone }) : e.phone] : null,
        e.description ? el('div', { class: 'muted', text: e.description }) : null));
    }
    panel.replaceChildren(
      links.countryName ? el('p', { class: 'muted', text: L('report_country', { country: links.countryName }) }) : null,
      items.length ? el('ul', {}, items) : null,
      more,
    );
  }

  /** The short "hidden — undo" line that replaces a dismissed warning for a few seconds. */
  function renderDismissed(h, { lang, dark, text, onUndo }) {
    const root = roots.get(h);
    drawn.delete(h); // what comes after the note is a new warning, built whole
    h.removeAttribute('data-vigie-level');
    h.setAttribute('data-vigie-state', 'dismissed');
    const undo = el('button', { type: 'button', class: 'link', 'data-vigie-action': 'undo', text: t(lang, 'undo'), onclick: onUndo });
    root.replaceChildren(...(root.adoptedStyleSheets?.length ? [] : [...root.querySelectorAll('style')]),
      el('div', { class: `card note${dark ? ' dark' : ''}`, role: 'status' }, el('span', { text }), undo));
    return undo;
  }

  /**
   * Fills the danger banner: what this looks like, that the user did nothing illegal, and the
   * three first steps. `on`: {advice(), report(), close(), evidence() → Promise, openEvidence(id)}.
   */
  function renderBanner(h, { lang, dark, firstSteps }, on) {
    const root = roots.get(h);
    const L = (k, vars) => t(lang, k, vars);
    h.setAttribute('data-vigie-level', 'danger');
    const titleId = uid('vigie-banner-title');
    const evidence = evidenceUi(lang, on);
    root.replaceChildren(...(root.adoptedStyleSheets?.length ? [] : [...root.querySelectorAll('style')]),
      el('div', { class: `card danger banner${dark ? ' dark' : ''}`, role: 'region', lang, 'aria-labelledby': titleId },
        el('div', { class: 'head' },
          el('span', { class: 'badge' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: '!' }), L('level_danger')),
          el('p', { class: 'title', id: titleId, text: L('banner_title') }),
          el('span', { class: 'brand', 'aria-hidden': 'true', text: 'Vigie' })),
        el('p', { text: L('banner_intro') }),
        el('ol', {}, firstSteps.map((s) => el('li', { text: s }))),
        el('div', { class: 'actions' },
          el('button', { type: 'button', class: 'primary', 'data-vigie-action': 'advice', text: L('action_advice'), onclick: () => on.advice() }),
          el('button', { type: 'button', 'data-vigie-action': 'report-all', text: L('action_report'), onclick: () => on.report() }),
          evidence.button,
          el('button', { type: 'button', 'data-vigie-action': 'close', text: L('banner_close'), onclick: () => on.close() })),
        evidence.panel));
  }

  // ---- the live region: one per page, polite, announces new warnings to screen readers.

  let live = null;
  function announce(text) {
    if (!document.body) return;
    if (!live || !live.isConnected) {
      live = host('vigie-live');
      const region = el('div', { class: 'sr', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
      roots.get(live).append(region);
      document.body.append(live);
    }
    const region = roots.get(live).querySelector('[role=status]');
    region.textContent = '';
    // A new text node after a tick so assistive tech notices the change even for the same words.
    setTimeout(() => {
      region.textContent = text;
    }, 50);
  }

  function removeLive() {
    live?.remove();
    live = null;
  }

  V.overlay = Object.freeze({ host, renderWarning, renderDismissed, renderBanner, announce, removeLive, isDark, quote });
})();
