// Equivalence of the JS port with the engine (node only):
// 1. normaliser: the port's words and UTF-16 spans against the native normaliser (same Rust code as
//    the WASM), message by message;
// 2. verdicts: the port's `analyzeMessage` object against the WASM engine's, field by field (rules,
//    spans, evidence text, level, score, stage, prevention flag);
// 3. rule ids with counter-evidence: the WASM API only reports that prevention rules fired, so the
//    (message, rule id) pairs of prevention rules are compared with the native build's full list;
// 4. the typical RegExp design against the engine, as information: which (message, rule) pairs it
//    finds or misses (no l33t, look-alikes, spaced letters, aliases).

const key = (v) => JSON.stringify(v);

export function compareNormalizer(port, texts, nativeLines) {
  let differ = 0;
  const examples = [];
  texts.forEach((t, i) => {
    const n = port.normalize(t);
    const r = nativeLines[i];
    if (key([n.words, n.start, n.end, n.truncated]) !== key([r.words, r.start, r.end, r.truncated])) {
      differ++;
      if (examples.length < 5) examples.push({ text: t.slice(0, 200), port: n.words.slice(0, 40), native: r.words.slice(0, 40) });
    }
  });
  return { compared: texts.length, differ, examples };
}

/** Field-by-field comparison of two engines' verdicts; also counts (message, rule) pairs. */
export function compareVerdicts(a, b, texts) {
  let differ = 0;
  let pairsA = 0;
  let pairsB = 0;
  let pairDiff = 0;
  const examples = [];
  for (const t of texts) {
    const va = a.analyze(t);
    const vb = b.analyze(t);
    pairsA += va.signals.length;
    pairsB += vb.signals.length;
    const ra = new Set(va.signals.map((s) => s.rule));
    const rb = new Set(vb.signals.map((s) => s.rule));
    for (const r of ra) if (!rb.has(r)) pairDiff++;
    for (const r of rb) if (!ra.has(r)) pairDiff++;
    if (key(va) !== key(vb)) {
      differ++;
      if (examples.length < 5) examples.push({ text: t.slice(0, 300), [a.name]: va, [b.name]: vb });
    }
  }
  return { compared: texts.length, differ, pairs: { [a.name]: pairsA, [b.name]: pairsB }, pairDiff, examples };
}

/** All rule ids (counter-evidence included) the port fires, against the native list. */
export function compareRuleIds(port, texts, nativeLines) {
  let differ = 0;
  let pairs = 0;
  let prevention = 0;
  const examples = [];
  texts.forEach((t, i) => {
    const norm = port.normalize(t);
    const found = port.find(norm);
    const mine = [];
    for (let k = 0; k < found.length; k += 3) {
      const rule = port.rules[found[k]];
      mine.push([rule.id, norm.start[found[k + 1]], norm.end[found[k + 2]]]);
      if (rule.stageIndex === 5) prevention++;
    }
    // The native list holds pattern rules and extractor rules; the port's `find` only pattern rules.
    const theirs = nativeLines[i].rules.filter(([id]) => !port.rules.find((r) => r.id === id)?.extractor);
    pairs += mine.length;
    const sa = mine.map(key).sort().join();
    const sb = theirs.map(key).sort().join();
    if (sa !== sb) {
      differ++;
      if (examples.length < 5) examples.push({ text: t.slice(0, 200), port: mine, native: theirs });
    }
  });
  return { compared: texts.length, differ, pairs, prevention, examples };
}

/** (message, rule) pairs of the typical design against the engine's: found by both, only by one. */
export function compareTypical(engine, typical, texts, budgetS = 60) {
  const t0 = performance.now();
  let compared = 0;
  let both = 0;
  let onlyEngine = 0;
  let onlyTypical = 0;
  let levelDiffer = 0;
  const perRule = new Map();
  // The typical design can take minutes on the whole corpus: the first texts within budgetS.
  for (const t of texts) {
    if (performance.now() - t0 > budgetS * 1000) break;
    compared++;
    const ve = engine.analyze(t);
    const vt = typical.analyze(t);
    const re = new Set(ve.signals.map((s) => s.rule));
    const rt = new Set(vt.signals.map((s) => s.rule));
    for (const r of re) {
      if (rt.has(r)) both++;
      else {
        onlyEngine++;
        perRule.set(r, (perRule.get(r) || 0) + 1);
      }
    }
    for (const r of rt) if (!re.has(r)) onlyTypical++;
    if (ve.level !== vt.level) levelDiffer++;
  }
  const topMissed = [...perRule.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5);
  return { compared, both, onlyEngine, onlyTypical, levelDiffer, topMissed };
}
