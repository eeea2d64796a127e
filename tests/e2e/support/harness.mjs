// Browser harness for the site-adapter tests (tests/e2e/sites.test.mjs): Chromium with the built
// extension, fixture pages served at the real sites' URLs with a strict CSP, a network guard, and
// helpers that reach into Vigie's CLOSED shadow roots through the DevTools protocol (the page
// itself cannot: that is the point of a closed root).
//
// The network guard has two layers:
//   1. every request any page or worker makes goes through context.route: fixture URLs are
//      served, anything else is recorded as a violation and aborted;
//   2. Chromium is started with a proxy that is a local recorder: a request that escapes
//      Playwright's interception (e.g. from the extension's service worker) reaches it and is
//      recorded too. Both lists must stay empty.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { recordingProxy } from './recording-proxy.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXT_DIR = process.env.VIGIE_EXT_DIR ?? path.join(ROOT, 'dist/chromium');
export const FIXTURES = path.join(ROOT, 'tests/e2e/fixtures');
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function skipReason() {
  if (!fs.existsSync(path.join(EXT_DIR, 'manifest.json'))) return `no built extension at ${EXT_DIR}: run cargo xtask wasm && node extension/build.mjs`;
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  return null;
}

export function adapter(id) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'extension/sites', `${id}.json`), 'utf8'));
}

export const CONVERSATIONS = JSON.parse(fs.readFileSync(path.join(FIXTURES, '_app/conversations.json'), 'utf8'));

/** The headers of a strict chat site: no inline or foreign script, so no in-page WebAssembly either. */
export function siteHeaders(extra = {}) {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'",
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cross-origin-opener-policy': 'same-origin',
    'strict-transport-security': 'max-age=31536000',
    ...extra,
  };
}

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.html': 'text/html; charset=utf-8' };

/**
 * Chromium's own housekeeping, seen by the proxy even with Playwright's quiet defaults: the
 * component updater (update.googleapis.com, for a component id that is not Vigie's) and Google
 * account checks. Vigie has no reason to talk to any Google service; these are listed by host so
 * anything else the proxy sees fails the test.
 */
const BROWSER_OWN = /^(CONNECT|GET|POST) (https?:\/\/)?(update\.googleapis\.com|accounts\.google\.com|clients\d*\.google\.com|redirector\.gvt1\.com|optimizationguide-pa\.googleapis\.com)[:/]/;

/** A bare CONNECT to a fixture host is the browser preconnecting for a navigation the test serves. */
function preconnect(hit, sites) {
  const m = /^CONNECT ([^:]+):443$/.exec(hit);
  return Boolean(m && sites[m[1]]);
}

/**
 * Launches Chromium with the extension. `sites`: {host → {dir, headers}} served from
 * tests/e2e/fixtures/<dir>/ (index.html for every page path, /__fixture__/* for the fixture app).
 * `userDir`: a profile directory to reuse (a browser restart); the caller then removes it.
 * `display`: an X display (":N", see x11.mjs) to run HEADFUL on, for real key presses and the
 * browser's own menus; headless when null.
 */
