// Settings (schema, repair, migration), the protocol's sender check, and i18n tables.
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeSettings, defaults, normalizeOrigin, isDismissed, isTrusted, isPaused, MAX_DISMISSED } from '../shared/settings.js';
import { MSG, ALLOWED, senderKind } from '../shared/protocol.js';
import { splitInvisible, showInvisible, codeOf } from '../shared/invisible.js';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

test('defaults are valid settings', () => {
  assert.deepEqual(normalizeSettings(defaults()), { settings: defaults(), repaired: [], newer: false });
  assert.deepEqual(normalizeSettings(undefined), { settings: defaults(), repaired: [], newer: false });
});

test('corrupted settings fall back to defaults and say so', () => {
  for (const bad of [null, 42, 'text', [], true]) {
    const r = normalizeSettings(bad);
    assert.deepEqual(r.settings, defaults());
    assert.deepEqual(r.repaired, ['*']);
  }
});

test('each invalid field is repaired on its own; valid ones are kept', () => {
  const { settings, repaired } = normalizeSettings({
    schema: 1, lang: 'de', country: 'fr', sensitivity: 'high', minorMode: 'yes', pausedSites: 'whatsapp',
    genericSites: ['https://chat.example.org/path', 'http://insecure.example', 'not a url'],
    trustedContacts: [{ site: 'whatsapp', thread: 't', sender: 'Ana' }, { site: 'whatsapp' }],
    dismissed: [{ site: 'x', thread: null, messageKey: 'k', at: 5 }, { site: 'x', thread: null, messageKey: 'k', at: 6 }],
    unknown: 'dropped',
  });
  assert.equal(settings.lang, 'auto');
  assert.equal(settings.country, 'auto');
  assert.equal(settings.sensitivity, 'high');
  assert.equal(settings.minorMode, false);
  assert.deepEqual(settings.pausedSites, []);
  assert.deepEqual(settings.genericSites, ['https://chat.example.org']);
  assert.deepEqual(settings.trustedContacts, [{ site: 'whatsapp', thread: 't', sender: 'Ana' }]);
  assert.equal(settings.dismissed.length, 1, 'duplicates dropped');
  assert.ok(!('unknown' in settings));
  for (const k of ['lang', 'country', 'minorMode', 'pausedSites', 'genericSites', 'trustedContacts', 'dismissed']) assert.ok(repaired.includes(k), k);
  assert.ok(!repaired.includes('sensitivity'));
});

test('an old settings value without schema is migrated, and lists are capped', () => {
  const many = Array.from({ length: MAX_DISMISSED + 50 }, (_, i) => ({ site: 's', thread: null, messageKey: `k${i}`, at: i }));
  const { settings } = normalizeSettings({ lang: 'fr', dismissed: many });
  assert.equal(settings.schema, 1);
  assert.equal(settings.lang, 'fr');
  assert.equal(settings.dismissed.length, MAX_DISMISSED);
  assert.equal(settings.dismissed.at(-1).messageKey, `k${MAX_DISMISSED + 49}`, 'the newest are kept');
});

test('half a PIN is no PIN', () => {
  const { settings } = normalizeSettings({ pinHash: 'ab'.repeat(32), pinSalt: null });
  assert.equal(settings.pinHash, null);
  assert.equal(settings.pinSalt, null);
});

test('origins for the generic adapter', () => {
  assert.equal(normalizeOrigin('chat.example.org'), 'https://chat.example.org');
  assert.equal(normalizeOrigin('https://chat.example.org:8443/a?b#c'), 'https://chat.example.org:8443');
  for (const bad of ['http://chat.example.org', 'javascript:alert(1)', 'localhost', '', 'file:///etc/passwd']) assert.equal(normalizeOrigin(bad), null, bad);
});

test('dismissed, trusted, paused', () => {
  const s = normalizeSettings({
    pausedSites: ['discord'],
    trustedContacts: [{ site: 'whatsapp', thread: 'whatsapp:Ana', sender: 'Ana' }],
    dismissed: [{ site: 'whatsapp', thread: 'whatsapp:Ana', messageKey: 'id:1', at: 1 }],
  }).settings;
  assert.ok(isPaused(s, 'discord') && !isPaused(s, 'whatsapp'));
  assert.ok(isDismissed(s, 'whatsapp', 'whatsapp:Ana', 'id:1'));
  assert.ok(!isDismissed(s, 'whatsapp', 'whatsapp:Bob', 'id:1'), 'per thread');
  assert.ok(isTrusted(s, 'whatsapp', 'whatsapp:Ana', 'Ana'));
  assert.ok(!isTrusted(s, 'whatsapp', 'whatsapp:Other', 'Ana'), 'trust is per conversation');
  assert.ok(!isTrusted(s, 'whatsapp', 'whatsapp:Ana', null));
});

