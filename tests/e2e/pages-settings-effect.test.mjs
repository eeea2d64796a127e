// Settings change what Vigie flags: sensitivity and minor mode, set from the options page, change
// the warnings on a chat page — on a fresh load and live, without reloading the tab. Uses core's
// harness (fixture site served at the real URL, strict CSP, network guard) and its WhatsApp
// fixture, with a conversation of our own that sits on the threshold: a grooming "secret" that
// counts only in combination, unless minor mode or high sensitivity is on.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, skipReason, serveConversations, shadowClick, shadowInfo, CONVERSATIONS as CORE_CONVERSATIONS } from './support/harness.mjs';
import { reference, shown } from './support/engine.mjs';
import { screenshot } from './support/pages.mjs';

const skip = skipReason() ?? false;
const URL_CHAT = 'https://web.whatsapp.com/';

// Same format as fixtures/_app/conversations.json.
const BORDERLINE = [
  { dir: 'in', min: 0, text: 'Coucou ! t’as quel âge ?' },
  { dir: 'out', min: 1, text: 'Salut' },
  { dir: 'in', min: 2, text: 'Ça reste entre nous d’accord ? C’est notre secret' },
  { dir: 'in', min: 3, text: 'T’es en quelle classe ?' },
];
const CONVERSATIONS = {
  me: { fr: 'Thomas', en: 'Sam' },
  fr: { scam: { peer: 'Alex', messages: BORDERLINE }, benign: { peer: 'Maman', messages: [{ dir: 'in', min: 0, text: 'Tu rentres à quelle heure ?' }] } },
  en: { scam: { peer: 'Alex', messages: BORDERLINE }, benign: { peer: 'Mum', messages: [{ dir: 'in', min: 0, text: 'What time are you home?' }] } },
};

/** How many incoming messages the engine itself flags with these options. */
async function expected(options) {
  const v = await reference(BORDERLINE.map((m, i) => ({ id: `m${i}`, text: m.text, direction: m.dir })), options);
  return v.messages.filter((m, i) => BORDERLINE[i].dir === 'in' && shown({ ...m, direction: BORDERLINE[i].dir }) !== 'none').length;
}

/** The levels the overlay should show on core's scam conversation, in page order. */
async function expectedCoreLevels(options) {
  const msgs = CORE_CONVERSATIONS.fr.scam.messages;
  const v = await reference(msgs.map((m, i) => ({ id: `m${i}`, text: m.text, direction: m.dir })), options);
  return v.messages.map((m, i) => shown({ ...m, direction: msgs[i].dir })).filter((level) => level !== 'none');
}

async function openChat(b, { own = true } = {}) {
  const page = await b.context.newPage();
  if (own) await serveConversations(page, CONVERSATIONS);
  await page.goto(URL_CHAT);
  await page.waitForSelector('#main [data-id]');
  return page;
}

const warnings = (page) => page.evaluate(() => document.querySelectorAll('vigie-warning').length);

/** Waits until the page shows `n` warnings and stays there (the content script works in batches). */
async function settlesAt(page, n, timeout = 8000) {
  const end = Date.now() + timeout;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < end) {
    const now = await warnings(page);
    if (now !== last) { last = now; stableSince = Date.now(); }
    if (now === n && Date.now() - stableSince > 700) return now;
    await page.waitForTimeout(100);
  }
  return last;
}

const levels = (page) => page.evaluate(() => [...document.querySelectorAll('vigie-warning')].map((w) => w.getAttribute('data-vigie-level')));

/** Waits until the page's warnings have exactly these levels, in order, and stay so; returns the last levels seen. */
async function settlesOn(page, want, timeout = 8000) {
  const end = Date.now() + timeout;
  let last = null;
  let stableSince = Date.now();
  while (Date.now() < end) {
    const now = await levels(page);
    if (JSON.stringify(now) !== JSON.stringify(last)) { last = now; stableSince = Date.now(); }
    if (JSON.stringify(now) === JSON.stringify(want) && Date.now() - stableSince > 700) return now;
    await page.waitForTimeout(100);
  }
  return last;
}

