// Browser harness for the Firefox suite (tests/e2e/firefox-suite.test.mjs): Debian's firefox-esr,
// driven by puppeteer-core over WebDriver BiDi (Playwright cannot drive it), with a TEST COPY of
// the dist/firefox build.
//
// Why a test copy: automation cannot navigate a tab to a moz-extension:// URL ("Navigation ... is
// not allowed in this context"), but a web page may navigate to an extension page that the
// manifest lists in `web_accessible_resources`. The copy (in a temporary folder; dist/firefox is
// never touched) lists `pages/*` as web-accessible to one launcher origin that only the tests
// serve, https://vigie-launcher.test/. The add-on's UUID is pinned with the
// `extensions.webextensions.uuids` preference so its pages have a known address.
//
// The network guard has two layers, as in the Chromium harness (harness.mjs):
//   1. every page the tests open intercepts its requests: fixture URLs are served, extension
//      files go on, anything else is recorded as a violation and aborted;
//   2. Firefox is started with a proxy that is a local recorder, for every scheme: a request that
//      escapes the per-page interception (the background script, a tab the extension opens) reaches
//      it and is recorded. Firefox's own housekeeping (remote settings etc. on Mozilla hosts, and
//      puppeteer's dummy.test endpoints) is told apart by host; anything else fails the test.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ROOT, FIXTURES, CONVERSATIONS, siteHeaders } from './harness.mjs';
import { recordingProxy } from './recording-proxy.mjs';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXT_DIR = process.env.VIGIE_FIREFOX_EXT_DIR ?? path.join(ROOT, 'dist/firefox');
export const LAUNCHER = 'https://vigie-launcher.test/';

let puppeteer = null;
try {
  puppeteer = (await import('puppeteer-core')).default;
} catch {
  puppeteer = null;
}

/** Why the Firefox suite cannot run here (the suite then skips), or false. */
export function firefoxSkipReason() {
  if (!puppeteer) return 'puppeteer-core is not installed (npm ci)';
  if (!fs.existsSync(FIREFOX)) return `no Firefox at ${FIREFOX} (apt-get install firefox-esr)`;
  if (!fs.existsSync(path.join(FIREFOX_EXT_DIR, 'manifest.json'))) return `no built add-on at ${FIREFOX_EXT_DIR} (cargo xtask wasm && node extension/build.mjs)`;
  return false;
}

/** Firefox's and puppeteer's own traffic (never Vigie's: it has no reason to talk to Mozilla). */
const BROWSER_OWN = /^(CONNECT|GET|POST) (https?:\/\/)?([a-z0-9-]+\.)*(mozilla\.(com|net|org)|firefox\.com|mozaws\.net|dummy\.test)[:/]/;

/**
 * A copy of the add-on in a temporary folder whose manifest also lists `pages/*` as
 * web-accessible to the launcher origin (see the top of this file). Returns its folder.
 */
export function testBuild(from = FIREFOX_EXT_DIR) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-firefox-test-'));
  fs.cpSync(from, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  manifest.web_accessible_resources = [
    ...(manifest.web_accessible_resources ?? []),
    { resources: ['pages/*'], matches: [`${LAUNCHER}*`] },
  ];
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, id: manifest.browser_specific_settings.gecko.id, manifest };
}

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The response for a fixture URL (same layout as harness.mjs: index.html for every page path). */
export function fixtureResponse(site, url) {
  const headers = siteHeaders(site.headers);
  const contentType = (type) => ({ ...headers, 'content-type': type });
  if (url.pathname.startsWith('/__fixture__/')) {
    const name = url.pathname.slice('/__fixture__/'.length);
    if (name === 'conversations.js') {
      return { status: 200, headers: contentType(TYPES['.js']), body: `window.FIXTURE_CONVERSATIONS = ${JSON.stringify(CONVERSATIONS)};\n` };
    }
    let file = null;
    if (['chat.js', 'base.css'].includes(name)) file = path.join(FIXTURES, '_app', name);
    else if (/^[\w-]+\.css$/.test(name)) file = path.join(FIXTURES, site.dir, name);
    if (!file || !fs.existsSync(file)) return { status: 404, headers, body: 'not found' };
    return { status: 200, headers: contentType(TYPES[path.extname(file)]), body: fs.readFileSync(file, 'utf8') };
  }
  if (url.pathname === '/favicon.ico') return { status: 404, headers, body: '' };
  return { status: 200, headers, body: fs.readFileSync(path.join(FIXTURES, site.dir, 'index.html'), 'utf8') };
}

const LAUNCHER_PAGE = '<!doctype html><html lang="en"><meta charset="utf-8"><title>launcher</title><p>Vigie test launcher</p>';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Launches firefox-esr with the test copy of the add-on. `sites`: {host → {dir, headers}} served
 * from tests/e2e/fixtures/<dir>/. `locale`: the browser's languages (navigator.languages).
 * `display`: an X display (":N", see x11.mjs) to run headful on; headless when null.
 */
