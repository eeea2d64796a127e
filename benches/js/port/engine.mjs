// The JavaScript port of Vigie's engine (same algorithm as `src/engine/`), driven by the compiled
// rule tables that `vigie rules` prints as JSON. It exists to measure what WebAssembly buys over
// the same design written in JavaScript; it is not shipped. Kept in step with src/engine/ by hand:
// run.mjs checks, message by message, that it gives the WASM engine's verdicts.
//
// Pipeline, as in Rust (matcher.rs, reach.rs, token_bits.rs):
// 1. normalise (./normalize.mjs), then the rule words of each token;
// 2. every word seen marks the lists it is the KEY of an alternative in (an alternative's key is
//    its word least likely to be in a message); a list none of whose keys was seen is empty;
// 3. each pattern is triggered by the keys of its cheapest term's list; a triggered pattern is
//    checked with sets of token positions, term by term (where the term can end, then where the
//    next one may begin: 1 to gap + 1 tokens later);
// 4. only the patterns that pass are walked over word positions for their exact span (first match,
//    leftmost start, one hit per rule, in pattern order); noisy-or scoring.
//
// Word lookup. Rust (word_table.rs) hashes each token once, byte by byte, and probes its stem
// table at every prefix length some stem has. The JS equivalent with the same hits, in the same
// order (stems shortest first, then the whole word, then the number class): one `Map` (exact word →
// id), plus one `Map` per distinct stem length probed with the token's first L letters. V8
// computes a string's hash once, so this is the cheapest structure JS offers for the job.
//
// Position sets are 32-bit words in Uint32Arrays (bit t % 32 of word t / 32 is token t). A message
// of fewer than 64 tokens (Rust's one-u64 case) takes a path on two int32 halves in locals.

import { normalize } from './normalize.mjs';
import { findBitcoinAddress } from './bitcoin.mjs';

const STAGES = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];
const STAGE_INDEX = { contact: 0, isolation: 1, trap: 2, blackmail: 3, payment: 4, prevention: 5 };
const f32 = Math.fround;
const MINOR_MODE_BOOST = f32(1.5);
const MAX_WEIGHT = f32(0.98);
const LAST_STAMP = 0xffffffff;
// Cutting spaced-out letters into rule words (word_table.rs): pieces of 3+ letters, runs of at most
// 64 letters; "no way to read these letters" is the pair (255, 255).
const MIN_PIECE = 3;
const MAX_JOINED = 64;
const CUT_NONE = 255 * 256 + 255;

/** A compressed-row table from (row, item) pairs, each row's items in the order given. */
function rows(rowCount, pairRows, pairItems, count) {
  const starts = new Uint32Array(rowCount + 1);
  for (let i = 0; i < count; i++) starts[pairRows[i] + 1]++;
  for (let r = 0; r < rowCount; r++) starts[r + 1] += starts[r];
  const next = starts.slice(0, rowCount);
  const items = new Uint32Array(count);
  for (let i = 0; i < count; i++) items[next[pairRows[i]]++] = pairItems[i];
  return { starts, items };
}

/** UTF-8 length of a string (Rust measures words in bytes). */
function utf8Bytes(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * As matcher.rs `commonness`: how much more often than a long word a rule word is expected in
 * everyday text (numbers and words of ≤ 2 bytes ×64, 3-byte words and ≤ 3-byte stems ×16, 4 ×4).
 */
function commonness(w) {
  if (w.kind === 'number') return 64;
  const n = utf8Bytes(w.text);
  if (n <= 2) return 64;
  if (w.kind === 'exact') return n === 3 ? 16 : n === 4 ? 4 : 1;
  return n <= 3 ? 16 : n === 4 ? 4 : 1;
}

function grow(array, needed) {
  let size = array.length || 16;
  while (size < needed) size *= 2;
  const bigger = new array.constructor(size);
  bigger.set(array);
  return bigger;
}

// Multi-word position sets (messages of 64 tokens or more), as token_bits.rs on 32-bit words.

/** dst[d..d+n] &= src[s..s+n] >> by */
function andShiftedDown(dst, d, src, s, n, by) {
  const words = by >>> 5;
  const bits = by & 31;
  for (let i = 0; i < n; i++) {
    const k = i + words;
    let v = k < n ? src[s + k] >>> bits : 0;
    if (bits > 0 && k + 1 < n) v |= src[s + k + 1] << (32 - bits);
    dst[d + i] &= v;
  }
}

/** dst[d..d+n] |= src[s..s+n] << by; also correct in place (dst = src, d = s): top word first. */
function orShiftedUp(dst, d, src, s, n, by) {
  const words = by >>> 5;
  const bits = by & 31;
  for (let i = n - 1; i >= words; i--) {
    const k = i - words;
    let v = src[s + k] << bits;
    if (bits > 0 && k > 0) v |= src[s + k - 1] >>> (32 - bits);
    dst[d + i] |= v;
  }
}

/** out[0..n] = the positions 1 to gap + 1 tokens after a position of ends[0..n]. */
function followers(out, ends, n, gap) {
  out.fill(0, 0, n);
  orShiftedUp(out, 0, ends, 0, n, 1);
  // Doubling: after each step `out` holds the shifts 1..=covered.
  let covered = 1;
  while (covered < gap + 1) {
    const step = Math.min(covered, gap + 1 - covered);
    orShiftedUp(out, 0, out, 0, n, step);
    covered += step;
  }
}

function isEmpty(set, n) {
  for (let i = 0; i < n; i++) if (set[i] !== 0) return false;
  return true;
}

/**
 * Stores each distinct sequence of numbers once, one after the other in `items`, sequence `id`
 * being `items[starts[id]..starts[id + 1]]`; `intern` gives a sequence's id, new ones numbered in
 * order of first appearance.
 */
function interner() {
  const ids = new Map();
  const items = [];
  const starts = [0];
  const intern = (sequence) => {
    const key = sequence.join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = starts.length - 1;
      ids.set(key, id);
      for (const x of sequence) items.push(x);
      starts.push(items.length);
    }
    return id;
  };
  return { intern, items, starts };
}

