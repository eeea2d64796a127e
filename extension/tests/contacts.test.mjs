// shared/contacts.js: which country's contacts the overlay's "Report" panel and the extension
// pages show, and the tel: links they dial — on the real directory.
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCountry, telHref, localeParts } from '../shared/contacts.js';
import * as pagesGuidance from '../pages/lib/guidance.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const contacts = JSON.parse(fs.readFileSync(path.join(ROOT, 'guidance/contacts.json'), 'utf8'));

test('an explicit choice the directory has wins, in the order given; "auto" and unknown codes are no choice', () => {
  assert.equal(resolveCountry(contacts, ['be'], ['fr-FR']), 'BE');
  assert.equal(resolveCountry(contacts, ['auto', 'CH'], ['fr-FR']), 'CH', 'URL "auto", then the setting');
  assert.equal(resolveCountry(contacts, ['ZZ', 'auto'], ['fr-FR']), 'FR', 'unknown country: the browser decides');
  assert.equal(resolveCountry(contacts, [null, undefined, '', 42], ['de-DE']), 'DE');
});

test('without a choice: the first browser region the directory has, then a language that means one country', () => {
  assert.equal(resolveCountry(contacts, [], ['fr-CA', 'fr-FR']), 'CA');
  assert.equal(resolveCountry(contacts, [], ['en-ZZ', 'en_GB']), 'GB', 'underscore tags too');
  assert.equal(resolveCountry(contacts, [], ['fr']), 'FR');
  assert.equal(resolveCountry(contacts, [], ['en']), null, 'English could be six countries: the page asks');
  assert.equal(resolveCountry(contacts, [], []), null);
  assert.equal(resolveCountry({}, ['FR'], ['fr-FR']), null, 'no directory, no country');
});

test('a locale whose region the directory lacks gives no country, never its language\'s country', () => {
  assert.ok(!contacts.countries.SN && !contacts.countries.AO && !contacts.countries.BO, 'the cases below assume SN, AO and BO are absent');
  assert.equal(resolveCountry(contacts, [], ['fr-SN']), null, 'Senegal: not the French police');
  assert.equal(resolveCountry(contacts, [], ['pt-AO']), null, 'Angola: not Portugal');
  assert.equal(resolveCountry(contacts, [], ['es-BO', 'es']), null, 'Bolivia: not Spain');
  assert.equal(resolveCountry(contacts, [], ['es-419']), null, 'Latin American Spanish: not Spain');
  assert.equal(resolveCountry(contacts, [], ['fr-SN', 'fr']), null, 'the plain tag browsers add after a regional one');
  assert.equal(resolveCountry(contacts, [], ['fr', 'fr-SN']), null, 'in either order');
  assert.equal(resolveCountry(contacts, [], ['fr-SN', 'fr-FR']), 'FR', 'a later region the directory has still counts');
  assert.equal(resolveCountry(contacts, [], ['fr-SN', 'de']), 'DE', 'another language without region still maps');
  assert.equal(resolveCountry(contacts, ['BE'], ['fr-SN']), 'BE', 'an explicit choice still wins');
  assert.equal(resolveCountry(contacts, ['auto'], ['pt-AO', 'pt']), null);
});

test('regions the directory has, and plain languages, still map', () => {
  assert.equal(resolveCountry(contacts, [], ['pt-BR']), 'BR');
  assert.equal(resolveCountry(contacts, [], ['pt-PT']), 'PT');
  assert.equal(resolveCountry(contacts, [], ['pt']), 'PT');
  assert.equal(resolveCountry(contacts, [], ['de-AT', 'de']), 'AT');
  assert.equal(resolveCountry(contacts, [], ['es']), 'ES');
  assert.equal(resolveCountry(contacts, [], ['zh-Hant-TW', 'fr-CH']), 'CH', 'a script subtag is not a region');
  assert.equal(resolveCountry(contacts, [], ['sr-Latn', 'it']), 'IT');
  // With a country added to the directory, its locale starts to match, and nothing else changes.
  const withBO = { countries: { ...contacts.countries, BO: contacts.countries.ES } };
  assert.equal(resolveCountry(withBO, [], ['es-BO']), 'BO');
  assert.equal(resolveCountry(withBO, [], ['es-AR']), 'AR');
});

