// The content script's cached reads (extension/content/extract.js readMessage) follow every change
// of a message's text, while messages nobody touched are not read again. On every site fixture, in
// the content script's own world, with its observer paused so only this test reads:
//   - a text edited in place (a text node's data: no child-list record for the batches' observer)
//     is read again, by a read given the batch's records and by a full read;
//   - a message whose text node the page replaced (a child-list change inside the message);
//   - a message taken out of the page, edited while detached (no observer sees that), put back;
//   - after a burst appended and nothing else, the messages read before are not compared again;
//   - the hand-written text walker (readText) reads every message of the fixture exactly as the
//     TreeWalker it replaced (kept below as the reference), with and without the skip selectors.
//
// Run: cargo xtask wasm && node extension/build.mjs && node --test tests/e2e/read-cache.test.mjs

import assert from 'node:assert/strict';
import { adapter } from './support/harness.mjs';
import { CASES } from './support/cases.mjs';
import { testInContentWorld } from './support/content-world.mjs';

/** Installed in the content script's world: the mutation records since the last read, and helpers. */
const START = `(() => {
  const T = (globalThis.__readCache = { records: [] });
  T.observer = new MutationObserver((r) => T.records.push(...r));
  T.observer.observe(document.documentElement, { childList: true, subtree: true });
  T.take = () => {
    const r = T.records.concat(T.observer.takeRecords());
    T.records = [];
    return r;
  };
  /** The longest text node of el whose text is part of what was read for it (not a quote or a time). */
  T.bodyNode = (el, text) => {
    let best = null;
    const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const d = n.data.trim();
      if (d.length > 3 && text.includes(d) && (!best || d.length > best.data.trim().length)) best = n;
    }
    return best;
  };
  return true;
})()`;

/** The TreeWalker readText replaced, word for word: the reference the new walker must equal. */
const REFERENCE = `(node, skip) => {
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG', 'VIGIE-WARNING', 'VIGIE-BANNER', 'VIGIE-LIVE']);
  const BLOCK_TAGS = new Set(['DIV', 'P', 'LI', 'BLOCKQUOTE', 'PRE', 'TR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'SECTION', 'ARTICLE']);
  const MAX_TEXT = 20000;
  const skipSel = skip && skip.length ? skip.join(',') : null;
  let out = '';
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      if (n.nodeType === Node.TEXT_NODE) return NodeFilter.FILTER_ACCEPT;
      if (SKIP_TAGS.has(n.nodeName)) return NodeFilter.FILTER_REJECT;
      if (n !== node && skipSel && n.matches(skipSel)) return NodeFilter.FILTER_REJECT;
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let n = walker.currentNode; n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) out += n.data;
    else if (n.nodeName === 'IMG') out += n.getAttribute('alt') ?? n.getAttribute('data-plain-text') ?? '';
    else if (n.nodeName === 'BR') out += '\\n';
    else if (BLOCK_TAGS.has(n.nodeName) && out && !out.endsWith('\\n')) out += '\\n';
    if (out.length > MAX_TEXT * 2) break;
  }
  return out.replace(/[ \\t\\u00a0]+/g, ' ').replace(/\\s*\\n\\s*/g, '\\n').trim().slice(0, MAX_TEXT);
}`;

const BURST = [
  { text: 'Salut, tu es là ?', dir: 'in', min: 90 },
  { text: 'Oui, je regarde un film', dir: 'out', min: 91 },
];

