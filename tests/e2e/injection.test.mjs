// Hostile message text, everywhere Vigie shows it. A scammer writes the messages Vigie reads, so
// each payload below is typed as chat text in a fixture page (strict CSP, network guard on) and
// must come out as text — never as an element, a script, a style or a request — in:
//   1. the overlay (closed shadow root): no element of the payload inside it, the warnings are
//      Vigie's own (a fake "Vigie" warning typed in a message is not one), nothing runs in the
//      page's world, the content script's world or the extension's pages and worker;
//   2. the evidence kit: the capture's page, and the exported HTML report parsed back and opened
//      as a web page (the Python check of the JSON file too, when python3 is here);
//   3. the www playground, pasted as a conversation.
// Every payload sets `window.__pwned` (or asks for a network URL) if it ever runs.
//
// Run: cargo xtask wasm && node extension/build.mjs && node --test tests/e2e/injection.test.mjs

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { launch, skipReason, serveConversations, adapter, shadowClick, shadowInfo, screenshotOf, screenshotPath, CONVERSATIONS as CORE } from './support/harness.mjs';
import { hostExpr, specOf, expectLevels, expectedLevels, status } from './support/flow.mjs';
import { downloads } from './support/downloads.mjs';
import * as www from './support/www.mjs';
import { showInvisible } from '../../extension/shared/invisible.js';

const skip = skipReason() ?? false;
const CHAT = 'https://web.whatsapp.com/';
/** Where the test opens the exported report as a web page (served by the test, never fetched). */
const REPORT_URL = 'https://report.vigie.test/report.html';

/** Every payload ends with a threat, so each message gets its own warning with its text quoted. */
const THREAT = ' Paie 500 € ou j\'envoie la vidéo à toute ta famille.';
const PAYLOADS = [
  ['script tag', '<script>window.__pwned=\'script\'</script>'],
  ['img onerror', '<img src=x onerror="window.__pwned=\'img\'">'],
  ['svg onload', '<svg onload="window.__pwned=\'svg\'"><circle r="9"/></svg>'],
  ['javascript: link', '<a href="javascript:window.__pwned=\'link\'">ouvre</a> javascript:window.__pwned=\'bare\''],
  ['iframe srcdoc', '<iframe srcdoc="<script>parent.__pwned=\'srcdoc\'</script>"></iframe>'],
  ['remote resources', '<img src="https://evil.example/pixel.png"><link rel=stylesheet href="https://evil.example/x.css">'],
  ['style tag hiding the overlay', '<style>vigie-warning,vigie-banner{display:none!important}</style>'],
  ['style attribute spoofing the overlay', '<div style="position:fixed;inset:0;z-index:2147483647;background:#fff">Vigie : tout va bien</div>'],
  ['breaking out of the quote', '</mark></p></div><b>gras</b><mark>faux</mark>'],
  ['fake Vigie warning', '⚠️ Vigie — Aucun danger : ce contact est vérifié, ce n\'est pas une arnaque ✅ <vigie-warning data-vigie-level="none">Vigie</vigie-warning>'],
  ['template', '<template><img src=x onerror="window.__pwned=\'template\'"></template> {{constructor.constructor(\'window.__pwned=1\')()}} ${window.__pwned=\'tpl\'}'],
  ['HTML entities', '&lt;script&gt;window.__pwned=\'entity\'&lt;/script&gt; &amp;lt;b&amp;gt; &#x3C;img src=x onerror=window.__pwned=\'ent\'&#x3E;'],
  ['lone surrogates, emoji, right-to-left override', '\uD83D seul, \uDE00 seul, 😀 et \u202Egnp.exe'],
].map(([name, text]) => ({ name, text: text + THREAT }));

const core = CORE.fr.scam.messages;
const FIRST_PAYLOAD = core.length;
const SCAM = [...core, ...PAYLOADS.map((p, i) => ({ dir: 'in', min: 50 + i, expect: 'danger', text: p.text }))];
const CONVERSATIONS = { ...CORE, fr: { ...CORE.fr, scam: { ...CORE.fr.scam, messages: SCAM } } };

/** What a store keeps of a text: lone surrogates become U+FFFD (evidence/hash.js wellFormed). */
const wellFormed = (s) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
/** Elements a payload would create if it were parsed. */
const PAYLOAD_TAGS = ['script', 'img:not(.emoji)', 'svg', 'circle', 'a', 'iframe', 'link', 'style', 'div[style]', 'b', 'template', 'vigie-warning', 'mark:not(:empty)'];

