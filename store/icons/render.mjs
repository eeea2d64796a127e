#!/usr/bin/env node
// Renders Vigie's icon (store/icons/icon.svg) to the PNGs the manifests and the stores need, with
// headless Chromium through playwright-core (the repo's dev dependency; /usr/bin/chromium, or
// $CHROMIUM). Nothing is fetched: the SVG and the tile's text are inlined into the page.
//
//   node store/icons/render.mjs            → store/icons/png/
//     icon-16.png icon-32.png icon-48.png icon-96.png   full tile (toolbar, menus, add-ons manager)
//     icon-128.png                                      96×96 artwork + 16 px transparent padding,
//                                                       as the Chrome Web Store asks for the 128 icon
//     promo-440x280-fr.png promo-440x280-en.png         Chrome Web Store small promo tile
//
// At 16 and 32 px the SVG's class="detail" elements (sea, outline) are hidden: they only blur there.
// The output is deterministic for a given Chromium and font set (text uses DejaVu/Liberation here).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const OUT = path.join(HERE, 'png');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** [file, size, padding, hide details] */
export const ICONS = [
  ['icon-16.png', 16, 0, true],
  ['icon-32.png', 32, 0, true],
  ['icon-48.png', 48, 0, false],
  ['icon-96.png', 96, 0, false],
  ['icon-128.png', 128, 16, false],
];

const TILE_TEXT = {
  fr: {
    tagline: 'Repère le chantage sexuel dans vos messages',
    points: ['Avertit à côté du message suspect', 'Dit quoi faire et où signaler', 'Rien ne quitte votre appareil'],
  },
  en: {
    tagline: 'Spots sextortion in your messages',
    points: ['Warns next to the suspicious message', 'Says what to do and where to report', 'Nothing leaves your device'],
  },
};

const svgSource = () => fs.readFileSync(path.join(HERE, 'icon.svg'), 'utf8').replace(/<\?xml[^>]*>/, '');

function iconPage(size, padding, simple) {
  const inner = size - 2 * padding;
  return `<!doctype html><html><head><style>
    html, body { margin: 0; padding: 0; background: transparent; }
    .box { width: ${size}px; height: ${size}px; padding: ${padding}px; box-sizing: border-box; }
    svg { width: ${inner}px; height: ${inner}px; display: block; }
    ${simple ? '.detail { display: none; }' : ''}
  </style></head><body><div class="box">${svgSource()}</div></body></html>`;
}

const escapeHtml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function tilePage(lang) {
  const t = TILE_TEXT[lang];
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><style>
    html, body { margin: 0; }
    body { width: 440px; height: 280px; overflow: hidden; font-family: "DejaVu Sans", "Liberation Sans", sans-serif;
      background: linear-gradient(160deg, #f4f8fb 0%, #e3eef6 100%); color: #1b2330; }
    .tile { box-sizing: border-box; width: 440px; height: 280px; padding: 30px 30px 26px; display: grid;
      grid-template-columns: 112px 1fr; grid-template-rows: auto auto; column-gap: 24px; align-content: center; }
    .logo svg { width: 112px; height: 112px; display: block; filter: drop-shadow(0 4px 10px rgba(21,69,103,.25)); }
    h1 { margin: 8px 0 6px; font-size: 38px; letter-spacing: .01em; color: #154567; }
    .tagline { margin: 0; font-size: 17px; line-height: 1.3; font-weight: 700; }
    ul { grid-column: 1 / 3; margin: 18px 0 0; padding: 0; list-style: none; font-size: 15px; line-height: 1.55; }
    li::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%;
      background: #1c5a85; margin: 0 10px 1px 2px; }
  </style></head><body><div class="tile">
    <div class="logo">${svgSource()}</div>
    <div><h1>Vigie</h1><p class="tagline">${escapeHtml(t.tagline)}</p></div>
    <ul>${t.points.map((p) => `<li>${escapeHtml(p)}</li>`).join('')}</ul>
  </div></body></html>`;
}

export async function render({ out = OUT, log = console.log } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  try {
    const context = await browser.newContext({ deviceScaleFactor: 1, offline: true });
    // Nothing may load from anywhere: everything is inline.
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    for (const [file, size, padding, simple] of ICONS) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(iconPage(size, padding, simple));
      await page.screenshot({ path: path.join(out, file), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      log(`${path.relative(process.cwd(), path.join(out, file))} (${size}×${size})`);
    }
    for (const lang of Object.keys(TILE_TEXT)) {
      await page.setViewportSize({ width: 440, height: 280 });
      await page.setContent(tilePage(lang));
      const file = path.join(out, `promo-440x280-${lang}.png`);
      await page.screenshot({ path: file, clip: { x: 0, y: 0, width: 440, height: 280 } });
      log(`${path.relative(process.cwd(), file)} (440×280)`);
    }
  } finally {
    await browser.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  render().catch((e) => {
    console.error(`render.mjs: ${e.message}`);
    process.exit(1);
  });
}
