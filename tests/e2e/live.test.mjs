// Settings apply live on an open conversation (no reload): language, pause on a site,
// sensitivity, minor mode, "trust this contact" with undo. And when the engine cannot load, the
// page is left untouched and the content script says why (for the popup).
// Fixture: WhatsApp (tests/e2e/fixtures/whatsapp).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, skipReason, CONVERSATIONS, shadowInfo, shadowClick, shadowEval, adapter } from './support/harness.mjs';
import { expectLevels, expectedLevels, hostExpr, specOf, status } from './support/flow.mjs';
import { reference, shown } from './support/engine.mjs';
import { variant } from './support/variant.mjs';

const URL_ = 'https://web.whatsapp.com/';
const SITES = { 'web.whatsapp.com': { dir: 'whatsapp' } };
const scam = CONVERSATIONS.fr.scam.messages;
const spec = specOf(adapter('whatsapp'));
const threat = scam.findIndex((m) => m.expect === 'danger');

/** Polls `fn` (async, may throw while the page re-renders) until `ok(value)`; returns the last value. */
async function poll(page, fn, ok, tries = 60) {
  let value;
  for (let i = 0; i < tries; i++) {
    try {
      value = await fn();
      if (ok(value)) return value;
    } catch {
      // the host is being replaced: try again
    }
    await page.waitForTimeout(50);
  }
  return value;
}