testInContentWorld('cached reads follow every change of a message', CASES, async (c, { page, run }) => {
  const a = adapter(c.adapter);
  const A = `Vigie.data.sites.find((x) => x.id === ${JSON.stringify(a.id)})`;
  await run(START);

  // The walker: every message element and every node a text probe reads, as the reference reads them.
  const walk = JSON.parse(await run(`(() => {
    const a = ${A};
    const reference = ${REFERENCE};
    const snap = Vigie.extract.read(a, null);
    const diff = [];
    let compared = 0;
    for (const m of snap.messages) {
      const nodes = [m.el];
      for (const p of a.message.text ?? []) if (p.selector) nodes.push(...m.el.querySelectorAll(p.selector));
      for (const n of nodes) {
        for (const skip of [a.message.skip, null]) {
          compared++;
          const mine = Vigie.extract.readText(n, skip);
          const ref = reference(n, skip);
          if (mine !== ref && diff.length < 3) diff.push({ mine, ref });
        }
      }
    }
    return JSON.stringify({ diff, compared, messages: snap.messages.length });
  })()`));
  assert.ok(walk.messages > 1, 'the fixture has messages');
  assert.deepEqual(walk.diff, [], `${c.name}: the text walker reads as the TreeWalker did`);

  // Each change is made in one evaluation, read in the next (the observers' callbacks run in between).
  const edit = async (label, change, { full = false, detach = false } = {}) => {
    const before = JSON.parse(await run(`(() => {
      const snap = Vigie.extract.read(${A}, __readCache.take());
      const m = snap.messages[1];
      __readCache.target = m.el;
      __readCache.node = __readCache.bodyNode(m.el, m.text);
      return JSON.stringify({ text: m.text, found: Boolean(__readCache.node) });
    })()`));
    assert.ok(before.found, `${c.name}, ${label}: a text node of the message`);
    if (detach) {
      await run(`(() => {
        const T = __readCache;
        T.place = [T.target.parentNode, T.target.nextSibling];
        T.target.remove();
        return true;
      })()`);
    }
    await run(`(() => { const T = __readCache; ${change}; return true; })()`);
    if (detach) await run('(() => { const T = __readCache; T.place[0].insertBefore(T.target, T.place[1]); return true; })()');
    const after = JSON.parse(await run(`(() => {
      const snap = Vigie.extract.read(${A}, ${full ? 'null' : '__readCache.take()'});
      const m = snap.messages.find((x) => x.el === __readCache.target);
      return JSON.stringify({ text: m?.text ?? null });
    })()`));
    assert.notEqual(after.text, before.text, `${c.name}, ${label}: the message is read again`);
    return after.text;
  };

  const edited = await edit('a text edited in place, read with the batch\'s records', "T.node.data = T.node.data + ' (modifié)'");
  assert.ok(edited.includes('(modifié)'), `${c.name}: the edit is in the text read (${edited})`);
  const again = await edit('a text edited in place, full read', "T.node.data = T.node.data + ' (encore)'", { full: true });
  assert.ok(again.includes('(encore)'), `${c.name}: the second edit is in the text read (${again})`);
  const replaced = await edit('a text node replaced by the page', "T.node.replaceWith(document.createTextNode('Texte remplacé par la page'))");
  assert.ok(replaced.includes('Texte remplacé par la page'), `${c.name}: the new text node is read (${replaced})`);
  const detached = await edit('edited while out of the page, then put back', "T.node.data = 'Changé hors de la page'", { detach: true });
  assert.ok(detached.includes('Changé hors de la page'), `${c.name}: the text changed while detached is read (${detached})`);

  // A burst appended, nothing else: the messages read before are trusted, not compared again.
  await run(`(() => { Vigie.extract.read(${A}, __readCache.take()); return true; })()`);
  await page.evaluate((m) => window.fixture.appendMessages(m), BURST);
  const burst = JSON.parse(await run(`(() => {
    const before = Vigie.extract.reads.compared;
    const snap = Vigie.extract.read(${A}, __readCache.take());
    return JSON.stringify({ compared: Vigie.extract.reads.compared - before, last: snap.messages.at(-1)?.text ?? '' });
  })()`));
  assert.ok(burst.last.includes(BURST.at(-1).text), `${c.name}: the burst is read (${burst.last})`);
  assert.equal(burst.compared, 0, `${c.name}: no message read before the burst is compared again`);
});