export class PortEngine {
  /** `tables`: the object printed by `vigie rules` (words, rules, aliases). */
  constructor(tables, options = {}) {
    const { words, rules, aliases } = tables;
    const wordCount = words.length;
    this.exact = new Map();
    this.prefixByLen = new Map(); // stem length → Map(stem → id)
    this.numberId = -1;
    const weight = new Uint8Array(wordCount); // commonness
    words.forEach((w, id) => {
      if (w.kind === 'exact') this.exact.set(w.text, id);
      else if (w.kind === 'prefix') {
        const L = w.text.length;
        if (!this.prefixByLen.has(L)) this.prefixByLen.set(L, new Map());
        this.prefixByLen.get(L).set(w.text, id);
      } else this.numberId = id;
      weight[id] = commonness(w);
    });
    this.prefixLens = [...this.prefixByLen.keys()].sort((a, b) => a - b);
    this.prefixMaps = this.prefixLens.map((L) => this.prefixByLen.get(L));
    // For cutting spaced-out letters (cutJoined): the stems by length, and the longest piece that
    // can be a rule word (no need to look longer pieces up).
    this.stemsOfLength = [];
    this.longestWord = 0;
    for (const [L, m] of this.prefixByLen) {
      this.stemsOfLength[L] = m;
      this.longestWord = Math.max(this.longestWord, L);
    }
    for (const w of this.exact.keys()) this.longestWord = Math.max(this.longestWord, w.length);
    this.cutBest = new Int32Array(MAX_JOINED + 1);
    this.cutEnd = new Int32Array(MAX_JOINED + 1);
    this.cutJoined = this.cutJoined.bind(this);
    this.aliases = new Map(aliases.map(([from, to]) => [from, to.split(' ')]));

    // The tables as build.rs lays them out: each distinct alternative once, each distinct list of
    // alternatives once (the JSON repeats them per term), flat arrays of ids.
    const alts = interner();
    const lists = interner();
    const termGap = [];
    const termList = [];
    const patternTermStart = [0];
    const patternRule = [];
    const altOf = alts.intern;
    const listOf = (list) => lists.intern(list.map(altOf));
    const { items: altWords, starts: altStart } = alts;
    const { items: listAlts, starts: listStart } = lists;
    this.rules = rules.map((r, ri) => {
      for (const terms of r.patterns) {
        for (const t of terms) {
          termGap.push(t.gap);
          termList.push(listOf(t.alts));
        }
        patternTermStart.push(termGap.length);
        patternRule.push(ri);
      }
      return { id: r.id, stage: r.stage, stageIndex: STAGE_INDEX[r.stage], family: r.family, weight: f32(r.weight), explain: r.explain, extractor: r.extractor };
    });
    this.altWords = Uint16Array.from(altWords);
    this.altStart = Uint32Array.from(altStart);
    this.listAlts = Uint16Array.from(listAlts);
    this.listStart = Uint32Array.from(listStart);
    this.termGap = Uint8Array.from(termGap);
    this.termList = Uint16Array.from(termList);
    this.patternTermStart = Uint32Array.from(patternTermStart);
    this.patternRule = Uint16Array.from(patternRule);
    const altCount = altStart.length - 1;
    const listCount = listStart.length - 1;
    const patternCount = patternRule.length;
    this.listCount = listCount;

    // Keys and triggers, as matcher.rs. A word's cost: the number of lists it is in, times its
    // commonness; an alternative's key is its cheapest word (the first on a tie).
    const listsWith = new Float64Array(wordCount);
    const stamp = new Int32Array(Math.max(wordCount, 1)).fill(-1);
    for (let l = 0; l < listCount; l++) {
      for (let i = this.listStart[l]; i < this.listStart[l + 1]; i++) {
        const alt = this.listAlts[i];
        for (let j = this.altStart[alt]; j < this.altStart[alt + 1]; j++) {
          const w = this.altWords[j];
          if (stamp[w] !== l) {
            stamp[w] = l;
            listsWith[w]++;
          }
        }
      }
    }
    const cost = new Float64Array(wordCount);
    for (let w = 0; w < wordCount; w++) cost[w] = listsWith[w] * weight[w];
    const altKey = (this.altKey = new Uint16Array(altCount));
    for (let a = 0; a < altCount; a++) {
      let key = this.altWords[this.altStart[a]];
      for (let j = this.altStart[a] + 1; j < this.altStart[a + 1]; j++) {
        const w = this.altWords[j];
        if (cost[w] < cost[key]) key = w;
      }
      altKey[a] = key;
    }
    // Per list: its distinct keys (word → the lists it is a key in) and what they cost.
    const listCost = new Float64Array(listCount);
    let pairRows = new Uint32Array(listAlts.length);
    let pairItems = new Uint32Array(listAlts.length);
    let pairs = 0;
    stamp.fill(-1);
    for (let l = 0; l < listCount; l++) {
      for (let i = this.listStart[l]; i < this.listStart[l + 1]; i++) {
        const key = altKey[this.listAlts[i]];
        if (stamp[key] !== l) {
          stamp[key] = l;
          pairRows[pairs] = key;
          pairItems[pairs++] = l;
          listCost[l] += cost[key];
        }
      }
    }
    this.keyLists = rows(wordCount, pairRows, pairItems, pairs);
    // Each pattern is triggered by the keys of its term whose list costs least (the first such
    // term on a tie).
    pairs = 0;
    stamp.fill(-1);
    for (let p = 0; p < patternCount; p++) {
      const t0 = this.patternTermStart[p];
      const t1 = this.patternTermStart[p + 1];
      if (t0 === t1) continue;
      let cheapest = this.termList[t0];
      for (let t = t0 + 1; t < t1; t++) if (listCost[this.termList[t]] < listCost[cheapest]) cheapest = this.termList[t];
      for (let i = this.listStart[cheapest]; i < this.listStart[cheapest + 1]; i++) {
        const key = altKey[this.listAlts[i]];
        if (stamp[key] !== p) {
          stamp[key] = p;
          if (pairs === pairRows.length) {
            pairRows = grow(pairRows, pairs + 1);
            pairItems = grow(pairItems, pairs + 1);
          }
          pairRows[pairs] = key;
          pairItems[pairs++] = p;
        }
      }
    }
    this.wordTriggers = rows(wordCount, pairRows, pairItems, pairs);

    this.extractorRules = this.rules.map((r, i) => (r.extractor ? i : -1)).filter((i) => i >= 0);
    this.options = { sensitivity: options.sensitivity ?? 'normal', minorMode: !!options.minorMode };
    const shift = ({ low: 0.1, normal: 0.0, high: -0.1 }[this.options.sensitivity] ?? 0) - (this.options.minorMode ? 0.05 : 0);
    // Same f32 arithmetic as options.rs: 0.35 + shift, in f32.
    this.thresholds = [0.35, 0.6, 0.85].map((t) => f32(f32(t) + f32(shift)));

    // Per-message working memory, reused; generation stamps instead of clearing.
    this.generation = 0;
    this.wordStamps = new Uint32Array(wordCount);
    this.wordSlots = new Uint32Array(wordCount);
    this.patternStamps = new Uint32Array(patternCount);
    this.seenWords = new Uint16Array(wordCount);
    this.seenCount = 0;
    this.hitWords = new Uint16Array(1024); // the rule words of token t: hitWords[hitStarts[t] .. hitStarts[t + 1]]
    this.hitStarts = new Uint32Array(256);
    this.positionStarts = new Uint32Array(256); // the tokens of seen word `slot`:
    this.positionsOfWords = new Uint32Array(1024); // positionsOfWords[positionStarts[slot] .. [slot + 1]]
    this.fill = new Uint32Array(256);
    this.cands = new Uint32Array(256);
    // Position sets (reach.rs): per slot of a seen word, per list (computed on first use).
    this.stride = 2;
    this.wordSets = new Uint32Array(1024);
    this.listStamps = new Uint32Array(listCount);
    this.listKeysSeen = new Uint32Array(listCount);
    this.listFrom = new Uint32Array(listCount);
    this.listTo = new Uint32Array(listCount);
    this.entryLength = new Uint32Array(256); // per entry: alternative length, offset in `pool`
    this.entryOffset = new Uint32Array(256);
    this.entries = 0;
    this.pool = new Uint32Array(1024);
    this.poolUsed = 0;
    this.starts = new Uint32Array(8);
    this.ends = new Uint32Array(8);
    this.alternative = new Uint32Array(8);
    // The walk (matcher.rs `Search`).
    this.tokenCount = 0;
    this.dead = new Uint32Array(4096); // (term, token) cells known to lead nowhere: dead[cell] === search
    this.search = 0;
    this.positions = new Uint32Array(256); // a stack of alternative positions in the list
    this.positionsTop = 0;
    this.places = new Uint32Array(1024); // where each term can begin: places[placeStarts[k] .. [k + 1]], sorted
    this.placeStarts = new Uint32Array(64);
    this.matchStart = 0;
  }

