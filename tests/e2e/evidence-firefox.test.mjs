// The evidence kit in a real Firefox (Debian's firefox-esr via puppeteer-core, like
// firefox.test.mjs): the content script's "Save evidence" reaches the module background script,
// which analyses, fingerprints and stores the capture in IndexedDB and reads it back. Firefox, like
// Chromium, refuses tabs.captureVisibleTab with only the site's host permission ("Missing activeTab
// permission"): the capture is saved without a screenshot and says so. Puppeteer cannot click
// inside a closed shadow root, so a copy of dist/firefox adds a small content script that calls
// the same function the button calls (Vigie.evidence.save) and writes the answer on the page.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, FIXTURES, CONVERSATIONS, siteHeaders } from './support/harness.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const DIST = path.join(ROOT, 'dist/firefox');
let puppeteer = null;
try {
  puppeteer = (await import('puppeteer-core')).default;
} catch {
  puppeteer = null;
}
const skip = !puppeteer ? 'puppeteer-core is not installed (npm ci)'
  : !fs.existsSync(FIREFOX) ? `no Firefox at ${FIREFOX}`
    : !fs.existsSync(path.join(DIST, 'manifest.json')) ? 'no dist/firefox (node extension/build.mjs)' : false;

const PROBE = `(() => {
  const run = async () => {
    const V = globalThis.Vigie;
    const answer = await V.evidence.save('warning');
    document.documentElement.setAttribute('data-evidence-probe', JSON.stringify(answer));
  };
  const wait = () => (document.querySelector('vigie-warning[data-vigie-level="danger"]') ? run() : setTimeout(wait, 100));
  wait();
})();
`;

function respond(url) {
  const headers = siteHeaders();
  delete headers['content-type'];
  const file = (name) => fs.readFileSync(name, 'utf8');
  if (url.pathname === '/__fixture__/conversations.js') return { status: 200, contentType: 'text/javascript', headers, body: `window.FIXTURE_CONVERSATIONS = ${JSON.stringify(CONVERSATIONS)};` };
  if (url.pathname === '/__fixture__/chat.js') return { status: 200, contentType: 'text/javascript', headers, body: file(path.join(FIXTURES, '_app/chat.js')) };
  if (url.pathname === '/__fixture__/base.css') return { status: 200, contentType: 'text/css', headers, body: file(path.join(FIXTURES, '_app/base.css')) };
  if (url.pathname.startsWith('/__fixture__/')) return { status: 404, headers, body: '' };
  return { status: 200, contentType: 'text/html; charset=utf-8', headers, body: file(path.join(FIXTURES, 'whatsapp/index.html')) };
}

describe('evidence kit in Firefox (firefox-esr)', { skip }, () => {
  let browser;
  let dir;
  const stray = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-ff-evidence-'));
    fs.cpSync(DIST, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'content/zz-evidence-probe.js'), PROBE);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    for (const entry of manifest.content_scripts) if (entry.run_at === 'document_idle') entry.js.push('content/zz-evidence-probe.js');
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
    await browser.installExtension(dir);
  });
  after(async () => {
    await browser?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a capture is analysed, fingerprinted and stored by the background; no screenshot without activeTab', async () => {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol === 'data:') return req.continue();
      if (url.protocol !== 'https:' || url.host !== 'web.whatsapp.com') {
        stray.push(req.url());
        return req.abort();
      }
      return req.respond(respond(url));
    });
    try {
      await page.goto('https://web.whatsapp.com/');
      await page.waitForFunction(() => document.documentElement.hasAttribute('data-evidence-probe'), { timeout: 15000, polling: 100 });
      const answer = JSON.parse(await page.evaluate(() => document.documentElement.getAttribute('data-evidence-probe')));
      assert.equal(answer.ok, true, JSON.stringify(answer));
      assert.equal(answer.messages, CONVERSATIONS.fr.scam.messages.length);
      assert.match(answer.sha256, /^[0-9a-f]{64}$/);
      assert.equal(answer.screenshot, 'no-permission', 'Firefox also needs activeTab for captureVisibleTab');
      assert.equal(answer.kind, 'chat');
    } finally {
      await page.close();
    }
    assert.deepEqual(stray, []);
  });
});
