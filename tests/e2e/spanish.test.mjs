// Spanish as a UI language, end to end in Chromium: a browser set to es-ES gets Spanish without
// touching the settings; on a Spanish scam conversation the warning speaks Spanish (labels, stage,
// the engine's explanations) and its "¿Qué hacer?" opens the Spanish advice on the section of its
// stage; popup and options are in Spanish and the options offer Español. Screenshots of each are
// written to tests/e2e/screenshots/*-es*.png. Reuses core's harness (fixture site at the real URL,
// strict CSP, network guard).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launch, skipReason, serveConversations, shadowInfo, shadowClick, screenshotOf, screenshotPath, until, ROOT } from './support/harness.mjs';
import { reference, shown } from './support/engine.mjs';

const skip = skipReason() ?? false;
const URL_CHAT = 'https://web.whatsapp.com/';
const ADVICE_ES = JSON.parse(fs.readFileSync(path.join(ROOT, 'guidance/advice/es.json'), 'utf8'));
const MESSAGES_ES = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension/_locales/es/messages.json'), 'utf8'));
const STRINGS_ES = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension/pages/strings.json'), 'utf8')).es;

// Written for this test (our own words): the playbook from first contact to the payment demand.
const SCAM_ES = [
  { dir: 'in', min: 0, text: 'Hola guapo 😊 he visto tu perfil, tienes una sonrisa preciosa' },
  { dir: 'out', min: 2, text: 'Gracias, qué amable. ¿De dónde eres?' },
  { dir: 'in', min: 3, text: 'De Sevilla. Casi no entro aquí, mejor seguimos por WhatsApp, pásame tu número' },
  { dir: 'out', min: 5, text: 'Vale' },
  { dir: 'in', min: 9, text: '¿Hacemos una videollamada esta noche? Estoy sola en casa, desnúdate para mí 😘' },
  { dir: 'in', min: 31, text: 'Te he grabado. Si no pagas 500 euros enviaré el vídeo a toda tu familia y a tus amigos' },
  { dir: 'in', min: 33, text: 'Tienes 24 horas. Paga con tarjetas Paysafecard y mándame los códigos' },
];
// The WhatsApp fixture reads the "fr" conversations unless told otherwise: the Spanish one goes there.
const CONVERSATIONS = {
  me: { fr: 'Pablo', en: 'Pablo' },
  fr: { scam: { peer: 'Lucía', messages: SCAM_ES }, benign: { peer: 'Mamá', messages: [{ dir: 'in', min: 0, text: '¿A qué hora vuelves?' }] } },
  en: { scam: { peer: 'Lucía', messages: SCAM_ES }, benign: { peer: 'Mamá', messages: [{ dir: 'in', min: 0, text: '¿A qué hora vuelves?' }] } },
};

async function openChat(b) {
  const page = await b.context.newPage();
  await serveConversations(page, CONVERSATIONS);
  await page.goto(URL_CHAT);
  await page.waitForSelector('#main [data-id]');
  return page;
}

const HOST = (level) => `document.querySelector('vigie-warning[data-vigie-level="${level}"]')`;

/**
 * A browser in `locale` with the WhatsApp fixture for the suite it is called in, and the engine's
 * reference verdict on the Spanish scam; after the suite, no request may have left the fixture
 * site and the extension. Read `run.b` and `run.verdict` inside the tests.
 */
function browserOnSpanishScam(locale) {
  const run = { b: null, verdict: null };
  before(async () => {
    run.b = await launch({ locale, sites: { 'web.whatsapp.com': { dir: 'whatsapp' } } });
    run.verdict = await reference(SCAM_ES.map((m, i) => ({ id: `m${i}`, text: m.text, direction: m.dir })), {});
  });
  after(async () => {
    const stray = [...run.b.strayRequests(), ...run.b.violations, ...run.b.extensionRequests];
    await run.b.close();
    assert.deepEqual(stray, [], 'network requests outside the fixture site and the extension');
  });
  return run;
}

