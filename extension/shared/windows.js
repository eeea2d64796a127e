// The windows a long conversation is read in. The engine reads a conversation's newest
// MAX_THREAD_MESSAGES (protocol.js): a message older than that was read, while the page showed it
// arriving, in windows of that many consecutive messages ending at or after it. Whoever reads a
// whole remembered conversation again (the evidence capture, evidence/capture.js; the content
// script after a settings change, content/analyse.js) steps back from the newest window.

import { MAX_THREAD_MESSAGES } from './protocol.js';

/** Messages in one window: as many as one analysis request carries. */
export const WINDOW = MAX_THREAD_MESSAGES;

/**
 * The first message number (1-based) of each window of `count` messages, ascending: the newest
 * window, then every `step` messages back from it, and the window starting at the first message.
 * Every message is then read with at least WINDOW - step messages before it (or from the start).
 */
export function steppedStarts(count, step) {
  const last = Math.max(1, count - WINDOW + 1);
  const starts = new Set([1]);
  for (let s = last; s >= 1; s -= step) starts.add(s);
  return [...starts].sort((a, b) => a - b);
}
