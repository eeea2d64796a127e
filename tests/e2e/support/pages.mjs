// Helpers for the extension-page browser tests (tests/e2e/pages*.test.mjs): launch Chromium with
// the built extension, open its pages, seed settings, record network requests.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const EXT_DIR = process.env.VIGIE_EXT_DIR ?? path.join(ROOT, 'dist/chromium');
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Why the page tests cannot run here, or null. */
export function skipReason() {
  if (!existsSync(path.join(EXT_DIR, 'manifest.json'))) return `no built extension at ${EXT_DIR} (node extension/build.mjs)`;
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM}`;
  return null;
}

/**
 * Launches Chromium with the extension. `locale` sets the browser language (navigator.languages).
 * Every request any page or worker makes is recorded in `requests` (URL strings).
 */
export async function launch({ locale = 'fr-FR', extDir = EXT_DIR } = {}) {
  const userDir = await mkdtemp(path.join(tmpdir(), 'vigie-pages-'));
  const context = await chromium.launchPersistentContext(userDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    viewport: { width: 1100, height: 900 },
    args: [`--disable-extensions-except=${extDir}`, `--load-extension=${extDir}`, `--lang=${locale}`],
  });
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 15000 });
  const id = new URL(worker.url()).host;
  const base = `chrome-extension://${id}/`;
  return {
    context,
    worker,
    id,
    base,
    requests,
    /** Opens an extension page (path relative to the extension root) and waits for it to settle. */
    async open(pagePath, { width, height } = {}) {
      const page = await context.newPage();
      page.on('pageerror', (error) => { page.errors.push(error); });
      page.errors = [];
      if (width) await page.setViewportSize({ width, height: height ?? 700 });
      await page.goto(base + pagePath);
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 10000 });
      return page;
    },
    /** Runs `fn(arg)` in the service worker (chrome.* APIs available). */
    evaluate(fn, arg) {
      return worker.evaluate(fn, arg);
    },
    async getSettings() {
      return worker.evaluate(async () => (await chrome.storage.local.get('settings')).settings ?? null);
    },
    async setSettings(patch) {
      return worker.evaluate(async (p) => {
        const { settings } = await chrome.storage.local.get('settings');
        await chrome.storage.local.set({ settings: { ...(settings ?? {}), ...p } });
      }, patch);
    },
    /**
     * Opens `url` in a new tab, served locally with `html` (no network), and returns the page and
     * its tab id (for the popup's `?tab=`). The extension's content script runs there when the
     * URL matches a supported site.
     */
    async openSite(url, html = '<!doctype html><title>chat</title><main id="main"></main>') {
      await context.route(url.replace(/[#?].*$/, '') + '**', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
      const page = await context.newPage();
      await page.goto(url);
      const tabId = await worker.evaluate(async (u) => {
        const tabs = await chrome.tabs.query({});
        return tabs.find((t) => t.url === u)?.id ?? null;
      }, page.url());
      return { page, tabId };
    },
    async close() {
      await context.close();
      await rm(userDir, { recursive: true, force: true });
    },
  };
}

/** A concrete https URL of a supported site, from the built manifest's content-script matches. */
export function supportedSiteUrl(prefer = 'https://web.whatsapp.com/*') {
  const manifest = JSON.parse(readFileSync(path.join(EXT_DIR, 'manifest.json'), 'utf8'));
  const patterns = (manifest.content_scripts ?? []).flatMap((c) => c.matches ?? []);
  if (patterns.includes(prefer)) return prefer.replace(/\*$/, '');
  const concrete = patterns.find((p) => /^https:\/\/[a-z0-9.-]+\/\*$/.test(p)) ?? patterns.find((p) => /^https:\/\/[a-z0-9.-]+\//.test(p));
  return concrete ? concrete.replace(/\*.*$/, '') : null;
}

/** SHA-256 hex of salt+pin, computed here independently of the page code. */
export async function pinHash(salt, pin) {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(`${salt}${pin}`, 'utf8').digest('hex');
}

export async function screenshot(page, name, options = {}) {
  await mkdir(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

/** Requests that are not to the extension itself (must stay empty). */
export function externalRequests(requests) {
  return requests.filter((url) => !url.startsWith('chrome-extension://') && !url.startsWith('data:') && !url.startsWith('blob:'));
}