test('sender checks: only this extension; options messages only from its pages', () => {
  const id = 'abc';
  const origin = 'chrome-extension://abc/';
  assert.equal(senderKind({ id, tab: { id: 3 }, url: 'https://web.whatsapp.com/' }, id, origin), 'content');
  assert.equal(senderKind({ id, url: 'chrome-extension://abc/pages/popup/popup.html' }, id, origin), 'page');
  assert.equal(senderKind({ id, tab: { id: 3 }, url: 'chrome-extension://abc/pages/options/options.html' }, id, origin), 'page');
  assert.equal(senderKind({ id: 'other', tab: { id: 3 }, url: 'https://web.whatsapp.com/' }, id, origin), null);
  assert.equal(senderKind({ id, url: 'https://web.whatsapp.com/' }, id, origin), null, 'no tab, not our page');
  assert.equal(senderKind(undefined, id, origin), null);
  assert.ok(!ALLOWED[MSG.ENABLE_GENERIC].includes('content'), 'a page script cannot enable sites through the content script');
  for (const type of Object.values(MSG)) if (type !== MSG.STATUS) assert.ok(ALLOWED[type], `${type} has its allowed senders`);
});

test('_locales: same keys and placeholders in every language, short store texts', () => {
  const load = (l) => JSON.parse(fs.readFileSync(path.join(EXT, '_locales', l, 'messages.json'), 'utf8'));
  const en = load('en');
  const others = fs.readdirSync(path.join(EXT, '_locales')).filter((l) => l !== 'en').map((l) => [l, load(l)]);
  assert.ok(others.length >= 2, 'fr and es at least');
  const holes = (s) => (s.match(/\{\w+\}/g) ?? []).sort().join();
  for (const k of Object.keys(en)) assert.ok(/^[A-Za-z0-9_]+$/.test(k), `${k}: chrome.i18n key syntax`);
  for (const [lang, m] of others) {
    assert.deepEqual(Object.keys(m).sort(), Object.keys(en).sort(), `${lang}: keys`);
    for (const k of Object.keys(en)) assert.equal(holes(m[k].message), holes(en[k].message), `${lang}/${k}: placeholders`);
  }
  for (const m of [en, ...others.map(([, m]) => m)]) assert.ok(m.extDescription.message.length <= 132, 'store description ≤ 132 characters');
});

test('every string the content script uses exists', () => {
  const en = JSON.parse(fs.readFileSync(path.join(EXT, '_locales/en/messages.json'), 'utf8'));
  const used = new Set();
  for (const f of fs.readdirSync(path.join(EXT, 'content')).filter((f) => f.endsWith('.js') && !f.includes('generated'))) {
    const src = fs.readFileSync(path.join(EXT, 'content', f), 'utf8');
    for (const m of src.matchAll(/\b(?:L|t\(state\.lang,|t\(lang,)\s*\(?'([a-z_]+)'/g)) used.add(m[1]);
    for (const m of src.matchAll(/`(level_)\$\{/g)) for (const lv of ['caution', 'warning', 'danger']) used.add(`${m[1]}${lv}`);
  }
  assert.ok(used.size > 20, `found ${used.size} keys`);
  for (const k of used) assert.ok(en[k], `missing _locales key ${k}`);
});

test('invisible characters: bidi overrides and zero-width characters become visible markers; other text is untouched', () => {
  assert.deepEqual(splitInvisible('\u202Egnp.exe'), [{ code: 'U+202E' }, { text: 'gnp.exe' }]);
  assert.deepEqual(splitInvisible('a\u200Bb\u2066c\u2069'), [{ text: 'a' }, { code: 'U+200B' }, { text: 'b' }, { code: 'U+2066' }, { text: 'c' }, { code: 'U+2069' }]);
  assert.equal(showInvisible('pay\u200D now\uFEFF'), 'pay[U+200D] now[U+FEFF]');
  for (const plain of ['', 'Bonjour 😀 é', 'שלום', 'مرحبا', '\uD83D seul', '<b>&amp;</b>']) {
    assert.equal(showInvisible(plain), plain, JSON.stringify(plain));
  }
  assert.equal(showInvisible(42), '42');
  assert.equal(codeOf('\u061C'), 'U+061C');
  // Every character of the set, and nothing next to it.
  for (const c of ['\u061C', '\u200B', '\u200F', '\u202A', '\u202E', '\u2060', '\u2069', '\uFEFF']) assert.equal(splitInvisible(c)[0].code, codeOf(c));
  for (const c of ['\u200A', '\u2010', '\u2029', '\u206A', '\uFEFE']) assert.deepEqual(splitInvisible(c), [{ text: c }]);
});
