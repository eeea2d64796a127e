// What one Unicode scalar becomes before matching: the JavaScript twin of `src/text/fold.rs`.
//
// A folded class is packed in one small integer so the hot loop needs no objects:
//   bits 0..3  kind (see K below)
//   bits 4..11 first ASCII byte (letter, look-alike, digit, symbol)
//   bits 12..19 second ASCII byte (ligatures: æ → a e)
//   for K.WORD, bits 4.. hold an index into WORD_TEXT.
// Code points below 0x10000 are cached in a lazily filled table (0 = not computed yet), so each
// distinct character is classified once; astral code points (emoji, mathematical letters) are
// classified on every call (rare in chat text).

export const K = { LETTER: 1, LOOKALIKE: 2, OTHER: 3, DIGIT: 4, SYMBOL: 5, WORD: 6, DROP: 7, SEP: 8 };

export const WORD_TEXT = ['eur', 'gbp', 'bitcoin', 'video', 'photo', 'money', 'card', 'phone', 'secret', 'adult'];
const W = Object.fromEntries(WORD_TEXT.map((w, i) => [w, i]));

const letter = (a, b = 0) => K.LETTER | (a << 4) | (b << 12);
const word = (w) => K.WORD | (W[w] << 4);
const code = (s) => s.charCodeAt(0);

// Latin Extended-A (U+0100–U+017F) and Latin-1 letters (U+00C0–U+00FF), as in fold.rs.
const LATIN_EXT_A = 'aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs';
const LATIN_1 = 'aaaaaaaceeeeiiiidnooooo*ouuuuytsaaaaaaaceeeeiiiidnooooo*ouuuuyty';

/** The letter each digit or symbol stands for in l33t spelling (0 = none). */
export function leetLetter(b) {
  switch (b) {
    case 0x30: return 0x6f; // 0 → o
    case 0x31: return 0x69; // 1 → i
    case 0x33: return 0x65; // 3 → e
    case 0x34: return 0x61; // 4 → a
    case 0x35: return 0x73; // 5 → s
    case 0x37: return 0x74; // 7 → t
    case 0x38: return 0x62; // 8 → b
    case 0x40: return 0x61; // @ → a
    case 0x24: return 0x73; // $ → s
    case 0x21: return 0x69; // ! → i
    case 0x65: return 0x65; // e (`€` inside a word in fold.rs; unreachable there too)
    default: return 0;
  }
}

const LOOK_ALIKE = new Map();
// `match` keeps the first arm that lists a code point: so does this (none is listed twice today).
const addLook = (letterChar, ...cps) => cps.forEach((u) => LOOK_ALIKE.has(u) || LOOK_ALIKE.set(u, code(letterChar)));
// Cyrillic
addLook('a', 0x430, 0x410); addLook('b', 0x412, 0x44c); addLook('e', 0x435, 0x415, 0x451, 0x401);
addLook('k', 0x43a, 0x41a); addLook('m', 0x41c, 0x43c); addLook('h', 0x41d); addLook('o', 0x43e, 0x41e);
addLook('p', 0x440, 0x420); addLook('c', 0x441, 0x421); addLook('t', 0x422, 0x442);
addLook('y', 0x443, 0x423, 0x4af); addLook('x', 0x445, 0x425); addLook('s', 0x455, 0x405);
addLook('i', 0x456, 0x406, 0x457, 0x407); addLook('j', 0x458, 0x408); addLook('n', 0x43f);
addLook('r', 0x433); addLook('d', 0x501); addLook('q', 0x51b); addLook('w', 0x51d); addLook('g', 0x261);
// Greek (a code point listed twice in fold.rs keeps its first arm: none is)
addLook('a', 0x3b1, 0x391, 0x3ac); addLook('b', 0x3b2, 0x392); addLook('e', 0x3b5, 0x395, 0x3ad);
addLook('z', 0x396); addLook('h', 0x397); addLook('n', 0x3b7, 0x3ae); addLook('i', 0x3b9, 0x399, 0x3af);
addLook('k', 0x3ba, 0x39a); addLook('m', 0x39c); addLook('v', 0x3bd, 0x39d); addLook('o', 0x3bf, 0x39f, 0x3cc);
addLook('p', 0x3c1, 0x3a1); addLook('t', 0x3c4, 0x3a4); addLook('u', 0x3c5, 0x3a5, 0x3cd);
addLook('x', 0x3c7, 0x3a7); addLook('w', 0x3c9, 0x3ce);
// Latin small capitals and IPA letters used as fonts
addLook('a', 0x1d00); addLook('b', 0x299); addLook('c', 0x1d04); addLook('d', 0x1d05); addLook('e', 0x1d07);
addLook('g', 0x262); addLook('h', 0x29c); addLook('i', 0x26a); addLook('j', 0x1d0a); addLook('k', 0x1d0b);
addLook('l', 0x29f); addLook('m', 0x1d0d); addLook('n', 0x274); addLook('o', 0x1d0f); addLook('p', 0x1d18);
addLook('r', 0x280); addLook('s', 0xa731); addLook('t', 0x1d1b); addLook('u', 0x1d1c); addLook('v', 0x1d20);
addLook('w', 0x1d21); addLook('y', 0x28f); addLook('z', 0x1d22);