describe('Spanish UI', { skip }, () => {
  const run = browserOnSpanishScam('es-ES');

  it('the fixture conversation is a scam the Spanish rules recognise up to danger (engine reference)', () => {
    const levels = run.verdict.messages.map((m, i) => shown({ ...m, direction: SCAM_ES[i].dir }));
    assert.ok(levels.includes('danger'), levels.join(','));
  });

  it('an es-ES browser gets Spanish warnings without any setting, with Spanish explanations', async () => {
    await run.b.worker.evaluate(() => chrome.storage.local.clear());
    const chat = await openChat(run.b);
    await until(chat, () => document.querySelector('vigie-warning[data-vigie-level="danger"]'), null, { message: 'a danger warning' });
    const info = await shadowInfo(chat, HOST('danger'));
    assert.equal(info.shadowType, 'closed');
    assert.match(info.text, new RegExp(MESSAGES_ES.level_danger.message));
    const labels = info.buttons.map((x) => x.text);
    for (const key of ['action_advice', 'action_report', 'action_dismiss', 'action_evidence']) {
      assert.ok(labels.includes(MESSAGES_ES[key].message), `${key}: "${MESSAGES_ES[key].message}" not in ${labels.join(' | ')}`);
    }
    assert.ok(labels.includes('¿Qué hacer?'));
    // The engine's sentence for one of the rules that fired, in Spanish.
    assert.match(info.text, /No pague|no pague/, 'an explanation in Spanish');
    assert.doesNotMatch(info.text, /Que faire|What to do|Do not pay|Ne payez pas/, 'no French or English left in the warning');
    // The danger banner speaks Spanish too, with the advice's first steps.
    const banner = await shadowInfo(chat, 'document.querySelector("vigie-banner")');
    assert.match(banner.text, new RegExp(MESSAGES_ES.banner_title.message));
    for (const step of ADVICE_ES.first_steps) assert.ok(banner.text.includes(step), `banner: ${step}`);
    await screenshotOf(chat, HOST('danger'), screenshotPath('overlay-es-danger'));
    await chat.bringToFront();
    await chat.screenshot({ path: screenshotPath('chat-es') });
    await chat.close();
  });

  it('"¿Qué hacer?" opens the Spanish advice on the section of the warning\'s stage', async () => {
    await run.b.worker.evaluate(() => chrome.storage.local.clear());
    await run.b.setSettings({ lang: 'es' });
    const chat = await openChat(run.b);
    await until(chat, () => document.querySelector('vigie-warning[data-vigie-level="danger"]'), null, { message: 'a danger warning' });
    const opened = run.b.context.waitForEvent('page', { timeout: 8000 });
    await shadowClick(chat, HOST('danger'), 'button[data-vigie-action="advice"]');
    const advice = await opened;
    await advice.waitForURL(/pages\/advice\/advice\.html/);
    const url = new URL(advice.url());
    assert.equal(url.searchParams.get('lang'), 'es');
    const section = url.hash.slice(1);
    assert.ok(['blackmail', 'payment'].includes(section), `opened on #${section}`);
    await advice.waitForFunction((id) => document.activeElement?.closest('section')?.id === id, section, { timeout: 5000 });
    assert.equal(await advice.getAttribute('html', 'lang'), 'es');
    const expected = ADVICE_ES.sections.find((s) => s.id === section);
    assert.equal((await advice.textContent(`#${section} h2`)).trim(), expected.title);
    assert.equal(await advice.getAttribute('.lang-switch [data-lang="es"]', 'aria-pressed'), 'true');
    assert.equal((await advice.textContent('#first-steps h2')).trim(), STRINGS_ES['advice.firstSteps']);
    // The report directory follows the browser's region (es-ES → Spain) and shows the Spanish descriptions.
    assert.match(await advice.textContent('#report'), /INCIBE/);
    assert.match(await advice.textContent('#report'), /Línea de ayuda nacional, gratuita y confidencial/);
    await advice.screenshot({ path: screenshotPath('advice-es-from-warning') });
    await advice.goto(`${run.b.base}pages/advice/advice.html?lang=es#too-late`);
    await advice.waitForFunction(() => document.activeElement?.closest('section')?.id === 'too-late', null, { timeout: 5000 });
    assert.match(await advice.textContent('#too-late'), /Guardar las pruebas/);
    await advice.screenshot({ path: screenshotPath('advice-es-too-late'), fullPage: false });
    await advice.close();
    await chat.close();
  });

  it('the popup of a Spanish-speaking user is in Spanish, with Spain\'s numbers', async () => {
    await run.b.worker.evaluate(() => chrome.storage.local.clear());
    const chat = await openChat(run.b);
    await until(chat, () => document.querySelector('vigie-warning[data-vigie-level="danger"]'), null, { message: 'a danger warning' });
    const tabId = await run.b.worker.evaluate(async () => (await chrome.tabs.query({ url: 'https://web.whatsapp.com/*' })).at(-1).id);
    const popup = await run.b.context.newPage();
    await popup.setViewportSize({ width: 380, height: 640 });
    await popup.goto(`${run.b.base}pages/popup/popup.html?tab=${tabId}`);
    await popup.waitForFunction(() => document.documentElement.lang === 'es' && document.body.textContent.includes('017'), null, { timeout: 8000 });
    const text = await popup.textContent('body');
    assert.match(text, new RegExp(STRINGS_ES['popup.advice'].replace('?', '\\?')));
    assert.match(text, /España/);
    assert.doesNotMatch(text, /Que faire|What to do/);
    await popup.screenshot({ path: screenshotPath('popup-es') });
    await popup.close();
    await chat.close();
  });

  it('the options offer Español, selected when chosen, and the page follows the choice live', async () => {
    await run.b.worker.evaluate(() => chrome.storage.local.clear());
    await run.b.setSettings({ lang: 'fr' });
    const options = await run.b.context.newPage();
    await options.goto(`${run.b.base}pages/options/options.html`);
    await options.waitForSelector('#lang-select');
    assert.equal(await options.getAttribute('html', 'lang'), 'fr');
    const offered = await options.$$eval('#lang-select option', (os) => os.map((o) => o.value));
    assert.deepEqual(offered, ['auto', 'fr', 'en', 'es']);
    await options.selectOption('#lang-select', 'es');
    await options.waitForFunction(() => document.documentElement.lang === 'es', null, { timeout: 5000 });
    assert.equal((await run.b.settings()).lang, 'es');
    assert.equal(await options.$eval('#lang-select', (s) => s.value), 'es');
    assert.match(await options.textContent('body'), new RegExp(STRINGS_ES['options.sensitivity']));
    await until(options, (saved) => document.getElementById('saved').textContent === saved, STRINGS_ES['options.saved'], { message: 'the "saved" notice in Spanish' });
    await options.screenshot({ path: screenshotPath('options-es'), fullPage: true });
    await options.close();
  });
});

