// The browser flow every site adapter goes through (see sites.test.mjs for the story), shared
// with the generic-adapter test. Helpers here run in node; functions passed to page.evaluate run
// in the fixture page (as source: the page's CSP forbids eval).

import assert from 'node:assert/strict';
import { adapter, CONVERSATIONS, launch, shadowInfo, shadowClick, screenshotPath, screenshotOf } from './harness.mjs';
import { reference, shown, RANK } from './engine.mjs';

const BASE_TIME = Date.UTC(2026, 10, 29, 20, 0);

// Runs in the page: the level shown next to each fixture message (by its index), found where the
// adapter says warnings go, so a warning next to the wrong message or in the wrong place fails.
export function pageLevels({ spec, expected }) {
  const out = [];
  for (const root of document.querySelectorAll('[data-fixture-n]')) {
    const n = Number(root.dataset.fixtureN);
    let item = null;
    for (const sel of spec.item) {
      // (":scope > li" is relative to the conversation; the fixture root is the li itself.)
      item = root.matches(sel.replace(/^:scope\s*>\s*/, '')) ? root : root.querySelector(sel);
      if (item) break;
    }
    if (!item) {
      out[n] = 'no-item';
      continue;
    }
    const anchor = spec.anchor ? item.closest(spec.anchor) ?? item : item;
    const host = {
      after: anchor.nextElementSibling,
      before: anchor.previousElementSibling,
      append: anchor.lastElementChild,
      prepend: anchor.firstElementChild,
    }[spec.position];
    out[n] = host && host.localName === 'vigie-warning' ? host.getAttribute('data-vigie-level') ?? `(${host.getAttribute('data-vigie-state')})` : 'none';
  }
  return expected ? JSON.stringify(out) === JSON.stringify(expected) : out;
}

export function specOf(a) {
  return { item: a.message.item, anchor: a.overlay?.anchor ?? null, position: a.overlay?.position ?? 'after' };
}

async function levels(page, spec) {
  return page.evaluate(pageLevels, { spec });
}

/** Waits until the page shows `expected`; fails with both lists when it does not. */
export async function expectLevels(page, spec, expected, label) {
  try {
    // (A function, not a string: the page's CSP forbids eval, and Playwright ships functions as source.)
    await page.waitForFunction(pageLevels, { spec, expected }, { timeout: 8000, polling: 50 });
  } catch {
    // fall through to the readable comparison
  }
  assert.deepEqual(await levels(page, spec), expected, `${label}: levels next to each message`);
}

/** What the content script says about the tab (the popup's question). */
export async function status(h, page) {
  return h.worker.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === url);
    if (!tab) return null;
    return chrome.tabs.sendMessage(tab.id, { type: 'vigie:status' });
  }, page.url());
}

/** Waits until every message on the page has its verdict (needed before asserting "no warning"). */
export async function settled(h, page, count, label) {
  const deadline = Date.now() + 8000;
  let s = null;
  while (Date.now() < deadline) {
    s = await status(h, page).catch(() => null);
    if (s && s.messages === count && s.analysed === count) return s;
    await page.waitForTimeout(100);
  }
  assert.fail(`${label}: the content script did not analyse ${count} messages (status ${JSON.stringify(s)})`);
}

export function referenceInput(c, list) {
  return list.map((m, i) => ({
    id: String(i),
    text: m.text,
    direction: c.direction === false ? 'unknown' : m.dir,
    time: c.time ? BASE_TIME + m.min * 60000 : null,
  }));
}

export async function expectedLevels(c, list) {
  const input = referenceInput(c, list);
  const verdict = await reference(input);
  const lv = verdict.messages.map((m, i) => shown({ ...m, direction: input[i].direction }));
  // The hand-written expectations hold too (so a rule change that breaks the story is seen).
  list.forEach((m, i) => {
    if (m.expect === 'none') assert.equal(lv[i], 'none', `engine: "${m.text}" must stay clean`);
    else if (m.expect !== 'any') assert.ok(RANK[lv[i]] >= RANK[m.expect], `engine: "${m.text}" must be at least ${m.expect}, is ${lv[i]}`);
  });
  return { levels: lv, verdict };
}

/** A page expression (for the DevTools protocol) that finds the warning of fixture message `n`. */
export const hostExpr = (spec, n) => `(() => {
  const root = document.querySelector('[data-fixture-n="${n}"]');
  const spec = ${JSON.stringify(spec)};
  let item = null;
  for (const sel of spec.item) { item = root.matches(sel.replace(/^:scope\\s*>\\s*/, '')) ? root : root.querySelector(sel); if (item) break; }
  const anchor = spec.anchor ? item.closest(spec.anchor) ?? item : item;
  return { after: anchor.nextElementSibling, before: anchor.previousElementSibling, append: anchor.lastElementChild, prepend: anchor.firstElementChild }[spec.position];
})()`;

/** Close-ups of one warning (report panel, dismissed line): a light and a dark site, or all with VIGIE_ALL_SHOTS=1. */
const detailShots = (c) => process.env.VIGIE_ALL_SHOTS === '1' || ['whatsapp', 'discord'].includes(c.name);

