// The two in-page gestures that grant `activeTab` — the Alt+Shift+G shortcut and the right-click
// item "Vigie : sauvegarder les preuves (avec capture d'écran)" (extension/background/gestures.js)
// — in a REAL Chromium window: headful, on an Xvfb display the test starts on a free number and
// stops, driven with xdotool through XTEST, i.e. the same X input a keyboard and a mouse produce.
// Headless automation cannot do either: a CDP key event never reaches the browser's accelerators,
// and the context menu is the browser's own window, not the page's.
//
// Each gesture must store a new capture, recorded with its source, that HOLDS A SCREENSHOT: a PNG
// of the chat tab (decoded in the extension's worker, mostly the chat's own background colour),
// shown as a data: image on the capture's page that the gesture opens. A capture without one
// fails the test: that screenshot is the point of these gestures (a click in the warning gets none).

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { launch, skipReason, screenshotPath } from './support/harness.mjs';
import { startXvfb, x11SkipReason } from './support/x11.mjs';

const skip = skipReason() ?? x11SkipReason() ?? false;
const CHAT = 'https://web.whatsapp.com/';
const SITES = { 'web.whatsapp.com': { dir: 'whatsapp' } };
/** The conversation pane's background in fixtures/whatsapp/index.html (#main: #efeae2). */
const CHAT_BACKGROUND = [0xef, 0xea, 0xe2];
const VIEWPORT = { width: 1000, height: 820 };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sha = (data) => createHash('sha256').update(data).digest('hex');