  normalize(text) {
    return normalize(text, this.aliases, this.cutJoined);
  }

  /**
   * As word_table.rs `cut_joined`: cuts letters that were spaced out and joined ("westernunion")
   * into rule words ("western", "union"). Dynamic programming from the end: for letters[i..], the
   * fewest letters left to a stem's ending, then the fewest pieces (one number, ending × 256 +
   * pieces, so that comparing numbers compares the pairs), the longest first piece on a tie; each
   * piece has 3+ letters and is a whole rule word or exactly a stem, and a stem may also take the
   * rest of the letters as its ending. Returns the offsets of the cuts, or null when the letters
   * are fewer than 6 or more than 64, cannot be read as rule words, or are one piece.
   */
  cutJoined(letters) {
    const n = letters.length; // ASCII letters: UTF-16 units are bytes
    if (n < 2 * MIN_PIECE || n > MAX_JOINED) return null;
    const best = this.cutBest;
    const end = this.cutEnd;
    const exact = this.exact;
    const stems = this.stemsOfLength;
    const longest = this.longestWord;
    best[n] = 0;
    for (let i = n - 1; i >= 0; i--) {
      best[i] = CUT_NONE;
      end[i] = 0;
      const last = Math.min(n, i + longest);
      for (let j = i + MIN_PIECE; j <= last; j++) {
        const len = j - i;
        const piece = letters.slice(i, j);
        const byLength = len < 64 ? stems[len] : undefined;
        const stem = byLength !== undefined && byLength.has(piece);
        const word = stem || exact.has(piece);
        if (stem) {
          // The rest is the stem's ending.
          const cost = (n - j) * 256 + 1;
          if (cost < best[i] || (cost === best[i] && n > end[i])) {
            best[i] = cost;
            end[i] = n;
          }
        }
        const after = best[j];
        if (word && after !== CUT_NONE) {
          const cost = after + 1;
          if (cost < best[i] || (cost === best[i] && j > end[i])) {
            best[i] = cost;
            end[i] = j;
          }
        }
      }
    }
    if (best[0] === CUT_NONE || (best[0] & 255) < 2) return null;
    const cuts = [];
    for (let at = end[0]; at < n; at = end[at]) cuts.push(at);
    return cuts;
  }