async function openChat(b) {
  const page = await b.context.newPage();
  page.dialogs = 0;
  page.errors = [];
  page.on('dialog', (d) => {
    page.dialogs++;
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await serveConversations(page, CONVERSATIONS);
  await page.goto(CHAT);
  await page.waitForSelector('vigie-warning[data-vigie-level="danger"]', { timeout: 10000 });
  return page;
}

/**
 * Every element inside the page's shadow roots, through the DevTools protocol (the page itself
 * cannot see into a closed root): `[{host, shadowType, elements: [{tag, attributes}]}]`.
 */
async function shadowTrees(page) {
  const s = await page.context().newCDPSession(page);
  const { root } = await s.send('DOM.getDocument', { depth: -1, pierce: true });
  const trees = [];
  const collect = (node, into) => {
    for (const child of node.children ?? []) {
      if (child.nodeType === 1) {
        const attrs = {};
        for (let i = 0; i < (child.attributes ?? []).length; i += 2) attrs[child.attributes[i]] = child.attributes[i + 1];
        into.push({ tag: child.localName, attributes: attrs });
      }
      collect(child, into);
      for (const r of child.shadowRoots ?? []) collect(r, into);
    }
  };
  const walk = (node) => {
    for (const r of node.shadowRoots ?? []) {
      const elements = [];
      collect(r, elements);
      trees.push({ host: node.localName, shadowType: r.shadowRootType, elements });
    }
    for (const child of node.children ?? []) walk(child);
    if (node.contentDocument) walk(node.contentDocument);
  };
  walk(root);
  await s.detach();
  return trees;
}

/** `globalThis.__pwned` in the content script's isolated world (and proof it is Vigie's world). */
async function contentWorld(page, extensionId) {
  const s = await page.context().newCDPSession(page);
  const contexts = [];
  s.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await s.send('Runtime.enable');
  await page.waitForTimeout(100);
  const world = contexts.find((c) => c.origin === `chrome-extension://${extensionId}` || c.name === 'Vigie');
  assert.ok(world, `no isolated world of the extension among ${JSON.stringify(contexts.map((c) => [c.name, c.origin]))}`);
  const { result } = await s.send('Runtime.evaluate', {
    contextId: world.id,
    expression: 'JSON.stringify({ vigie: typeof globalThis.Vigie, pwned: typeof globalThis.__pwned })',
    returnByValue: true,
  });
  await s.detach();
  return JSON.parse(result.value);
}

/** Inside the extension's own pages and worker. */
async function extensionPwned(b, pages) {
  const out = { worker: await b.worker.evaluate(() => typeof globalThis.__pwned) };
  for (const [name, page] of Object.entries(pages)) out[name] = await page.evaluate(() => typeof window.__pwned);
  return out;
}

describe('hostile message text stays text: overlay and evidence', { skip }, () => {
  let b;
  let chat;
  let evidenceId = null;
  const spec = specOf(adapter('whatsapp'));

  before(async () => {
    b = await launch({ locale: 'fr-FR', sites: { 'web.whatsapp.com': { dir: 'whatsapp' } } });
    await b.setSettings({ lang: 'fr' });
  });
  after(async () => {
    await chat?.close();
    // (proxyHits is left out: Chromium's own update and account pings, and preconnects, land there.)
    // (The exported report is served by the test itself at report.vigie.test, see below.)
    const stray = [...b.strayRequests().filter((u) => u !== REPORT_URL), ...b.violations];
    await b.close();
    assert.deepEqual(stray, [], 'network requests outside the fixture site and the extension');
  });

  it('the fixture page itself shows every payload as text (otherwise the test proves nothing)', async () => {
    chat = await openChat(b);
    // (WhatsApp shows emoji as <img alt>: read them back as their text.)
    const texts = await chat.$$eval('[data-fixture-n] .copyable-text span[dir]', (els) => els.map((e) => [...e.childNodes].map((n) => (n.nodeName === 'IMG' ? n.alt : n.textContent)).join('')));
    for (const p of PAYLOADS) assert.ok(texts.includes(p.text), `${p.name}: not on the page as text`);
  });

  it('overlay: each payload message gets Vigie\'s warning with its text quoted as text, inside a closed root', async () => {
    const { levels } = await expectedLevels({}, SCAM);
    await expectLevels(chat, spec, levels, 'payload conversation');
    for (const [i, p] of PAYLOADS.entries()) {
      const info = await shadowInfo(chat, hostExpr(spec, FIRST_PAYLOAD + i));
      assert.equal(info.shadowType, 'closed', p.name);
      // Verbatim, except bidi overrides and zero-width characters, shown as markers instead of obeyed.
      assert.ok(info.text.includes(showInvisible(p.text)), `${p.name}: the quote is not the message text`);
      assert.ok(info.marks.length > 0, `${p.name}: no phrase marked`);
      for (const m of info.marks) assert.ok(THREAT.includes(m), `${p.name}: mark "${m}" is not a phrase of the threat (spans misaligned)`);
      assert.deepEqual(info.links, [], `${p.name}: a link in the warning`);
    }
    // The fake warning typed in a message is text in a message, not a warning of the page.
    const rtl = await shadowInfo(chat, hostExpr(spec, SCAM.length - 1));
    assert.match(rtl.text, /\[U\+202E\]gnp\.exe Paie 500 € ou/, 'a right-to-left override in the quote is shown, not obeyed');
    const s = await status(b, chat);
    const hosts = await chat.$$eval('vigie-warning', (els) => els.map((e) => e.getAttribute('data-vigie-level')));
    assert.equal(hosts.length, levels.filter((l) => l !== 'none').length, 'as many warnings as the engine gives');
    assert.equal(s.warnings.caution + s.warnings.warning + s.warnings.danger, hosts.length, 'the popup counts Vigie\'s warnings only');
  });

  it('overlay: no element of any payload exists in Vigie\'s shadow roots; nothing ran anywhere', async () => {
    const trees = await shadowTrees(chat);
    const vigie = trees.filter((t) => t.host.startsWith('vigie-'));
    assert.ok(vigie.length > PAYLOADS.length, 'shadow roots found');
    const ownTags = new Set(['div', 'span', 'p', 'h3', 'ul', 'ol', 'li', 'mark', 'button', 'strong', 'a']);
    for (const t of vigie) {
      assert.equal(t.shadowType, 'closed', `${t.host}: shadow root`);
      for (const e of t.elements) {
        assert.ok(ownTags.has(e.tag), `${t.host}: a <${e.tag}> in the overlay`);
        for (const [name, value] of Object.entries(e.attributes)) {
          assert.ok(!name.startsWith('on') && !['style', 'srcdoc', 'src'].includes(name), `${t.host}: <${e.tag} ${name}>`);
          assert.ok(!/^\s*javascript:/i.test(value), `${t.host}: <${e.tag} ${name}="${value}">`);
        }
        if (e.tag === 'a') assert.match(e.attributes.href ?? '', /^(https:|tel:)/, `${t.host}: link ${e.attributes.href}`);
      }
    }
    // The page's own message elements hold no payload element either (the fixture writes text only).
    const inMessages = await chat.evaluate((tags) => tags.map((sel) => document.querySelectorAll(`#main [data-fixture-n] ${sel}`).length), PAYLOAD_TAGS);
    assert.deepEqual(inMessages, PAYLOAD_TAGS.map(() => 0));
    const visible = await chat.$$eval('vigie-warning', (els) => els.every((e) => e.getBoundingClientRect().height > 20 && getComputedStyle(e).display !== 'none'));
    assert.ok(visible, 'every warning is displayed');
    assert.equal(await chat.evaluate(() => typeof window.__pwned), 'undefined', 'page world');
    assert.deepEqual(await contentWorld(chat, b.id), { vigie: 'object', pwned: 'undefined' }, 'content script world');
    assert.equal(chat.dialogs, 0);
    assert.deepEqual(chat.errors, []);
    await chat.screenshot({ path: screenshotPath('injection-overlay') });
    await screenshotOf(chat, hostExpr(spec, SCAM.length - 1), screenshotPath('injection-overlay-controls'));
  });

  it('evidence: the capture\'s page shows every payload as text; nothing runs there', async () => {
    const expr = hostExpr(spec, FIRST_PAYLOAD);
    await shadowClick(chat, expr, 'button[data-vigie-action="evidence"]');
    let info = null;
    for (let i = 0; i < 100 && !/Preuves sauvegardées/.test(info?.text ?? ''); i++) {
      await chat.waitForTimeout(100);
      info = await shadowInfo(chat, expr);
    }
    assert.match(info.text, /Preuves sauvegardées/);
    const opened = b.context.waitForEvent('page', { timeout: 8000 });
    await shadowClick(chat, expr, 'button[data-vigie-action="evidence-open"]');
    const page = await opened;
    page.errors = [];
    page.on('pageerror', (e) => page.errors.push(String(e)));
    await page.waitForURL(/pages\/evidence\/evidence\.html\?id=/);
    evidenceId = new URL(page.url()).searchParams.get('id');
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelector('#report main'));
    const shown = await page.evaluate((tags) => ({
      texts: [...document.querySelectorAll('#messages tbody tr [data-text]')].map((td) => {
        const copy = td.cloneNode(true);
        for (const c of copy.querySelectorAll('.ctl')) c.replaceWith(String.fromCodePoint(parseInt(c.dataset.ctl.slice(2), 16)));
        return copy.textContent;
      }),
      found: tags.map((sel) => document.querySelectorAll(`#report ${sel}`).length),
    }), PAYLOAD_TAGS.filter((t) => !['a', 'mark:not(:empty)', 'style'].includes(t)));
    for (const p of PAYLOADS) assert.ok(shown.texts.includes(wellFormed(p.text)), `${p.name}: not shown as text on the capture's page`);
    assert.deepEqual(shown.found, shown.found.map(() => 0), 'a payload element on the capture\'s page');
    const options = await b.context.newPage();
    await options.goto(`${b.base}pages/options/options.html#evidence`);
    await options.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    assert.deepEqual(await extensionPwned(b, { evidence: page, options }), { worker: 'undefined', evidence: 'undefined', options: 'undefined' });
    assert.deepEqual(page.errors, []);
    await page.evaluate(() => document.querySelector('#messages tbody tr:last-child')?.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: screenshotPath('injection-evidence-page') });
    await options.close();
    await page.close();
  });

  it('evidence: the exported report holds every payload as text, runs and loads nothing; its fingerprints check out', async () => {
    assert.ok(evidenceId, 'no capture from the previous step');
    const page = await b.context.newPage();
    await page.goto(`${b.base}pages/evidence/evidence.html?id=${evidenceId}`);
    await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]') && document.querySelector('#report main'));
    const files = await downloads(page, '#export');
    const [htmlName, jsonName] = Object.keys(files).sort();
    const html = files[htmlName].toString('utf8');
    const json = JSON.parse(files[jsonName].toString('utf8'));
    for (const p of PAYLOADS) assert.ok(json.items.messages.some((m) => m.text === wellFormed(p.text)), `${p.name}: not in the JSON file as it was read`);

    // Parsed back (DOMParser in an extension page runs nothing).
    const parsed = await page.evaluate(({ text, tags }) => {
      const doc = new DOMParser().parseFromString(text, 'text/html');
      return {
        texts: [...doc.querySelectorAll('#messages tbody tr [data-text]')].map((td) => {
          for (const c of td.querySelectorAll('.ctl')) c.replaceWith(String.fromCodePoint(parseInt(c.dataset.ctl.slice(2), 16)));
          return td.textContent;
        }),
        found: tags.map((sel) => doc.querySelectorAll(sel).length),
        styles: doc.querySelectorAll('style').length,
        handlers: [...doc.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on') || a.name === 'srcdoc' || /^\s*javascript:/i.test(a.value))).length,
        csp: doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      };
    }, { text: html, tags: PAYLOAD_TAGS.filter((t) => !['mark:not(:empty)', 'style'].includes(t)) });
    for (const p of PAYLOADS) assert.ok(parsed.texts.includes(wellFormed(p.text)), `${p.name}: not in the report as text`);
    assert.deepEqual(parsed.found, parsed.found.map(() => 0), `payload elements in the report: ${PAYLOAD_TAGS.join(', ')}`);
    assert.equal(parsed.styles, 1, 'the report\'s own stylesheet only');
    assert.equal(parsed.handlers, 0);
    assert.match(parsed.csp, /^default-src 'none'/);
    await page.close();

    // Opened as a web page (as the person who receives it would): nothing runs, nothing loads.
    const web = await b.context.newPage();
    const requests = [];
    let dialogs = 0;
    web.on('request', (r) => requests.push(r.url()));
    web.on('dialog', (d) => { dialogs++; d.dismiss().catch(() => {}); });
    await web.route(REPORT_URL, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    await web.goto(REPORT_URL);
    await web.waitForTimeout(300);
    assert.equal(await web.evaluate(() => typeof window.__pwned), 'undefined');
    assert.ok(await web.evaluate(() => getComputedStyle(document.body).display !== 'none'));
    assert.equal(dialogs, 0);
    assert.deepEqual(requests, [REPORT_URL], 'the report loads nothing');
    await web.evaluate(() => document.querySelector('#messages tbody tr:last-child')?.scrollIntoView({ block: 'center' }));
    await web.screenshot({ path: screenshotPath('injection-report') });
    await web.close();

    // The fingerprints of text with lone surrogates, emoji and controls, recomputed by the report's own Python script.
    if (spawnSync('python3', ['--version']).status === 0) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-injection-'));
      fs.writeFileSync(path.join(dir, jsonName), files[jsonName]);
      const script = await (async () => {
        const m = /python3 - "[^"]*" <<'EOF'\n([\s\S]*?)\nEOF/.exec(html.replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
        return m?.[1] ?? null;
      })();
      assert.ok(script, 'the report prints its verification script');
      const run = spawnSync('python3', ['-', jsonName], { cwd: dir, input: script, encoding: 'utf8' });
      fs.rmSync(dir, { recursive: true, force: true });
      assert.equal(run.status, 0, run.stderr);
      assert.doesNotMatch(run.stdout, /DIFFERENT/);
      assert.match(run.stdout, /capture [0-9a-f]{64} OK/);
    }
  });
});

