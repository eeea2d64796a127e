// Invisible characters that change how text reads: bidi overrides, embeddings and isolates, the
// Arabic letter mark, zero-width characters. A scammer's "\u202Egnp.exe" displays as "exe.png",
// and one override at the start of a message displays the phrase Vigie quotes backwards. Wherever
// Vigie shows page text (the overlay's quote, the evidence report) these characters are shown as
// visible markers instead of being obeyed; the stored text keeps them exactly.

const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/** "U+202E" for one character. */
export function codeOf(char) {
  return `U+${char.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** `text` cut into `{text}` runs and `{code}` markers (one per invisible character), in order. */
export function splitInvisible(value) {
  const text = String(value);
  const parts = [];
  let pos = 0;
  for (const m of text.matchAll(INVISIBLE)) {
    if (m.index > pos) parts.push({ text: text.slice(pos, m.index) });
    parts.push({ code: codeOf(m[0]) });
    pos = m.index + m[0].length;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos) });
  return parts;
}

/** `text` with every invisible character written as "[U+XXXX]" (for labels that are one string). */
export function showInvisible(text) {
  return splitInvisible(text).map((p) => (p.code ? `[${p.code}]` : p.text)).join('');
}
