// The JavaScript twin of `src/text/normalize.rs`: splits a text into normalised words (case, accents,
// look-alike letters, l33t, spaced or dotted letters, repeated letters, invisible characters, a few
// emoji, aliases), each with the UTF-16 span of the original text it was read from (the WASM
// bindings convert the engine's UTF-8 spans to UTF-16, so both report the same offsets).
//
// Same steps as the Rust code, in the same order: raw words (split on separators) → each raw word
// read into one or more ASCII words (digits split from letters unless they are l33t) → runs of
// single spaced letters joined, then cut back into the rule words they spell when the engine knows
// them (token_writer.rs `flush_spaced`, the cut itself in engine.mjs `cutJoined`) → aliases.
// Scratch buffers are module-level and reused; the result arrays are fresh for every call.

import { fold, leetLetter, K, WORD_TEXT } from './fold.mjs';

export const MAX_TEXT_BYTES = 64 * 1024;

// Units of the raw word being read: folded class, UTF-16 start and end in the original text.
let uF = new Int32Array(256);
let uS = new Int32Array(256);
let uE = new Int32Array(256);
const buf = new Uint16Array(MAX_TEXT_BYTES * 2 + 8);

// Words before spaced letters are joined.
let wText = [];
let wS = [];
let wE = [];
let wT = [];
let wN = 0;

function pushWord(text, s, e, tight) {
  wText[wN] = text;
  wS[wN] = s;
  wE[wN] = e;
  wT[wN] = tight;
  wN++;
}

/** The UTF-16 length of the longest prefix of `text` that is at most MAX_TEXT_BYTES in UTF-8. */
function cutIndex(text) {
  const n = text.length;
  if (n * 3 <= MAX_TEXT_BYTES) return n; // no UTF-16 unit is more than 3 UTF-8 bytes
  let bytes = 0;
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i);
    let len = 1;
    let b;
    if (c < 0x80) b = 1;
    else if (c < 0x800) b = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      b = 4;
      len = 2;
    } else b = 3; // BMP, or a lone surrogate (becomes U+FFFD, 3 bytes, in the engine)
    if (bytes + b > MAX_TEXT_BYTES) return i;
    bytes += b;
    i += len;
  }
  return n;
}

function hasRun3(w) {
  for (let i = 2; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c === w.charCodeAt(i - 1) && c === w.charCodeAt(i - 2) && c !== 0x23) return true;
  }
  return false;
}

/** Letters repeated three times or more count once: "nuuudes" → "nudes" (not `#`). */
function squeeze(w) {
  if (w.length < 3 || !hasRun3(w)) return w;
  let out = '';
  let i = 0;
  while (i < w.length) {
    const c = w.charCodeAt(i);
    let j = i;
    while (j < w.length && w.charCodeAt(j) === c) j++;
    const run = j - i;
    const keep = run >= 3 && c !== 0x23 ? 1 : run;
    out += w[i].repeat(keep);
    i = j;
  }
  return out;
}

const isLetterKind = (f, latin) => {
  const k = f & 15;
  return k === K.LETTER || (k === K.LOOKALIKE && latin);
};

/** Reads the raw word of `n` units (general path: l33t, look-alikes, digits, ligatures). */
function readWord(n, tightBefore) {
  let latin = true;
  for (let k = 0; k < n; k++) if ((uF[k] & 15) === K.OTHER) latin = false;
  let letterCount = 0;
  for (let k = 0; k < n; k++) if (isLetterKind(uF[k], latin)) letterCount++;
  const isLetter = (k) => k >= 0 && k < n && isLetterKind(uF[k], latin);
  let allFrom1 = -1; // (1..n).all(is_letter), computed when first needed

  let len = 0;
  let pieceStart = 0;
  let pieceDigits = false;
  let lastEnd = 0;
  let pieces = 0;
  const pushPiece = () => {
    let text = String.fromCharCode.apply(null, buf.subarray(0, len));
    const c0 = text.charCodeAt(0);
    if (!(c0 >= 0x30 && c0 <= 0x39)) text = squeeze(text);
    pushWord(text, pieceStart, lastEnd, pieces === 0 && tightBefore);
    pieces++;
    len = 0;
  };
  for (let k = 0; k < n; k++) {
    const f = uF[k];
    const kind = f & 15;
    let c1;
    let c2 = 0;
    let digit = false;
    if (kind === K.LETTER) {
      c1 = (f >> 4) & 0xff;
      c2 = (f >> 12) & 0xff;
    } else if (kind === K.LOOKALIKE) {
      c1 = latin ? (f >> 4) & 0xff : 0x23;
    } else if (kind === K.OTHER) {
      c1 = 0x23;
    } else {
      // DIGIT or SYMBOL
      const d = (f >> 4) & 0xff;
      let l = leetLetter(d);
      if (l !== 0) {
        const before = k > 0 && isLetter(k - 1);
        const after = isLetter(k + 1);
        // A digit closing a word ("vide0") is l33t; a closing `!` or `$` is punctuation.
        let ok = (before && after) || (before && k + 1 === n && letterCount >= 3 && kind === K.DIGIT);
        if (!ok && k === 0 && after && letterCount >= 3) {
          if (allFrom1 < 0) {
            allFrom1 = 1;
            for (let m = 1; m < n; m++) if (!isLetter(m)) allFrom1 = 0;
          }
          ok = allFrom1 === 1;
        }
        if (!ok) l = 0;
      }
      if (l !== 0) c1 = l;
      else if (kind === K.DIGIT) {
        c1 = d;
        digit = true;
      } else {
        // A symbol that is not a letter here separates words.
        if (len > 0) pushPiece();
        continue;
      }
    }
    if (len > 0 && pieceDigits !== digit) pushPiece();
    if (len === 0) {
      pieceStart = uS[k];
      pieceDigits = digit;
    }
    buf[len++] = c1;
    if (c2 !== 0) buf[len++] = c2;
    lastEnd = uE[k];
  }
  if (len > 0) pushPiece();
}

