// The JavaScript port of Vigie's engine (same algorithm as `src/engine/`), driven by the compiled
// rule tables that `vigie rules` prints as JSON. It exists to measure what WebAssembly buys over
// the same design written in JavaScript; it is not shipped. Kept in step with src/engine/ by hand:
// run.mjs checks, message by message, that it gives the WASM engine's verdicts.
//
// Pipeline, as in Rust: normalise (./normalize.mjs) → the rule words of each token → candidate
// patterns (triggered by a word of their rarest term; a candidate only when every term has a word
// seen somewhere) → confirmation by word positions from where the first term's words were seen →
// noisy-or scoring.
//
// Word lookup. Rust (word_table.rs) hashes each token once, byte by byte, and probes its stem
// table at every prefix length some stem has. The JS equivalent with the same hits: one `Map`
// (exact word → id), plus one `Map` per distinct stem length probed with the token's first L
// letters (stems are ≥ 3 letters; a rule set has a handful of distinct lengths). V8 computes a
// string's hash once, so this is the cheapest structure JS offers for the job.

import { normalize } from './normalize.mjs';
import { findBitcoinAddress } from './bitcoin.mjs';

const STAGES = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];
const STAGE_INDEX = { contact: 0, isolation: 1, trap: 2, blackmail: 3, payment: 4, prevention: 5 };
const f32 = Math.fround;
const NO_POSITIONS = [];
const MINOR_MODE_BOOST = f32(1.5);
const MAX_WEIGHT = f32(0.98);

export class PortEngine {
  /** `tables`: the object printed by `vigie rules` (words, rules, aliases). */
  constructor(tables, options = {}) {
    const { words, rules, aliases } = tables;
    this.exact = new Map();
    this.prefixByLen = new Map(); // stem length → Map(stem → id)
    this.numberId = -1;
    words.forEach((w, id) => {
      if (w.kind === 'exact') this.exact.set(w.text, id);
      else if (w.kind === 'prefix') {
        const L = w.text.length;
        if (!this.prefixByLen.has(L)) this.prefixByLen.set(L, new Map());
        this.prefixByLen.get(L).set(w.text, id);
      } else this.numberId = id;
    });
    this.prefixLens = [...this.prefixByLen.keys()].sort((a, b) => a - b);
    this.prefixMaps = this.prefixLens.map((L) => this.prefixByLen.get(L));
    this.aliases = new Map(aliases.map(([from, to]) => [from, to.split(' ')]));

    // Rules and patterns (terms of alternatives of word ids). Identical alternative lists are one
    // list, as in the Rust tables, so "has this list a word seen?" is answered once per message.
    const listIds = new Map();
    this.listFirstWords = []; // list → the distinct words its alternatives start with, sorted
    this.listAlts = []; // list → its alternatives, in the rule's order
    this.listAltsByFirst = []; // list → Map(first word → positions of the alternatives it begins)
    const listOf = (alts) => {
      const key = alts.map((a) => a.join(',')).join(';');
      let id = listIds.get(key);
      if (id === undefined) {
        id = this.listFirstWords.length;
        listIds.set(key, id);
        this.listFirstWords.push([...new Set(alts.map((a) => a[0]))].sort((a, b) => a - b));
        this.listAlts.push(alts);
        const byFirst = new Map();
        alts.forEach((a, pos) => (byFirst.get(a[0]) ?? byFirst.set(a[0], []).get(a[0])).push(pos));
        this.listAltsByFirst.push(byFirst);
      }
      return id;
    };
    let patternCount = 0;
    this.rules = rules.map((r) => ({
      id: r.id,
      stage: r.stage,
      stageIndex: STAGE_INDEX[r.stage],
      family: r.family,
      weight: f32(r.weight),
      explain: r.explain,
      extractor: r.extractor,
      patterns: r.patterns.map((terms) => ({
        flat: patternCount++,
        entry: 0,
        terms: terms.map((t) => ({ gap: t.gap, alts: t.alts })),
        lists: terms.map((t) => listOf(t.alts)),
      })),
    }));
    // The trigger table, as matcher.rs: each pattern is triggered by the words of its term whose
    // first words begin alternatives in the fewest lists (the first such term on a tie), so
    // pronouns and articles, which begin hundreds of lists, rarely trigger anything.
    const listsBegun = new Uint32Array(words.length);
    for (const firsts of this.listFirstWords) for (const w of firsts) listsBegun[w]++;
    const cost = (list) => this.listFirstWords[list].reduce((sum, w) => sum + listsBegun[w], 0);
    this.triggers = words.map(() => []); // word id → the patterns it triggers
    this.rules.forEach((r, ri) =>
      r.patterns.forEach((p, pi) => {
        p.entry = (ri << 16) | pi; // sorts in table order, as the Rust candidates
        let cheapest = p.lists[0];
        for (const list of p.lists) if (cost(list) < cost(cheapest)) cheapest = list;
        for (const w of this.listFirstWords[cheapest]) this.triggers[w].push(p);
      }),
    );
    this.patternStamps = new Uint32Array(patternCount);
    this.listStamps = new Uint32Array(this.listFirstWords.length); // 2 × stamp: seen, + 1: not seen
    this.extractorRules = this.rules.map((r, i) => (r.extractor ? i : -1)).filter((i) => i >= 0);
    this.options = { sensitivity: options.sensitivity ?? 'normal', minorMode: !!options.minorMode };
    const shift = ({ low: 0.1, normal: 0.0, high: -0.1 }[this.options.sensitivity] ?? 0) - (this.options.minorMode ? 0.05 : 0);
    // Same f32 arithmetic as options.rs: 0.35 + shift, in f32.
    this.thresholds = [0.35, 0.6, 0.85].map((t) => f32(f32(t) + f32(shift)));
    this.hits = new Uint32Array(1024); // token << 16 | word, unsigned (tokens may exceed 32767)
    this.byWord = new Float64Array(1024); // word * 2^17 + token: where each word was seen
    this.offsets = new Uint32Array(1024); // hits of token t: hits[offsets[t] .. offsets[t + 1]]
    this.dead = new Uint32Array(4096); // (term, token) dead ends of the pattern being confirmed
    this.deadStamp = 0;
    this.cands = new Int32Array(256);
    this.seen = new Uint32Array(words.length);
    this.stamp = 0;
  }