// The WebAssembly module carries the English and French rules; the Spanish pack is a file of the
// extension the service worker reads when a message needs it (extension/background/engine.js).
describe('A French browser on a Spanish scam conversation', { skip }, () => {
  const run = browserOnSpanishScam('fr-FR');

  async function engineStatus() {
    const page = await run.b.context.newPage();
    await page.goto(`${run.b.base}pages/popup/popup.html`);
    const status = await page.evaluate(() => chrome.runtime.sendMessage({ type: 'vigie:engine-status' }));
    await page.close();
    return status;
  }

  it('reads the Spanish rules when the conversation needs them, and warns as the engine with every pack does', async () => {
    assert.deepEqual((await engineStatus()).packs, ['en', 'fr'], 'a French browser starts with the packs compiled in');
    const chat = await openChat(run.b);
    const expected = run.verdict.messages.map((m, i) => shown({ ...m, direction: SCAM_ES[i].dir })).filter((l) => l !== 'none');
    assert.ok(expected.includes('danger'));
    await until(chat, (n) => document.querySelectorAll('vigie-warning').length === n && document.querySelector('vigie-warning[data-vigie-level="danger"]'), expected.length, { message: `${expected.length} warnings, one of them danger` });
    const levels = await chat.$$eval('vigie-warning', (hosts) => hosts.map((h) => h.dataset.vigieLevel));
    assert.deepEqual(levels.sort(), expected.sort());
    const status = await engineStatus();
    assert.ok(status.packs.includes('es'), `packs read: ${status.packs}`);
    assert.equal(status.packError, null);
    await chat.close();
  });
});
