// The overlay's build, read as behaviour on a small fake DOM: what a warning holds when drawn and
// when opened (its closed details and its dismiss question are built on first opening, with the
// same content and the same accessible state), and how its buttons' clicks are run and contained.
// No timing is asserted here: the figures are in benches/page (benches/RESULTS.md).
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { contentShared, contentLocales } from '../build.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = (rel) => fs.readFileSync(path.join(EXT, rel), 'utf8');

/** Just enough of the DOM for overlay.js: elements, text nodes, attributes, listeners, shadow roots. */
class Node {
  constructor(name) {
    this.localName = name;
    this.nodeType = name === '#text' ? 3 : 1;
    this.childNodes = [];
    this.parentNode = null;
    this.attributes = new Map();
    this.listeners = new Map();
    this.data = '';
  }
  get children() {
    return this.childNodes.filter((n) => n.nodeType === 1);
  }
  append(...nodes) {
    for (const n of nodes) {
      const node = typeof n === 'string' ? Object.assign(new Node('#text'), { data: n }) : n;
      node.parentNode = this;
      this.childNodes.push(node);
    }
  }
  prepend(...nodes) {
    const list = nodes.map((n) => (typeof n === 'string' ? Object.assign(new Node('#text'), { data: n }) : n));
    for (const n of list) {
      n.remove();
      n.parentNode = this;
    }
    this.childNodes.unshift(...list);
  }
  replaceChildren(...nodes) {
    this.childNodes = [];
    this.append(...nodes);
  }
  remove() {
    if (this.parentNode) this.parentNode.childNodes = this.parentNode.childNodes.filter((n) => n !== this);
    this.parentNode = null;
  }
  before(...nodes) {
    const parent = this.parentNode;
    const list = nodes.map((n) => (typeof n === 'string' ? Object.assign(new Node('#text'), { data: n }) : n));
    for (const n of list) {
      n.remove();
      n.parentNode = parent;
    }
    parent.childNodes.splice(parent.childNodes.indexOf(this), 0, ...list);
  }
  get isConnected() {
    let n = this;
    while (n.parentNode) n = n.parentNode;
    return n === doc.body || n.host?.isConnected === true;
  }
  get textContent() {
    return this.nodeType === 3 ? this.data : this.childNodes.map((n) => n.textContent).join('');
  }
  set textContent(v) {
    this.childNodes = [];
    if (v !== '') this.append(String(v));
  }
  set className(v) {
    this.setAttribute('class', v);
  }

