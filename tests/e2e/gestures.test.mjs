// The two in-page gestures that grant `activeTab` — the Alt+Shift+G shortcut and the right-click
// item "Vigie : sauvegarder les preuves (avec capture d'écran)" (extension/background/gestures.js)
// — in REAL browser windows: Chromium (playwright-core) and Firefox ESR (puppeteer-core), headful
// on an Xvfb display the test starts on a free number and stops, driven with xdotool through XTEST,
// i.e. the X input a keyboard and a mouse produce. Headless automation cannot do either: a
// synthetic key event never reaches the browser's own shortcuts, and the context menu is the
// browser's window, not the page's.
//
// Each gesture must store a new capture, recorded with its source, that HOLDS A SCREENSHOT: a PNG
// of the chat tab at the size of its viewport (decoded by the browser, largely the chat pane's own
// background colour), shown as a data: image on the capture's page that the gesture opens. A
// capture without one fails the test: that screenshot is the point of these gestures (a click in
// the page's warning gets none). Screenshots: tests/e2e/screenshots/gesture-*.png.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { launch, skipReason, screenshotPath } from './support/harness.mjs';
import { launchFirefox, firefoxSkipReason } from './support/firefox-harness.mjs';
import { startXvfb, x11SkipReason } from './support/x11.mjs';

const CHAT = 'https://web.whatsapp.com/';
const SITES = { 'web.whatsapp.com': { dir: 'whatsapp' } };
/** The conversation pane's background in fixtures/whatsapp/index.html (#main: #efeae2). */
const CHAT_BACKGROUND = [0xef, 0xea, 0xe2];
const EVIDENCE_PAGE = /\/pages\/evidence\/evidence\.html\?id=([0-9a-f-]{36})$/;
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

/**
 * Run in an extension page (Chromium or Firefox): the stored captures' ids, and for `id` its
 * source, screenshot status and image, the image decoded by the browser (createImageBitmap) and
 * how much of it is the chat pane's background.
 */
async function inspectStore([id, bg]) {
  const api = globalThis.browser ?? globalThis.chrome;
  const store = await import(api.runtime.getURL('evidence/store.js'));
  const ids = (await store.listSummaries()).map((s) => s.id);
  if (!id) return { ids };
  const record = await store.getCapture(id);
  if (!record) return { ids, capture: null };
  const context = record.items.context;
  const capture = { source: context.source, status: context.screenshot, url: context.url, image: null };
  if (record.screenshot) {
    const { type, bytes } = record.screenshot;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
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
    capture.image = {
      type,
      size: bytes.length,
      base64: btoa(binary),
      sha256: record.manifest.items.find((item) => item.name === 'screenshot')?.sha256 ?? null,
      width: bitmap.width,
      height: bitmap.height,
      chatShare: chat / (bitmap.width * bitmap.height),
      colours: colours.size,
    };
  }
  return { ids, capture };
}

/** Run in the capture's page: its screenshot as shown, once the report is drawn (null: none shown). */
function shownScreenshot() {
  const busy = document.querySelector('[aria-busy="true"]') || !document.querySelector('#report main, #not-found, #load-error');
  if (busy) return false;
  const img = document.querySelector('#screenshot img');
  if (!img) return { src: null };
  if (!img.complete) return false;
  return { src: img.getAttribute('src'), naturalWidth: img.naturalWidth, naturalHeight: img.naturalHeight };
}

