// The public site (www/) and its playground, from the local server, in headless Chromium.
//   node --test tests/e2e/www.test.mjs
// Screenshots: tests/e2e/screenshots/www-*.png (look at them).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, skipReason, startServer, launchBrowser, screenshot, playgroundResult, WHATSAPP_IOS } from './support/www.mjs';
import { a11yProblems } from './support/pages-a11y.mjs';

const json = (p) => JSON.parse(readFileSync(path.join(ROOT, p), 'utf8'));
const adviceFr = json('guidance/advice/fr.json');
const adviceEn = json('guidance/advice/en.json');
const adviceEs = json('guidance/advice/es.json');
const contacts = json('guidance/contacts.json');
const { parseChat, MESSENGER_ME } = await import(pathToFileURL(path.join(ROOT, 'www/assets/chat.js')).href);

/** A raw GET: the path is sent exactly as written (no URL normalisation). */
function rawGet(base, rawPath, method = 'GET') {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path: rawPath, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('chat parser (www/assets/chat.js)', () => {
  it('reads a WhatsApp Android export: system lines skipped, multi-line messages kept', () => {
    const text = '02/11/2026, 20:02 - Les messages et les appels sont chiffrés de bout en bout.\n'
      + '02/11/2026, 20:02 - Clara: Coucou\nça va ?\n'
      + '02/11/2026, 20:03 - Thomas: <Médias omis>\n'
      + '02/11/2026, 20:04 - Thomas: Salut - oui\n'
      + '12/31/24, 9:15\u202FPM - Clara: late\n';
    const r = parseChat(text);
    assert.equal(r.format, 'whatsapp');
    assert.equal(r.variant, 'android');
    assert.deepEqual(r.messages.map((m) => [m.sender, m.text]), [['Clara', 'Coucou\nça va ?'], ['Thomas', 'Salut - oui'], ['Clara', 'late']]);
    assert.equal(r.skipped, 2);
    assert.deepEqual(r.senders, ['Clara', 'Thomas']);
    assert.equal(r.messages[1].time - r.messages[0].time, 120_000);
    assert.equal(r.messages[2].time, Date.UTC(2024, 11, 31, 21, 15));
  });

  it('reads a WhatsApp iOS export', () => {
    const r = parseChat(WHATSAPP_IOS);
    assert.equal(r.format, 'whatsapp');
    assert.equal(r.variant, 'ios');
    assert.equal(r.skipped, 2); // the encryption notice and the omitted image
    assert.deepEqual(r.senders, ['Nadia', 'Marc']);
    assert.equal(r.messages.length, 7);
    assert.equal(r.messages[4].text, 'J\'ai tout enregistré.\nSi tu ne payes pas, j\'envoie la vidéo à toute ta famille.');
    assert.equal(r.messages[0].stamp, '02/11/2026, 20:02:15');
  });

  it('reads copied Messenger text, "Name: text" lines, one message per line, one message', () => {
    const m = parseChat('Clara Dupont\nCoucou Thomas\nTu vas bien ?\nYou sent\nSalut !\nToday at 21:15\nClara Dupont\nOn passe sur Skype ?\nSeen');
    assert.equal(m.format, 'messenger');
    assert.deepEqual(m.messages.map((x) => [x.sender, x.text]), [
      ['Clara Dupont', 'Coucou Thomas'], ['Clara Dupont', 'Tu vas bien ?'], [MESSENGER_ME, 'Salut !'], ['Clara Dupont', 'On passe sur Skype ?'],
    ]);
    const fr = parseChat('Clara\nCoucou\nVous avez envoyé\nSalut\nAujourd’hui 21:15\nClara\nTu es seul ?');
    assert.deepEqual(fr.messages.map((x) => x.sender), ['Clara', MESSENGER_ME, 'Clara']);
    const named = parseChat('Léa : salut\njess.xo: hey\ncontinued line\n');
    assert.equal(named.format, 'named');
    assert.deepEqual(named.messages.map((x) => [x.sender, x.text]), [['Léa', 'salut'], ['jess.xo', 'hey\ncontinued line']]);
    assert.equal(parseChat('salut\nça va ?\n\nbien').format, 'lines');
    assert.equal(parseChat('salut\nça va ?\n\nbien').messages.length, 3);
    assert.equal(parseChat('Un seul message: avec deux-points. Et une suite.').format, 'single');
    assert.equal(parseChat('a\nb', 'single').messages[0].text, 'a\nb');
    assert.equal(parseChat('   \n').messages.length, 0);
  });
});

describe('www/serve.mjs', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  it('listens on 127.0.0.1 and serves the pages, the engine and the guidance with the right types and a strict CSP', async () => {
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const cases = [
      ['/', 'text/html; charset=utf-8'],
      ['/playground.html', 'text/html; charset=utf-8'],
      ['/assets/site.css', 'text/css; charset=utf-8'],
      ['/assets/playground.js', 'text/javascript; charset=utf-8'],
      ['/guidance/advice/fr.json', 'application/json; charset=utf-8'],
      ['/guidance/contacts.json', 'application/json; charset=utf-8'],
      ['/downloads/index.json', 'application/json; charset=utf-8'],
    ];
    if (!skipReason()) cases.push(['/pkg/vigie_bg.wasm', 'application/wasm'], ['/pkg/vigie.js', 'text/javascript; charset=utf-8'], ['/pkg/packs/es.pack', 'application/octet-stream']);
    for (const [p, type] of cases) {
      const r = await rawGet(server.url, p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers['content-type'], type, p);
      assert.match(r.headers['content-security-policy'], /^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'/, p);
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
    }
    assert.deepEqual(Object.keys(JSON.parse((await rawGet(server.url, '/downloads/index.json')).body)), ['files']);
  });

  it('refuses directory traversal, hidden and unlisted files, directory listings and other methods', async () => {
    const secret = readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').slice(0, 40);
    for (const p of [
      '/../Cargo.toml', '/../../etc/passwd', '/%2e%2e/Cargo.toml', '/%2E%2E%2FCargo.toml', '/pkg/../Cargo.toml',
      '/pkg/..%2f..%2fCargo.toml', '/guidance/..%2fCargo.toml', '/downloads/../Cargo.toml', '/assets/..%5c..%5cCargo.toml',
      '/./Cargo.toml', '/%00/index.html', '/%zz', '/guidance/schema.test.mjs', '/serve.mjs', '/package.json', '/README.md',
      '/assets/', '/pkg/', '/guidance/', '/downloads/', '//etc/passwd', '/..',
    ]) {
      const r = await rawGet(server.url, p);
      assert.ok(r.status === 404 || r.status === 400, `${p} → ${r.status}`);
      assert.ok(!r.body.includes(secret) && !r.body.includes('root:'), `${p} leaked a file`);
    }
    assert.equal((await rawGet(server.url, '/', 'POST')).status, 405);
    assert.equal((await rawGet(server.url, '/', 'HEAD')).status, 200);
  });

  it('falls back to a free port when the asked one is taken', async () => {
    const { start } = await import(pathToFileURL(path.join(ROOT, 'www/serve.mjs')).href);
    const second = await start({ port: server.port });
    try {
      assert.notEqual(second.port, server.port);
      assert.equal((await rawGet(second.url, '/')).status, 200);
    } finally {
      await second.close();
    }
  });
});

const skip = skipReason() ?? false;

describe('www in Chromium', { skip }, () => {
  let server;
  let b;
  before(async () => {
    server = await startServer();
    b = await launchBrowser(server.url);
  });
  after(async () => {
    const external = b ? b.external() : [];
    await b?.close();
    await server?.close();
    assert.ok(b.requests.length > 10, 'requests were recorded');
    assert.deepEqual(external, [], 'requests left 127.0.0.1');
  });

  const clean = (errors) => assert.deepEqual(errors.filter((e) => !/favicon/.test(e)), []);

  it('home: French by default for a French browser, English after the switch, first steps from the advice data', async () => {
    const ctx = await b.context({ locale: 'fr-FR' });
    const { page, errors } = await b.open(ctx, server.url);
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.waitForSelector('#first-steps li');
    assert.deepEqual(await page.$$eval('#first-steps li', (l) => l.map((x) => x.textContent)), adviceFr.first_steps);
    assert.ok(await page.isVisible('text=Tout reste dans votre navigateur'));
    assert.deepEqual(await page.evaluate(a11yProblems), []);
    await screenshot(page, 'www-home-fr-desktop');
    await page.click('.lang-switch [data-lang="en"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await page.waitForFunction((s) => document.querySelector('#first-steps li')?.textContent === s, adviceEn.first_steps[0]);
    assert.ok(await page.isVisible('text=Nothing leaves your browser'));
    assert.equal(await page.title(), 'Vigie — protection from sextortion');
    await page.reload();
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'the choice is remembered');
    clean(errors);
    await ctx.close();
  });

  it('advice: one section per entry of the advice file, with #anchors', async () => {
    const ctx = await b.context({ locale: 'en-GB' });
    const { page, errors } = await b.open(ctx, `${server.url}advice.html#blackmail`);
    await page.waitForSelector('#too-late');
    const ids = await page.$$eval('section.advice-section', (s) => s.map((x) => x.id));
    assert.deepEqual(ids, adviceEn.sections.map((s) => s.id));
    for (const s of adviceEn.sections) {
      assert.equal(await page.textContent(`#${s.id}-title`), s.title);
      assert.equal(await page.$$eval(`#${s.id} > ol li`, (l) => l.length), s.steps.length);
    }
    assert.equal(await page.textContent('#advice-title'), adviceEn.title);
    assert.ok(await page.evaluate(() => document.getElementById('blackmail').getBoundingClientRect().top < 200), 'scrolled to #blackmail');
    assert.deepEqual(await page.evaluate(a11yProblems), []);
    await screenshot(page, 'www-advice-en-desktop', { fullPage: false });
    clean(errors);
    await ctx.close();
  });

  it('report directory: rendered per country from contacts.json, with a country select', async () => {
    const ctx = await b.context({ locale: 'fr-BE' });
    const { page, errors } = await b.open(ctx, `${server.url}report.html`);
    await page.waitForSelector('#directory article');
    assert.equal(await page.inputValue('#country'), 'BE');
    assert.deepEqual(await page.$$eval('#directory article', (a) => a.map((x) => x.id)),
      [...contacts.countries.BE.entries, ...contacts.international].map((e) => e.id));
    await page.selectOption('#country', 'CH');
    await page.waitForSelector(`#${contacts.countries.CH.entries[0].id}`);
    const first = contacts.countries.CH.entries[0];
    assert.match(await page.textContent(`#${first.id}`), new RegExp(first.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await page.getAttribute(`#${first.id} a[href^="http"]`, 'href'), first.url);
    assert.deepEqual(await page.evaluate(a11yProblems), []);
    await screenshot(page, 'www-report-fr-desktop', { fullPage: false });
    clean(errors);
    await ctx.close();
  });

  it('report directory: a locale the directory lacks (fr-SN) asks, shows only worldwide services; pt-BR gets Brazil', async () => {
    const ctx = await b.context({ locale: 'fr-SN' });
    const { page, errors } = await b.open(ctx, `${server.url}report.html`);
    await page.waitForSelector('#directory article');
    assert.equal(await page.inputValue('#country'), '', 'no country chosen: not France');
    assert.ok(await page.isVisible('#choose-country'));
    assert.equal(await page.$('#country-title'), null);
    assert.deepEqual(await page.$$eval('#directory article', (a) => a.map((x) => x.id)), contacts.international.map((e) => e.id));
    await page.selectOption('#country', 'FR');
    await page.waitForSelector('#fr-pharos');
    assert.deepEqual(await page.evaluate(a11yProblems), []);
    clean(errors);
    await ctx.close();

    const ctxBR = await b.context({ locale: 'pt-BR' });
    const br = await b.open(ctxBR, `${server.url}report.html`);
    await br.page.waitForSelector('#directory article');
    assert.equal(await br.page.inputValue('#country'), 'BR');
    assert.equal(await br.page.getAttribute('#br-disque-100 a[href^="tel:"]', 'href'), 'tel:100');
    clean(br.errors);
    await ctxBR.close();
  });

  it('playground: a scam example is danger with highlighted phrases, a harmless one is none', async () => {
    const ctx = await b.context({ locale: 'fr-FR' });
    const { page, errors } = await b.open(ctx, `${server.url}playground.html`);
    await page.waitForSelector('#engine-status[data-state="ready"]');
    assert.match(await page.textContent('#engine-status'), /Moteur Vigie \d/);
    assert.ok(await page.isVisible('#privacy-line'));
    assert.match(await page.textContent('#privacy-line'), /Tout reste dans votre navigateur/);

    await page.click('button[data-sample="fr-webcam"]');
    let r = await playgroundResult(page);
    assert.equal(r.level, 'danger', r.status);
    assert.ok(r.marks.length >= 1, `marks: ${r.marks}`);
    assert.ok(r.stages.find((s) => s.stage === 'blackmail').reached);
    const threat = r.messages.find((m) => /J'ai tout enregistré/.test(m.text));
    assert.equal(threat.level, 'danger');
    assert.ok(threat.marks.length > 0 && threat.explanations.length > 0);
    assert.ok(r.messages.filter((m) => m.direction === 'out').every((m) => m.marks.length === 0), 'the user\'s messages are not evidence');
    assert.ok(r.links.includes('report.html') && r.links.some((l) => l.startsWith('advice.html#')));
    assert.match(r.status, /Analyse terminée : danger/);
    assert.deepEqual(await page.evaluate(a11yProblems), []);
    await screenshot(page, 'www-playground-fr-desktop');

    await page.click('button[data-sample="fr-friends"]');
    await page.waitForFunction(() => /Entre amis/.test(document.getElementById('status').textContent));
    r = await playgroundResult(page);
    assert.equal(r.level, 'none', r.status);
    assert.deepEqual(r.marks, []);
    assert.ok(r.stages.every((s) => !s.reached));
    clean(errors);
    await ctx.close();
  });

  it('playground: a WhatsApp export chosen with the file input, "me" chosen', async () => {
    const ctx = await b.context({ locale: 'fr-FR' });
    const { page, errors } = await b.open(ctx, `${server.url}playground.html`);
    await page.setInputFiles('#file', { name: 'Discussion WhatsApp avec Nadia.txt', mimeType: 'text/plain', buffer: Buffer.from(WHATSAPP_IOS) });
    let r = await playgroundResult(page);
    assert.match(await page.textContent('#parsed-info'), /export WhatsApp \(iPhone\) · 7 message\(s\) · 2 personne\(s\) · 2 ligne/);
    assert.deepEqual(await page.$$eval('#me option', (o) => o.map((x) => x.value)), ['', 'Nadia', 'Marc']);
    assert.equal(r.messages.length, 7);
    await page.selectOption('#me', 'Marc');
    await page.waitForFunction(() => document.querySelectorAll('#messages article[data-direction="out"]').length === 2);
    r = await playgroundResult(page);
    assert.equal(r.level, 'danger', r.status);
    const mine = r.messages.filter((m) => m.direction === 'out');
    assert.deepEqual(mine.map((m) => m.who), ['Marc', 'Marc']);
    assert.ok(mine.every((m) => m.level === 'none' && m.marks.length === 0));
    const threat = r.messages.find((m) => m.text.startsWith('J\'ai tout enregistré.\nSi tu ne payes pas'));
    assert.ok(threat, 'the multi-line message is one message');
    assert.equal(threat.level, 'danger');
    assert.equal(threat.who, 'Nadia');
    assert.ok(threat.marks.length > 0);
    assert.ok(r.messages.every((m) => !/encrypted|omitted/.test(m.text)), 'system lines skipped');
    clean(errors);
    await ctx.close();
  });

  it('playground: copied Messenger text, "You sent" is the user', async () => {
    const ctx = await b.context({ locale: 'en-US' });
    const { page, errors } = await b.open(ctx, `${server.url}playground.html`);
    await page.fill('#input', 'Clara Dupont\nHi Tom, you are so handsome\nYou sent\nthanks!\n9:15 PM\nClara Dupont\nI recorded everything. Pay or I send the video to your family\nSeen');
    await page.click('#analyze');
    const r = await playgroundResult(page);
    assert.match(await page.textContent('#parsed-info'), /text copied from Messenger · 3 message/);
    assert.equal(await page.inputValue('#me'), await page.$eval('#me option:nth-child(3)', (o) => o.value));
    assert.deepEqual(r.messages.map((m) => m.direction), ['in', 'out', 'in']);
    assert.equal(r.messages[1].who, 'You (“You sent”)');
    clean(errors);
    await ctx.close();
  });

  it('playground: a Spanish threat is read with the Spanish rules, fetched from the site when needed', async () => {
    const ctx = await b.context({ locale: 'fr-FR' });
    const { page, errors } = await b.open(ctx, `${server.url}playground.html`);
    const packRequests = [];
    page.on('request', (r) => /\/pkg\/packs\//.test(r.url()) && packRequests.push(new URL(r.url()).pathname));
    await page.fill('#input', 'Te he grabado durante la videollamada. Si no pagas 500 euros, enviaré el vídeo a toda tu familia.');
    await page.click('#analyze');
    const r = await playgroundResult(page);
    assert.equal(r.level, 'danger');
    assert.ok(packRequests.includes('/pkg/packs/es.pack'), packRequests.join(', '));
    assert.ok(r.messages[0].marks.some((m) => /grabado|enviaré/.test(m)), r.messages[0].marks.join(' | '));
    clean(errors);
    await ctx.close();
  });

  for (const locale of ['en-US', 'es-ES']) it(`playground (${locale}): pasted markup stays text (no element created, no dialog)`, async () => {
    const ctx = await b.context({ locale });
    const { page, errors, dialogs } = await b.open(ctx, `${server.url}playground.html`);
    await page.waitForSelector('#engine-status[data-state="ready"]');
    const before = await page.evaluate(() => ({ img: document.images.length, script: document.scripts.length }));
    const evil = 'Eve: <img src=x onerror=alert(1)> hello\nEve: <script>alert(2)</script> I recorded you, pay or I send the video to your family\nBob: <b>bold</b> <svg onload=alert(3)>';
    await page.fill('#input', evil);
    await page.click('#analyze');
    const r = await playgroundResult(page);
    assert.equal(r.messages.length, 3);
    assert.equal(r.messages[0].text, '<img src=x onerror=alert(1)> hello');
    assert.equal(r.messages[1].text, '<script>alert(2)</script> I recorded you, pay or I send the video to your family');
    const after = await page.evaluate(() => ({
      img: document.images.length,
      script: document.scripts.length,
      inResults: document.querySelectorAll('#results img, #results script, #results svg, #results b').length,
    }));
    assert.deepEqual(after, { ...before, inResults: 0 });
    await page.waitForTimeout(300);
    assert.deepEqual(dialogs, []);
    clean(errors);
    await ctx.close();
  });

  // ---- Spanish ---------------------------------------------------------------------------------

  /**
   * Runs in the page: the visible text that is not in the page language. Every text node shown must
   * sit under an element whose closest [lang] is <html lang> (the language switch's own names
   * excepted), and every static text must exist in the three languages.
   */
  function languageProblems() {
    const want = document.documentElement.lang;
    const problems = [];
    const shown = (el) => {
      const cs = getComputedStyle(el);
      return cs.display !== 'none' && cs.visibility !== 'hidden' && el.getClientRects().length > 0;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || el.closest('.lang-switch') || !shown(el)) continue;
      const l = el.closest('[lang]')?.getAttribute('lang');
      if (l !== want) problems.push(`${l}: "${n.textContent.trim().slice(0, 50)}"`);
    }
    // Each group of versions (siblings with data-l) has the three languages.
    const groups = new Map();
    for (const node of document.querySelectorAll('[data-l]')) {
      const key = node.parentElement;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(node.dataset.l);
    }
    for (const [parent, ls] of groups) {
      const count = (x) => ls.filter((l) => l === x).length;
      if (count('fr') !== count('en') || count('fr') !== count('es')) problems.push(`fr/en/es ${count('fr')}/${count('en')}/${count('es')} in <${parent.tagName.toLowerCase()} class="${parent.className}">`);
    }
    for (const node of document.querySelectorAll('[data-i18n]')) if (node.textContent === node.dataset.i18n) problems.push(`untranslated ${node.dataset.i18n}`);
    for (const node of document.querySelectorAll('[data-i18n-aria-label]')) if (node.getAttribute('aria-label') === node.dataset.i18nAriaLabel) problems.push(`untranslated ${node.dataset.i18nAriaLabel}`);
    for (const node of document.querySelectorAll('[data-i18n-placeholder]')) if (node.getAttribute('placeholder') === node.dataset.i18nPlaceholder) problems.push(`untranslated ${node.dataset.i18nPlaceholder}`);
    return problems;
  }
  /** The script-built strings that the page's language table lacks (site.js plus the page's own). */
  const missingStrings = (page, l) => page.evaluate(async (x) => (await import('/assets/site.js')).missingStrings(x), l);

  it('Spanish: chosen from an es-* browser (es-MX, es-AR) and from ?lang=es, three entries in the switch', async () => {
    for (const locale of ['es-MX', 'es-AR']) {
      const ctx = await b.context({ locale });
      const { page, errors } = await b.open(ctx, server.url);
      assert.equal(await page.getAttribute('html', 'lang'), 'es', locale);
      assert.deepEqual(await page.evaluate(() => navigator.languages[0]), locale);
      await page.waitForSelector('#first-steps li');
      assert.deepEqual(await page.$$eval('#first-steps li', (l) => l.map((x) => x.textContent)), adviceEs.first_steps);
      assert.equal(await page.title(), 'Vigie — protección contra la sextorsión');
      assert.ok(await page.isVisible('text=Todo se queda en su navegador'));
      clean(errors);
      await ctx.close();
    }

    const ctx = await b.context({ locale: 'en-GB' });
    const { page, errors } = await b.open(ctx, `${server.url}?lang=es`);
    assert.equal(await page.getAttribute('html', 'lang'), 'es', '?lang=es wins over the browser');
    assert.deepEqual(await page.$$eval('.lang-switch button', (l) => l.map((x) => [x.dataset.lang, x.lang, x.textContent, x.getAttribute('aria-pressed')])),
      [['fr', 'fr', 'Français', 'false'], ['en', 'en', 'English', 'false'], ['es', 'es', 'Español', 'true']]);
    assert.equal(await page.getAttribute('.lang-switch', 'aria-label'), 'Idioma del sitio');
    await page.click('.lang-switch [data-lang="fr"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    assert.equal(new URL(page.url()).searchParams.get('lang'), 'fr', 'the address follows the switch');
    await page.waitForFunction((s) => document.querySelector('#first-steps li')?.textContent === s, adviceFr.first_steps[0]);
    await page.click('.lang-switch [data-lang="es"]');
    assert.equal(await page.getAttribute('html', 'lang'), 'es');
    assert.equal(await page.getAttribute('.lang-switch [data-lang="es"]', 'aria-pressed'), 'true');
    await page.waitForFunction((s) => document.querySelector('#first-steps li')?.textContent === s, adviceEs.first_steps[0]);
    await page.goto(`${server.url}advice.html`);
    assert.equal(await page.getAttribute('html', 'lang'), 'es', 'the choice is remembered');
    clean(errors);
    await ctx.close();
  });

  it('Spanish: no visible text in another language and no untranslated string on any page', async () => {
    const ctx = await b.context({ locale: 'es-ES' });
    for (const p of ['index.html', 'advice.html', 'report.html', 'playground.html']) {
      const { page, errors } = await b.open(ctx, `${server.url}${p}`);
      assert.equal(await page.getAttribute('html', 'lang'), 'es', p);
      if (p === 'playground.html') {
        await page.click('button[data-sample="es-webcam"]');
        await playgroundResult(page);
      } else {
        await page.waitForLoadState('networkidle');
      }
      assert.deepEqual(await page.evaluate(languageProblems), [], p);
      assert.deepEqual(await missingStrings(page, 'es'), [], p);
      assert.deepEqual(await missingStrings(page, 'fr'), [], p);
      assert.deepEqual(await page.evaluate(a11yProblems), [], p);
      clean(errors);
      await page.close();
    }
    await ctx.close();
  });

  it('Spanish advice: every section of es.json rendered, with #anchors', async () => {
    const ctx = await b.context({ locale: 'es-ES' });
    const { page, errors } = await b.open(ctx, `${server.url}advice.html#too-late`);
    await page.waitForSelector('#too-late');
    assert.deepEqual(adviceEs.sections.map((s) => s.id), adviceFr.sections.map((s) => s.id), 'es.json has the sections fr.json has');
    assert.deepEqual(await page.$$eval('section.advice-section', (s) => s.map((x) => x.id)), adviceEs.sections.map((s) => s.id));
    for (const s of adviceEs.sections) {
      assert.equal(await page.textContent(`#${s.id}-title`), s.title);
      assert.equal(await page.$$eval(`#${s.id} > ol li`, (l) => l.length), s.steps.length);
    }
    assert.equal(await page.textContent('#advice-title'), adviceEs.title);
    assert.equal(await page.getAttribute('#advice-title', 'lang'), 'es');
    assert.deepEqual(await page.$$eval('.notice .first-steps li', (l) => l.map((x) => x.textContent)), adviceEs.first_steps);
    assert.equal(await page.textContent('.h-first'), 'Lo primero, tres cosas');
    assert.ok(await page.evaluate(() => document.getElementById('too-late').getBoundingClientRect().top < 200), 'scrolled to #too-late');
    await screenshot(page, 'www-advice-es-desktop');
    clean(errors);
    await ctx.close();
  });

  it('Spanish report directory: Spain and the Spanish-speaking Americas from contacts.json; es-BO (not in it) asks', async () => {
    for (const code of ['ES', 'AR', 'CO', 'MX', 'CL', 'PE', 'UY', 'PY']) {
      const ctx = await b.context({ locale: `es-${code}` });
      const { page, errors } = await b.open(ctx, `${server.url}report.html`);
      await page.waitForSelector('#directory article');
      assert.equal(await page.inputValue('#country'), code);
      const country = contacts.countries[code];
      assert.equal(await page.textContent('#country-title'), country.name.es);
      assert.equal(await page.textContent('#directory .emergency a'), country.emergency);
      assert.deepEqual(await page.$$eval('#directory article', (a) => a.map((x) => x.id)), [...country.entries, ...contacts.international].map((e) => e.id));
      for (const e of [...country.entries, ...contacts.international]) assert.ok((await page.textContent(`#${e.id}`)).includes(e.description.es), e.id);
      // A news item about a service (url_kind) is never labelled as the service's site.
      for (const e of country.entries) {
        const link = await page.textContent(`#${e.id} a[href="${e.url}"]`);
        if (e.url_kind === 'news') assert.match(link, /^Artículo de prensa sobre este servicio — /, e.id);
        else assert.match(link, /^Web oficial — /, e.id);
      }
      assert.equal(await page.$eval('#country option[value="DE"]', (o) => o.textContent), contacts.countries.DE.name.es);
      assert.match(await page.textContent('#verified'), /^Información comprobada el \d+ de \w+ de \d{4}\.$/);
      if (code === 'ES') await screenshot(page, 'www-report-es-desktop', { fullPage: false });
      clean(errors);
      await ctx.close();
    }
    assert.ok(!contacts.countries.BO, 'the case below assumes Bolivia is absent');
    const ctx = await b.context({ locale: 'es-BO' });
    const { page, errors } = await b.open(ctx, `${server.url}report.html`);
    await page.waitForSelector('#directory article');
    assert.equal(await page.inputValue('#country'), '', 'Bolivia is not in the directory: not Spain');
    assert.match(await page.textContent('#choose-country'), /^Su navegador no indica ningún país de la lista/);
    assert.equal(await page.$eval('#country option[value=""]', (o) => o.textContent), 'Elija su país');
    assert.deepEqual(await page.$$eval('#directory article', (a) => a.map((x) => x.id)), contacts.international.map((e) => e.id));
    clean(errors);
    await ctx.close();
  });

  it('Spanish playground: the Spanish samples come first; the scam is danger with the Spanish pack, the family chat none', async () => {
    const ctx = await b.context({ locale: 'es-ES' });
    const { page, errors } = await b.open(ctx, `${server.url}playground.html`);
    const packRequests = [];
    page.on('request', (r) => /\/pkg\/packs\//.test(r.url()) && packRequests.push(new URL(r.url()).pathname));
    await page.waitForSelector('#engine-status[data-state="ready"]');
    assert.match(await page.textContent('#engine-status'), /^Motor de Vigie \d/);
    assert.deepEqual((await page.$$eval('#samples button', (l) => l.map((x) => x.dataset.sample))).slice(0, 2), ['es-webcam', 'es-family']);
    assert.equal(await page.$eval('#format option[value="whatsapp"]', (o) => o.textContent), 'Exportación de WhatsApp');
    assert.equal(await page.getAttribute('#input', 'placeholder'), 'Lucía: Hola, qué sonrisa tan bonita tienes\nYo: ¡gracias!\nLucía: ¿Seguimos por WhatsApp?');

    await page.click('button[data-sample="es-webcam"]');
    let r = await playgroundResult(page);
    assert.equal(r.level, 'danger', r.status);
    assert.ok(packRequests.includes('/pkg/packs/es.pack'), packRequests.join(', '));
    for (const phrase of ['amor de mi vida', 'por Telegram', 'quítate la ropa', 'Te grabé', 'Tienes 24 horas']) {
      const m = r.messages.find((x) => x.text.includes(phrase));
      assert.ok(m.marks.some((x) => phrase.includes(x) || x.includes(phrase)), `${phrase}: ${m.marks.join(' | ')}`);
    }
    assert.deepEqual(r.stages.filter((s) => s.reached).map((s) => s.stage), ['isolation', 'trap', 'blackmail', 'payment']);
    const threat = r.messages.find((m) => m.text.startsWith('Te grabé'));
    assert.equal(threat.level, 'danger');
    assert.ok(threat.marks.some((m) => /Te grabé/.test(m)), threat.marks.join(' | '));
    assert.ok(threat.explanations.length > 0);
    assert.ok(r.messages.filter((m) => m.direction === 'out').every((m) => m.marks.length === 0), 'the user\'s messages are not evidence');
    assert.match(r.status, /^Ejemplo cargado: Chantaje por webcam\. Análisis terminado: peligro\. \d+ de 11 mensaje\(s\) marcado\(s\)\.$/);
    assert.match(await page.textContent('#parsed-info'), /^Leído como: líneas «Nombre: texto» · 11 mensaje\(s\) · 2 persona\(s\)$/);
    assert.equal(await page.textContent('#verdict h3'), 'Peligro: chantaje o petición de dinero');
    assert.ok(r.links.includes('report.html') && r.links.includes('advice.html#too-late'));
    await screenshot(page, 'www-playground-es-desktop');

    await page.click('button[data-sample="es-family"]');
    await page.waitForFunction(() => /Chat familiar/.test(document.getElementById('status').textContent));
    r = await playgroundResult(page);
    assert.equal(r.level, 'none', r.status);
    assert.ok(r.stages.every((s) => !s.reached));
    assert.ok(r.messages.every((m) => m.level === 'none' && m.context === 'none'));
    clean(errors);
    await ctx.close();
  });

  it('Spanish at phone width (375 px): no horizontal scrolling, the switch on the first line, screenshots', async () => {
    const ctx = await b.context({ locale: 'es-ES', width: 375, height: 812 });
    for (const p of ['index.html', 'advice.html', 'report.html', 'playground.html']) {
      const { page, errors } = await b.open(ctx, `${server.url}${p}`);
      if (p === 'playground.html') {
        await page.click('button[data-sample="es-webcam"]');
        await playgroundResult(page);
      } else {
        await page.waitForLoadState('networkidle');
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p} scrolls sideways by ${overflow}px`);
      const [brand, sw] = await page.$$eval('.brand, .lang-switch', (l) => l.map((x) => x.getBoundingClientRect().top));
      assert.ok(Math.abs(brand - sw) < 12, `${p}: the language switch wrapped under the name (${brand} vs ${sw})`);
      await screenshot(page, `www-${p.replace('.html', '')}-es-phone`);
      clean(errors);
      await page.close();
    }
    await ctx.close();
    const wide = await b.context({ locale: 'es-ES' });
    const home = await b.open(wide, server.url);
    await home.page.waitForLoadState('networkidle');
    await screenshot(home.page, 'www-home-es-desktop');
    clean(home.errors);
    await wide.close();
  });

  it('phone width (360 px): no horizontal scrolling, screenshots', async () => {
    const ctx = await b.context({ locale: 'fr-FR', width: 360, height: 780 });
    for (const p of ['index.html', 'advice.html', 'report.html', 'playground.html']) {
      const { page, errors } = await b.open(ctx, `${server.url}${p}`);
      if (p === 'playground.html') {
        await page.click('button[data-sample="fr-webcam"]');
        await playgroundResult(page);
      } else {
        await page.waitForLoadState('networkidle');
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p} scrolls sideways by ${overflow}px`);
      await screenshot(page, `www-${p.replace('.html', '')}-fr-phone`);
      clean(errors);
      await page.close();
    }
    await ctx.close();
  });

  it('dark mode and English playground, keyboard focus visible', async () => {
    const ctx = await b.context({ locale: 'en-GB', colorScheme: 'dark' });
    const { page, errors } = await b.open(ctx, `${server.url}playground.html`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.click('button[data-sample="en-teen"]');
    await playgroundResult(page);
    assert.deepEqual(await page.evaluate(a11yProblems), []);
    await screenshot(page, 'www-playground-en-dark-desktop');
    clean(errors);
    await ctx.close();
  });
});