  normalize(text) {
    return normalize(text, this.aliases);
  }

  /** (token << 16 | word id) for every rule word found, sorted; returns the count. */
  wordHits(norm) {
    const { words } = norm;
    let h = 0;
    let hits = this.hits;
    const nLens = this.prefixLens.length;
    for (let t = 0; t < words.length; t++) {
      const w = words[t];
      if (h + nLens + 2 > hits.length) {
        const bigger = new Uint32Array(hits.length * 2);
        bigger.set(hits);
        hits = this.hits = bigger;
      }
      const base = t << 16;
      const id = this.exact.get(w);
      if (id !== undefined) hits[h++] = base | id;
      for (let k = 0; k < nLens; k++) {
        const L = this.prefixLens[k];
        if (L > w.length) break;
        const p = this.prefixMaps[k].get(L === w.length ? w : w.slice(0, L));
        if (p !== undefined) hits[h++] = base | p;
      }
      if (this.numberId >= 0 && isDigits(w)) hits[h++] = base | this.numberId;
    }
    if (h > 1) hits.subarray(0, h).sort();
    return h;
  }

  /** Every rule with patterns that fires: [rule, firstToken, lastToken] triples, by rule index. */
  find(norm) {
    const h = this.wordHits(norm);
    if (h === 0) return [];
    const hits = this.hits;
    const stamp = ++this.stamp;
    for (let i = 0; i < h; i++) this.seen[hits[i] & 0xffff] = stamp;
    // Candidates: the patterns a seen word triggers whose every list has a word seen.
    let c = 0;
    let prevWord = -1;
    for (let i = 0; i < h; i++) {
      const w = hits[i] & 0xffff;
      if (w === prevWord) continue;
      prevWord = w;
      const list = this.triggers[w];
      for (let k = 0; k < list.length; k++) {
        const pattern = list[k];
        if (this.patternStamps[pattern.flat] === stamp) continue;
        this.patternStamps[pattern.flat] = stamp;
        if (!this.everyListSeen(pattern.lists, stamp)) continue;
        if (c === this.cands.length) {
          const bigger = new Int32Array(c * 2);
          bigger.set(this.cands);
          this.cands = bigger;
        }
        this.cands[c++] = pattern.entry;
      }
    }
    if (c === 0) return [];
    const cands = this.cands.subarray(0, c).sort();
    const len = norm.words.length;
    this.indexHits(h, len);
    const out = [];
    let last = -1;
    for (let i = 0; i < c; i++) {
      const rule = cands[i] >>> 16;
      if (rule === last) continue; // already fired through an earlier pattern
      const m = this.confirm(this.rules[rule].patterns[cands[i] & 0xffff], h, len, stamp);
      if (m !== null) {
        out.push(rule, m[0], m[1]);
        last = rule;
      }
    }
    return out;
  }