test('Spanish-speaking Latin America: a browser in Mexico, Chile, Peru, Uruguay or Paraguay gets its own country, never Spain', () => {
  assert.ok(contacts.countries.MX, 'Mexico is in the directory');
  assert.equal(resolveCountry(contacts, [], ['es-MX']), 'MX');
  assert.equal(resolveCountry(contacts, [], ['es-MX', 'es', 'en']), 'MX', 'the plain tag browsers add after it');
  assert.equal(resolveCountry(contacts, [], ['en-US', 'es-MX']), 'US', 'the first region the directory has still wins');
  assert.equal(resolveCountry(contacts, ['mx'], ['es-ES']), 'MX', 'an explicit choice of Mexico');
  assert.equal(resolveCountry(contacts, [], ['es-CL', 'es']), 'CL', 'Chile');
  assert.equal(resolveCountry(contacts, [], ['es-PE', 'es']), 'PE', 'Peru');
  assert.equal(resolveCountry(contacts, [], ['es-UY', 'es']), 'UY', 'Uruguay');
  assert.equal(resolveCountry(contacts, [], ['es-PY', 'es']), 'PY', 'Paraguay');
  assert.equal(resolveCountry(contacts, [], ['es-419']), null, 'Latin American Spanish without a country still asks');
});

test('localeParts: language, then an optional script, then a two-letter or three-digit region', () => {
  assert.deepEqual(localeParts('pt-BR'), { lang: 'pt', region: 'BR' });
  assert.deepEqual(localeParts('en_gb'), { lang: 'en', region: 'GB' });
  assert.deepEqual(localeParts('zh-Hant-TW'), { lang: 'zh', region: 'TW' });
  assert.deepEqual(localeParts('es-419'), { lang: 'es', region: '419' });
  assert.deepEqual(localeParts('FR'), { lang: 'fr', region: null });
  assert.deepEqual(localeParts('sr-Latn'), { lang: 'sr', region: null });
  assert.equal(localeParts(''), null);
  assert.equal(localeParts(null), null);
  assert.equal(localeParts('*'), null);
});

test('tel: links only for plain dialable numbers; the number in parentheses when the text is in letters', () => {
  assert.equal(telHref('3018'), 'tel:3018');
  assert.equal(telHref('+33 1 23 45 67 89'), 'tel:+33123456789');
  assert.equal(telHref('0 805 805 817'), 'tel:0805805817');
  assert.equal(telHref('1-800-THE-LOST (1-800-843-5678)'), 'tel:18008435678');
  assert.equal(telHref('call 17'), null);
  assert.equal(telHref('javascript:alert(1)'), null);
  assert.equal(telHref(''), null);
  assert.equal(telHref(null), null);
  assert.equal(telHref('1'), null, 'too short to be a number');
});

test('every phone of the directory is either dialable or deliberately not a number', () => {
  const all = [...Object.values(contacts.countries).flatMap((c) => c.entries), ...(contacts.international ?? [])];
  const phones = all.map((e) => e.phone).filter(Boolean);
  assert.ok(phones.length > 10);
  for (const phone of phones) {
    const href = telHref(phone);
    if (href) assert.match(href, /^tel:\+?\d{2,15}$/, phone);
  }
});

test('the extension pages use the shared functions, not copies', () => {
  assert.equal(pagesGuidance.resolveCountry, resolveCountry);
  assert.equal(pagesGuidance.telHref, telHref);
  const background = fs.readFileSync(path.join(ROOT, 'extension/background/guidance.js'), 'utf8');
  assert.match(background, /from '\.\.\/shared\/contacts\.js'/);
  for (const file of ['extension/background/guidance.js', 'extension/pages/lib/guidance.js']) {
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    assert.ok(!/function (resolveCountry|telHref)\b/.test(source), `${file} defines its own copy`);
  }
});

test('the public site uses the same module, served by www/serve.mjs, not a copy', async () => {
  const report = fs.readFileSync(path.join(ROOT, 'www/assets/report.js'), 'utf8');
  assert.match(report, /from '\.\.\/shared\/contacts\.js'/);
  assert.ok(!/LANG_COUNTRY|function (resolveCountry|telHref)\b/.test(report), 'www/assets/report.js keeps its own copy');
  const { start } = await import('../../www/serve.mjs');
  const { url, close } = await start({ port: 0 });
  try {
    const res = await fetch(new URL('shared/contacts.js', url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/javascript/);
    assert.equal(await res.text(), fs.readFileSync(path.join(ROOT, 'extension/shared/contacts.js'), 'utf8'));
  } finally {
    await close();
  }
});
