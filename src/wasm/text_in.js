// Texts in: a JavaScript string written as UTF-8 straight into a buffer the engine keeps (see
// src/wasm/js_text.rs). The bindings' own way allocates a buffer per string, copies its ASCII
// characters one by one in JavaScript, then grows the buffer and encodes the rest: a few percent
// of every call on a chat message. `TextEncoder.encodeInto` does the whole string natively.

const encoder = new TextEncoder();
let memory = null;
/** A view of the engine's buffer, made again only when the buffer or the memory moved. */
let view = new Uint8Array(0);
let viewAt = -1;

export function vigie_text_memory(engineMemory) {
  memory = engineMemory;
}

/**
 * Writes `value` at `at` (room for `room` bytes). Returns the bytes written; -1 when `value` is not
 * a string; when the room was too small, -2 minus the room that is always enough (three bytes per
 * UTF-16 code unit).
 */
export function vigie_write_text(value, at, room) {
  if (typeof value !== 'string') return -1;
  if (viewAt !== at || view.length !== room || view.buffer !== memory.buffer) {
    view = new Uint8Array(memory.buffer, at, room);
    viewAt = at;
  }
  const { read, written } = encoder.encodeInto(value, view);
  return read === value.length ? written : -2 - value.length * 3;
}