export async function launch({ locale = 'fr-FR', sites = {}, extDir = EXT_DIR, userDir: given = null, display = null } = {}) {
  const proxy = await recordingProxy();
  const userDir = given ?? await mkdtemp(path.join(os.tmpdir(), 'vigie-sites-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    headless: display === null,
    ...(display === null ? {} : { env: { ...process.env, DISPLAY: display } }),
    locale,
    viewport: { width: 1000, height: 820 },
    args: [
      `--disable-extensions-except=${extDir}`,
      `--load-extension=${extDir}`,
      `--lang=${locale}`,
      `--proxy-server=http://127.0.0.1:${proxy.port}`,
      '--proxy-bypass-list=<-loopback>',
    ],
  });
  const violations = [];
  const requests = [];
  const extensionRequests = [];
  context.on('request', (r) => {
    requests.push(r.url());
    // The extension's own contexts (service worker, its pages) may read their own files, nothing else.
    let frameUrl = '';
    try {
      frameUrl = r.frame().url();
    } catch {
      // A navigation that starts before its frame exists (a new tab): its URL is the request's.
      frameUrl = r.isNavigationRequest() ? '' : 'unknown';
    }
    const fromExtension = r.serviceWorker() !== null || frameUrl.startsWith('chrome-extension://');
    if (fromExtension && !r.url().startsWith('chrome-extension://')) extensionRequests.push(r.url());
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'chrome-extension:') return route.continue();
    const site = sites[url.host];
    if (!site || url.protocol !== 'https:') {
      violations.push(route.request().url());
      return route.abort('blockedbyclient');
    }
    return route.fulfill(serve(siteFor(site, url), url));
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15000 });
  const id = new URL(worker.url()).host;
  const errors = [];
  context.on('weberror', (e) => errors.push(String(e.error())));
  return {
    context,
    worker,
    id,
    base: `chrome-extension://${id}/`,
    violations,
    requests,
    extensionRequests,
    proxyHits: proxy.hits,
    /** Proxy hits that are not the browser's own housekeeping (see BROWSER_OWN). */
    strayProxyHits() {
      return proxy.hits.filter((hit) => !BROWSER_OWN.test(hit) && !preconnect(hit, sites));
    },
    errors,
    /** Every request that was not a fixture URL or an extension file. */
    strayRequests() {
      return requests.filter((u) => {
        if (u.startsWith(`chrome-extension://${id}/`) || u.startsWith('data:')) return false;
        const url = new URL(u);
        return !(url.protocol === 'https:' && sites[url.host]);
      });
    },
    async settings() {
      return worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings ?? null);
    },
    async setSettings(patch) {
      return worker.evaluate(async (p) => {
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({ settings: { ...(settings ?? {}), ...p } });
      }, patch);
    },
    async close() {
      await context.close();
      await proxy.close();
      if (!given) await rm(userDir, { recursive: true, force: true });
    },
  };
}

/** A host's fixture, or the one its first path segment names when fixtures share the host. */
function siteFor(site, url) {
  const dir = site.paths?.[`/${url.pathname.split('/')[1]}/`];
  return dir ? { ...site, dir } : site;
}

function serve(site, url) {
  const headers = siteHeaders(site.headers);
  if (url.pathname.startsWith('/__fixture__/')) {
    const name = url.pathname.slice('/__fixture__/'.length);
    let file = null;
    if (name === 'conversations.js') {
      const body = `window.FIXTURE_CONVERSATIONS = ${JSON.stringify(CONVERSATIONS)};\n`;
      return { status: 200, headers: { ...headers, 'content-type': TYPES['.js'] }, body };
    }
    if (['chat.js', 'base.css'].includes(name)) file = path.join(FIXTURES, '_app', name);
    else if (/^[\w-]+\.css$/.test(name)) file = path.join(FIXTURES, site.dir, name);
    if (!file || !fs.existsSync(file)) return { status: 404, headers, body: 'not found' };
    return { status: 200, headers: { ...headers, 'content-type': TYPES[path.extname(file)] }, body: fs.readFileSync(file) };
  }
  if (url.pathname === '/favicon.ico') return { status: 404, headers, body: '' };
  return { status: 200, headers, body: fs.readFileSync(path.join(FIXTURES, site.dir, 'index.html')) };
}

/**
 * Makes the fixture page opened in `page` read `conversations` (the format of
 * fixtures/_app/conversations.json) instead of the bundled ones: its /__fixture__/conversations.js
 * is answered from them, with the strict site's headers. Call before page.goto.
 */
export function serveConversations(page, conversations) {
  return page.route('**/__fixture__/conversations.js', (route) => route.fulfill({
    status: 200,
    headers: { ...siteHeaders(), 'content-type': TYPES['.js'] },
    body: `window.FIXTURE_CONVERSATIONS = ${JSON.stringify(conversations)};\n`,
  }));
}

// ------------------------------------------------------------------ closed shadow roots via CDP

const sessions = new WeakMap();
async function cdp(page) {
  let s = sessions.get(page);
  if (!s) {
    s = await page.context().newCDPSession(page);
    await s.send('DOM.enable');
    sessions.set(page, s);
  }
  await s.send('DOM.getDocument', { depth: 0 });
  return s;
}

/**
 * The shadow root of the host element that `expression` (run in the page) evaluates to, as CDP
 * node ids. Throws when the expression finds nothing or the host has no shadow root.
 */