export async function launchFirefox({ sites = {}, locale = 'fr-FR', display = null } = {}) {
  const build = testBuild();
  const uuid = randomUUID();
  const proxy = await recordingProxy();
  const lang = locale.split('-')[0];
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: display === null,
      ...(display === null ? {} : { env: { ...process.env, DISPLAY: display } }),
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [build.id]: uuid }),
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': proxy.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': proxy.port,
        'network.proxy.share_proxy_settings': true,
        'network.proxy.no_proxies_on': '',
        'network.proxy.allow_hijacking_localhost': true,
        'network.dns.disablePrefetch': true,
        'network.prefetch-next': false,
        'intl.accept_languages': `${locale},${lang}`,
        'intl.locale.requested': locale,
      },
    });
    await browser.installExtension(build.dir);
  } catch (e) {
    await browser?.close().catch(() => {});
    await proxy.close();
    fs.rmSync(build.dir, { recursive: true, force: true });
    throw e;
  }
  const base = `moz-extension://${uuid}/`;
  const violations = [];
  const pageErrors = [];

  /** Per-page interception: fixtures served, extension files go on, the rest is recorded and aborted. */
  async function guard(page, label) {
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      let url;
      try {
        url = new URL(req.url());
      } catch {
        violations.push(req.url());
        return req.abort();
      }
      if (url.protocol === 'moz-extension:' || url.protocol === 'data:' || url.protocol === 'blob:') return req.continue();
      if (url.protocol === 'https:' && `${url.origin}/` === LAUNCHER) {
        return req.respond({ status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: LAUNCHER_PAGE });
      }
      const site = sites[url.host];
      if (!site || url.protocol !== 'https:') {
        violations.push(req.url());
        return req.abort();
      }
      const r = fixtureResponse(site, url);
      return req.respond({ status: r.status, headers: r.headers, body: r.body });
    });
    page.on('pageerror', (e) => pageErrors.push(`${label}: ${e.message ?? e}`));
  }

  return {
    browser,
    uuid,
    base,
    manifest: build.manifest,
    violations,
    pageErrors,
    proxyHits: proxy.hits,
    /** Proxy hits that are not Firefox's own housekeeping (see BROWSER_OWN). */
    strayProxyHits() {
      return proxy.hits.filter((hit) => !BROWSER_OWN.test(hit));
    },
    guard,
    /** A new tab on a fixture site (or any https URL served by `sites`), guarded. */
    async openSite(url) {
      const page = await browser.newPage();
      await guard(page, url);
      await page.goto(url);
      return page;
    },
    /**
     * Opens an extension page (path relative to the add-on root, query and hash allowed) in a new
     * tab: the launcher page navigates to it. Resolves once the page has loaded and its
     * `[aria-busy="true"]` markers are gone. The page's `browser.*` APIs are those of an extension page.
     */
    async openExtensionPage(pagePath, { width = 1000, height = 800, timeout = 10000 } = {}) {
      const page = await browser.newPage();
      await guard(page, pagePath);
      await page.setViewport({ width, height });
      await page.goto(LAUNCHER);
      const target = base + pagePath;
      await page.evaluate((u) => { location.href = u; }, target);
      // (puppeteer's navigation events do not report this navigation in Firefox: poll instead.)
      const end = Date.now() + timeout;
      let last = null;
      for (;;) {
        last = await page.evaluate(() => ({
          url: location.href,
          ready: document.readyState === 'complete' && !document.querySelector('[aria-busy="true"]'),
        })).catch((e) => ({ url: null, ready: false, error: e.message }));
        if (last.url?.startsWith(base) && last.ready) break;
        if (Date.now() > end) throw new Error(`extension page ${pagePath} did not load: ${JSON.stringify(last)}`);
        await sleep(50);
      }
      return page;
    },
    /**
     * Waits for a tab the add-on opens whose address starts with `prefix`. Call it BEFORE the
     * action that opens the tab, and await the result after. (Puppeteer's target URLs and
     * navigation events do not follow navigations to moz-extension:// in Firefox: the tabs'
     * `location.href` is polled instead.)
     */
    nextPage(prefix, timeout = 8000) {
      const before = browser.pages();
      return (async () => {
        const known = new Set(await before);
        const end = Date.now() + timeout;
        while (Date.now() < end) {
          for (const page of await browser.pages()) {
            if (known.has(page)) continue;
            const href = await page.evaluate(() => location.href).catch(() => '');
            if (href.startsWith(prefix)) {
              page.href = href;
              return page;
            }
          }
          await sleep(100);
        }
        throw new Error(`no tab opened at ${prefix} within ${timeout} ms`);
      })();
    },
    /** Checks that the proxy guard sees what escapes the pages' interception (it must). */
    async guardSelfCheck() {
      const host = 'vigie-guard-check.invalid';
      const page = await browser.newPage();
      await page.goto(`http://${host}/`).catch(() => {});
      const end = Date.now() + 3000;
      while (!proxy.hits.some((h) => h.includes(host)) && Date.now() < end) await sleep(50);
      await page.close();
      const seen = proxy.hits.some((h) => h.includes(host));
      // The probe (and its favicon) are the tests' own requests: out of the list the suite checks.
      await sleep(200);
      for (let i = proxy.hits.length - 1; i >= 0; i--) if (proxy.hits[i].includes(host)) proxy.hits.splice(i, 1);
      return seen;
    },
    async close() {
      await browser.close().catch(() => {});
      await proxy.close();
      fs.rmSync(build.dir, { recursive: true, force: true });
    },
  };
}
