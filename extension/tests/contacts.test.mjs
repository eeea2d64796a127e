// shared/contacts.js: which country's contacts the overlay's "Report" panel and the extension
// pages show, and the tel: links they dial — on the real directory.
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveCountry, telHref } from '../shared/contacts.js';
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
