// The message protocol between the content script, the background and the pages: the types, and
// the one check every handler applies to who sent a message. The table with payloads and answers
// is in extension/README.md; keep both in step.

export const MSG = Object.freeze({
  ANALYZE: 'vigie:analyze', // content → background: analyse a thread's recent messages
  EXPLAIN: 'vigie:explain', // any → background: explanation sentences for keys
  STATUS: 'vigie:status', // popup → content (tabs.sendMessage): what Vigie sees on this tab
  OPEN_ADVICE: 'vigie:open-advice', // content → background: open the advice page at a section
  OPEN_REPORT: 'vigie:open-report', // content → background: open the advice page at "report"
  REPORT_LINKS: 'vigie:report-links', // content → background: where to report, for a country
  ENGINE_STATUS: 'vigie:engine-status', // popup/pages → background: did the engine load?
  ENABLE_GENERIC: 'vigie:enable-generic', // options → background: watch a user-chosen site
  DISABLE_GENERIC: 'vigie:disable-generic', // options → background: stop watching it
  EVIDENCE_SAVE: 'vigie:evidence-save', // content → background: save this conversation as evidence
  EVIDENCE_CAPTURE: 'vigie:evidence-capture', // popup → background: save the conversation of a tab
  EVIDENCE_COLLECT: 'vigie:evidence-collect', // background → content (tabs.sendMessage): what to save
  OPEN_EVIDENCE: 'vigie:open-evidence', // content/pages → background: open a saved capture
});

/**
 * The name of the long-lived port (`runtime.connect`) a content script sends its `vigie:analyze`
 * requests through: `{id, message}` in, `{id, ok, value | error}` back. One channel per page
 * instead of one per request (`runtime.sendMessage` opens and closes one each time). The port
 * closes when the browser stops the service worker; the content script then sends what was
 * waiting with `sendMessage` (which starts the worker again) and connects anew for the next one.
 */
export const ANALYZE_PORT = 'vigie:analyze';

/** The most messages of one thread sent in one analysis request (the engine is stateless). */
export const MAX_THREAD_MESSAGES = 200;
/** Longest message text sent; the engine caps analysis too, this caps what crosses the channel. */
export const MAX_TEXT_CHARS = 20000;

/**
 * Who may send what. `sender` is the `runtime.onMessage` sender. Messages from our own content
 * scripts carry `sender.tab`; messages from our pages (popup, options, advice) do not, and come
 * from an extension URL. Anything from elsewhere (another extension, a web page through
 * `externally_connectable`, which we do not declare) is refused.
 */
export function senderKind(sender, runtimeId, extensionOrigin) {
  if (!sender || sender.id !== runtimeId) return null;
  const url = String(sender.url ?? sender.origin ?? '');
  if (extensionOrigin && url.startsWith(extensionOrigin)) return 'page';
  if (sender.tab && typeof sender.tab.id === 'number') return 'content';
  return null;
}

/** Which sender kinds each message type accepts. */
export const ALLOWED = Object.freeze({
  [MSG.ANALYZE]: ['content', 'page'],
  [MSG.EXPLAIN]: ['content', 'page'],
  [MSG.OPEN_ADVICE]: ['content', 'page'],
  [MSG.OPEN_REPORT]: ['content', 'page'],
  [MSG.REPORT_LINKS]: ['content', 'page'],
  [MSG.ENGINE_STATUS]: ['page', 'content'],
  [MSG.ENABLE_GENERIC]: ['page'],
  [MSG.DISABLE_GENERIC]: ['page'],
  [MSG.EVIDENCE_SAVE]: ['content'],
  [MSG.EVIDENCE_CAPTURE]: ['page'],
  [MSG.EVIDENCE_COLLECT]: [], // the background asks content scripts (tabs.sendMessage); nobody sends it to the background
  [MSG.OPEN_EVIDENCE]: ['content', 'page'],
});

/** Advice page sections a warning may open (guidance/advice/*.json section ids, plus report). */
export const ADVICE_SECTIONS = Object.freeze([
  'contact', 'isolation', 'trap', 'blackmail', 'payment', 'too-late', 'mass-email', 'young-people',
  'parents', 'report',
]);
