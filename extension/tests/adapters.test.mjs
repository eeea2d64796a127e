// The site adapters' data (extension/sites/*.json): valid against the adapter format, listed in
// index.json, each with a fixture page and a browser case, platforms known to the report
// directory. Selectors are parsed by the browser in tests/e2e/sites.test.mjs (no DOM in node).
// Run: node --test extension/tests/

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateAdapter, matchPatternToRegExp, selectorsOf } from '../sites/validate.mjs';
import { CASES } from '../../tests/e2e/support/cases.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SITES = path.join(ROOT, 'extension/sites');
const index = JSON.parse(fs.readFileSync(path.join(SITES, 'index.json'), 'utf8'));
const files = fs.readdirSync(SITES).filter((f) => f.endsWith('.json') && f !== 'index.json');
const adapters = files.map((f) => [f, JSON.parse(fs.readFileSync(path.join(SITES, f), 'utf8'))]);
const contacts = JSON.parse(fs.readFileSync(path.join(ROOT, 'guidance/contacts.json'), 'utf8'));

// The sites issue 3 asks for, by adapter id.
const REQUIRED = ['whatsapp', 'messenger', 'instagram', 'tinder', 'discord', 'telegram-k', 'telegram-a', 'x', 'snapchat',
  'bumble', 'badoo', 'meetic', 'linkedin', 'gmail', 'outlook', 'generic'];

test('index.json lists every adapter once, and only existing ones', () => {
  assert.deepEqual([...index.adapters].sort(), files.map((f) => f.replace(/\.json$/, '')).sort());
  assert.equal(new Set(index.adapters).size, index.adapters.length);
});

test('every required site has an adapter', () => {
  for (const id of REQUIRED) assert.ok(index.adapters.includes(id), id);
});

for (const [file, a] of adapters) {
  test(`${file}: valid adapter`, () => {
    assert.deepEqual(validateAdapter(a, file), []);
  });

  test(`${file}: URL patterns match the site and nothing else`, () => {
    for (const p of a.matches ?? []) {
      const re = matchPatternToRegExp(p);
      const host = /^https:\/\/([^/]+)/.exec(p)[1].replace(/^\*\./, 'www.');
      assert.ok(re.test(`https://${host}${p.replace(/^https:\/\/[^/]+/, '').replace(/\*/g, 'x')}`), `${p} matches its own host`);
      assert.ok(!re.test(`https://${host}.evil.example/x`), `${p} does not match a look-alike host`);
      assert.ok(!re.test(`http://${host}/`), `${p} is https only`);
    }
  });

  test(`${file}: every selector is a non-empty string without a leftover placeholder`, () => {
    for (const { where, selector } of selectorsOf(a)) {
      assert.ok(selector.trim().length > 0, where);
      assert.ok(!/[{}]/.test(selector), `${where}: ${selector}`);
    }
  });

  test(`${file}: has a fixture page and a browser case`, () => {
    const fixture = path.join(ROOT, 'tests/e2e/fixtures', a.fixture ?? a.id, 'index.html');
    assert.ok(fs.existsSync(fixture), `missing ${path.relative(ROOT, fixture)}`);
    if (a.kind !== 'generic') assert.ok(CASES.some((c) => c.adapter === a.id), `no case for ${a.id} in tests/e2e/support/cases.mjs`);
  });

  test(`${file}: its platform is in the report directory`, () => {
    if (a.platform) assert.ok(contacts.platforms[a.platform], `guidance/contacts.json has no platform ${a.platform}`);
  });
}

test('two adapters on one host are told apart by their paths', () => {
  const byPattern = new Map();
  for (const [, a] of adapters) for (const p of a.matches ?? []) byPattern.set(p, [...(byPattern.get(p) ?? []), a]);
  for (const [p, list] of byPattern) {
    if (list.length < 2) continue;
    assert.ok(list.every((a) => a.path), `${p} is shared by ${list.map((a) => a.id)}: each needs a path`);
    assert.equal(new Set(list.map((a) => a.path)).size, list.length, `${p}: distinct paths`);
  }
});

test('validateAdapter catches the usual mistakes', () => {
  const ok = adapters.find(([f]) => f === 'whatsapp.json')[1];
  const broken = (change) => validateAdapter({ ...structuredClone(ok), ...change }, 'whatsapp.json');
  assert.ok(broken({ matches: ['http://web.whatsapp.com/*'] }).length > 0, 'http pattern');
  assert.ok(broken({ path: '(' }).length > 0, 'bad regex');
  assert.ok(broken({ sources: [] }).length > 0, 'no sources');
  assert.ok(broken({ message: { ...ok.message, direction: [{ selector: 'x', value: 'sideways' }] } }).length > 0, 'bad direction');
  assert.ok(broken({ extra: 1 }).length > 0, 'unknown key');
  assert.ok(broken({ id: 'WhatsApp' }).length > 0, 'bad id');
});