  /** Every rule with patterns that fires: [rule, firstToken, lastToken] triples, by rule index. */
  find(norm) {
    if (this.generation === LAST_STAMP) {
      this.wordStamps.fill(0);
      this.patternStamps.fill(0);
      this.listStamps.fill(0);
      this.listKeysSeen.fill(0);
      this.generation = 0;
    }
    this.generation++;
    this.collectHits(norm.words);
    if (this.seenCount === 0) return [];
    const c = this.candidates();
    const out = [];
    if (c === 0) return out;
    const cands = this.cands;
    const patternRule = this.patternRule;
    let last = -1;
    for (let i = 0; i < c; i++) {
      const pattern = cands[i];
      const rule = patternRule[pattern];
      if (rule === last) continue; // already fired through an earlier pattern
      const end = this.firstMatch(pattern);
      if (end >= 0) {
        out.push(rule, this.matchStart, end);
        last = rule;
      }
    }
    return out;
  }

  /** The rule words of every token, the distinct words seen, where they stand. */
  collectHits(tokens) {
    const generation = this.generation;
    const len = tokens.length;
    this.tokenCount = len;
    if (this.hitStarts.length < len + 1) this.hitStarts = grow(this.hitStarts, len + 1);
    const hitStarts = this.hitStarts;
    const wordStamps = this.wordStamps;
    const wordSlots = this.wordSlots;
    const seenWords = this.seenWords;
    const prefixLens = this.prefixLens;
    const prefixMaps = this.prefixMaps;
    const nLens = prefixLens.length;
    const exact = this.exact;
    const numberId = this.numberId;
    let hitWords = this.hitWords;
    let h = 0;
    let seen = 0;
    hitStarts[0] = 0;
    for (let t = 0; t < len; t++) {
      const w = tokens[t];
      if (h + nLens + 2 > hitWords.length) hitWords = this.hitWords = grow(hitWords, h + nLens + 2);
      // Stems shortest first, then the whole word, then the number class (as word_table.rs).
      for (let k = 0; k < nLens; k++) {
        const L = prefixLens[k];
        if (L > w.length) break;
        const id = prefixMaps[k].get(L === w.length ? w : w.slice(0, L));
        if (id !== undefined) {
          hitWords[h++] = id;
          if (wordStamps[id] !== generation) {
            wordStamps[id] = generation;
            wordSlots[id] = seen;
            seenWords[seen++] = id;
          }
        }
      }
      let id = exact.get(w);
      if (id !== undefined) {
        hitWords[h++] = id;
        if (wordStamps[id] !== generation) {
          wordStamps[id] = generation;
          wordSlots[id] = seen;
          seenWords[seen++] = id;
        }
      }
      if (numberId >= 0 && isDigits(w)) {
        id = numberId;
        hitWords[h++] = id;
        if (wordStamps[id] !== generation) {
          wordStamps[id] = generation;
          wordSlots[id] = seen;
          seenWords[seen++] = id;
        }
      }
      hitStarts[t + 1] = h;
    }
    this.seenCount = seen;
    if (seen === 0) return;
    // Where each seen word stands, tokens in order (the places a walk can start from).
    if (this.positionStarts.length < seen + 1) {
      this.positionStarts = grow(this.positionStarts, seen + 1);
      this.fill = grow(this.fill, seen + 1);
    }
    const positionStarts = this.positionStarts;
    positionStarts.fill(0, 0, seen + 1);
    for (let i = 0; i < h; i++) positionStarts[wordSlots[hitWords[i]] + 1]++;
    for (let s = 0; s < seen; s++) positionStarts[s + 1] += positionStarts[s];
    // Position sets: `stride` 32-bit words per set; two (one 64-bit pair) below 64 tokens.
    const stride = (this.stride = len < 64 ? 2 : (len >>> 5) + 1);
    if (this.wordSets.length < seen * stride) this.wordSets = grow(this.wordSets, seen * stride);
    const wordSets = this.wordSets;
    wordSets.fill(0, 0, seen * stride);
    if (this.starts.length < stride) {
      this.starts = new Uint32Array(stride * 2);
      this.ends = new Uint32Array(stride * 2);
      this.alternative = new Uint32Array(stride * 2);
    }
    this.entries = 0;
    this.poolUsed = 0;
    const listKeysSeen = this.listKeysSeen;
    const { starts: klStarts, items: klItems } = this.keyLists;
    for (let s = 0; s < seen; s++) {
      const w = seenWords[s];
      for (let i = klStarts[w]; i < klStarts[w + 1]; i++) listKeysSeen[klItems[i]] = generation;
    }
    if (this.positionsOfWords.length < h) this.positionsOfWords = grow(this.positionsOfWords, h);
    const positionsOfWords = this.positionsOfWords;
    const fill = this.fill;
    fill.set(positionStarts.subarray(0, seen));
    for (let t = 0; t < len; t++) {
      for (let i = hitStarts[t]; i < hitStarts[t + 1]; i++) {
        const slot = wordSlots[hitWords[i]];
        positionsOfWords[fill[slot]++] = t;
        wordSets[slot * stride + (t >>> 5)] |= 1 << (t & 31);
      }
    }
  }

