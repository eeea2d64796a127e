#!/usr/bin/env node
// Store screenshots (1280×800 PNG, what the Chrome Web Store and AMO take), made with the Chromium
// e2e harness (tests/e2e/support/harness.mjs): the built dist/chromium, the fixture chat pages
// served at the sites' real URLs with a strict CSP, no network (the harness's guard; the script
// fails if anything left the machine).
//
//   cargo xtask wasm && node extension/build.mjs && node store/screenshots.mjs
//   → store/screenshots/{fr,en}-1-warning.png   a danger warning next to the message, on a chat
//     store/screenshots/{fr,en}-2-popup.png     the toolbar popup over that chat (the popup page
//                                               rendered on its own, composed at the top right as
//                                               the browser shows it: automation cannot open the
//                                               real toolbar popup)
//     store/screenshots/{fr,en}-3-advice.png    the advice page
//
// French: the WhatsApp Web fixture, a French browser (France's numbers). English: the Instagram
// fixture, an American browser (US numbers). The chat pages are the test fixtures: imitations
// written for Vigie's tests, with invented people, not the real sites.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, skipReason, adapter, CONVERSATIONS, shadowClick } from '../tests/e2e/support/harness.mjs';
import { CASES } from '../tests/e2e/support/cases.mjs';
import { specOf, expectLevels, expectedLevels } from '../tests/e2e/support/flow.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, 'screenshots');
const W = 1280;
const H = 800;

const SHOTS = [
  { lang: 'fr', locale: 'fr-FR', caseName: 'whatsapp' },
  { lang: 'en', locale: 'en-US', caseName: 'instagram' },
];


/** A page that draws `chat` (PNG) full size and the popup (PNG) at the top right, like a toolbar popup. */
function composition(chat, popup, popupSize) {
  const src = (buf) => `data:image/png;base64,${buf.toString('base64')}`;
  return `<!doctype html><html><head><style>
    html, body { margin: 0; width: ${W}px; height: ${H}px; overflow: hidden; background: #fff; }
    .chat { position: absolute; inset: 0; width: ${W}px; height: ${H}px; }
    .popup { position: absolute; top: 10px; right: 18px; width: ${popupSize.width}px; height: ${popupSize.height}px;
      border-radius: 10px; overflow: hidden; box-shadow: 0 12px 32px rgba(0,0,0,.28), 0 0 0 1px rgba(0,0,0,.14); }
    .popup img { display: block; }
  </style></head><body>
    <img class="chat" src="${src(chat)}" alt="">
    <div class="popup"><img src="${src(popup)}" alt=""></div>
  </body></html>`;
}

async function shoot({ lang, locale, caseName }, log) {
  const c = CASES.find((x) => x.name === caseName);
  const host = new URL(c.url).host;
  const h = await launch({ locale, sites: { [host]: { dir: c.fixture, headers: c.headers } } });
  const files = [];
  try {
    await h.setSettings({ lang });
    // The scam conversation, with the engine's levels next to each message.
    const chat = await h.context.newPage();
    await chat.setViewportSize({ width: W, height: H });
    await chat.goto(c.url);
    const spec = specOf(adapter(c.adapter));
    const { levels } = await expectedLevels(c, CONVERSATIONS[c.lang].scam.messages);
    await expectLevels(chat, spec, levels, `${c.name} (screenshot)`);

    // <lang>-2-popup.png: the popup over the chat, the danger banner in view.
    const tabId = await h.worker.evaluate(async (u) => (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null, chat.url());
    if (!tabId) throw new Error('no tab id for the chat page');
    const popup = await h.context.newPage();
    await popup.setViewportSize({ width: 360, height: 600 });
    await popup.goto(`${h.base}pages/popup/popup.html?tab=${tabId}`);
    await popup.waitForSelector('[data-state="active"]', { timeout: 10000 });
    await popup.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.getElementById('engine').textContent);
    const size = await popup.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
    size.height = Math.min(size.height, H - 28);
    const popupPng = await popup.screenshot({ clip: { x: 0, y: 0, width: size.width, height: size.height }, fullPage: true });
    const chatPng = await chat.screenshot();
    const board = await h.context.newPage();
    await board.setViewportSize({ width: W, height: H });
    await board.setContent(composition(chatPng, popupPng, size));
    await board.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 0));
    const popupFile = path.join(OUT, `${lang}-2-popup.png`);
    await board.screenshot({ path: popupFile });
    files.push(popupFile);
    await Promise.all([popup.close(), board.close()]);

    // <lang>-1-warning.png: the warning next to its message. The danger banner stays at the top of the conversation
    //    (sticky) and would cover the message here: it is closed with its own button first.
    await chat.bringToFront();
    await shadowClick(chat, "document.querySelector('vigie-banner')", 'button[data-vigie-action="close"]');
    await chat.waitForFunction(() => !document.querySelector('vigie-banner') || document.querySelector('vigie-banner').getBoundingClientRect().height === 0);
    // Frame the last danger warning, with the message it is about above it.
    await chat.evaluate(() => {
      const w = [...document.querySelectorAll('vigie-warning[data-vigie-level="danger"]')].at(-1);
      w?.scrollIntoView({ block: 'end' });
      // (scrollIntoView moved the innermost scroller: leave a margin under the warning.)
      let s = w?.parentElement;
      while (s && s.scrollHeight <= s.clientHeight) s = s.parentElement;
      if (s) s.scrollTop += 24;
    });
    await chat.waitForTimeout(300);
    const warningFile = path.join(OUT, `${lang}-1-warning.png`);
    await chat.screenshot({ path: warningFile });
    files.unshift(warningFile);
    await chat.close();

    // <lang>-3-advice.png: the advice page.
    const advice = await h.context.newPage();
    await advice.setViewportSize({ width: W, height: H });
    await advice.goto(`${h.base}pages/advice/advice.html?lang=${lang}`);
    await advice.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelector('h1')?.textContent);
    const adviceFile = path.join(OUT, `${lang}-3-advice.png`);
    await advice.screenshot({ path: adviceFile });
    files.push(adviceFile);
    await advice.close();

    const stray = [...h.violations, ...h.strayRequests(), ...h.strayProxyHits(), ...h.extensionRequests];
    if (stray.length) throw new Error(`network requests during the screenshots: ${[...new Set(stray)].join(', ')}`);
    for (const f of files) log(path.relative(process.cwd(), f));
  } finally {
    await h.close();
  }
}

export async function screenshots({ log = console.log } = {}) {
  const why = skipReason();
  if (why) throw new Error(why);
  fs.mkdirSync(OUT, { recursive: true });
  for (const shot of SHOTS) await shoot(shot, log);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  screenshots().catch((e) => {
    console.error(`screenshots.mjs: ${e.stack ?? e.message}`);
    process.exit(1);
  });
}
