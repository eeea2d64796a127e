// The engine in node, from the same pkg/ the extension ships: the reference the browser results
// are compared with (the page must show exactly what the engine says about the messages the
// adapter should have read). With every rule pack: the extension reads the packs a conversation
// needs, so what it shows is what the engine with all of them says.

import { readdirSync, readFileSync } from 'node:fs';

const PKG = new URL('../../../pkg/', import.meta.url);
let engine = null;

/** The bytes of every pack file beside the module (pkg/packs/*.pack), in name order. */
export function packFiles() {
  const dir = new URL('packs/', PKG);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pack'))
    .sort()
    .map((f) => new Uint8Array(readFileSync(new URL(f, dir))));
}

export async function nodeEngine() {
  if (engine) return engine;
  const { initSync, Engine } = await import(new URL('vigie.js', PKG));
  initSync({ module: readFileSync(new URL('vigie_bg.wasm', PKG)) });
  engine = new Engine(packFiles());
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