  /** The patterns that match somewhere in the text, in table order; returns their count. */
  candidates() {
    const generation = this.generation;
    const seenWords = this.seenWords;
    const seen = this.seenCount;
    const patternStamps = this.patternStamps;
    const { starts, items } = this.wordTriggers;
    const short = this.stride === 2;
    let c = 0;
    for (let s = 0; s < seen; s++) {
      const w = seenWords[s];
      for (let i = starts[w]; i < starts[w + 1]; i++) {
        const p = items[i];
        if (patternStamps[p] === generation) continue; // triggered by another word already
        patternStamps[p] = generation;
        if (short ? this.canMatchShort(p) : this.canMatch(p)) {
          if (c === this.cands.length) this.cands = grow(this.cands, c + 1);
          this.cands[c++] = p;
        }
      }
    }
    if (c > 1) this.cands.subarray(0, c).sort();
    return c;
  }

  /** Whether `pattern` matches somewhere, below 64 tokens: each set is two int32 halves. */
  canMatchShort(pattern) {
    const t1 = this.patternTermStart[pattern + 1];
    const termList = this.termList;
    const entryLength = this.entryLength;
    const entryOffset = this.entryOffset;
    let startsLo = -1;
    let startsHi = -1;
    for (let term = this.patternTermStart[pattern]; term < t1; term++) {
      const list = termList[term];
      if (this.listStamps[list] !== this.generation) this.computeList(list);
      const to = this.listTo[list];
      const pool = this.pool;
      let endsLo = 0;
      let endsHi = 0;
      for (let e = this.listFrom[list]; e < to; e++) {
        const by = entryLength[e] - 1;
        const o = entryOffset[e];
        const lo = pool[o] & startsLo;
        const hi = pool[o + 1] & startsHi;
        if (by === 0) {
          endsLo |= lo;
          endsHi |= hi;
        } else if (by < 32) {
          endsLo |= lo << by;
          endsHi |= (hi << by) | (lo >>> (32 - by));
        } else if (by < 64) endsHi |= lo << (by - 32);
      }
      if ((endsLo | endsHi) === 0) return false;
      if (term + 1 === t1) return true;
      const gap = this.termGap[term + 1];
      // 1 to gap + 1 tokens after an end, by doubling.
      startsLo = endsLo << 1;
      startsHi = (endsHi << 1) | (endsLo >>> 31);
      let covered = 1;
      while (covered < gap + 1) {
        const step = Math.min(covered, gap + 1 - covered);
        if (step < 32) {
          startsHi |= (startsHi << step) | (startsLo >>> (32 - step));
          startsLo |= startsLo << step;
        } else if (step < 64) startsHi |= startsLo << (step - 32);
        covered += step;
      }
    }
    return false;
  }

