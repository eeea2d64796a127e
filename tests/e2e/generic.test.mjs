// The generic adapter on a site the user chose (chat.example.org): nothing runs there until the
// options page asks for the optional host permission and sends vigie:enable-generic; then the
// background registers the content script for that origin and the whole story works as on a
// supported site; vigie:disable-generic undoes it.
//
// Automation cannot answer Chromium's permission prompt, so this test runs a copy of the built
// extension whose manifest already grants chat.example.org (what the user's "Allow" would do);
// everything after the prompt is the real code.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch, skipReason } from './support/harness.mjs';
import { runCase, status } from './support/flow.mjs';
import { variant } from './support/variant.mjs';

const ORIGIN = 'https://chat.example.org';
const CASE = { name: 'generic', adapter: 'generic', fixture: 'generic', url: `${ORIGIN}/salon/julie`, lang: 'fr' };

describe('generic adapter on a user-enabled site', { skip: skipReason() ?? false }, () => {
  let h;
  let dir;
  let control;

  before(async () => {
    dir = variant('generic', (_, m) => {
      m.host_permissions = [...m.host_permissions, `${ORIGIN}/*`];
    });
    h = await launch({ sites: { 'chat.example.org': { dir: 'generic' } }, extDir: dir });
    control = await h.context.newPage();
    await control.goto(`${h.base}pages/advice/advice.html`);
  });
  after(async () => {
    await h?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const send = (message) => control.evaluate((m) => chrome.runtime.sendMessage(m), message);

  test('nothing runs on the site before the user enables it', async () => {
    const page = await h.context.newPage();
    await page.goto(CASE.url);
    await page.waitForTimeout(800);
    assert.equal(await status(h, page).catch(() => null), null, 'no content script on the page');
    assert.equal(await page.locator('vigie-warning').count(), 0);
    await page.close();
  });

  test('vigie:enable-generic checks the origin and the permission', async () => {
    assert.deepEqual(await send({ type: 'vigie:enable-generic', origin: 'javascript:alert(1)' }), { ok: false, error: 'invalid-origin' });
    assert.deepEqual(await send({ type: 'vigie:enable-generic', origin: 'https://not-granted.example.net' }), { ok: false, error: 'permission-missing', origin: 'https://not-granted.example.net' });
    assert.deepEqual(await send({ type: 'vigie:enable-generic', origin: 'chat.example.org/some/page' }), { ok: true, origin: ORIGIN });
    const scripts = await h.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    assert.equal(scripts.length, 1);
    assert.deepEqual(scripts[0].matches, [`${ORIGIN}/*`]);
    // Every adapter (a site adapter would still come first on its own pages), not one site's entry.
    assert.ok(scripts[0].js.includes('content/data-all.generated.js'), scripts[0].js.join(', '));
    assert.ok((await h.settings()).genericSites.includes(ORIGIN));
  });

  test("a registration naming other files (an older version's) is registered again", async () => {
    const [current] = await h.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    const stale = await h.worker.evaluate(async (id) => {
      await chrome.scripting.unregisterContentScripts({ ids: [id] });
      const files = chrome.runtime.getManifest().content_scripts[0].js;
      await chrome.scripting.registerContentScripts([{ id, matches: ['https://chat.example.org/*'], js: files, runAt: 'document_idle', persistAcrossSessions: true }]);
      return files;
    }, current.id);
    assert.notDeepEqual(stale, current.js);
    assert.deepEqual(await send({ type: 'vigie:enable-generic', origin: ORIGIN }), { ok: true, origin: ORIGIN });
    const scripts = await h.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts());
    assert.equal(scripts.length, 1);
    assert.deepEqual(scripts[0].js, current.js);
  });

  test('the whole story works on the enabled site', () => runCase(h, CASE));

  test('vigie:disable-generic stops it', async () => {
    assert.deepEqual(await send({ type: 'vigie:disable-generic', origin: ORIGIN }), { ok: true, origin: ORIGIN });
    assert.equal((await h.worker.evaluate(() => chrome.scripting.getRegisteredContentScripts())).length, 0);
    assert.ok(!(await h.settings()).genericSites.includes(ORIGIN));
    const page = await h.context.newPage();
    await page.goto(CASE.url);
    await page.waitForTimeout(800);
    assert.equal(await page.locator('vigie-warning').count(), 0);
    await page.close();
  });

  test('no request left the browser', () => {
    assert.deepEqual(h.violations, []);
    assert.deepEqual(h.extensionRequests, []);
    assert.deepEqual(h.strayProxyHits(), []);
  });
});
