// Reading only what a batch appended gives the same conversation as reading the whole page
// (extension/content/extract.js: a batch whose mutations only appended messages after the last
// one reads those instead of querying every message again; issue 7). On every site fixture, in
// the content script's own world, with its observer paused so only this test reads: after each
// kind of change the page makes — a burst appended, one message appended, a message edited in
// place then one appended, a re-render, a message removed, history loaded above — the read given
// the change's mutation records equals a full read, message by message (same elements, keys,
// texts, directions, senders, times), and appends were read as appends where the adapter allows it.
//
// Run: cargo xtask wasm && node extension/build.mjs && node --test tests/e2e/incremental-read.test.mjs

import assert from 'node:assert/strict';
import { adapter } from './support/harness.mjs';
import { CASES } from './support/cases.mjs';
import { testInContentWorld } from './support/content-world.mjs';

/** Runs in the content script's world: reads with the records gathered since the last check, then in full, and compares. */
const CHECK = (id) => `(() => {
  const T = globalThis.__incremental;
  const a = Vigie.data.sites.find((x) => x.id === ${JSON.stringify(id)});
  const records = T.records.concat(T.observer.takeRecords());
  T.records = [];
  const before = { ...Vigie.extract.reads };
  const part = Vigie.extract.read(a, records);
  const appended = Vigie.extract.reads.appended - before.appended;
  const whole = Vigie.extract.read(a, null);
  const fields = ['key', 'text', 'direction', 'sender', 'senderRead', 'address', 'time', 'timeText'];
  const diff = [];
  const n = Math.max(part?.messages.length ?? 0, whole?.messages.length ?? 0);
  for (let i = 0; i < n && diff.length < 3; i++) {
    const p = part.messages[i];
    const w = whole.messages[i];
    if (!p || !w || p.el !== w.el || fields.some((f) => p[f] !== w[f])) diff.push({ i, part: p && fields.map((f) => p[f]), whole: w && fields.map((f) => w[f]) });
  }
  return JSON.stringify({ diff, n, appended, thread: part?.thread === whole?.thread });
})()`;

const START = `(() => {
  const T = (globalThis.__incremental = { records: [] });
  T.observer = new MutationObserver((r) => T.records.push(...r));
  T.observer.observe(document.documentElement, { childList: true, subtree: true });
  return true;
})()`;

const BURST = [
  { text: 'Salut, tu es là ?', dir: 'in', min: 90 },
  { text: 'Oui, je regarde un film', dir: 'out', min: 91 },
  { text: 'Envoie-moi ton Snap, on sera plus tranquilles', dir: 'in', min: 92 },
];

testInContentWorld('incremental reads equal full reads', CASES, async (c, { page, run }) => {
  const a = adapter(c.adapter);
  await run(START);
  const check = async (label) => JSON.parse(await run(CHECK(a.id)));
  const first = await check('first read');
  assert.ok(first.n > 0, 'the fixture has messages');
  // Adapters whose item selector is relative to the conversation (`:scope > li`) always read in full.
  const incremental = !a.message.item[0].includes(':scope');

  const steps = [
    ['a burst appended', () => page.evaluate((m) => window.fixture.appendMessages(m), BURST), true],
    ['one message appended', () => page.evaluate(() => window.fixture.append()), true],
    ['a message edited in place, then one appended', () => page.evaluate((m) => {
      // A text node changed in place (no childList record), then a new message.
      const el = document.querySelector('[data-fixture-n="1"]');
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, { acceptNode: (n) => (n.data.trim().length > 3 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP) });
      const t = walker.nextNode();
      if (t) t.data = `${t.data} (modifié)`;
      window.fixture.appendMessages(m);
    }, BURST.slice(0, 1)), true],
    ['the page re-rendered its messages', () => page.evaluate(() => window.fixture.rerender()), false],
    ['a message removed', () => page.evaluate(() => document.querySelector('[data-fixture-n="2"]')?.remove()), false],
    ['history loaded above', () => page.evaluate(() => {
      const first = document.querySelector('[data-fixture-n="3"]');
      const copy = first.cloneNode(true);
      copy.setAttribute('data-fixture-n', 'history');
      for (const e of [copy, ...copy.querySelectorAll('[data-id], [data-mid], [data-message-id], [id]')]) {
        for (const attr of ['data-id', 'data-mid', 'data-message-id', 'id']) if (e.hasAttribute(attr)) e.setAttribute(attr, `${e.getAttribute(attr)}-old`);
      }
      const list = document.querySelector('[data-fixture-list]');
      list.insertBefore(copy, list.firstElementChild);
    }), false],
    ['a burst appended after all that', () => page.evaluate((m) => window.fixture.appendMessages(m), BURST), true],
  ];
  for (const [label, change, append] of steps) {
    await change();
    const r = await check(label);
    assert.deepEqual(r.diff, [], `${c.name}, ${label}: the read from the mutations differs from a full read`);
    assert.ok(r.thread, `${c.name}, ${label}: same thread`);
    assert.equal(r.appended, append && incremental ? 1 : 0, `${c.name}, ${label}: ${append && incremental ? 'read as an append' : 'read in full'}`);
  }
});
