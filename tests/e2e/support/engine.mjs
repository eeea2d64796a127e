// The engine in node, from the same pkg/ the extension ships: the reference the browser results
// are compared with (the page must show exactly what the engine says about the messages the
// adapter should have read).

import { readFileSync } from 'node:fs';

let engine = null;

export async function nodeEngine() {
  if (engine) return engine;
  const pkg = new URL('../../../pkg/', import.meta.url);
  const { initSync, Engine } = await import(new URL('vigie.js', pkg));
  initSync({ module: readFileSync(new URL('vigie_bg.wasm', pkg)) });
  engine = new Engine();
  return engine;
}

/** `[{id, text, direction}]` → the conversation verdict, as the background computes it. */
export async function reference(messages, options = {}) {
  const e = await nodeEngine();
  return e.analyzeConversation({ messages, options: { sensitivity: 'normal', minorMode: false, ...options } });
}

export const RANK = { none: 0, caution: 1, warning: 2, danger: 3 };

/** The level the overlay shows for a message verdict (own level, or the one in context). */
export function shown(v) {
  if (!v || v.direction === 'out') return 'none';
  return RANK[v.context_level] > RANK[v.level] ? v.context_level : v.level;
}