const isSingle = (w) => w.length === 1 && w.charCodeAt(0) >= 0x61 && w.charCodeAt(0) <= 0x7a;

/**
 * Normalises `text`. `aliases` maps a whole word to the array of words replacing it; `cutJoined`
 * (optional, the Rust `Lexicon::cut_joined`) takes the letters of a run of 3+ spaced letters and
 * returns the offsets where rule words meet in it, or null to keep it one word.
 * Returns {words, start, end, truncated}: the words and their UTF-16 spans in `text`.
 */
export function normalize(text, aliases, cutJoined = null) {
  const end = cutIndex(text);
  const truncated = end < text.length;
  wN = 0;
  let n = 0; // units of the current raw word
  let ascii = true; // the current raw word is a contiguous run of ASCII letters
  let sepLen = 0;
  let sepTight = true;
  let tightNext = false;
  for (let i = 0; i < end; ) {
    let u = text.charCodeAt(i);
    let len = 1;
    if (u >= 0xd800 && u <= 0xdfff) {
      if (u <= 0xdbff && i + 1 < end && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        u = ((u - 0xd800) << 10) + (text.charCodeAt(i + 1) - 0xdc00) + 0x10000;
        len = 2;
      } else u = 0xfffd; // a lone surrogate reaches the engine as U+FFFD
    }
    const f = fold(u);
    const kind = f & 15;
    if (kind === K.SEP) {
      if (n > 0) {
        flush(text, n, ascii, tightNext);
        n = 0;
        sepLen = 0;
        sepTight = true;
      }
      sepLen++;
      sepTight = sepTight && (u === 0x20 || u === 0x2e || u === 0x2d || u === 0x5f || u === 0x2a || u === 0x2f || u === 0x2b || u === 0x7c);
    } else if (kind === K.DROP) {
      if (n > 0) ascii = false;
    } else if (kind === K.WORD) {
      if (n > 0) {
        flush(text, n, ascii, tightNext);
        n = 0;
      }
      pushWord(WORD_TEXT[f >> 4], i, i + len, false);
      sepLen = 0;
      sepTight = false;
    } else {
      if (n === 0) {
        tightNext = sepLen === 1 && sepTight;
        sepLen = 0;
        sepTight = true;
        ascii = true;
      }
      if (n === uF.length) grow();
      if (ascii && !(u < 0x80 && kind === K.LETTER)) ascii = false;
      uF[n] = f;
      uS[n] = i;
      uE[n] = i + len;
      n++;
    }
    i += len;
  }
  if (n > 0) flush(text, n, ascii, tightNext);
  return joinAndAlias(aliases, cutJoined, truncated);
}

function grow() {
  const m = uF.length * 2;
  const f = new Int32Array(m);
  f.set(uF);
  uF = f;
  const s = new Int32Array(m);
  s.set(uS);
  uS = s;
  const e = new Int32Array(m);
  e.set(uE);
  uE = e;
}

function flush(text, n, ascii, tight) {
  if (ascii) {
    // Fast path, same result: ASCII letters only → lowercase, then squeeze.
    pushWord(squeeze(text.slice(uS[0], uE[n - 1]).toLowerCase()), uS[0], uE[n - 1], tight);
  } else {
    readWord(n, tight);
  }
}

/**
 * Joins runs of 3+ single letters spaced with single separators, cuts them into the rule words
 * they spell (each word spanning its own letters, no alias lookup, as token_writer.rs
 * `push_token`), else applies the aliases to the joined word.
 */
function joinAndAlias(aliases, cutJoined, truncated) {
  const words = [];
  const start = [];
  const end = [];
  const emit = (w, s, e) => {
    const rep = aliases.size === 0 ? undefined : aliases.get(w);
    if (rep === undefined) {
      words.push(w);
      start.push(s);
      end.push(e);
    } else {
      for (const part of rep) {
        words.push(part);
        start.push(s);
        end.push(e);
      }
    }
  };
  let i = 0;
  while (i < wN) {
    if (!isSingle(wText[i])) {
      emit(wText[i], wS[i], wE[i]);
      i++;
      continue;
    }
    let j = i + 1;
    while (j < wN && isSingle(wText[j])) j++;
    if (j - i < 3) {
      for (let m = i; m < j; m++) emit(wText[m], wS[m], wE[m]);
      i = j;
      continue;
    }
    let k = i;
    while (k < j) {
      let e = k + 1;
      while (e < j && wT[e]) e++;
      if (e - k >= 3) {
        let joined = '';
        for (let m = k; m < e; m++) joined += wText[m];
        const cuts = cutJoined === null ? null : cutJoined(joined);
        if (cuts === null || cuts.length === 0) emit(joined, wS[k], wE[e - 1]);
        else {
          // The letters are ASCII: an offset in `joined` is an offset in the run of letters.
          const count = e - k;
          let from = 0;
          for (let c = 0; c <= cuts.length; c++) {
            const to = c < cuts.length ? cuts[c] : count;
            if (c < cuts.length && !(to > 0 && to < count)) continue;
            if (to <= from) continue;
            words.push(joined.slice(from, to));
            start.push(wS[k + from]);
            end.push(wE[k + to - 1]);
            from = to;
          }
        }
      } else {
        for (let m = k; m < e; m++) emit(wText[m], wS[m], wE[m]);
      }
      k = e;
    }
    i = j;
  }
  return { words, start, end, truncated };
}