async function shadowRoot(page, expression) {
  const s = await cdp(page);
  const { result } = await s.send('Runtime.evaluate', { expression });
  if (!result.objectId) throw new Error(`no element for ${expression}`);
  const { nodeId } = await s.send('DOM.requestNode', { objectId: result.objectId });
  const { node } = await s.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
  const root = node.shadowRoots?.[0];
  if (!root) throw new Error(`no shadow root on ${expression}`);
  const { nodeIds } = await s.send('DOM.pushNodesByBackendIdsToFrontend', { backendNodeIds: [root.backendNodeId] });
  return { s, rootId: nodeIds[0], shadowType: root.shadowRootType };
}

/** The text of a host's shadow root and its type ("closed" expected). */
export async function shadowInfo(page, expression) {
  const { s, rootId, shadowType } = await shadowRoot(page, expression);
  const { object } = await s.send('DOM.resolveNode', { nodeId: rootId });
  const { result } = await s.send('Runtime.callFunctionOn', {
    objectId: object.objectId,
    functionDeclaration: `function () {
      const buttons = [...this.querySelectorAll('button')].map((b) => ({ text: b.textContent, action: b.dataset.vigieAction ?? null, hidden: !b.offsetParent }));
      const marks = [...this.querySelectorAll('mark')].map((m) => m.textContent);
      const links = [...this.querySelectorAll('a')].map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel'), text: a.textContent }));
      const card = this.querySelector('.card');
      return { text: this.textContent, buttons, marks, links, dark: card ? card.classList.contains('dark') : null };
    }`,
    returnByValue: true,
  });
  return { ...result.value, shadowType };
}

/**
 * Runs `functionDeclaration` (a function's source; `this` is the shadow root) in the page's main
 * world on the shadow root of the host `expression` finds; returns its value. The world is the
 * page's: what the function keeps on `window` is there for the next call (to tell whether a node
 * is still the same one).
 */
export async function shadowEval(page, expression, functionDeclaration) {
  const { s, rootId } = await shadowRoot(page, expression);
  const { object } = await s.send('DOM.resolveNode', { nodeId: rootId });
  const { result, exceptionDetails } = await s.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration, returnByValue: true });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

/** Clicks, with the real mouse, the element matching `selector` inside the host's shadow root. */
export async function shadowClick(page, expression, selector) {
  const { s, rootId } = await shadowRoot(page, expression);
  const { nodeId } = await s.send('DOM.querySelector', { nodeId: rootId, selector });
  if (!nodeId) throw new Error(`nothing matches ${selector} in the shadow root of ${expression}`);
  await s.send('DOM.scrollIntoViewIfNeeded', { nodeId });
  const { quads } = await s.send('DOM.getContentQuads', { nodeId });
  if (!quads?.length) throw new Error(`${selector} is not visible`);
  const q = quads[0];
  const x = (q[0] + q[2] + q[4] + q[6]) / 4;
  const y = (q[1] + q[3] + q[5] + q[7]) / 4;
  await page.mouse.click(x, y);
}

/** A screenshot of the element `expression` finds (e.g. one warning), with a margin. */
export async function screenshotOf(page, expression, file) {
  const s = await cdp(page);
  const { result } = await s.send('Runtime.evaluate', { expression: `(() => { const e = ${expression}; e.scrollIntoView({ block: 'center' }); const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()`, returnByValue: true });
  const [x, y, width, height] = result.value;
  await page.screenshot({ path: file, clip: { x: Math.max(0, x - 12), y: Math.max(0, y - 12), width: width + 24, height: height + 24 } });
}

/** Waits until `fn(arg)` (run in the page) returns a truthy value; returns it. */
export async function until(page, fn, arg, { timeout = 8000, message = 'condition' } = {}) {
  try {
    const handle = await page.waitForFunction(fn, arg, { timeout, polling: 50 });
    return handle.jsonValue();
  } catch (e) {
    throw new Error(`timed out waiting for ${message}: ${e.message.split('\n')[0]}`);
  }
}

export function screenshotPath(name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return path.join(SCREENSHOTS, `${name}.png`);
}

/** Stops the extension's service worker (with its engine), as the browser does when it has been
 * idle for 30 s; true once it is gone. `session`: a CDP session of the browser. */
export async function stopWorker(session, extensionId) {
  const { targetInfos } = await session.send('Target.getTargets');
  const target = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`));
  if (!target) return false;
  await session.send('Target.closeTarget', { targetId: target.targetId });
  for (let i = 0; i < 100; i++) {
    const { targetInfos: now } = await session.send('Target.getTargets');
    if (!now.some((t) => t.targetId === target.targetId)) return true;
    await sleep(20);
  }
  return false;
}