/** PNG signature and IHDR size of `png` (a Buffer), or null. */
function pngSize(png) {
  if (png.length < 24 || png.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a' || png.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The viewport of the chat tab in device pixels: the size a capture of the visible tab has. */
const viewportOf = (page) => page.evaluate(() => ({ width: Math.round(innerWidth * devicePixelRatio), height: Math.round(innerHeight * devicePixelRatio) }));

/**
 * The two gestures, for one browser. `open(display)` launches it on the X display and resolves to
 * {chat, control, close(), evidencePage(), networkProblems()}: the chat tab showing the danger
 * warning, an extension page to read the store from, and a function to call BEFORE a gesture that
 * resolves to {page, id} of the capture's page the gesture opens. `menuKeys`: how the keyboard
 * reaches Vigie's item from the bottom of that browser's page menu.
 */
function gestureSuite(name, { skip, open, menuKeys }) {
  describe(`evidence gestures in a real ${name} window (Xvfb, xdotool)`, { skip }, () => {
    let x;
    let browser;
    let win;
    let shortcutShot = null;

    const inspect = (id = null) => browser.control.evaluate(inspectStore, [id, CHAT_BACKGROUND]);

    /** The browser's top-level window showing the chat (its title is the page's, plus the browser's name). */
    async function chatWindow() {
      const title = await browser.chat.evaluate(() => document.title);
      return poll(() => {
        let ids = [];
        try {
          ids = x.xdo('search', '--onlyvisible', '--name', '').split('\n').filter(Boolean);
        } catch {
          return null; // xdotool exits 1 when nothing matches yet
        }
        return ids.find((id) => {
          try {
            return x.xdo('getwindowname', id).startsWith(title);
          } catch {
            return false;
          }
        }) ?? null;
      }, { message: `a visible window titled "${title}…"` });
    }

    /** Brings the chat tab to the front and gives its window the X input focus. */
    async function focusChat() {
      await browser.chat.bringToFront();
      x.xdo('windowfocus', '--sync', win);
      await poll(() => x.xdo('getwindowfocus') === win, { message: 'the X focus on the browser window' });
    }

    /** Everything a gesture must have produced: one new capture from `source`, with a screenshot of the chat. */
    async function checkCapture(before, opened, source, viewport) {
      const { page, id } = await opened;
      const { ids, capture: c } = await inspect(id);
      assert.deepEqual(ids.filter((k) => !before.includes(k)), [id], 'exactly one new capture, the one whose page opened');
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
      assert.deepEqual(pngSize(png), viewport, 'a PNG of the visible tab (the viewport\'s size)');
      assert.deepEqual({ width: c.image.width, height: c.image.height }, viewport, 'decoded by the browser at that size');
      assert.ok(c.image.chatShare > 0.03, `the chat pane's background covers ${(c.image.chatShare * 100).toFixed(1)} % of the image (> 3 %: it is the chat, not another tab)`);
      assert.ok(c.image.colours > 50, `${c.image.colours} colours: the page's text and warnings, not a blank frame`);
      const shown = await poll(() => page.evaluate(shownScreenshot).catch(() => false), { message: 'the capture\'s page to draw its report' });
      assert.equal(shown.src, `data:image/png;base64,${c.image.base64}`, 'the capture\'s page shows the same bytes as a data: image');
      assert.deepEqual({ width: shown.naturalWidth, height: shown.naturalHeight }, viewport, 'which the page decodes');
      const file = screenshotPath(`gesture-${name.toLowerCase()}-${source}`);
      fs.writeFileSync(file, png);
      console.log(`${name}, ${source}: capture ${id}, screenshot ${png.length} bytes, ${c.image.width}×${c.image.height}, chat background ${(c.image.chatShare * 100).toFixed(1)} %, ${c.image.colours}${c.image.colours >= 5000 ? '+' : ''} colours (${file})`);
      return c;
    }

    before(async () => {
      x = await startXvfb();
      browser = await open(x.display);
      win = await chatWindow();
    });

    after(async () => {
      await browser?.close();
      await x?.stop();
    });

    it('Alt+Shift+G, pressed on the X display, saves the conversation with a screenshot', async () => {
      await focusChat();
      const viewport = await viewportOf(browser.chat);
      const { ids: before } = await inspect();
      const opened = browser.evidencePage();
      opened.catch(() => {}); // awaited in checkCapture; a failure before then must not go unhandled
      // XTEST key events to the focused window: what a keyboard sends. (In Chromium, `key --window
      // <id>`, which uses XSendEvent instead, was tried as well and also reaches the shortcut.)
      x.xdo('key', '--clearmodifiers', 'alt+shift+g');
      shortcutShot = (await checkCapture(before, opened, 'shortcut', viewport)).image.sha256;
    });

    it('the right-click item on a message saves the conversation with a screenshot', async () => {
      await focusChat();
      const { chat } = browser;
      const { ids: before } = await inspect();
      // Where the viewport is on the screen: from real pointer moves, screenX - clientX.
      await chat.evaluate(() => {
        window.vigieTestOffset = null;
        document.addEventListener('mousemove', (e) => { window.vigieTestOffset = [e.screenX - e.clientX, e.screenY - e.clientY]; });
      });
      const [, wx, wy] = /Position: (-?\d+),(-?\d+)/.exec(x.xdo('getwindowgeometry', win)).map(Number);
      let step = 0;
      const [dx, dy] = await poll(async () => {
        step++;
        x.xdo('mousemove', '--sync', wx + 300 + step, wy + 300 + step);
        return chat.evaluate(() => window.vigieTestOffset);
      }, { message: 'a mousemove event in the page' });
      // The conversation's last incoming message, scrolled into view: the tab then shows another
      // part of the conversation than at the shortcut, so this screenshot must be a new one.
      const target = await chat.evaluate(() => {
        const el = [...document.querySelectorAll('#main [data-fixture-n] .message-in .copyable-text')].at(-1);
        el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect();
        return { x: Math.round(r.x + Math.min(40, r.width / 2)), y: Math.round(r.y + r.height / 2) };
      });
      const viewport = await viewportOf(chat);
      const windowsBefore = x.xdo('search', '--onlyvisible', '--name', '').split('\n');
      const [px, py] = [dx + target.x, dy + target.y];
      x.xdo('mousemove', '--sync', px, py);
      x.xdo('click', '3');
      // The menu is a window of its own, opened at the pointer (below it, or above it when the
      // screen has no room below).
      const menu = await poll(() => x.xdo('search', '--onlyvisible', '--name', '').split('\n').find((w) => {
        if (windowsBefore.includes(w)) return false;
        return /Geometry: (\d{2,})x(\d{2,})/.test(x.xdo('getwindowgeometry', w));
      }), { timeout: 5000, message: 'the browser\'s context menu window' });
      const geometry = x.xdo('getwindowgeometry', menu);
      const [, mx, my] = /Position: (-?\d+),(-?\d+)/.exec(geometry).map(Number);
      const [, mw, mh] = /Geometry: (\d+)x(\d+)/.exec(geometry).map(Number);
      assert.ok(Math.abs(mx - px) < 40 && (Math.abs(my - py) < 40 || Math.abs(my + mh - py) < 40), `the menu (${mw}×${mh} at ${mx},${my}) opened at the pointer (${px},${py})`);
      const opened = browser.evidencePage();
      opened.catch(() => {}); // awaited in checkCapture; a failure before then must not go unhandled
      x.xdo('key', '--delay', '80', ...menuKeys, 'Return');
      const c = await checkCapture(before, opened, 'menu', viewport);
      assert.notEqual(c.image.sha256, shortcutShot, 'a screenshot of its own (the conversation was scrolled since the shortcut\'s)');
    });

    it('no network request left the browser', () => {
      assert.deepEqual(browser.networkProblems(), []);
    });
  });
}

gestureSuite('Chromium', {
  skip: skipReason() ?? x11SkipReason() ?? false,
  // Chromium's page menu ends with the extension items, then "View page source" and "Inspect":
  // Vigie's, its only extension item, is three up from the bottom. (Its title cannot carry a
  // mnemonic: Chromium escapes "&" in extension items, and "v" is "View page source"'s.)
  menuKeys: ['Up', 'Up', 'Up'],
  async open(display) {
    const b = await launch({ locale: 'fr-FR', sites: SITES, display });
    const chat = b.context.pages()[0] ?? await b.context.newPage();
    const control = await b.context.newPage();
    await control.goto(`${b.base}pages/options/options.html`);
    await chat.bringToFront();
    await chat.goto(CHAT);
    await chat.waitForSelector('vigie-warning[data-vigie-level="danger"]', { timeout: 15000 });
    const seen = new Set(b.context.pages());
    return {
      chat,
      control,
      close: () => b.close(),
      async evidencePage() {
        const page = await poll(() => b.context.pages().find((p) => !seen.has(p) && EVIDENCE_PAGE.test(p.url())), { message: 'the capture\'s page to open (evidence.html?id=…)' });
        seen.add(page);
        return { page, id: EVIDENCE_PAGE.exec(page.url())[1] };
      },
      networkProblems: () => [...b.violations, ...b.strayRequests(), ...b.extensionRequests, ...b.strayProxyHits()],
    };
  },
});

gestureSuite('Firefox', {
  skip: firefoxSkipReason() || x11SkipReason() || false,
  // Firefox puts the extension items at the very bottom of the page menu.
  menuKeys: ['Up'],
  async open(display) {
    const f = await launchFirefox({ locale: 'fr-FR', sites: SITES, display });
    try {
      const control = await f.openExtensionPage('pages/options/options.html');
      const chat = await f.openSite(CHAT);
      await chat.waitForSelector('vigie-warning[data-vigie-level="danger"]', { timeout: 15000 });
      return {
        chat,
        control,
        close: () => f.close(),
        async evidencePage() {
          const page = await f.nextPage(`${f.base}pages/evidence/evidence.html?id=`, 15000);
          return { page, id: EVIDENCE_PAGE.exec(page.href)[1] };
        },
        networkProblems: () => [...f.violations, ...f.strayProxyHits()],
      };
    } catch (e) {
      await f.close();
      throw e;
    }
  },
});
