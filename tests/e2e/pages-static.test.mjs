// Static checks of the extension pages (no browser): text goes in as text only, nothing is loaded
// from the network, the strings of every UI language stay parallel and every string the code asks for exists.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './support/pages.mjs';
import { UI_LANGS } from '../../extension/shared/langs.js';

const PAGES = path.join(ROOT, 'extension/pages');

function files(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) files(p, out);
    else out.push(p);
  }
  return out;
}
const all = files(PAGES);
const read = (p) => readFileSync(p, 'utf8');
const rel = (p) => path.relative(ROOT, p);

test('page scripts never parse strings as HTML', () => {
  for (const file of all.filter((f) => f.endsWith('.js'))) {
    const src = read(file);
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'DOMParser', 'createContextualFragment', 'eval(', 'new Function']) {
      assert.ok(!src.includes(sink), `${rel(file)} uses ${sink}`);
    }
  }
});

test('pages reference nothing on the network (no remote scripts, styles, fonts or images)', () => {
  for (const file of all.filter((f) => /\.(html|css)$/.test(f))) {
    const src = read(file);
    assert.doesNotMatch(src, /(src|href)\s*=\s*["']?(https?:)?\/\//i, `${rel(file)} links to a remote resource`);
    assert.doesNotMatch(src, /url\(\s*["']?(https?:)?\/\//i, `${rel(file)} loads a remote url()`);
    assert.doesNotMatch(src, /@import|@font-face/i, `${rel(file)} imports CSS or fonts`);
  }
  for (const file of all.filter((f) => f.endsWith('.js'))) {
    assert.doesNotMatch(read(file), /fetch\(\s*["'`]https?:/, `${rel(file)} fetches a remote URL`);
  }
});

test('pages ship no inline scripts or handlers (MV3 CSP)', () => {
  for (const file of all.filter((f) => f.endsWith('.html'))) {
    const src = read(file);
    assert.doesNotMatch(src, /<script(?![^>]*\bsrc=)[^>]*>/i, `${rel(file)} has an inline script`);
    assert.doesNotMatch(src, /\son[a-z]+\s*=/i, `${rel(file)} has an inline event handler`);
  }
});

test('strings.json: every UI language has the same keys and placeholders as English', () => {
  const strings = JSON.parse(read(path.join(PAGES, 'strings.json')));
  assert.deepEqual(Object.keys(strings).sort(), [...UI_LANGS].sort(), 'one table per UI language');
  const holes = (s) => (s.match(/\{\w+\}/g) ?? []).sort().join(',');
  for (const lang of UI_LANGS) {
    assert.deepEqual(Object.keys(strings[lang]).sort(), Object.keys(strings.en).sort(), `${lang}: keys`);
    for (const key of Object.keys(strings.en)) {
      assert.equal(holes(strings[lang][key]), holes(strings.en[key]), `${lang}: placeholders differ for ${key}`);
      assert.ok(strings[lang][key].trim(), `${lang}: empty string for ${key}`);
    }
  }
});

test('every string key used by the pages exists', () => {
  const strings = JSON.parse(read(path.join(PAGES, 'strings.json'))).en;
  const has = (k) => k in strings || `${k}.other` in strings;
  const used = new Set();
  for (const file of all.filter((f) => f.endsWith('.js'))) {
    for (const m of read(file).matchAll(/\bt\('([\w.]+)'/g)) used.add(m[1]);
  }
  for (const file of all.filter((f) => f.endsWith('.html'))) {
    for (const m of read(file).matchAll(/data-i18n="([\w.]+)"/g)) used.add(m[1]);
    for (const m of read(file).matchAll(/data-i18n-attr="([^"]+)"/g)) for (const pair of m[1].split(';')) used.add(pair.split(':')[1]);
  }
  // Keys built at run time from data values.
  for (const k of ['report_platform', 'police_complaint', 'helpline', 'victim_support', 'removal']) used.add(`kind.${k}`);
  for (const k of ['minors', 'adults']) used.add(`audience.${k}`);
  for (const k of ['danger', 'warning', 'caution']) used.add(`level.${k}`);
  for (const k of ['low', 'normal', 'high']) { used.add(`sensitivity.${k}`); used.add(`sensitivity.${k}.help`); }
  for (const k of UI_LANGS) used.add(`lang.${k}`);
  for (const k of ['selectors', 'no-messages']) used.add(`problem.${k}`);
  const missing = [...used].filter((k) => !has(k));
  assert.deepEqual(missing, []);
});

test('the report directory has the kinds and sections the advice page renders', () => {
  const contacts = JSON.parse(read(path.join(ROOT, 'guidance/contacts.json')));
  const kinds = new Set(['report_platform', 'police_complaint', 'helpline', 'victim_support', 'removal']);
  for (const [code, c] of Object.entries(contacts.countries)) {
    for (const e of c.entries) assert.ok(kinds.has(e.kind), `${code}/${e.id}: kind ${e.kind} has no heading on the advice page`);
    for (const lang of UI_LANGS) assert.ok(c.name[lang], `${code}: name in ${lang}`);
  }
  for (const lang of UI_LANGS) {
    const advice = JSON.parse(read(path.join(ROOT, `guidance/advice/${lang}.json`)));
    const ids = advice.sections.map((s) => s.id);
    for (const id of ['contact', 'isolation', 'trap', 'blackmail', 'payment', 'too-late', 'mass-email', 'young-people', 'parents']) {
      assert.ok(ids.includes(id), `${lang}: section ${id}`);
    }
  }
});
