// The way a typical extension would do it: every rule pattern converted to one RegExp with the
// flags `iu`, run on NFD + strip-marks + lowercase text, every rule on every message. Same rule
// tables and the same scoring as the engine, so the verdicts are comparable; the matching is not
// the same (no l33t, look-alikes, spaced letters, emoji or aliases), which the equivalence report
// counts as information, not as a fault.
//
// Conversion of a compiled pattern (terms of alternatives of word ids):
//   exact word → \bword\b        prefix → \bstem\w*        <num> → \b\d+(?:[.,]\d+)?\b
//   words of one alternative joined by \W+; several alternatives → (?:a|b|c)
//   between terms: ~N → (?:\W+\w+){0,N}?\W+ ; no gap → \W+
// The built-in Bitcoin extractor becomes the usual shape regex (no checksum).

const STAGES = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];
const STAGE_INDEX = { contact: 0, isolation: 1, trap: 2, blackmail: 3, payment: 4, prevention: 5 };
const f32 = Math.fround;
const MARKS = /\p{M}/gu;

function wordSource(w) {
  if (w.kind === 'number') return '\\d+(?:[.,]\\d+)?';
  return w.kind === 'prefix' ? `${w.text}\\w*` : w.text;
}

/** The RegExp source of one compiled pattern. */
export function patternSource(terms, words) {
  return terms
    .map((term, k) => {
      const alts = term.alts.map((alt) => {
        const body = alt.map((id) => wordSource(words[id])).join('\\W+');
        const last = words[alt[alt.length - 1]];
        return `\\b${body}${last.kind === 'prefix' ? '' : '\\b'}`;
      });
      const t = alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
      if (k === 0) return t;
      return (term.gap > 0 ? `(?:\\W+\\w+){0,${term.gap}}?\\W+` : '\\W+') + t;
    })
    .join('');
}

export class TypicalEngine {
  constructor(tables, { flags = 'iu' } = {}) {
    const { words, rules } = tables;
    this.rules = rules.map((r) => ({
      id: r.id,
      stage: r.stage,
      stageIndex: STAGE_INDEX[r.stage],
      weight: f32(r.weight),
      explain: r.explain,
      regexes: r.extractor
        ? []
        : r.patterns.map((p) => new RegExp(patternSource(p, words), flags)),
      extractor: r.extractor ? /\b(?:bc1[a-z0-9]{11,71}|[13][a-km-zA-HJ-NP-Z1-9]{25,34})\b/u : null,
    }));
    this.thresholds = [0.35, 0.6, 0.85].map(f32);
  }

  analyzeMessage(text) {
    const plain = text.normalize('NFD').replace(MARKS, '').toLowerCase();
    const signals = [];
    let counter = 0;
    const stageMiss = [1, 1, 1, 1, 1];
    let keep = f32(1);
    for (const rule of this.rules) {
      let fired = false;
      if (rule.extractor) fired = rule.extractor.test(text);
      else for (const re of rule.regexes) if (re.test(plain)) { fired = true; break; }
      if (!fired) continue;
      if (rule.stageIndex === 5) {
        counter++;
        keep = f32(keep * f32(1 - rule.weight));
        continue;
      }
      stageMiss[rule.stageIndex] = f32(stageMiss[rule.stageIndex] * f32(1 - Math.min(rule.weight, f32(0.98))));
      signals.push({ rule: rule.id, stage: rule.stage, start: -1, end: -1, text: '', explain: rule.explain });
    }
    let miss = f32(1);
    let stage = null;
    let best = 0;
    for (let s = 0; s < 5; s++) {
      const v = f32(f32(1 - stageMiss[s]) * keep);
      miss = f32(miss * f32(1 - v));
      if (v > 0 && (stage === null || v >= best)) {
        stage = STAGES[s];
        best = v;
      }
    }
    const score = f32(1 - miss);
    const [c, w, d] = this.thresholds;
    const level = score >= d ? 'danger' : score >= w ? 'warning' : score >= c ? 'caution' : 'none';
    return { id: '', level, context_level: level, score, stage, signals, prevention: counter > 0, truncated: false };
  }
}