  /** Whether `pattern` matches somewhere: every term in order, each within its gap of the previous. */
  canMatch(pattern) {
    const t0 = this.patternTermStart[pattern];
    const t1 = this.patternTermStart[pattern + 1];
    const n = this.stride;
    const starts = this.starts;
    const ends = this.ends;
    const alternative = this.alternative;
    for (let term = t0; term < t1; term++) {
      const list = this.termList[term];
      if (this.listStamps[list] !== this.generation) this.computeList(list);
      const from = this.listFrom[list];
      const to = this.listTo[list];
      if (from === to) return false;
      const pool = this.pool;
      ends.fill(0, 0, n);
      for (let e = from; e < to; e++) {
        const o = this.entryOffset[e];
        if (term === t0) orShiftedUp(ends, 0, pool, o, n, this.entryLength[e] - 1);
        else {
          for (let i = 0; i < n; i++) alternative[i] = pool[o + i] & starts[i];
          orShiftedUp(ends, 0, alternative, 0, n, this.entryLength[e] - 1);
        }
      }
      if (isEmpty(ends, n)) return false;
      if (term + 1 === t1) return true;
      followers(starts, ends, n, this.termGap[term + 1]);
    }
    return false;
  }

  /**
   * The position sets of `list` in this message, one per alternative length: the tokens where an
   * alternative whose key was seen begins with all its words in a row. Entries
   * listFrom[list] .. listTo[list].
   */
  computeList(list) {
    const generation = this.generation;
    const from = this.entries;
    this.listStamps[list] = generation;
    this.listFrom[list] = from;
    if (this.listKeysSeen[list] !== generation) {
      this.listTo[list] = from;
      return;
    }
    const wordStamps = this.wordStamps;
    const wordSlots = this.wordSlots;
    const altWords = this.altWords;
    const altStart = this.altStart;
    const altKey = this.altKey;
    const n = this.stride;
    const short = n === 2;
    for (let i = this.listStart[list]; i < this.listStart[list + 1]; i++) {
      const alt = this.listAlts[i];
      if (wordStamps[altKey[alt]] !== generation) continue;
      const a0 = altStart[alt];
      const a1 = altStart[alt + 1];
      let all = true;
      for (let j = a0; j < a1; j++) {
        if (wordStamps[altWords[j]] !== generation) {
          all = false;
          break;
        }
      }
      if (!all) continue;
      const wordSets = this.wordSets;
      if (short) {
        let lo = -1;
        let hi = -1;
        for (let j = 0; j < a1 - a0; j++) {
          const o = wordSlots[altWords[a0 + j]] * 2;
          const wl = wordSets[o];
          const wh = wordSets[o + 1];
          if (j === 0) {
            lo &= wl;
            hi &= wh;
          } else if (j < 32) {
            lo &= (wl >>> j) | (wh << (32 - j));
            hi &= wh >>> j;
          } else if (j < 64) {
            lo &= wh >>> (j - 32);
            hi = 0;
          } else lo = hi = 0;
        }
        if ((lo | hi) === 0) continue;
        const o = this.entryFor(a1 - a0, from);
        this.pool[o] |= lo;
        this.pool[o + 1] |= hi;
      } else {
        const alternative = this.alternative;
        const o0 = wordSlots[altWords[a0]] * n;
        for (let k = 0; k < n; k++) alternative[k] = wordSets[o0 + k];
        for (let j = 1; j < a1 - a0; j++) andShiftedDown(alternative, 0, wordSets, wordSlots[altWords[a0 + j]] * n, n, j);
        if (isEmpty(alternative, n)) continue;
        const o = this.entryFor(a1 - a0, from);
        const pool = this.pool;
        for (let k = 0; k < n; k++) pool[o + k] |= alternative[k];
      }
    }
    this.listTo[list] = this.entries;
  }

