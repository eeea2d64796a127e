// Helpers for the site tests (tests/e2e/www.test.mjs): start www/serve.mjs, launch headless
// Chromium, record every request and every console error, save screenshots.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SCREENSHOTS = path.join(ROOT, 'tests/e2e/screenshots');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null. */
export function skipReason() {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  if (!existsSync(path.join(ROOT, 'pkg/vigie_bg.wasm'))) return 'pkg/ not built (cargo xtask wasm)';
  return null;
}

export async function startServer() {
  const { start } = await import(pathToFileURL(path.join(ROOT, 'www/serve.mjs')).href);
  return start({ port: 0 });
}

/**
 * A browser with one context per call of `context()`. Every request of every page is recorded in
 * `requests`; anything not aimed at the local server is aborted (and still recorded, so the test
 * fails on it). Console errors and page errors are collected per page.
 */
export async function launchBrowser(serverUrl) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  const requests = [];
  const origin = new URL(serverUrl).origin;
  async function context({ locale = 'fr-FR', width = 1280, height = 900, colorScheme = 'light' } = {}) {
    const ctx = await browser.newContext({ locale, viewport: { width, height }, colorScheme, deviceScaleFactor: 1 });
    ctx.on('request', (r) => requests.push(r.url()));
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      return route.abort('blockedbyclient');
    });
    return ctx;
  }
  async function open(ctx, url) {
    const page = await ctx.newPage();
    const errors = [];
    const dialogs = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    await page.goto(url, { waitUntil: 'load' });
    return { page, errors, dialogs };
  }
  return {
    requests,
    context,
    open,
    /** Requests that were not for the local server (data: and blob: URLs stay in the page). */
    external: () => requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u)),
    close: () => browser.close(),
  };
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  await mkdir(SCREENSHOTS, { recursive: true });
  // The folder holds generated images only: keep them out of git without touching .gitignore.
  const ignore = path.join(SCREENSHOTS, '.gitignore');
  if (!existsSync(ignore)) await writeFile(ignore, '*\n');
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  return file;
}

/** Waits until the playground shows a verdict (after `action`) and returns a summary of the DOM. */
export async function playgroundResult(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('status')?.textContent ?? '';
    return s.length > 0 && !document.getElementById('results').hidden;
  });
  return page.evaluate(() => ({
    status: document.getElementById('status').textContent,
    level: document.getElementById('verdict')?.dataset.level ?? null,
    marks: [...document.querySelectorAll('#messages mark')].map((m) => m.textContent),
    messages: [...document.querySelectorAll('#messages article')].map((a) => ({
      id: a.id,
      level: a.dataset.level,
      context: a.dataset.contextLevel,
      direction: a.dataset.direction,
      who: a.querySelector('.who')?.textContent ?? '',
      text: a.querySelector('.text')?.textContent ?? '',
      marks: [...a.querySelectorAll('mark')].map((m) => m.textContent),
      explanations: [...a.querySelectorAll('.explain li')].map((li) => li.textContent),
    })),
    stages: [...document.querySelectorAll('.timeline li')].map((li) => ({ stage: li.dataset.stage, reached: li.dataset.reached === 'true' })),
    links: [...document.querySelectorAll('#results a[href]')].map((a) => a.getAttribute('href')),
  }));
}

/** A WhatsApp iOS export written for this test: system notice, media, multi-line message. */
export const WHATSAPP_IOS = [
  '\u200E[02/11/2026, 20:02:11] Nadia: \u200EMessages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
  '[02/11/2026, 20:02:15] Nadia: Coucou Marc, c\'est Nadia du site de rencontre 😊',
  '[02/11/2026, 20:03:02] Marc: Salut Nadia !',
  '[02/11/2026, 20:05:40] Nadia: Tu es l\'homme de ma vie, je le sens',
  '[02/11/2026, 20:31:09] Nadia: On passe en webcam ce soir ? On se déshabille tous les deux',
  '[02/11/2026, 20:33:27] Marc: \u200Eimage omitted',
  '[02/11/2026, 21:14:03] Nadia: J\'ai tout enregistré.',
  'Si tu ne payes pas, j\'envoie la vidéo à toute ta famille.',
  '[02/11/2026, 21:15:45] Marc: Non arrête, je vais envoyer la vidéo à la police',
  '[02/11/2026, 21:17:30] Nadia: Tu as 24 heures. 500 euros en coupons PCS.',
  '',
].join('\n');