describe('settings apply live', { skip: skipReason() ?? false }, () => {
  let h;
  let page;
  let normal;

  before(async () => {
    h = await launch({ sites: SITES });
    await h.setSettings({ lang: 'fr' });
    page = await h.context.newPage();
    await page.goto(URL_);
    normal = await expectedLevels({}, scam);
    await expectLevels(page, spec, normal.levels, 'initial');
  });
  after(async () => {
    await h?.close();
  });

  test('language', async () => {
    const text = () => shadowInfo(page, hostExpr(spec, threat)).then((i) => i.text);
    assert.match(await text(), /Que faire \?/);
    await h.setSettings({ lang: 'en' });
    assert.match(await poll(page, text, (t) => /What to do\?/.test(t)), /What to do\?/);
    await h.setSettings({ lang: 'fr' });
    assert.match(await poll(page, text, (t) => /Que faire \?/.test(t)), /Que faire \?/);
  });

  test('pause on this site removes everything, resume brings it back', async () => {
    await h.setSettings({ pausedSites: ['whatsapp'] });
    await page.waitForFunction(() => !document.querySelector('vigie-warning, vigie-banner'), null, { timeout: 5000 });
    const s = await status(h, page);
    assert.equal(s.paused, true);
    assert.equal(s.active, false, 'the observer is disconnected');
    await h.setSettings({ pausedSites: [] });
    await expectLevels(page, spec, normal.levels, 'resumed');
  });

  test('sensitivity', async () => {
    const input = scam.map((m, i) => ({ id: String(i), text: m.text, direction: m.dir }));
    const low = (await reference(input, { sensitivity: 'low' })).messages.map((m, i) => shown({ ...m, direction: input[i].direction }));
    await h.setSettings({ sensitivity: 'low' });
    await expectLevels(page, spec, low, 'low sensitivity');
    await h.setSettings({ sensitivity: 'normal' });
    await expectLevels(page, spec, normal.levels, 'back to normal');
  });

  test('a warning whose level changes is updated in place: the same card, its new level shown and named', async () => {
    // At low sensitivity the trap message falls from warning to caution and the isolation one
    // below the threshold; back at normal both return (tests/e2e/support/engine.mjs says which).
    const input = scam.map((m, i) => ({ id: String(i), text: m.text, direction: m.dir }));
    const low = (await reference(input, { sensitivity: 'low' })).messages.map((m, i) => shown({ ...m, direction: input[i].direction }));
    const trap = normal.levels.findIndex((l, i) => l === 'warning' && low[i] === 'caution');
    const gone = normal.levels.findIndex((l, i) => l !== 'none' && low[i] === 'none');
    assert.ok(trap >= 0 && gone >= 0, 'the conversation has a warning that falls to caution and one that goes');
    const keep = `function () { window.__vigieCard = this.querySelector('.card'); }`;
    const card = `function () {
      const card = this.querySelector('.card');
      return { same: card === window.__vigieCard, label: card.getAttribute('aria-label'), classes: card.className,
        badge: this.querySelector('.badge').textContent, detailsOpen: !this.querySelector('.details').hidden, text: this.textContent };
    }`;
    await shadowEval(page, hostExpr(spec, trap), keep);
    await h.setSettings({ sensitivity: 'low' });
    await expectLevels(page, spec, low, 'low sensitivity');
    const fell = await shadowEval(page, hostExpr(spec, trap), card);
    assert.equal(fell.same, true, 'fallen: the same card');
    assert.match(fell.label, /Prudence/);
    assert.match(fell.badge, /Prudence/);
    assert.match(fell.classes, /\bcaution\b/);
    assert.equal(fell.detailsOpen, false, 'closed, as a caution is');
    await h.setSettings({ sensitivity: 'normal' });
    await expectLevels(page, spec, normal.levels, 'back to normal');
    const rose = await shadowEval(page, hostExpr(spec, trap), card);
    assert.equal(rose.same, true, 'risen: the same card');
    assert.match(rose.label, /Attention/);
    assert.match(rose.badge, /Attention/);
    assert.match(rose.classes, /\bwarning\b/);
    assert.equal(rose.detailsOpen, true, 'its details open, as a warning\'s are');
    // The warning that went below the threshold came back whole, as a new one.
    const back = await shadowInfo(page, hostExpr(spec, gone));
    assert.match(back.text, /Prudence/);
  });

  test('minor mode hides "trust this contact"', async () => {
    // The dismiss question (where "trust this contact" is) is built when first opened: opened to
    // read its buttons, then closed again as the next test expects it (a redrawn warning starts
    // closed; nothing matches a state the warning is not in).
    const toggle = (state) => shadowClick(page, hostExpr(spec, threat), `button[aria-controls^="vigie-dismiss"][aria-expanded="${state}"]`).catch(() => {});
    const actions = async () => {
      await toggle('false');
      const info = await shadowInfo(page, hostExpr(spec, threat));
      await toggle('true');
      return info.buttons.map((b) => b.action);
    };
    assert.ok((await actions()).includes('dismiss-contact'));
    await h.setSettings({ minorMode: true });
    assert.ok(!(await poll(page, actions, (a) => !a.includes('dismiss-contact'))).includes('dismiss-contact'));
    await h.setSettings({ minorMode: false });
    assert.ok((await poll(page, actions, (a) => a.includes('dismiss-contact'))).includes('dismiss-contact'));
    await expectLevels(page, spec, normal.levels, 'minor mode off');
  });

  test('trust this contact hides all their warnings and the banner; undo brings them back', async () => {
    await shadowClick(page, hostExpr(spec, threat), 'button[aria-controls^="vigie-dismiss"]');
    await shadowClick(page, hostExpr(spec, threat), 'button[data-vigie-action="dismiss-contact"]');
    const trusted = normal.levels.map((l, i) => (i === threat ? '(dismissed)' : 'none'));
    await expectLevels(page, spec, trusted, 'contact trusted');
    assert.equal(await page.locator('vigie-banner').count(), 0, 'no banner once the contact is trusted');
    assert.deepEqual((await h.settings()).trustedContacts.map((c) => c.sender), ['Julie Martin']);
    await shadowClick(page, hostExpr(spec, threat), 'button[data-vigie-action="undo"]');
    await expectLevels(page, spec, normal.levels, 'undo');
    assert.equal((await h.settings()).trustedContacts.length, 0);
  });

  test('no request left the browser', () => {
    assert.deepEqual(h.violations, []);
    assert.deepEqual(h.extensionRequests, []);
    assert.deepEqual(h.strayProxyHits(), []);
  });
});

describe('when the engine cannot load', { skip: skipReason() ?? false }, () => {
  let h;
  let dir;
  before(async () => {
    dir = variant('broken-engine', (d) => fs.writeFileSync(path.join(d, 'pkg/vigie_bg.wasm'), 'not a wasm module'));
    h = await launch({ sites: SITES, extDir: dir });
  });
  after(async () => {
    await h?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the page is untouched and the problem is reported', async () => {
    const page = await h.context.newPage();
    await page.goto(URL_);
    let s = null;
    for (let i = 0; i < 60 && s?.problem !== 'engine'; i++) {
      await page.waitForTimeout(100);
      s = await status(h, page).catch(() => null);
    }
    assert.equal(s?.problem, 'engine', `status: ${JSON.stringify(s)}`);
    assert.equal(s.healthy, false);
    assert.equal(await page.locator('vigie-warning, vigie-banner').count(), 0, 'the page is left as it was');
    const control = await h.context.newPage();
    await control.goto(`${h.base}pages/advice/advice.html`);
    const engine = await control.evaluate(() => chrome.runtime.sendMessage({ type: 'vigie:engine-status' }));
    assert.equal(engine.ok, false);
    assert.match(engine.error, /engine failed to load/);
  });
});
