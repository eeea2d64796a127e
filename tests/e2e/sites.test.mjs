// Vigie in a real browser, on every supported site: Chromium (headless) with the built extension,
// each site's fixture page served at the site's real URL with a strict CSP (script-src 'self', so
// the page could not compile WebAssembly itself: the engine must be running in the extension).
//
// For each adapter: the scam conversation gets exactly the levels the engine gives the messages
// the adapter should read (and the hand-written minimum levels), next to the right messages; a
// message arriving later is caught; a re-render re-attaches the warnings; the page's handlers do
// not see Vigie's clicks; "this is not a scam" can be undone and then sticks across a reload; "what
// to do?" opens the advice page at the right section; switching thread starts a fresh context (a
// message that would be read as a payment demand after the previous thread's threat stays clean).
// Finally, no request left the browser, from pages or from the extension.
//
// Run: cargo xtask wasm && node extension/build.mjs && node --test tests/e2e/

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, skipReason, ROOT } from './support/harness.mjs';
import { selectorsOf } from '../../extension/sites/validate.mjs';
import { runCase } from './support/flow.mjs';
import { CASES } from './support/cases.mjs';

const only = process.env.VIGIE_SITES ? new Set(process.env.VIGIE_SITES.split(',')) : null;
const cases = CASES.filter((c) => !only || only.has(c.name));

describe('site adapters in Chromium', { skip: skipReason() ?? false }, () => {
  let h;
  const sites = {};
  for (const c of cases) {
    // Two fixtures can share a host (Telegram K and A): the first path segment picks the fixture.
    const u = new URL(c.url);
    const site = (sites[u.host] ??= { dir: c.fixture, headers: c.headers, paths: {} });
    site.paths[`/${u.pathname.split('/')[1]}/`] = c.fixture;
  }

  before(async () => {
    h = await launch({ locale: 'fr-FR', sites });
  });
  after(async () => {
    await h?.close();
  });

  test('every selector of every adapter parses in the browser', async () => {
    const dir = path.join(ROOT, 'extension/sites');
    const all = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'index.json')
      .flatMap((f) => selectorsOf(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))).map((x) => ({ ...x, file: f })));
    const page = await h.context.newPage();
    await page.goto(cases[0].url);
    const bad = await page.evaluate((list) => list.filter(({ selector }) => {
      try {
        document.createDocumentFragment().querySelector(selector);
        return false;
      } catch {
        return true;
      }
    }), all);
    await page.close();
    assert.ok(all.length > 100);
    assert.deepEqual(bad, []);
  });

  for (const c of cases) {
    test(c.name, () => runCase(h, c));
  }

  test('no request left the browser, from the pages or the extension', () => {
    assert.deepEqual(h.violations, [], 'requests outside the fixture sites');
    assert.deepEqual(h.extensionRequests, [], 'requests made by the extension (service worker, pages)');
    assert.deepEqual(h.strayProxyHits(), [], 'requests that escaped interception and reached the proxy');
    assert.deepEqual(h.strayRequests(), [], 'requests seen by the browser outside fixtures and extension files');
  });
});