const EMOJI = new Map();
const addEmoji = (w, ...cps) => cps.forEach((u) => EMOJI.set(u, word(w)));
addEmoji('video', 0x1f4f9, 0x1f3a5, 0x1f4fd);
addEmoji('photo', 0x1f4f7, 0x1f4f8);
addEmoji('money', 0x1f4b0, 0x1f4b5, 0x1f4b6, 0x1f4b7, 0x1f4b4, 0x1f4b8, 0x1f911);
addEmoji('card', 0x1f4b3);
addEmoji('phone', 0x1f4f1, 0x260e, 0x1f4de);
addEmoji('secret', 0x1f92b);
addEmoji('adult', 0x1f51e);

// Rust's `char::is_alphanumeric`: the Alphabetic property or a numeric general category (Nd, Nl, No).
// The Unicode version of V8's tables may differ slightly from rustc's (documented edge).
const ALNUM = /^[\p{Alphabetic}\p{N}]$/u;

/** The folded class of code point `u` (a lone surrogate must be passed as 0xFFFD). */
export function foldSlow(u) {
  if (u < 0x80) {
    if (u >= 0x61 && u <= 0x7a) return letter(u);
    if (u >= 0x41 && u <= 0x5a) return letter(u + 32);
    if (u >= 0x30 && u <= 0x39) return K.DIGIT | (u << 4);
    if (u === 0x40 || u === 0x24 || u === 0x21) return K.SYMBOL | (u << 4);
    return K.SEP;
  }
  if (u === 0xc6 || u === 0xe6) return letter(0x61, 0x65);
  if (u === 0xdf) return letter(0x73, 0x73);
  if (u === 0xde || u === 0xfe) return letter(0x74, 0x68);
  if (u === 0x152 || u === 0x153) return letter(0x6f, 0x65);
  if (u >= 0xc0 && u <= 0xff) {
    const c = LATIN_1.charCodeAt(u - 0xc0);
    return c === 0x2a ? K.SEP : letter(c);
  }
  if (u >= 0x100 && u <= 0x17f) return letter(LATIN_EXT_A.charCodeAt(u - 0x100));
  if (u === 0x192) return letter(code('f'));
  if (u === 0x218 || u === 0x219) return letter(code('s'));
  if (u === 0x21a || u === 0x21b) return letter(code('t'));
  if (u === 0xad || u === 0x34f || u === 0x180e || (u >= 0x200b && u <= 0x200f) || (u >= 0x202a && u <= 0x202e) ||
      (u >= 0x2060 && u <= 0x2069) || u === 0xfeff) return K.DROP;
  if ((u >= 0x300 && u <= 0x36f) || (u >= 0x1ab0 && u <= 0x1aff) || (u >= 0x20d0 && u <= 0x20ff) || (u >= 0xfe20 && u <= 0xfe2f)) return K.DROP;
  if (u >= 0xfe00 && u <= 0xfe0f) return K.DROP;
  if (u >= 0xff01 && u <= 0xff5e) return foldSlow(u - 0xfee0);
  if (u >= 0x1d400 && u <= 0x1d6a3) {
    const i = (u - 0x1d400) % 52;
    return letter(i < 26 ? 0x61 + i : 0x61 + i - 26);
  }
  if (u >= 0x1d7ce && u <= 0x1d7ff) return K.DIGIT | ((0x30 + ((u - 0x1d7ce) % 10)) << 4);
  if (u >= 0x24b6 && u <= 0x24cf) return letter(0x61 + u - 0x24b6);
  if (u >= 0x24d0 && u <= 0x24e9) return letter(0x61 + u - 0x24d0);
  if (u >= 0x1f130 && u <= 0x1f149) return letter(0x61 + u - 0x1f130);
  if (u >= 0x1f150 && u <= 0x1f169) return letter(0x61 + u - 0x1f150);
  if (u >= 0x1f170 && u <= 0x1f189) return letter(0x61 + u - 0x1f170);
  if (u >= 0x1f1e6 && u <= 0x1f1ff) return letter(0x61 + u - 0x1f1e6);
  if (u === 0x210e) return letter(code('h'));
  if (u === 0x212f || u === 0x212e) return letter(code('e'));
  if (u === 0x210a) return letter(code('g'));
  if (u === 0x2134) return letter(code('o'));
  if (u === 0x2113) return letter(code('l'));
  if (u === 0x20ac) return word('eur');
  if (u === 0xa3) return word('gbp');
  if (u === 0x20bf) return word('bitcoin');
  const look = LOOK_ALIKE.get(u);
  if (look !== undefined) return K.LOOKALIKE | (look << 4);
  const emoji = EMOJI.get(u);
  if (emoji !== undefined) return emoji;
  return ALNUM.test(String.fromCodePoint(u)) ? K.OTHER : K.SEP;
}

const BMP = new Int32Array(0x10000);

/** Cached fold for the Basic Multilingual Plane, direct computation above it. */
export function fold(u) {
  if (u < 0x10000) {
    const f = BMP[u];
    if (f !== 0) return f;
    return (BMP[u] = foldSlow(u));
  }
  return foldSlow(u);
}