describe('hostile message text stays text: www playground', { skip: www.skipReason() ?? false }, () => {
  let server;
  let b;
  before(async () => {
    server = await www.startServer();
    b = await www.launchBrowser(server.url);
  });
  after(async () => {
    await b?.close();
    await server?.close();
  });

  it('pasted as a conversation, every payload is a message shown as text; nothing is created, runs or loads', async () => {
    const ctx = await b.context({ locale: 'fr-FR' });
    const { page, errors, dialogs } = await b.open(ctx, `${server.url}playground.html`);
    await page.waitForSelector('#engine-status[data-state="ready"]');
    const before = await page.evaluate((tags) => tags.map((sel) => document.querySelectorAll(sel).length), PAYLOAD_TAGS);
    await page.fill('#input', [...PAYLOADS.map((p) => `Julie: ${p.text}`), 'Thomas: non'].join('\n'));
    await page.click('#analyze');
    const r = await www.playgroundResult(page);
    assert.equal(r.messages.length, PAYLOADS.length + 1);
    for (const [i, p] of PAYLOADS.entries()) {
      // The playground shows what the engine read (its text, as a JS string: lone surrogates included or replaced),
      // with bidi overrides and zero-width characters as visible markers instead of obeyed.
      assert.ok([p.text, wellFormed(p.text)].map(showInvisible).includes(r.messages[i].text), `${p.name}: shown as ${JSON.stringify(r.messages[i].text)}`);
      assert.ok(r.messages[i].marks.length > 0 && r.messages[i].marks.every((m) => THREAT.includes(m)), `${p.name}: marks ${r.messages[i].marks}`);
    }
    const afterTags = await page.evaluate((tags) => tags.map((sel) => document.querySelectorAll(sel).length), PAYLOAD_TAGS);
    // (The playground's own links to the advice pages are <a> too: only their targets are checked.)
    const results = await page.evaluate((tags) => tags.map((sel) => document.querySelectorAll(`#messages ${sel}`).length), PAYLOAD_TAGS.filter((t) => !t.startsWith('mark') && t !== 'a'));
    assert.deepEqual(results, results.map(() => 0), 'a payload element in the results');
    const hrefs = await page.$$eval('#messages a', (as) => as.map((a) => a.getAttribute('href')));
    for (const href of hrefs) assert.match(href, /^(advice\.html|report\.html|#msg-)/, `a link in the results: ${href}`);
    // Outside the results only the page's own elements (e.g. links) may differ; none may be added by the text.
    for (const [i, tag] of PAYLOAD_TAGS.entries()) {
      if (['script', 'img:not(.emoji)', 'svg', 'iframe', 'link', 'style', 'template', 'vigie-warning'].includes(tag)) assert.equal(afterTags[i], before[i], `<${tag}> added to the page`);
    }
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => typeof window.__pwned), 'undefined');
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    assert.deepEqual(b.external(), [], 'requests outside the local server');
    await page.evaluate(() => document.querySelector('#messages article:nth-of-type(4)')?.scrollIntoView({ block: 'start' }));
    await www.screenshot(page, 'injection-www-playground', { fullPage: false });
    await ctx.close();
  });
});