/** Polls `fn` until it returns a truthy value; throws `message` after `timeout` ms. */
async function poll(fn, { timeout = 15000, every = 100, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${message}`);
    await sleep(every);
  }
}

/** The ids of the stored captures, read from Vigie's IndexedDB in its service worker (no write). */
function storedIds(b) {
  return b.worker.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('vigie-evidence');
    // No database yet: do not create one here (the extension creates it with its stores).
    req.onupgradeneeded = () => req.transaction.abort();
    req.onerror = () => resolve([]);
    req.onsuccess = () => {
      const db = req.result;
      const keys = db.transaction('summaries').objectStore('summaries').getAllKeys();
      keys.onsuccess = () => {
        db.close();
        resolve(keys.result);
      };
      keys.onerror = () => reject(keys.error);
    };
  }));
}

/**
 * One stored capture as the worker sees it: its source, screenshot status and image, the image
 * decoded by the browser (createImageBitmap) and how much of it is the chat pane's background.
 */
function storedCapture(b, id, background) {
  return b.worker.evaluate(async ([captureId, bg]) => {
    const record = await new Promise((resolve, reject) => {
      const req = indexedDB.open('vigie-evidence');
      req.onerror = () => reject(req.error);
      req.onsuccess = () => {
        const db = req.result;
        const get = db.transaction('captures').objectStore('captures').get(captureId);
        get.onsuccess = () => {
          db.close();
          resolve(get.result ?? null);
        };
        get.onerror = () => reject(get.error);
      };
    });
    if (!record) return null;
    const context = record.items.context;
    const out = { source: context.source, status: context.screenshot, url: context.url, image: null };
    if (!record.screenshot) return out;
    const { type, bytes } = record.screenshot;
    let base64 = '';
    for (let i = 0; i < bytes.length; i += 0x8000) base64 += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    base64 = btoa(base64);
    const bitmap = await createImageBitmap(new Blob([bytes], { type }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext('2d');
    g.drawImage(bitmap, 0, 0);
    const px = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
    let chat = 0;
    const colours = new Set();
    for (let i = 0; i < px.length; i += 4) {
      if (px[i] === bg[0] && px[i + 1] === bg[1] && px[i + 2] === bg[2]) chat++;
      if (colours.size < 5000) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
    }
    const sha256 = record.manifest.items.find((item) => item.name === 'screenshot')?.sha256 ?? null;
    out.image = { type, size: bytes.length, base64, sha256, width: bitmap.width, height: bitmap.height, chatShare: chat / (bitmap.width * bitmap.height), colours: colours.size };
    return out;
  }, [id, background]);
}

/** The capture's page the gesture opened: its screenshot as shown (a data: image, decoded by the page). */
async function shownScreenshot(page) {
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelector('#report main, #not-found, #load-error'), null, { timeout: 15000 });
  return page.evaluate(async () => {
    const img = document.querySelector('#screenshot img');
    if (!img) return null;
    await img.decode().catch(() => {});
    return { src: img.getAttribute('src'), naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight };
  });
}

/** PNG signature and IHDR size of `png` (a Buffer), or null. */
function pngSize(png) {
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' || png.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('evidence gestures in a real Chromium window (Xvfb, xdotool)', { skip }, () => {
  let x;
  let b;
  let chat;
  let win;
  let shortcutShot = null;
  const opened = new Set();

  /** Chromium's top-level window showing `title`. */
  async function browserWindow(title) {
    return poll(() => {
      let ids = [];
      try {
        ids = x.xdo('search', '--onlyvisible', '--class', 'chromium').split('\n').filter(Boolean);
      } catch {
        return null; // xdotool exits 1 when nothing matches yet
      }
      return ids.find((id) => x.xdo('getwindowname', id).includes(title)) ?? null;
    }, { message: `a visible Chromium window titled "${title}"` });
  }

  /** Brings the chat tab to the front and gives its window the X input focus. */
  async function focusChat() {
    await chat.bringToFront();
    x.xdo('windowfocus', '--sync', win);
    await poll(() => x.xdo('getwindowfocus') === win, { message: 'the X focus on the browser window' });
  }

  /** Waits for the capture's page the gesture opens next to the chat; returns it and the capture id. */
  async function newEvidencePage() {
    const page = await poll(() => b.context.pages().find((p) => /\/pages\/evidence\/evidence\.html\?id=/.test(p.url()) && !opened.has(p)), { message: 'the capture\'s page to open (evidence.html?id=…)' });
    opened.add(page);
    return { page, id: new URL(page.url()).searchParams.get('id') };
  }

  /** Everything the gesture must have produced: one new capture from `source`, with a screenshot of the chat. */
  async function checkCapture(before, page, id, source, name) {
    const after = await storedIds(b);
    assert.deepEqual(after.filter((k) => !before.includes(k)), [id], 'exactly one new capture, the one whose page opened');
    const c = await storedCapture(b, id, CHAT_BACKGROUND);
    assert.ok(c, 'the capture is in the extension\'s IndexedDB');
    assert.equal(c.source, source);
    assert.equal(c.url, CHAT, 'the capture is of the chat tab');
    assert.equal(c.status, 'saved', `the capture's screenshot status is "saved", not "${c.status}"`);
    assert.ok(c.image, 'the capture holds a screenshot');
    assert.equal(c.image.type, 'image/png');
    const png = Buffer.from(c.image.base64, 'base64');
    assert.equal(png.length, c.image.size);
    assert.ok(png.length > 10000, `a real image, not a stub (${png.length} bytes)`);
    assert.equal(sha(png), c.image.sha256, 'the stored fingerprint is the image\'s');
    assert.deepEqual(pngSize(png), VIEWPORT, 'a PNG of the visible tab (the viewport\'s size)');
    assert.deepEqual({ width: c.image.width, height: c.image.height }, VIEWPORT, 'decoded by the browser at that size');
    assert.ok(c.image.chatShare > 0.03, `the chat pane's background covers ${(c.image.chatShare * 100).toFixed(1)} % of the image (> 3 %: it is the chat, not another tab)`);
    assert.ok(c.image.colours > 50, `${c.image.colours} colours: the page's text and warnings, not a blank frame`);
    const shown = await shownScreenshot(page);
    assert.ok(shown, 'the capture\'s page shows the screenshot');
    assert.equal(shown.src, `data:image/png;base64,${c.image.base64}`, 'as a data: image of the same bytes');
    assert.deepEqual({ width: shown.naturalWidth, height: shown.naturalHeight }, VIEWPORT, 'which the page decodes');
    fs.writeFileSync(screenshotPath(`gesture-${name}-capture`), png);
    console.log(`${source}: capture ${id}, screenshot ${png.length} bytes, ${c.image.width}×${c.image.height}, chat background ${(c.image.chatShare * 100).toFixed(1)} %, ${c.image.colours}${c.image.colours >= 5000 ? '+' : ''} colours`);
    return c;
  }

  before(async () => {
    x = await startXvfb();
    b = await launch({ locale: 'fr-FR', sites: SITES, display: x.display });
    chat = b.context.pages()[0] ?? await b.context.newPage();
    await chat.goto(CHAT);
    await chat.waitForSelector('vigie-warning[data-vigie-level="danger"]', { timeout: 15000 });
    win = await browserWindow(await chat.title());
  });

  after(async () => {
    await b?.close();
    await x?.stop();
  });

  it('Alt+Shift+G, pressed on the X display, saves the conversation with a screenshot', async () => {
    await focusChat();
    const before = await storedIds(b);
    // XTEST key events to the focused window: what a keyboard sends. (`key --window <id>`, which
    // uses XSendEvent instead, was tried as well and also reaches Chromium's accelerators.)
    x.xdo('key', '--clearmodifiers', 'alt+shift+g');
    const { page, id } = await newEvidencePage();
    shortcutShot = (await checkCapture(before, page, id, 'shortcut', 'shortcut')).image.sha256;
  });

  it('the right-click item on a message saves the conversation with a screenshot', async () => {
    await focusChat();
    const before = await storedIds(b);
    // Where the viewport is on the screen: from a real pointer move, screenX - clientX.
    await chat.evaluate(() => {
      window.__vigieTestOffset = null;
      document.addEventListener('mousemove', (e) => { window.__vigieTestOffset = [e.screenX - e.clientX, e.screenY - e.clientY]; });
    });
    const box = x.xdo('getwindowgeometry', win);
    const [, wx, wy] = /Position: (-?\d+),(-?\d+)/.exec(box).map(Number);
    let step = 0;
    const [dx, dy] = await poll(async () => {
      step++;
      x.xdo('mousemove', '--sync', wx + 300 + step, wy + 400 + step);
      return chat.evaluate(() => window.__vigieTestOffset);
    }, { message: 'a mousemove event in the page' });
    // The conversation's last message, scrolled into view: the tab then shows another part of the
    // conversation than at the shortcut, so this screenshot must be a new one.
    const target = await chat.evaluate(() => {
      const el = [...document.querySelectorAll('#main [data-fixture-n] .message-in .copyable-text')].at(-1);
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: Math.round(r.x + Math.min(40, r.width / 2)), y: Math.round(r.y + r.height / 2), text: el.textContent };
    });
    const windowsBefore = x.xdo('search', '--onlyvisible', '--name', '').split('\n');
    x.xdo('mousemove', '--sync', dx + target.x, dy + target.y);
    x.xdo('click', '3');
    // The menu is a window of its own, opened at the pointer.
    const menu = await poll(() => x.xdo('search', '--onlyvisible', '--name', '').split('\n').find((w) => !windowsBefore.includes(w)), { timeout: 5000, message: 'Chromium\'s context menu window' });
    const geometry = x.xdo('getwindowgeometry', menu);
    const [, mx, my] = /Position: (-?\d+),(-?\d+)/.exec(geometry).map(Number);
    const [, mw, mh] = /Geometry: (\d+)x(\d+)/.exec(geometry).map(Number);
    const [px, py] = [dx + target.x, dy + target.y];
    // Below the pointer, or above it when the screen has no room below.
    assert.ok(Math.abs(mx - px) < 40 && (Math.abs(my - py) < 40 || Math.abs(my + mh - py) < 40), `the menu (${mw}×${mh} at ${mx},${my}) opened at the pointer (${px},${py})`);
    // Chromium's page menu ends with the extension items, then "View page source" and "Inspect";
    // Vigie's is its only extension item: three up from the bottom. (Its title cannot carry a
    // mnemonic: Chromium escapes "&" in extension items, and "v" is "View page source"'s.)
    x.xdo('key', '--delay', '80', 'Up', 'Up', 'Up', 'Return');
    const { page, id } = await newEvidencePage();
    const c = await checkCapture(before, page, id, 'menu', 'menu');
    assert.notEqual(c.image.sha256, shortcutShot, 'a screenshot of its own (the conversation was scrolled since the shortcut\'s)');
  });

  it('no network request left the browser', () => {
    assert.deepEqual(b.violations, []);
    assert.deepEqual(b.strayRequests(), []);
    assert.deepEqual(b.extensionRequests, []);
    assert.deepEqual(b.strayProxyHits(), []);
  });
});