/** The whole story on one site; `h` is the harness (launch()), `c` a case of cases.mjs. */
export async function runCase(h, c) {
  const a = adapter(c.adapter);
  const spec = specOf(a);
  const conv = CONVERSATIONS[c.lang];
  await h.setSettings({ lang: c.lang });
  const page = await h.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e));
  try {
    await page.goto(c.url);
    if (c.enter) await page.click('[data-fixture-go="scam"]');

    // 1. The scam conversation: the right level next to each message.
    const scam = conv.scam.messages;
    const first = await expectedLevels(c, scam);
    await expectLevels(page, spec, first.levels, `${c.name} scam`);
    const dangerCount = first.levels.filter((l) => l === 'danger').length;
    assert.ok(dangerCount >= 2, 'the scam conversation has danger messages');
    assert.equal(await page.locator('vigie-warning[data-vigie-level]').count(), first.levels.filter((l) => l !== 'none').length, 'no warning anywhere else');
    assert.equal(await page.locator('vigie-banner[data-vigie-level="danger"]').count(), 1, 'one danger banner');

    // The overlay: a closed shadow root the page cannot open, the phrases marked, the actions.
    const threat = scam.findIndex((m) => m.expect === 'danger');
    assert.equal(await page.evaluate(() => document.querySelector('vigie-warning').shadowRoot), null, 'the page cannot reach the shadow root');
    const info = await shadowInfo(page, hostExpr(spec, threat));
    assert.equal(info.shadowType, 'closed');
    assert.ok(info.marks.length > 0 && info.marks.every((m) => scam[threat].text.includes(m)), `marked phrases come from the message: ${info.marks}`);
    for (const action of ['advice', 'evidence']) assert.ok(info.buttons.some((b) => b.action === action), `button ${action}`);
    assert.equal(info.dark, Boolean(c.dark), 'the overlay follows the page theme');
    assert.match(info.text, c.lang === 'fr' ? /Que faire \?/ : /What to do\?/, 'the overlay speaks the chosen language');
    // Next to the message, never over it: the warning's box meets none of the message's boxes.
    const overlap = await page.evaluate(([spec, n]) => {
      const root = document.querySelector(`[data-fixture-n="${n}"]`);
      let item = null;
      for (const sel of spec.item) { item = root.matches(sel.replace(/^:scope\s*>\s*/, '')) ? root : root.querySelector(sel); if (item) break; }
      const host = [...document.querySelectorAll('vigie-warning')].find((w) => w.previousElementSibling === item || w.nextElementSibling === item || w.parentElement === item);
      const hb = host.getBoundingClientRect();
      const parts = [...item.querySelectorAll('*')].filter((e) => e !== host && !host.contains(e) && e.children.length === 0 && e.getBoundingClientRect().height > 0);
      const hit = parts.find((e) => { const r = e.getBoundingClientRect(); return r.left < hb.right && r.right > hb.left && r.top < hb.bottom && r.bottom > hb.top; });
      return { height: hb.height, hit: hit ? hit.outerHTML.slice(0, 120) : null };
    }, [spec, threat]);
    assert.ok(overlap.height > 20, 'the warning is visible');
    assert.equal(overlap.hit, null, 'the warning covers no part of the message');

    // 2. A message arriving later is caught; a re-render keeps the warnings in place.
    const n = await page.evaluate(() => window.fixture.append());
    const withAppend = await expectedLevels(c, [...scam, conv.scam.append]);
    await expectLevels(page, spec, withAppend.levels, `${c.name} appended message`);
    assert.equal(withAppend.levels[n], 'danger');
    await page.evaluate(() => window.fixture.rerender());
    await expectLevels(page, spec, withAppend.levels, `${c.name} after the page re-rendered its messages`);
    await page.evaluate(() => document.querySelectorAll('vigie-warning').forEach((w) => w.remove()));
    await expectLevels(page, spec, withAppend.levels, `${c.name} after the page removed the warnings`);
      await page.evaluate(() => [...document.querySelectorAll('vigie-warning[data-vigie-level="danger"]')].at(-2)?.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: screenshotPath(`${c.name}-scam`) });

    // 3. Vigie's buttons do not reach the page's handlers.
    const clicks = await page.evaluate(() => window.fixtureClicks);
    await shadowClick(page, hostExpr(spec, threat), 'button[aria-controls^="vigie-report"]');
    await page.waitForTimeout(150);
    assert.equal(await page.evaluate(() => window.fixtureClicks), clicks, 'a click on the overlay is not a click on the message');
    // The report panel: where to report for the user's country; links open outside, safely.
    let report = null;
    for (let i = 0; i < 40 && !(report?.links.length > 1); i++) {
      report = await shadowInfo(page, hostExpr(spec, threat));
      if (!(report.links.length > 1)) await page.waitForTimeout(50);
    }
    assert.ok(report.links.length > 1, 'report links are shown');
    for (const l of report.links) {
      assert.match(l.href, /^(https:\/\/|tel:)/, `safe link ${l.href}`);
      if (l.href.startsWith('https:')) assert.equal(l.rel, 'noopener noreferrer');
    }
    if (detailShots(c)) await screenshotOf(page, hostExpr(spec, threat), screenshotPath(`${c.name}-report-panel`));
    await shadowClick(page, hostExpr(spec, threat), 'button[aria-controls^="vigie-report"]');

    // 4. "This is not a scam": undo, then dismiss for good; it sticks across a reload.
    await shadowClick(page, hostExpr(spec, threat), 'button[aria-controls^="vigie-dismiss"]');
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'vigie-warning', 'focus moves into the dismiss question');
    await shadowClick(page, hostExpr(spec, threat), 'button[data-vigie-action="dismiss-message"]');
    const dismissed = [...withAppend.levels];
    dismissed[threat] = '(dismissed)';
    await expectLevels(page, spec, dismissed, `${c.name} dismissed`);
    assert.equal(await page.evaluate(() => document.activeElement?.localName), 'vigie-warning', 'focus moves to the undo button');
    if (detailShots(c)) await screenshotOf(page, hostExpr(spec, threat), screenshotPath(`${c.name}-dismissed`));
    await shadowClick(page, hostExpr(spec, threat), 'button[data-vigie-action="undo"]');
    await expectLevels(page, spec, withAppend.levels, `${c.name} undo`);
    await shadowClick(page, hostExpr(spec, threat), 'button[aria-controls^="vigie-dismiss"]');
    await shadowClick(page, hostExpr(spec, threat), 'button[data-vigie-action="dismiss-message"]');
    await expectLevels(page, spec, dismissed, `${c.name} dismissed again`);
    const stored = await h.settings();
    const site = a.kind === 'generic' ? new URL(c.url).origin : a.id;
    const mine = stored.dismissed.filter((d) => d.site === site && d.thread === stored.dismissed.at(-1).thread);
    assert.equal(mine.length, 1, 'one dismissal stored for this thread (the undone one is gone)');

    await page.reload();
    const afterReload = [...first.levels];
    afterReload[threat] = 'none';
    await expectLevels(page, spec, afterReload, `${c.name} after reload`);

    // 5. "What to do?" opens the advice page at the section of the message's stage.
    const target = first.levels.lastIndexOf('danger');
    const stage = first.verdict.messages[target].stage ?? first.verdict.stage;
    const [advice] = await Promise.all([
      h.context.waitForEvent('page', { timeout: 5000 }),
      shadowClick(page, hostExpr(spec, target), 'button[data-vigie-action="advice"]'),
    ]);
    const url = new URL(advice.url());
    assert.equal(advice.url().split(/[?#]/)[0], `${h.base}pages/advice/advice.html`);
    assert.equal(url.hash, `#${stage}`);
    assert.equal(url.searchParams.get('lang'), c.lang);
    await advice.close();

    // 6. Another thread: a fresh context, no warning, no banner. (The benign thread's last message
    //    is read as a payment demand after a threat: if the previous thread's context leaked into
    //    this one, it would get a warning.)
    const leak = await reference(referenceInput(c, [...scam, conv.benign.append]));
    assert.notEqual(shown({ ...leak.messages.at(-1), direction: 'in' }), 'none',
      `fixture: "${conv.benign.append.text}" no longer reads as a demand after a threat, so it cannot show a context leak; pick a phrasing the rules read that way (conversations.json)`);
    await page.click('[data-fixture-go="benign"]');
    const benign = conv.benign.messages;
    await settled(h, page, benign.length, `${c.name} benign`);
    const calm = await expectedLevels(c, benign);
    await expectLevels(page, spec, calm.levels, `${c.name} benign thread`);
    assert.equal(await page.locator('vigie-banner').count(), 0, 'no banner on the benign thread');
    await page.evaluate(() => window.fixture.append());
    await settled(h, page, benign.length + 1, `${c.name} benign + appended`);
    const calmAppend = await expectedLevels(c, [...benign, conv.benign.append]);
    await expectLevels(page, spec, calmAppend.levels, `${c.name} benign thread, appended (context must not leak)`);
    assert.equal(await page.locator('vigie-warning').count(), 0);
    await page.screenshot({ path: screenshotPath(`${c.name}-benign`) });
    assert.deepEqual(pageErrors.map(String), [], 'no page error');
  } finally {
    await page.close();
  }
}

/**
 * `count` ordinary messages of the same kind (meeting at the bakery), every third outgoing, their
 * minutes from `fromMinute`: a long chat's filler that pushes earlier messages out of the
 * request's window without raising anything.
 */
export function ordinaryMessages(count, fromMinute = 60) {
  return Array.from({ length: count }, (_, i) => ({
    dir: i % 3 === 2 ? 'out' : 'in',
    min: fromMinute + i,
    text: `On se retrouve à la boulangerie vers ${8 + (i % 10)} h ? (${i})`,
  }));
}

/**
 * A browser with the extension (French, normal sensitivity) and one page open at `url`, for a
 * `describe` block's before(); resolves to {h, page}.
 */
export async function openChat(sites, url) {
  const h = await launch({ sites });
  await h.setSettings({ lang: 'fr', sensitivity: 'normal' });
  const page = await h.context.newPage();
  await page.goto(url);
  return { h, page };
}
