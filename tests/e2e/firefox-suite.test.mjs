// Vigie in a real Firefox: the representative part of the browser suite, in Debian's headless
// firefox-esr driven by puppeteer-core (WebDriver BiDi), with the dist/firefox build.
//
// - WhatsApp Web, Messenger and Gmail fixtures, served at the real sites' URLs with their strict
//   CSP (tests/e2e/fixtures/, cases.mjs): the module background script hosts the engine and the
//   content script shows exactly the engine's levels next to the right messages, one danger
//   banner, in a closed shadow root, visibly;
// - the popup (as a tab, `?tab=`): on the WhatsApp tab it reports Vigie active with the page's
//   warnings; elsewhere "not a supported site", French numbers, the engine line;
// - the advice page: opened by the popup's link and by the background (`vigie:open-advice`, what
//   the overlay's "Que faire ?" sends), in French and English, at the right section;
// - no network request from any page, the background script or the tabs the add-on opens (a
//   recording proxy behind the pages' interception, checked to be in the way).
//
// Extension pages need a test copy of the build (support/firefox-harness.mjs explains why); the
// real dist/firefox is not changed. Skips when firefox-esr, puppeteer-core or dist/firefox is
// missing. Screenshots: tests/e2e/screenshots/firefox-*.png.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, CONVERSATIONS, adapter, screenshotPath } from './support/harness.mjs';
import { pageLevels, specOf, expectedLevels } from './support/flow.mjs';
import { CASES } from './support/cases.mjs';
import { launchFirefox, firefoxSkipReason } from './support/firefox-harness.mjs';
import { nodeEngine } from './support/engine.mjs';

const skip = firefoxSkipReason();
const SUITE = ['whatsapp', 'messenger', 'gmail'].map((name) => CASES.find((c) => c.name === name));
const advice = {
  fr: JSON.parse(fs.readFileSync(path.join(ROOT, 'guidance/advice/fr.json'), 'utf8')),
  en: JSON.parse(fs.readFileSync(path.join(ROOT, 'guidance/advice/en.json'), 'utf8')),
};
const POPUP = 'pages/popup/popup.html';
const ADVICE = 'pages/advice/advice.html';