  /** The offset in `pool` of the current list's set for alternatives of `length` words (new: empty). */
  entryFor(length, from) {
    for (let e = from; e < this.entries; e++) if (this.entryLength[e] === length) return this.entryOffset[e];
    const n = this.stride;
    if (this.entries === this.entryLength.length) {
      this.entryLength = grow(this.entryLength, this.entries + 1);
      this.entryOffset = grow(this.entryOffset, this.entries + 1);
    }
    if (this.poolUsed + n > this.pool.length) this.pool = grow(this.pool, this.poolUsed + n);
    const o = this.poolUsed;
    this.pool.fill(0, o, o + n);
    this.poolUsed += n;
    this.entryLength[this.entries] = length;
    this.entryOffset[this.entries++] = o;
    return o;
  }

  /**
   * The first match of a pattern, leftmost start first (matcher.rs `first_match`): returns the
   * last token and sets `matchStart`, or -1.
   */
  firstMatch(pattern) {
    const t0 = this.patternTermStart[pattern];
    const t1 = this.patternTermStart[pattern + 1];
    const len = this.tokenCount;
    const needed = (t1 - t0) * (len + 1);
    if (this.dead.length < needed) this.dead = grow(this.dead, needed);
    if (this.search === LAST_STAMP) {
      this.dead.fill(0);
      this.search = 0;
    }
    this.search++;
    // The places where each term can begin, leftmost first: the tokens of the first words of its
    // alternatives (the walk then visits only those instead of every token within a gap).
    if (this.placeStarts.length < t1 - t0 + 1) this.placeStarts = grow(this.placeStarts, t1 - t0 + 1);
    const placeStarts = this.placeStarts;
    const generation = this.generation;
    const wordStamps = this.wordStamps;
    const wordSlots = this.wordSlots;
    const positionStarts = this.positionStarts;
    const positionsOfWords = this.positionsOfWords;
    let places = this.places;
    let used = 0;
    placeStarts[0] = 0;
    for (let term = t0; term < t1; term++) {
      const list = this.termList[term];
      const from = used;
      for (let i = this.listStart[list]; i < this.listStart[list + 1]; i++) {
        const word = this.altWords[this.altStart[this.listAlts[i]]];
        if (wordStamps[word] !== generation) continue;
        const slot = wordSlots[word];
        const p0 = positionStarts[slot];
        const p1 = positionStarts[slot + 1];
        if (used + (p1 - p0) > places.length) places = this.places = grow(places, used + (p1 - p0));
        for (let p = p0; p < p1; p++) places[used++] = positionsOfWords[p];
      }
      if (used - from > 1) {
        places.subarray(from, used).sort();
        let kept = from + 1;
        for (let i = from + 1; i < used; i++) if (places[i] !== places[kept - 1]) places[kept++] = places[i];
        used = kept;
      }
      placeStarts[term - t0 + 1] = used;
    }
    this.positionsTop = 0;
    for (let i = placeStarts[0]; i < placeStarts[1]; i++) {
      const start = this.places[i];
      const last = this.from(t0, t1, 0, start);
      if (last >= 0) {
        this.matchStart = start;
        return last;
      }
    }
    return -1;
  }

  /**
   * Matches terms k.. of the pattern whose terms are t0..t1, term k starting exactly at token
   * `start`; returns the last token used, or -1.
   */
  from(t0, t1, k, start) {
    const len = this.tokenCount;
    if (start >= len) return -1;
    const cell = k * (len + 1) + start;
    if (this.dead[cell] === this.search) return -1;
    const term = t0 + k;
    const list = this.termList[term];
    const l0 = this.listStart[list];
    const l1 = this.listStart[list + 1];
    const listAlts = this.listAlts;
    const altWords = this.altWords;
    const altStart = this.altStart;
    const hitWords = this.hitWords;
    const hitStarts = this.hitStarts;
    // The positions in the list of the alternatives that begin with a word of this token, in the
    // rule's order.
    const base = this.positionsTop;
    let top = base;
    const h0 = hitStarts[start];
    const h1 = hitStarts[start + 1];
    for (let i = l0; i < l1; i++) {
      const first = altWords[altStart[listAlts[i]]];
      for (let x = h0; x < h1; x++) {
        if (hitWords[x] === first) {
          if (top === this.positions.length) this.positions = grow(this.positions, top + 1);
          this.positions[top++] = i - l0;
          break;
        }
      }
    }
    this.positionsTop = top;
    let found = -1;
    for (let i = base; i < top; i++) {
      const alt = listAlts[l0 + this.positions[i]];
      const a0 = altStart[alt];
      const altLen = altStart[alt + 1] - a0;
      const altEnd = start + altLen;
      if (altEnd > len) continue;
      let whole = true;
      for (let j = 1; j < altLen && whole; j++) {
        const w = altWords[a0 + j];
        whole = false;
        for (let x = hitStarts[start + j]; x < hitStarts[start + j + 1]; x++) {
          if (hitWords[x] === w) {
            whole = true;
            break;
          }
        }
      }
      if (!whole) continue;
      if (term + 1 === t1) {
        found = altEnd - 1;
        break;
      }
      const latest = Math.min(altEnd + this.termGap[term + 1], len);
      const places = this.places;
      const hi = this.placeStarts[k + 2];
      // The first place of the next term at or after altEnd.
      let lo = this.placeStarts[k + 1];
      let top2 = hi;
      while (lo < top2) {
        const mid = (lo + top2) >>> 1;
        if (places[mid] < altEnd) lo = mid + 1;
        else top2 = mid;
      }
      let foundHere = -1;
      for (let p = lo; p < hi && places[p] <= latest; p++) {
        const last = this.from(t0, t1, k + 1, places[p]);
        if (last >= 0) {
          foundHere = last;
          break;
        }
      }
      if (foundHere >= 0) {
        found = foundHere;
        break;
      }
    }
    this.positionsTop = base;
    if (found < 0) this.dead[cell] = this.search;
    return found;
  }

