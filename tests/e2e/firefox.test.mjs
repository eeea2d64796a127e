// Vigie in a real Firefox (Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi):
// the dist/firefox build installs, its module background script hosts the engine, and the
// content script puts the same levels as the engine's on the WhatsApp and Discord fixtures (served
// at the real URLs with a strict CSP). Playwright cannot drive Debian's Firefox; this is the
// smoke test the Chromium suite (sites.test.mjs) does in full.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, FIXTURES, CONVERSATIONS, siteHeaders, adapter } from './support/harness.mjs';
import { pageLevels, specOf, expectedLevels } from './support/flow.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const EXT = path.join(ROOT, 'dist/firefox');
let puppeteer = null;
try {
  puppeteer = (await import('puppeteer-core')).default;
} catch {
  puppeteer = null;
}
const skip = !puppeteer ? 'puppeteer-core is not installed (npm ci)'
  : !fs.existsSync(FIREFOX) ? `no Firefox at ${FIREFOX}`
    : !fs.existsSync(path.join(EXT, 'manifest.json')) ? 'no dist/firefox (node extension/build.mjs)' : false;

const CASES = [
  { name: 'whatsapp', adapter: 'whatsapp', host: 'web.whatsapp.com', url: 'https://web.whatsapp.com/', lang: 'fr' },
  { name: 'discord', adapter: 'discord', host: 'discord.com', url: 'https://discord.com/channels/@me/1187000000000000001', lang: 'en', time: true },
];

function fixtureResponse(dir, url) {
  const headers = siteHeaders();
  delete headers['content-type'];
  const file = (name) => fs.readFileSync(name, 'utf8');
  if (url.pathname === '/__fixture__/conversations.js') return { status: 200, contentType: 'text/javascript', headers, body: `window.FIXTURE_CONVERSATIONS = ${JSON.stringify(CONVERSATIONS)};` };
  if (url.pathname === '/__fixture__/chat.js') return { status: 200, contentType: 'text/javascript', headers, body: file(path.join(FIXTURES, '_app/chat.js')) };
  if (url.pathname === '/__fixture__/base.css') return { status: 200, contentType: 'text/css', headers, body: file(path.join(FIXTURES, '_app/base.css')) };
  if (url.pathname.startsWith('/__fixture__/')) {
    const f = path.join(FIXTURES, dir, path.basename(url.pathname));
    return fs.existsSync(f) ? { status: 200, contentType: 'text/css', headers, body: file(f) } : { status: 404, headers, body: '' };
  }
  return { status: 200, contentType: 'text/html; charset=utf-8', headers, body: file(path.join(FIXTURES, dir, 'index.html')) };
}

describe('Firefox (firefox-esr)', { skip }, () => {
  let browser;
  const stray = [];

  before(async () => {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
    await browser.installExtension(EXT);
  });
  after(async () => {
    await browser?.close();
  });

  for (const c of CASES) {
    test(`${c.name}: the engine's levels next to the right messages`, async () => {
      const page = await browser.newPage();
      await page.setRequestInterception(true);
      page.on('request', (req) => {
        const url = new URL(req.url());
        if (url.protocol === 'data:') return req.continue();
        if (url.protocol !== 'https:' || url.host !== c.host) {
          stray.push(req.url());
          return req.abort();
        }
        return req.respond(fixtureResponse(c.adapter, url));
      });
      try {
        await page.goto(c.url);
        const spec = specOf(adapter(c.adapter));
        const { levels } = await expectedLevels(c, CONVERSATIONS[c.lang].scam.messages);
        await page.waitForFunction(pageLevels, { timeout: 10000, polling: 100 }, { spec, expected: levels }).catch(() => {});
        assert.deepEqual(await page.evaluate(pageLevels, { spec }), levels);
        assert.equal(await page.evaluate(() => document.querySelectorAll('vigie-banner[data-vigie-level="danger"]').length), 1);
        assert.equal(await page.evaluate(() => document.querySelector('vigie-warning').shadowRoot), null, 'closed shadow root');
      } finally {
        await page.close();
      }
    });
  }

  test('no request left the fixture sites', () => {
    assert.deepEqual(stray, []);
  });
});