  /** Whether each list has an alternative beginning with a word seen (memoised per message). */
  everyListSeen(lists, stamp) {
    const yes = stamp * 2;
    for (let k = 0; k < lists.length; k++) {
      const l = lists[k];
      const known = this.listStamps[l];
      if (known === yes) continue;
      if (known === yes + 1) return false;
      const firsts = this.listFirstWords[l];
      let any = false;
      for (let i = 0; i < firsts.length; i++) {
        if (this.seen[firsts[i]] === stamp) {
          any = true;
          break;
        }
      }
      this.listStamps[l] = any ? yes : yes + 1;
      if (!any) return false;
    }
    return true;
  }

  /** The per-token offsets and the (word, token) list for the hits of this text. */
  indexHits(h, len) {
    if (this.offsets.length < len + 2) this.offsets = new Uint32Array((len + 2) * 2);
    const off = this.offsets;
    off.fill(0, 0, len + 2);
    for (let i = 0; i < h; i++) off[(this.hits[i] >>> 16) + 1]++;
    for (let t = 0; t < len; t++) off[t + 1] += off[t];
    if (this.byWord.length < h) this.byWord = new Float64Array(h * 2);
    for (let i = 0; i < h; i++) this.byWord[i] = (this.hits[i] & 0xffff) * 131072 + (this.hits[i] >>> 16);
    this.byWord.subarray(0, h).sort();
  }

  /** The first match of a pattern: [first token, last token], or null (as matcher.rs). */
  confirm(pattern, h, len, stamp) {
    const { terms, lists } = pattern;
    const seen = this.seen;
    // Candidate starts: where the first term's words were seen, in text order.
    const starts = [];
    const bw = this.byWord;
    for (const w of this.listFirstWords[lists[0]]) {
      if (seen[w] !== stamp) continue;
      const key = w * 131072;
      let lo = 0;
      let hi = h;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (bw[mid] < key) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < h && bw[i] < key + 131072; i++) starts.push(bw[i] - key);
    }
    if (starts.length > 1) starts.sort((a, b) => a - b);
    const size = terms.length * (len + 1);
    if (this.dead.length < size) this.dead = new Uint32Array(size * 2);
    const dead = this.dead;
    const gen = ++this.deadStamp;
    const hits = this.hits;
    const off = this.offsets;
    const has = (t, w) => {
      for (let i = off[t]; i < off[t + 1]; i++) if ((hits[i] & 0xffff) === w) return true;
      return false;
    };
    // As matcher.rs: at a token, only the alternatives beginning with one of its words are tried,
    // in the rule's order (a list can have hundreds of alternatives).
    const from = (k, start) => {
      const slot = k * (len + 1) + start;
      if (dead[slot] === gen) return -1;
      const a = start < len ? off[start] : 0;
      const b = start < len ? off[start + 1] : 0;
      if (a < b) {
        const alts = this.listAlts[lists[k]];
        const byFirst = this.listAltsByFirst[lists[k]];
        let positions = NO_POSITIONS;
        if (b - a === 1) positions = byFirst.get(hits[a] & 0xffff) ?? NO_POSITIONS;
        else {
          for (let i = a; i < b; i++) {
            const p = byFirst.get(hits[i] & 0xffff);
            if (p !== undefined) positions = positions === NO_POSITIONS ? p : positions.concat(p);
          }
          if (positions.length > 1) positions = positions.slice().sort((x, y) => x - y);
        }
        for (let j = 0; j < positions.length; j++) {
          const alt = alts[positions[j]];
          if (start + alt.length > len) continue;
          let ok = true;
          for (let i = 1; i < alt.length; i++) {
            if (!has(start + i, alt[i])) {
              ok = false;
              break;
            }
          }
          if (!ok) continue;
          const end = start + alt.length;
          if (k + 1 === terms.length) return end - 1;
          const latest = Math.min(end + terms[k + 1].gap, len);
          for (let next = end; next <= latest; next++) {
            const last = from(k + 1, next);
            if (last >= 0) return last;
          }
        }
      }
      dead[slot] = gen;
      return -1;
    };
    let prev = -1;
    for (const start of starts) {
      if (start === prev) continue;
      prev = start;
      const last = from(0, start);
      if (last >= 0) return [start, last];
    }
    return null;
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
      const ws = [];
      for (const s of signals) if (s._stageIndex === st) ws.push(this.effectiveWeight(s));
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