  /** One text → the same object as the WASM `analyzeMessage` (UTF-16 spans). */
  analyzeMessage(text) {
    const norm = this.normalize(text);
    const found = this.find(norm);
    const signals = [];
    const counter = [];
    for (let i = 0; i < found.length; i += 3) {
      const rule = this.rules[found[i]];
      const s = signal(rule, norm.start[found[i + 1]], norm.end[found[i + 2]], text);
      (rule.stageIndex === 5 ? counter : signals).push(s);
    }
    for (const ri of this.extractorRules) {
      const span = findBitcoinAddress(text); // first valid address in the first 64 KiB
      if (span !== null) signals.push(signal(this.rules[ri], span[0], span[1], text));
    }
    if (signals.length > 1) signals.sort((a, b) => a.start - b.start || a.end - b.end);
    return this.report(signals, counter, norm.truncated);
  }

  report(signals, counter, truncated) {
    const keep = f32(1 - noisyOr(counter.map((s) => s._weight)));
    const stages = [0, 0, 0, 0, 0];
    for (let st = 0; st < 5; st++) {
      // One rule in several packs on overlapping words is one piece of evidence, as scoring.rs
      // stage_score: a signal counts unless an earlier one is the same evidence, with the
      // strongest weight among those that are.
      const ofStage = signals.filter((s) => s._stageIndex === st);
      const ws = [];
      ofStage.forEach((s, i) => {
        if (ofStage.slice(0, i).some((e) => sameEvidence(e, s))) return;
        ws.push(Math.max(...ofStage.filter((o) => sameEvidence(o, s)).map((o) => this.effectiveWeight(o))));
      });
      stages[st] = noisyOr(ws);
    }
    // Counter-evidence scales the combined score (and each step), as scoring.rs.
    const score = f32(noisyOr(stages) * keep);
    for (let st = 0; st < 5; st++) stages[st] = f32(stages[st] * keep);
    let dominant = null;
    let best = 0;
    for (let st = 0; st < 5; st++) {
      const s = stages[st];
      if (s > 0 && (dominant === null || s >= best)) {
        dominant = STAGES[st];
        best = s;
      }
    }
    const [caution, warning, danger] = this.thresholds;
    const level = score >= danger ? 'danger' : score >= warning ? 'warning' : score >= caution ? 'caution' : 'none';
    return {
      id: '',
      level,
      context_level: level,
      score,
      stage: dominant,
      signals: signals.map(publicSignal),
      prevention: counter.length > 0,
      truncated,
    };
  }

  effectiveWeight(s) {
    const boost = this.options.minorMode && s._family === 'grooming' ? MINOR_MODE_BOOST : 1;
    return Math.min(f32(s._weight * boost), MAX_WEIGHT);
  }
}

function signal(rule, start, end, text) {
  return { rule: rule.id, stage: rule.stage, start, end, text: text.slice(start, end), explain: rule.explain, _weight: rule.weight, _stageIndex: rule.stageIndex, _family: rule.family };
}

const publicSignal = (s) => ({ rule: s.rule, stage: s.stage, start: s.start, end: s.end, text: s.text, explain: s.explain });

/** What a rule looks for, without its pack (`trap.nudes` for `es.trap.nudes`). */
const ruleKind = (rule) => rule.slice(rule.indexOf('.') + 1);
const sameEvidence = (a, b) => a.start < b.end && b.start < a.end && ruleKind(a.rule) === ruleKind(b.rule);

/** 1 − Π(1 − w), in f32 like scoring.rs. */
function noisyOr(weights) {
  let miss = f32(1);
  for (const w of weights) miss = f32(miss * f32(1 - Math.min(Math.max(w, 0), 1)));
  return f32(1 - miss);
}

function isDigits(w) {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return w.length > 0;
}