/** Polls `fn` in the page until it returns a truthy value (or the timeout); returns the last value. */
async function poll(page, fn, arg, timeout = 8000) {
  const end = Date.now() + timeout;
  let value;
  for (;;) {
    value = await page.evaluate(fn, arg).catch(() => undefined);
    if (value || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('Firefox ESR: sites, popup, advice, no network', { skip }, () => {
  let ff;
  let control; // an extension page: storage and tabs APIs for the tests
  const sitePages = {};

  const setSettings = (patch) => control.evaluate(async (p) => {
    const { settings } = await browser.storage.local.get('settings');
    await browser.storage.local.set({ settings: { ...(settings ?? {}), ...p } });
  }, patch);
  const tabIdOf = (url) => control.evaluate(async (u) => (await browser.tabs.query({})).find((t) => t.url === u)?.id ?? null, url);

  before(async () => {
    const sites = Object.fromEntries(SUITE.map((c) => [new URL(c.url).host, { dir: c.fixture, headers: c.headers }]));
    ff = await launchFirefox({ sites, locale: 'fr-FR' });
    control = await ff.openExtensionPage(`${POPUP}?tab=987654321`, { width: 360, height: 600 });
  });
  after(async () => {
    for (const page of Object.values(sitePages)) await page.close().catch(() => {});
    await ff?.close();
  });

  test('the network guard is in the way (a request that escapes the pages reaches the recording proxy)', async () => {
    assert.ok(await ff.guardSelfCheck(), 'the proxy did not see the probe request: the no-network check would be blind');
  });

  for (const c of SUITE) {
    test(`${c.name}: the engine's levels next to the right messages, one banner, closed and visible overlay`, async () => {
      await setSettings({ lang: c.lang });
      const page = await ff.openSite(c.url);
      sitePages[c.name] = page;
      const spec = specOf(adapter(c.adapter));
      const { levels } = await expectedLevels(c, CONVERSATIONS[c.lang].scam.messages);
      await page.waitForFunction(pageLevels, { timeout: 10000, polling: 100 }, { spec, expected: levels }).catch(() => {});
      assert.deepEqual(await page.evaluate(pageLevels, { spec }), levels, 'levels next to each message');
      const shown = await page.evaluate(() => ({
        warnings: document.querySelectorAll('vigie-warning[data-vigie-level]').length,
        banners: document.querySelectorAll('vigie-banner[data-vigie-level="danger"]').length,
        open: [...document.querySelectorAll('vigie-warning, vigie-banner')].some((e) => e.shadowRoot !== null),
        heights: [...document.querySelectorAll('vigie-warning[data-vigie-level], vigie-banner')].map((e) => Math.round(e.getBoundingClientRect().height)),
      }));
      assert.equal(shown.warnings, levels.filter((l) => l !== 'none').length, 'no warning anywhere else');
      assert.equal(shown.banners, 1, 'one danger banner');
      assert.equal(shown.open, false, 'the page cannot reach the shadow roots');
      assert.ok(shown.heights.every((h) => h > 20), `every warning and the banner are drawn (heights ${shown.heights})`);
      await page.evaluate(() => [...document.querySelectorAll('vigie-warning[data-vigie-level="danger"]')].at(-1)?.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: screenshotPath(`firefox-${c.name}-scam`) });
    });
  }

  test('popup on the WhatsApp tab: Vigie active, the page\'s warnings counted', async (t) => {
    const site = sitePages.whatsapp;
    if (!site) return t.skip('the WhatsApp test did not run');
    const warnings = await site.evaluate(() => document.querySelectorAll('vigie-warning[data-vigie-level]').length);
    const tabId = await tabIdOf(site.url());
    assert.ok(tabId, 'the WhatsApp tab is visible to the add-on');
    const popup = await ff.openExtensionPage(`${POPUP}?tab=${tabId}`, { width: 360, height: 600 });
    const state = await poll(popup, () => document.querySelector('#status [data-state]')?.dataset.state === 'active' && document.querySelector('.warnings')?.dataset.count);
    assert.equal(state, String(warnings), 'the popup counts the warnings the page shows');
    assert.equal(await popup.evaluate(() => document.documentElement.lang), 'fr');
    assert.match(await popup.evaluate(() => document.querySelector('.warnings').textContent), /avertissement/);
    assert.equal(await popup.evaluate(() => new URL(document.getElementById('link-report').href).searchParams.get('site')), 'whatsapp');
    await popup.screenshot({ path: screenshotPath('firefox-popup-fr-active') });
    await popup.close();
  });

  test('popup elsewhere: not a supported site, French numbers, the engine loaded in the background script', async () => {
    const popup = await ff.openExtensionPage(`${POPUP}?tab=987654321`, { width: 360, height: 600 });
    const ready = await poll(popup, () => !document.querySelector('[aria-busy="true"]') && document.getElementById('engine').textContent);
    assert.match(ready, new RegExp(`\\(version ${ff.manifest.version.replace(/\./g, '\\.')}\\)`), `engine line: ${ready}`);
    assert.equal(await popup.evaluate(() => document.querySelector('[data-state]')?.dataset.state), 'unsupported');
    assert.equal(await popup.evaluate(() => document.getElementById('numbers').dataset.country), 'FR');
    assert.match(await popup.evaluate(() => document.querySelector('#numbers [data-entry="emergency"]').textContent), /17/);
    assert.equal(await popup.evaluate(() => document.querySelector('#numbers [data-entry="fr-3018"] a').getAttribute('href')), 'tel:3018');
    await popup.screenshot({ path: screenshotPath('firefox-popup-fr') });
    await popup.close();
  });

  test('a Spanish threat makes the background script read the Spanish rule pack, a file of the add-on', async () => {
    // Written for this test. The module carries the English and French packs; the Spanish one is
    // pkg/packs/es.pack, fetched by the background when a verdict names it (engine.js).
    const THREAT = 'Te he grabado en la videollamada. Si no pagas 300 euros, mando el vídeo a toda tu familia.';
    const before = await control.evaluate(() => browser.runtime.sendMessage({ type: 'vigie:engine-status' }));
    assert.ok(!before.packs.includes('es'), `packs at start: ${before.packs}`);
    const verdict = await control.evaluate((text) => browser.runtime.sendMessage({
      type: 'vigie:analyze', messages: [{ id: 'm', text, direction: 'in' }], options: { sensitivity: 'normal', minorMode: false }, lang: 'fr',
    }), THREAT);
    const expected = (await nodeEngine()).analyzeConversation({ messages: [{ id: 'm', text: THREAT, direction: 'in' }], options: { sensitivity: 'normal', minorMode: false } });
    assert.deepEqual(verdict.messages[0].signals, expected.messages[0].signals);
    assert.ok(verdict.messages[0].signals.some((s) => s.rule.startsWith('es.')), JSON.stringify(verdict.messages[0].signals));
    const after = await control.evaluate(() => browser.runtime.sendMessage({ type: 'vigie:engine-status' }));
    assert.ok(after.packs.includes('es'), `packs after: ${after.packs}`);
    assert.equal(after.packError, null);
  });

  test('advice page: from the popup\'s link (French), and from the background at a section (English)', async () => {
    await setSettings({ lang: 'auto' });
    const next = ff.nextPage(`${ff.base}${ADVICE}`);
    await control.click('#link-advice');
    const fr = await next;
    await ff.guard(fr, 'advice (popup link)');
    const title = await poll(fr, () => document.readyState === 'complete' && !document.querySelector('[aria-busy="true"]') && document.querySelector('h1')?.textContent);
    assert.equal(title, advice.fr.title);
    assert.deepEqual(await fr.evaluate((ids) => ids.map((id) => document.querySelector(`#${id} h2`)?.textContent ?? null), advice.fr.sections.map((s) => s.id)),
      advice.fr.sections.map((s) => s.title), 'one section per stage, in French');
    await fr.setViewport({ width: 1000, height: 800 });
    await fr.screenshot({ path: screenshotPath('firefox-advice-fr') });
    await fr.close();

    const nextEn = ff.nextPage(`${ff.base}${ADVICE}`);
    const answer = await control.evaluate(() => browser.runtime.sendMessage({ type: 'vigie:open-advice', section: 'payment', lang: 'en' }));
    assert.notEqual(answer?.ok, false, `vigie:open-advice answered ${JSON.stringify(answer)}`);
    const en = await nextEn;
    await ff.guard(en, 'advice (background)');
    const url = new URL(en.href);
    assert.equal(url.searchParams.get('lang'), 'en');
    assert.equal(url.hash, '#payment');
    assert.equal(await poll(en, () => document.querySelector('h1')?.textContent), advice.en.title);
    assert.equal(await poll(en, () => document.activeElement?.closest('section')?.id), 'payment', 'focus on the section of the hash');
    await en.close();
  });

  test('no request left the fixture sites; no page error', async () => {
    // Let anything the add-on would send late reach the proxy first.
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(ff.violations, [], 'requests from pages (intercepted)');
    assert.deepEqual(ff.strayProxyHits(), [], 'requests that reached the recording proxy (background script, tabs)');
    assert.deepEqual(ff.pageErrors, [], 'uncaught errors in fixture and extension pages');
  });
});