/** The visible text of every warning (inside the closed shadow roots), in page order. */
async function warningTexts(page) {
  const count = await warnings(page);
  const texts = [];
  for (let i = 0; i < count; i++) texts.push((await shadowInfo(page, `document.querySelectorAll('vigie-warning')[${i}]`)).text);
  return texts;
}

describe('settings change what is flagged', { skip }, () => {
  let b;
  const want = {};
  before(async () => {
    b = await launch({ locale: 'fr-FR', sites: { 'web.whatsapp.com': { dir: 'whatsapp' } } });
    want.normal = await expected({});
    want.low = await expected({ sensitivity: 'low' });
    want.high = await expected({ sensitivity: 'high' });
    want.minor = await expected({ minorMode: true });
  });
  after(async () => {
    // (proxyHits is left out: Chromium's own update and account pings, and preconnects, land there.)
    const stray = [...b.strayRequests(), ...b.violations];
    await b.close();
    assert.deepEqual(stray, [], 'network requests outside the fixture site and the extension');
  });

  it('the fixture conversation is on the threshold (engine reference)', () => {
    assert.equal(want.normal, 0, 'flagged at normal sensitivity: no longer a threshold case');
    assert.ok(want.high > want.normal, 'high sensitivity flags nothing more');
    assert.ok(want.minor > want.normal, 'minor mode flags nothing more');
  });

  for (const [name, settings] of [['normal', {}], ['low', { sensitivity: 'low' }], ['high', { sensitivity: 'high' }], ['minor', { minorMode: true }]]) {
    it(`on a fresh page, ${name} settings show the engine's count of warnings`, async () => {
      await b.worker.evaluate(() => chrome.storage.local.clear());
      await b.setSettings(settings);
      const page = await openChat(b);
      assert.equal(await settlesAt(page, want[name]), want[name]);
      await page.close();
    });
  }

  it('changing sensitivity and minor mode in the options page applies to the open tab without reload', async () => {
    await b.worker.evaluate(() => chrome.storage.local.clear());
    const chat = await openChat(b);
    assert.equal(await settlesAt(chat, want.normal), want.normal);
    const options = await b.context.newPage();
    await options.goto(`${b.base}pages/options/options.html`);
    await options.waitForSelector('#sensitivity-high');
    await options.check('#sensitivity-high');
    assert.equal(await settlesAt(chat, want.high), want.high, 'high sensitivity did not reach the open tab');
    await options.check('#sensitivity-normal');
    assert.equal(await settlesAt(chat, want.normal), want.normal, 'normal sensitivity did not reach the open tab');
    await options.check('#minor-mode');
    assert.equal(await settlesAt(chat, want.minor), want.minor, 'minor mode did not reach the open tab');
    await chat.bringToFront();
    await screenshot(chat, 'chat-fr-minor-mode');
    await options.close();
    await chat.close();
  });

  it('a warning\'s "Que faire ?" opens the advice page on the section of its stage', async () => {
    await b.worker.evaluate(() => chrome.storage.local.clear());
    await b.setSettings({ minorMode: true });
    const chat = await openChat(b);
    assert.equal(await settlesAt(chat, want.minor), want.minor);
    const opened = b.context.waitForEvent('page', { timeout: 8000 });
    await shadowClick(chat, 'document.querySelector("vigie-warning")', 'button[data-vigie-action="advice"]');
    const advice = await opened;
    await advice.waitForURL(/pages\/advice\/advice\.html/);
    const section = new URL(advice.url()).hash.slice(1);
    assert.ok(['contact', 'isolation', 'trap', 'blackmail', 'payment'].includes(section), `opened on #${section}`);
    await advice.waitForFunction((id) => document.activeElement?.closest('section')?.id === id, section, { timeout: 5000 });
    const top = await advice.$eval(`#${section}`, (el) => el.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 150, `#${section} not scrolled into view (top=${top})`);
    // Minor mode: the young people's section is first on the page.
    assert.equal(await advice.$eval('main > section.advice-section', (el) => el.id), 'young-people');
    await screenshot(advice, 'advice-fr-from-warning');
    await advice.close();
    await chat.close();
  });

  // Live changes must give exactly what a fresh load gives: the levels of every warning, in page
  // order, as the engine says for the new options (not just how many there are).
  it('live: lowering the sensitivity removes the warnings under the threshold and lowers the others', async () => {
    await b.worker.evaluate(() => chrome.storage.local.clear());
    const normal = await expectedCoreLevels({});
    const low = await expectedCoreLevels({ sensitivity: 'low' });
    assert.ok(low.length > 0 && low.length < normal.length, 'core\'s scam conversation no longer loses a warning at low sensitivity');
    assert.notDeepEqual(low, normal.slice(-low.length), 'no warning changes level at low sensitivity');
    const chat = await openChat(b, { own: false });
    assert.deepEqual(await settlesOn(chat, normal), normal);
    await b.setSettings({ sensitivity: 'low' });
    assert.deepEqual(await settlesOn(chat, low), low, 'warnings after lowering the sensitivity live');
    await b.setSettings({ sensitivity: 'normal' });
    assert.deepEqual(await settlesOn(chat, normal), normal, 'warnings after raising it back live');
    await chat.close();
  });

  it('live: raising the sensitivity then lowering it adds then clears the threshold warnings', async () => {
    await b.worker.evaluate(() => chrome.storage.local.clear());
    const chat = await openChat(b);
    assert.equal(await settlesAt(chat, want.normal), want.normal);
    await b.setSettings({ sensitivity: 'high' });
    assert.equal(await settlesAt(chat, want.high), want.high);
    await b.setSettings({ sensitivity: 'low' });
    assert.equal(await settlesAt(chat, want.low), want.low, 'warnings left after lowering the sensitivity live');
    await b.setSettings({ sensitivity: 'normal', minorMode: true });
    assert.equal(await settlesAt(chat, want.minor), want.minor, 'minor mode did not add its warnings live');
    await b.setSettings({ minorMode: false });
    assert.equal(await settlesAt(chat, want.normal), want.normal, 'leaving minor mode did not clear its warnings live');
    await chat.close();
  });

  it('live: a settings change while a request is out ends with the verdicts of the new settings', async () => {
    await b.worker.evaluate(() => chrome.storage.local.clear());
    const normal = await expectedCoreLevels({});
    const low = await expectedCoreLevels({ sensitivity: 'low' });
    const chat = await openChat(b, { own: false });
    assert.deepEqual(await settlesOn(chat, normal), normal);
    // Three changes faster than one analysis: only the last one counts.
    await b.setSettings({ sensitivity: 'high' });
    await b.setSettings({ sensitivity: 'normal' });
    await chat.waitForTimeout(160);
    await b.setSettings({ sensitivity: 'low' });
    assert.deepEqual(await settlesOn(chat, low), low);
    await chat.close();
  });

  it('live: a language change redraws the warnings in the new language, reasons included', async () => {
    await b.worker.evaluate(() => chrome.storage.local.clear());
    await b.setSettings({ lang: 'en' });
    const fresh = await openChat(b, { own: false });
    const normal = await expectedCoreLevels({});
    assert.deepEqual(await settlesOn(fresh, normal), normal);
    const english = await warningTexts(fresh);
    await fresh.close();
    await b.setSettings({ lang: 'fr' });
    const chat = await openChat(b, { own: false });
    assert.deepEqual(await settlesOn(chat, normal), normal);
    const french = await warningTexts(chat);
    assert.notDeepEqual(french, english);
    await b.setSettings({ lang: 'en' });
    const end = Date.now() + 8000;
    let now = french;
    while (Date.now() < end && JSON.stringify(now) !== JSON.stringify(english)) {
      await chat.waitForTimeout(200);
      now = await warningTexts(chat);
    }
    assert.deepEqual(now, english, 'the warnings after switching to English live differ from a fresh English page');
    await chat.close();
  });
});
