// Every UI language is complete everywhere a user can meet it: the content script's strings
// (_locales), the pages' strings, the advice, the language pickers and what the build bundles.
// A missing key would show an English or French sentence in the middle of a Spanish warning.
// Run: node --test extension/tests/languages.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_LANGS, dateLocale } from '../shared/langs.js';
import { contentData, localesModule } from '../build.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.resolve(EXT, '..');
const readJson = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const sortedKeys = (o) => Object.keys(o).sort();

test('the UI languages are French, English and Spanish', () => {
  assert.deepEqual([...UI_LANGS], ['fr', 'en', 'es']);
  for (const lang of UI_LANGS) assert.match(dateLocale(lang), new RegExp(`^${lang}-[A-Z]{2}$`));
});

test('_locales: one messages.json per UI language, with exactly the keys of English', () => {
  assert.deepEqual(fs.readdirSync(path.join(EXT, '_locales')).sort(), [...UI_LANGS].sort());
  const en = readJson(path.join(EXT, '_locales/en/messages.json'));
  for (const lang of UI_LANGS) {
    const m = readJson(path.join(EXT, '_locales', lang, 'messages.json'));
    assert.deepEqual(sortedKeys(m), sortedKeys(en), `${lang}: keys`);
    for (const [k, v] of Object.entries(m)) assert.ok(typeof v.message === 'string' && v.message.trim(), `${lang}/${k}: empty`);
  }
  const generated = localesModule();
  for (const lang of UI_LANGS) assert.ok(generated.includes(`"${lang}": {`), `${lang} bundled for the content script`);
});

test('pages/strings.json: one table per UI language, with exactly the keys of English', () => {
  const strings = readJson(path.join(EXT, 'pages/strings.json'));
  assert.deepEqual(sortedKeys(strings), [...UI_LANGS].sort());
  for (const lang of UI_LANGS) assert.deepEqual(sortedKeys(strings[lang]), sortedKeys(strings.en), `${lang}: keys`);
  for (const lang of UI_LANGS) assert.ok(strings.en[`lang.${lang}`], `the language is named in the options (lang.${lang})`);
});

test('the advice exists in every UI language, and the content script gets its labels', () => {
  const data = contentData([]);
  for (const lang of UI_LANGS) {
    const advice = readJson(path.join(ROOT, 'guidance/advice', `${lang}.json`));
    assert.equal(advice.lang, lang);
    assert.ok(data.includes(JSON.stringify(advice.stage_labels)), `${lang}: stage labels bundled for the overlay`);
  }
});

test('the language pickers offer every UI language, each named in its own language', () => {
  const names = { fr: 'Français', en: 'English', es: 'Español' };
  const options = fs.readFileSync(path.join(EXT, 'pages/options/options.js'), 'utf8');
  const advice = fs.readFileSync(path.join(EXT, 'pages/advice/advice.html'), 'utf8');
  for (const lang of UI_LANGS) {
    assert.ok(options.includes(`h('option', { value: '${lang}', lang: '${lang}', text: '${names[lang]}'`), `options: ${lang}`);
    assert.ok(advice.includes(`<button type="button" data-lang="${lang}" lang="${lang}">${names[lang]}</button>`), `advice page: ${lang}`);
  }
});

test('the settings accept every UI language, and only those', () => {
  const settings = fs.readFileSync(path.join(EXT, 'shared/settings.js'), 'utf8');
  assert.match(settings, /export const LANGS = Object\.freeze\(\['auto', \.\.\.UI_LANGS\]\);/);
});
