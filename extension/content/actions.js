// Content script, ACTIONS — runs after main.js and draw.js (build.mjs contentScripts). What the
// buttons of a warning and of the banner do: open the advice or the report page, list where to
// report, save the conversation as evidence, hide a warning or trust a contact (with its "undo"
// line). The popup's "save evidence" asks main.js, which answers with evidencePayload
// (`V.evidence`).
//
// Why a file of its own: all of it waits for a click on something drawn after the engine's first
// answer, so none of it is compiled before the first request leaves (main.js start).

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || !V.state || V.actions) return;
  const { send } = V.shared.browser;
  const { MSG } = V.shared.protocol;
  const ST = V.shared.settings;
  const { t } = V.shared.i18n;
  /** This page's state (main.js). */
  const state = V.state;

  /** How long the "warning hidden — undo" line stays. */
  const UNDO_MS = 15000;

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
        V.observe.frame(V.draw.render);
      }, UNDO_MS));
      const text = kind === 'contact' && sender ? t(state.lang, 'dismissed_contact_note', { sender: V.shared.invisible.showInvisible(sender) }) : t(state.lang, 'dismissed_note');
      const undo = V.overlay.renderDismissed(entry.host, {
        lang: state.lang,
        dark: V.draw.knownDark(entry.host.parentElement ?? document.body),
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

  V.actions = Object.freeze({ openAdvice, openReport, reportLinks, saveEvidence, openEvidence, dismiss });
  V.evidence = Object.freeze({ payload: evidencePayload, save: saveEvidence });
})();