  get hidden() {
    return this.attributes.has('hidden');
  }
  set hidden(v) {
    if (v) this.attributes.set('hidden', '');
    else this.attributes.delete('hidden');
  }
  setAttribute(k, v) {
    this.attributes.set(k, String(v));
  }
  getAttribute(k) {
    return this.attributes.get(k) ?? null;
  }
  removeAttribute(k) {
    this.attributes.delete(k);
  }
  addEventListener(type, fn) {
    if (!this.listeners.has(type)) this.listeners.set(type, []);
    this.listeners.get(type).push(fn);
  }
  /** A click as the browser dispatches it: at the element, then bubbling up to its shadow root, unless stopped. */
  click() {
    let stopped = false;
    const event = { target: this, stopPropagation: () => { stopped = true; } };
    for (let n = this; n && !stopped; n = n.parentNode) for (const fn of n.listeners.get('click') ?? []) fn(event);
    return stopped;
  }
  focus() {}
  attachShadow({ mode }) {
    const root = new Node('#shadow-root');
    root.mode = mode;
    root.host = this;
    root.adoptedStyleSheets = [];
    shadowRoots.push(root);
    return root;
  }
  /** Every element below, depth first (the test's own querySelectorAll). */
  all() {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
  querySelector(sel) {
    const m = /^(\w+)$/.exec(sel);
    return this.all().find((n) => m && n.localName === m[1]) ?? null;
  }
  querySelectorAll(sel) {
    return this.all().filter((n) => n.localName === sel);
  }
}
const doc = { createElement: (tag) => new Node(tag), createTextNode: (data) => Object.assign(new Node('#text'), { data: String(data) }), body: new Node('body') };
/** Every shadow root made, in order: the test's way in (the page has none: they are closed). */
const shadowRoots = [];
const rootOf = (host) => shadowRoots.find((r) => r.host === host);

function overlayWorld() {
  const timers = [];
  const ctx = vm.createContext({
    console,
    navigator: { languages: ['fr-FR'] },
    chrome: { runtime: { id: 'test', sendMessage: async () => ({}) } },
    document: doc,
    CSSStyleSheet: class {
      cssRules = [];
      replaceSync() {
        this.cssRules = [1];
      }
    },
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {},
  });
  vm.runInContext(contentShared(), ctx);
  vm.runInContext(contentLocales(), ctx);
  vm.runInContext(src('content/overlay.js'), ctx, { filename: 'content/overlay.js' });
  return { V: ctx.Vigie, timers };
}

const MODEL = { lang: 'fr', dark: false, stageLabel: '', text: 'envoie 500 euros ou je publie la vidéo', signals: [{ start: 7, end: 16 }], reasons: ['Une raison', 'Une autre'], sender: 'Julie', canTrust: true };

function draw(V, level) {
  const host = V.overlay.host('vigie-warning');
  V.overlay.renderWarning(host, { ...MODEL, level }, {});
  return rootOf(host);
}

test('a closed warning (caution) builds its details when first opened, with the same content and state', () => {
  const { V } = overlayWorld();
  const caution = draw(V, 'caution');
  const danger = draw(V, 'danger');
  const details = (root) => root.all().find((n) => n.getAttribute('class') === 'details');
  const toggle = (root) => root.all().find((n) => n.localName === 'button' && n.getAttribute('aria-controls') === details(root).getAttribute('id'));

  // Shown at once (danger): the quote with its marked phrase, and the reasons.
  assert.equal(details(danger).hidden, false);
  assert.deepEqual(details(danger).all().map((n) => n.localName), ['h3', 'p', 'mark', 'h3', 'ul', 'li', 'li']);
  assert.equal(toggle(danger).getAttribute('aria-expanded'), 'true');

  // Closed (caution): the toggle points at an empty, hidden panel…
  const d = details(caution);
  assert.equal(d.hidden, true);
  assert.equal(d.childNodes.length, 0);
  assert.equal(toggle(caution).getAttribute('aria-expanded'), 'false');
  // …filled on the first opening with what a danger warning shows at once.
  toggle(caution).click();
  assert.equal(d.hidden, false);
  assert.equal(toggle(caution).getAttribute('aria-expanded'), 'true');
  assert.equal(d.textContent, details(danger).textContent);
  assert.equal(d.all().find((n) => n.localName === 'mark').textContent, '500 euros');
  // Closing and opening again does not build it twice.
  toggle(caution).click();
  assert.equal(d.hidden, true);
  toggle(caution).click();
  assert.deepEqual(d.all().map((n) => n.localName), ['h3', 'p', 'mark', 'h3', 'ul', 'li', 'li']);
});

const dismissButton = (root) => root.all().find((n) => n.localName === 'button' && n.getAttribute('aria-controls')?.startsWith('vigie-dismiss-'));
const openDismiss = (root) => dismissButton(root).click();

test('the dismiss question is built when first opened; its buttons act, its cancel closes it', () => {
  const { V } = overlayWorld();
  const host = V.overlay.host('vigie-warning');
  const dismissed = [];
  V.overlay.renderWarning(host, { ...MODEL, level: 'warning' }, { dismiss: (kind) => dismissed.push(kind) });
  const root = rootOf(host);
  const button = dismissButton(root);
  const panel = root.all().find((n) => n.getAttribute('id') === button.getAttribute('aria-controls'));
  // Closed: an empty, hidden panel that the button points at, as before it is first opened.
  assert.equal(panel.hidden, true);
  assert.equal(panel.childNodes.length, 0);
  assert.equal(panel.getAttribute('role'), 'group');
  assert.equal(button.getAttribute('aria-expanded'), 'false');
  // Opened: the question and its three buttons, focus on the first.
  let focused = null;
  const focus = Node.prototype.focus;
  Node.prototype.focus = function () {
    focused = this;
  };
  try {
    openDismiss(root);
    assert.equal(panel.hidden, false);
    assert.equal(button.getAttribute('aria-expanded'), 'true');
    const buttons = panel.all().filter((n) => n.localName === 'button');
    assert.deepEqual(buttons.map((b) => b.getAttribute('data-vigie-action')), ['dismiss-message', 'dismiss-contact', null]);
    assert.equal(focused, buttons[0]);
    assert.match(panel.all()[0].textContent, /\S/, 'the question is written');
    // Cancel closes it and gives the focus back to the dismiss button; opening again builds nothing twice.
    buttons[2].click();
    assert.equal(panel.hidden, true);
    assert.equal(button.getAttribute('aria-expanded'), 'false');
    assert.equal(focused, button);
    openDismiss(root);
    assert.equal(panel.all().filter((n) => n.localName === 'button').length, 3);
    panel.all().find((n) => n.getAttribute('data-vigie-action') === 'dismiss-contact').click();
    panel.all().find((n) => n.getAttribute('data-vigie-action') === 'dismiss-message').click();
    assert.deepEqual(dismissed, ['contact', 'message']);
  } finally {
    Node.prototype.focus = focus;
  }
});

test('a click on any of a warning\'s buttons runs its action once and stops at the shadow root', () => {
  const { V } = overlayWorld();
  const host = V.overlay.host('vigie-warning');
  let advice = 0;
  V.overlay.renderWarning(host, { ...MODEL, level: 'danger' }, { advice: () => advice++ });
  const root = rootOf(host);
  const adviceButton = root.all().find((n) => n.getAttribute('data-vigie-action') === 'advice');
  assert.equal(adviceButton.click(), true, 'stopped before the host');
  assert.equal(advice, 1);
  // A click beside the buttons runs nothing and is stopped too.
  const summary = root.all().find((n) => n.getAttribute('class') === 'summary');
  assert.equal(summary.click(), true);
  assert.equal(advice, 1);
});

test('each warning has its own ids, links, sender, stage and listeners', () => {
  const { V } = overlayWorld();
  const a = draw(V, 'caution');
  const host = V.overlay.host('vigie-warning');
  V.overlay.renderWarning(host, { ...MODEL, level: 'caution', sender: 'Marc', stageLabel: 'Chantage' }, {});
  const b = rootOf(host);
  const ids = (root) => root.all().map((n) => n.getAttribute('id')).filter(Boolean);
  const controls = (root) => root.all().map((n) => n.getAttribute('aria-controls')).filter(Boolean);
  assert.equal(ids(a).length, 4, 'details, evidence, report and dismiss panels');
  assert.deepEqual(controls(a).sort(), ids(a).sort(), 'every button points at its own panel');
  assert.deepEqual(controls(b).sort(), ids(b).sort());
  assert.equal(ids(a).filter((id) => ids(b).includes(id)).length, 0, 'no id shared between two warnings');
  const contact = (root) => root.all().find((n) => n.getAttribute('data-vigie-action') === 'dismiss-contact');
  openDismiss(a);
  openDismiss(b);
  assert.match(contact(a).textContent, /Julie/);
  assert.match(contact(b).textContent, /Marc/);
  assert.equal(a.all().some((n) => n.getAttribute('class') === 'stage'), false, 'no stage line without a stage');
  assert.equal(b.all().find((n) => n.getAttribute('class') === 'stage').textContent, 'Chantage');
  const toggle = (root) => root.all().find((n) => n.getAttribute('class') === 'link');
  const details = (root) => root.all().find((n) => n.getAttribute('class') === 'details');
  toggle(a).click();
  assert.equal(details(a).hidden, false);
  assert.equal(details(b).hidden, true, 'opening one warning leaves the other closed');
  // A minor (no trusted contacts) gets no "trust this contact" button; a message without signals or reasons no toggle.
  const host2 = V.overlay.host('vigie-warning');
  V.overlay.renderWarning(host2, { ...MODEL, level: 'danger', canTrust: false, signals: [], reasons: [] }, {});
  const c = rootOf(host2);
  openDismiss(c);
  assert.equal(contact(c), undefined);
  assert.equal(toggle(c), undefined);
  assert.equal(c.all().some((n) => n.getAttribute('data-vigie-action') === 'dismiss-message'), true);
});

/**
 * What a warning shows, as data: the host's level and state, then every element (tag, attributes)
 * and text of its shadow root, ids numbered in order of appearance (each drawing has its own). The
 * content of a hidden element is left out: it is neither seen nor read by assistive technology, and
 * an update keeps what was built of it (a closed panel opened once). Two warnings with the same
 * shape show the same thing.
 */
function shape(host) {
  const root = rootOf(host);
  const ids = new Map();
  for (const n of root.all()) if (n.getAttribute('id')) ids.set(n.getAttribute('id'), `id${ids.size}`);
  const REFS = ['id', 'aria-controls', 'aria-labelledby'];
  const walk = (n) => {
    if (n.nodeType === 3) return n.data;
    const attrs = [...n.attributes].map(([k, v]) => [k, REFS.includes(k) ? ids.get(v) ?? v : v]).sort();
    return [n.localName, Object.fromEntries(attrs), ...(n.hidden ? [] : n.childNodes.map(walk))];
  };
  return { level: host.getAttribute('data-vigie-level'), state: host.getAttribute('data-vigie-state'), root: root.childNodes.map(walk) };
}

/** The shape of a warning drawn new for `model`, to compare an updated one with. */
function drawnNew(V, model) {
  const host = V.overlay.host('vigie-warning');
  V.overlay.renderWarning(host, model, {});
  return shape(host);
}

const cardOf = (host) => rootOf(host).children[0];

test('a warning whose level rose is updated in place: the same card, showing what a warning drawn at that level shows', () => {
  const { V } = overlayWorld();
  const host = V.overlay.host('vigie-warning');
  const calls = [];
  V.overlay.renderWarning(host, { ...MODEL, level: 'warning' }, { advice: () => calls.push('before') });
  const card = cardOf(host);
  const buttons = card.all().filter((n) => n.localName === 'button');
  const quoted = card.all().find((n) => n.getAttribute('class') === 'quote');
  const reasons = card.all().filter((n) => n.localName === 'li');
  const risen = { ...MODEL, level: 'danger', stageLabel: 'Chantage', reasons: ['Une raison', 'Une autre', 'Une menace'] };
  V.overlay.renderWarning(host, risen, { advice: () => calls.push('after') });
  assert.equal(cardOf(host), card, 'the same card, not a new one');
  assert.ok(buttons.every((b) => card.all().includes(b)), 'its buttons are the same elements (the focus stays where it was)');
  assert.ok(card.all().includes(quoted), 'the quote, unchanged, is the same element');
  assert.deepEqual(card.all().filter((n) => n.localName === 'li').slice(0, 2), reasons, 'the reasons it had are the same elements, one added');
  assert.equal(host.getAttribute('data-vigie-level'), 'danger');
  assert.match(card.getAttribute('aria-label'), /Danger/, 'its accessible name says the new level');
  assert.match(card.getAttribute('class'), /\bdanger\b/);
  assert.doesNotMatch(card.getAttribute('class'), /\bwarning\b/);
  assert.match(card.textContent, /Une menace/, 'the new reason is shown');
  assert.deepEqual(shape(host), drawnNew(V, risen), 'what it shows is what a new danger warning shows');
  // Its buttons call the callbacks of the last drawing (the new stage's advice, say).
  card.all().find((n) => n.getAttribute('data-vigie-action') === 'advice').click();
  assert.deepEqual(calls, ['after']);
});

test('a caution that rises opens its details, one that falls back to caution closes them; what the user opened stays open', () => {
  const { V } = overlayWorld();
  const host = V.overlay.host('vigie-warning');
  V.overlay.renderWarning(host, { ...MODEL, level: 'caution' }, {});
  const card = cardOf(host);
  const root = rootOf(host);
  const details = root.all().find((n) => n.getAttribute('class') === 'details');
  assert.equal(details.hidden, true);
  openDismiss(root);
  const dismissPanel = root.all().find((n) => n.getAttribute('id') === dismissButton(root).getAttribute('aria-controls'));
  assert.equal(dismissPanel.hidden, false);

  V.overlay.renderWarning(host, { ...MODEL, level: 'warning' }, {});
  assert.equal(cardOf(host), card);
  assert.equal(details.hidden, false, 'a warning shows its details');
  assert.deepEqual(details.all().map((n) => n.localName), ['h3', 'p', 'mark', 'h3', 'ul', 'li', 'li']);
  assert.equal(root.all().find((n) => n.getAttribute('aria-controls') === details.getAttribute('id')).getAttribute('aria-expanded'), 'true');
  assert.equal(dismissPanel.hidden, false, 'the dismiss question the user opened is still open');
  assert.equal(dismissButton(root).getAttribute('aria-expanded'), 'true');
  dismissButton(root).click(); // closed again, so the whole card can be compared with a new one
  assert.deepEqual(shape(host), drawnNew(V, { ...MODEL, level: 'warning' }));

  V.overlay.renderWarning(host, { ...MODEL, level: 'caution' }, {});
  assert.equal(cardOf(host), card);
  assert.equal(details.hidden, true, 'back to caution: closed, as a new caution is');
  assert.deepEqual(shape(host), drawnNew(V, { ...MODEL, level: 'caution' }));
});

test('a warning whose stage, reasons, quote or colours changed is updated in place and shows the same as one drawn new', () => {
  const { V } = overlayWorld();
  const host = V.overlay.host('vigie-warning');
  V.overlay.renderWarning(host, { ...MODEL, level: 'warning' }, {});
  const card = cardOf(host);
  const changes = [
    { stageLabel: 'Piège' }, // a stage line added
    { stageLabel: 'Chantage' }, // its text changed
    { stageLabel: '' }, // removed
    { reasons: ['Une autre raison'] },
    { reasons: ['Une raison de plus'] },
    { signals: [{ start: 0, end: 6 }, { start: 11, end: 16 }] },
    { signals: [], reasons: [] }, // nothing to detail: no toggle
    { signals: [{ start: 7, end: 16 }] }, // the toggle back
    { signals: [{ start: 7, end: 10 }] }, // a shorter phrase marked
    { signals: [{ start: 8, end: 10 }] }, // starting later
    { text: 'envoie 900 euros ou je publie la vidéo' }, // the message edited, the same phrase marked
    { reasons: ['Une raison', 'Une autre', 'Encore une'] }, // reasons again
    { signals: [] }, // no quote, the reasons kept
    { signals: [{ start: 7, end: 16 }] }, // the quote back, before the reasons
    { reasons: ['Une raison'] }, // two fewer
    { dark: true },
    { level: 'danger', dark: false, stageLabel: 'Paiement' },
    { level: 'caution', stageLabel: '' }, // fell
  ];
  let model = { ...MODEL, level: 'warning' };
  for (const change of changes) {
    model = { ...model, ...change };
    V.overlay.renderWarning(host, model, {});
    assert.equal(cardOf(host), card, `updated in place: ${JSON.stringify(change)}`);
    assert.deepEqual(shape(host), drawnNew(V, model), `shown as new: ${JSON.stringify(change)}`);
  }
});

test('a warning for another language, sender or minor mode is built anew, and so is one after its "hidden — undo" line', () => {
  const { V } = overlayWorld();
  const host = V.overlay.host('vigie-warning');
  let model = { ...MODEL, level: 'warning' };
  V.overlay.renderWarning(host, model, {});
  for (const change of [{ lang: 'en' }, { sender: 'Marc' }, { canTrust: false }]) {
    const card = cardOf(host);
    model = { ...model, ...change };
    V.overlay.renderWarning(host, model, {});
    assert.notEqual(cardOf(host), card, `built anew: ${JSON.stringify(change)}`);
    assert.deepEqual(shape(host), drawnNew(V, model), `shown as new: ${JSON.stringify(change)}`);
  }
  const undo = [];
  V.overlay.renderDismissed(host, { lang: 'fr', dark: false, text: 'Masqué', onUndo: () => undo.push(1) });
  assert.equal(host.getAttribute('data-vigie-state'), 'dismissed');
  assert.equal(host.getAttribute('data-vigie-level'), null);
  V.overlay.renderWarning(host, model, {});
  assert.deepEqual(shape(host), drawnNew(V, model), 'the warning back whole after an undo');
  assert.equal(host.getAttribute('data-vigie-state'), null);
});
