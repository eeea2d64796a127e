// Schema and content checks for the guidance data files.
// Run with: node --test guidance/
// Node 20 built-ins only (node:test, node:assert, node:fs).

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const here = new URL('./', import.meta.url);
const load = (rel) => JSON.parse(readFileSync(new URL(rel, here), 'utf8'));

const LANGS = ['fr', 'en', 'es'];
// Languages whose texts must be parallel to en.json (the template every translation copies).
const TRANSLATIONS = LANGS.filter((l) => l !== 'en');
const PLAYBOOK = ['contact', 'isolation', 'trap', 'blackmail', 'payment'];
const SECTION_IDS = [...PLAYBOOK, 'too-late', 'mass-email', 'young-people', 'parents'];
const STAGES = new Set([...PLAYBOOK, 'prevention']);
const KINDS = new Set(['report_platform', 'helpline', 'police_complaint', 'removal', 'victim_support']);
const AUDIENCES = new Set(['all', 'minors', 'adults']);
// Spanish-speaking countries beyond Spain (AR, CO, MX, CL, PE, UY, PY) because the UI speaks Spanish.
const REQUIRED_COUNTRIES = ['FR', 'BE', 'CH', 'CA', 'US', 'GB', 'DE', 'ES', 'IT', 'AU', 'AR', 'CO', 'MX', 'CL', 'PE', 'UY', 'PY'];
const PLATFORM_KEYS = new Set([
  'whatsapp', 'messenger', 'facebook', 'instagram', 'tinder', 'discord', 'telegram', 'x',
  'snapchat', 'bumble', 'badoo', 'meetic', 'linkedin', 'gmail', 'outlook',
]);

const nonEmpty = (s) => typeof s === 'string' && s.trim().length > 0;

function assertIsoDate(value, where) {
  assert.ok(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value), `${where}: "${value}" is not YYYY-MM-DD`);
  const d = new Date(`${value}T00:00:00Z`);
  assert.ok(!Number.isNaN(d.getTime()) && d.toISOString().startsWith(value), `${where}: "${value}" is not a real date`);
}

function assertHttps(value, where) {
  assert.ok(typeof value === 'string', `${where}: missing URL`);
  let u;
  assert.doesNotThrow(() => { u = new URL(value); }, `${where}: "${value}" does not parse as a URL`);
  assert.equal(u.protocol, 'https:', `${where}: "${value}" is not https`);
  assert.ok(u.hostname.includes('.'), `${where}: "${value}" has no real host`);
}

// ---------------------------------------------------------------- advice

describe('advice files', () => {
  const advice = Object.fromEntries(LANGS.map((l) => [l, load(`advice/${l}.json`)]));

  for (const lang of LANGS) {
    const a = advice[lang];

    test(`${lang}: top-level shape`, () => {
      assert.equal(a.lang, lang);
      assert.ok(nonEmpty(a.title), 'title');
      assert.ok(Array.isArray(a.sections), 'sections is an array');
    });

    test(`${lang}: exactly 3 first_steps (pay / reply / evidence)`, () => {
      assert.ok(Array.isArray(a.first_steps));
      assert.equal(a.first_steps.length, 3);
      for (const s of a.first_steps) assert.ok(nonEmpty(s), 'first step is non-empty');
    });

    test(`${lang}: stage_labels cover the five stages and nothing else`, () => {
      assert.deepEqual(Object.keys(a.stage_labels).sort(), [...PLAYBOOK].sort());
      for (const k of PLAYBOOK) assert.ok(nonEmpty(a.stage_labels[k]), `stage label ${k}`);
    });

    test(`${lang}: all required section ids, each once, in the documented order`, () => {
      assert.deepEqual(a.sections.map((s) => s.id), SECTION_IDS);
    });

    test(`${lang}: every section is complete`, () => {
      for (const s of a.sections) {
        const where = `${lang}/${s.id}`;
        assert.ok(nonEmpty(s.title), `${where}: title`);
        assert.ok(nonEmpty(s.summary), `${where}: summary`);
        assert.ok(Array.isArray(s.paragraphs), `${where}: paragraphs array`);
        assert.ok(s.paragraphs.length >= 2 && s.paragraphs.length <= 5, `${where}: 2–5 paragraphs, got ${s.paragraphs.length}`);
        for (const p of s.paragraphs) assert.ok(nonEmpty(p), `${where}: empty paragraph`);
        assert.ok(Array.isArray(s.steps), `${where}: steps array`);
        assert.ok(s.steps.length === 0 || (s.steps.length >= 3 && s.steps.length <= 8), `${where}: 0 or 3–8 steps, got ${s.steps.length}`);
        for (const st of s.steps) assert.ok(nonEmpty(st), `${where}: empty step`);
        if (PLAYBOOK.includes(s.id)) assert.equal(s.stage, s.id, `${where}: playbook section stage`);
        else assert.ok(s.stage === null || STAGES.has(s.stage), `${where}: unknown stage ${s.stage}`);
      }
    });

    test(`${lang}: text is plain (no markup, no links that could load anything)`, () => {
      const all = JSON.stringify(a);
      assert.ok(!/https?:\/\//i.test(all), 'advice must not contain http(s) URLs');
      assert.ok(!/<[a-z!/]/i.test(all), 'advice must not contain HTML');
    });

    test(`${lang}: "too-late" is the full checklist`, () => {
      const s = a.sections.find((x) => x.id === 'too-late');
      assert.equal(s.steps.length, 8, 'eight checklist steps');
      const steps = s.steps.join('\n');
      assert.match(steps, /Vigie/, 'mentions Vigie\'s save-evidence button');
      assert.match(steps, /StopNCII/, 'mentions StopNCII for adults');
      assert.match(steps, /Take It Down/, 'mentions Take It Down for minors');
      assert.match(steps, /(en-têtes|headers|encabezados)/i, 'mentions e-mail headers as evidence');
      assert.ok(s.paragraphs.length >= 2, 'has the shame paragraph');
    });
  }

  // The shape of a file without its texts: a reader can switch language mid-page and land on the
  // same section, paragraph and step.
  const shape = (a) => ({
    keys: Object.keys(a).sort(),
    stageLabels: Object.keys(a.stage_labels).sort(),
    firstSteps: a.first_steps.length,
    sections: a.sections.map((s) => ({ keys: Object.keys(s).sort(), id: s.id, stage: s.stage, paragraphs: s.paragraphs.length, steps: s.steps.length })),
  });

  for (const lang of TRANSLATIONS) {
    test(`${lang} and en are parallel (same keys, ids, stages, and paragraph/step counts)`, () => {
      assert.deepEqual(shape(advice[lang]), shape(advice.en));
    });
  }

  test('fr young-people section points teens to 3018', () => {
    const s = advice.fr.sections.find((x) => x.id === 'young-people');
    assert.match([...s.paragraphs, ...s.steps].join(' '), /3018/);
  });

  test('es points young people to 017 and people in crisis to 024', () => {
    const young = advice.es.sections.find((x) => x.id === 'young-people');
    assert.match([...young.paragraphs, ...young.steps].join(' '), /017/);
    assert.match(advice.es.sections.find((x) => x.id === 'too-late').paragraphs.join(' '), /024/);
  });

  test('too-late names the save-evidence button exactly as the extension labels it', () => {
    const label = { fr: 'Sauvegarder les preuves', en: 'Save evidence', es: 'Guardar las pruebas' };
    for (const lang of LANGS) {
      const messages = load(`../extension/_locales/${lang}/messages.json`);
      assert.equal(messages.action_evidence.message, label[lang], `${lang}: action_evidence label`);
      assert.match(advice[lang].sections.find((x) => x.id === 'too-late').steps.join(' '), new RegExp(label[lang]));
    }
  });

  test('mass-email sections say change the password and enable two-factor', () => {
    assert.match(advice.fr.sections.find((x) => x.id === 'mass-email').steps.join(' '), /double authentification/);
    assert.match(advice.en.sections.find((x) => x.id === 'mass-email').steps.join(' '), /two-factor/);
    assert.match(advice.es.sections.find((x) => x.id === 'mass-email').steps.join(' '), /verificación en dos pasos/);
  });
});

// ---------------------------------------------------------------- contacts

describe('contacts.json', () => {
  const c = load('contacts.json');
  const allEntries = [
    ...Object.entries(c.countries).flatMap(([cc, country]) => country.entries.map((e) => ({ cc, e }))),
    ...c.international.map((e) => ({ cc: 'INT', e })),
  ];

  test('top-level verified date is ISO', () => {
    assertIsoDate(c.verified, 'verified');
  });

  test('required countries are present, each with names, emergency number and ≥2 entries', () => {
    for (const cc of REQUIRED_COUNTRIES) assert.ok(c.countries[cc], `missing country ${cc}`);
    for (const [cc, country] of Object.entries(c.countries)) {
      assert.match(cc, /^[A-Z]{2}$/, `${cc}: country key is ISO 3166 alpha-2`);
      for (const lang of LANGS) assert.ok(nonEmpty(country.name?.[lang]), `${cc}: name.${lang}`);
      assert.match(country.emergency, /^\d{2,3}$/, `${cc}: emergency number`);
      if (country.emergency_source != null) assertHttps(country.emergency_source, `${cc}.emergency_source`);
      assert.ok(Array.isArray(country.entries) && country.entries.length >= 2, `${cc}: needs at least 2 entries`);
    }
  });

  test('every entry has the required fields with valid values', () => {
    assert.ok(allEntries.length > 0);
    for (const { cc, e } of allEntries) {
      const where = `${cc}/${e.id}`;
      assert.match(e.id, /^[a-z]{2,3}(-[a-z0-9]+)+$/, `${where}: id format`);
      const prefix = cc === 'INT' ? 'int-' : `${cc.toLowerCase()}-`;
      assert.ok(e.id.startsWith(prefix), `${where}: id must start with ${prefix}`);
      assert.ok(nonEmpty(e.name), `${where}: name`);
      assert.ok(KINDS.has(e.kind), `${where}: kind "${e.kind}"`);
      assert.ok(AUDIENCES.has(e.audience), `${where}: audience "${e.audience}"`);
      assertHttps(e.url, `${where}.url`);
      assertHttps(e.source, `${where}.source`);
      for (const f of ['phone', 'hours', 'cost']) {
        assert.ok(f in e, `${where}: field ${f} must be present (null if unknown)`);
        assert.ok(e[f] === null || nonEmpty(e[f]), `${where}: ${f} must be null or a non-empty string`);
      }
      if (e.phone !== null) assert.match(e.phone, /\d/, `${where}: phone has digits`);
      assert.ok(Array.isArray(e.languages) && e.languages.length > 0, `${where}: languages`);
      for (const l of e.languages) assert.match(l, /^[a-z]{2}$/, `${where}: language code "${l}"`);
      for (const lang of LANGS) assert.ok(nonEmpty(e.description?.[lang]), `${where}: description.${lang}`);
      assertIsoDate(e.verified, `${where}.verified`);
      assert.ok(e.verified <= c.verified, `${where}: verified after the file date`);
      if ('note' in e) assert.ok(nonEmpty(e.note), `${where}: note must be non-empty when present`);
      // A news item as `url` (no page of the service itself was found) is labelled as such, never as its site.
      if ('url_kind' in e) {
        assert.equal(e.url_kind, 'news', `${where}: url_kind is "news" when present`);
        assert.equal(e.url, e.source, `${where}: a news url is the source it was read in`);
        assert.match(e.note ?? '', /news item/, `${where}: the note says the source is a news item`);
      }
    }
  });

  test('ids are unique across the whole file', () => {
    const seen = new Map();
    for (const { cc, e } of allEntries) {
      assert.ok(!seen.has(e.id), `duplicate id ${e.id} (${seen.get(e.id)} and ${cc})`);
      seen.set(e.id, cc);
    }
  });

  test('France has PHAROS, 3018, 17Cyber or Cybermalveillance, and Info Escroqueries', () => {
    const ids = new Set(c.countries.FR.entries.map((e) => e.id));
    assert.ok(ids.has('fr-pharos'), 'fr-pharos');
    assert.ok(ids.has('fr-3018'), 'fr-3018');
    assert.ok(ids.has('fr-17cyber') || ids.has('fr-cybermalveillance'), '17cyber or cybermalveillance');
    assert.ok(ids.has('fr-info-escroqueries'), 'fr-info-escroqueries');
  });

  test('Info Escroqueries uses the current free number, not the old 0811 one', () => {
    const e = c.countries.FR.entries.find((x) => x.id === 'fr-info-escroqueries');
    const digits = (e.phone ?? '').replace(/\D/g, '');
    assert.notEqual(digits, '0811020217', 'old number 0 811 02 02 17 must not be used');
    assert.equal(digits, '0805805817');
    assert.equal(e.cost, 'free');
  });

  test('PHAROS and 3018 point at their own services', () => {
    const fr = Object.fromEntries(c.countries.FR.entries.map((e) => [e.id, e]));
    assert.equal(new URL(fr['fr-pharos'].url).hostname, 'www.internet-signalement.gouv.fr');
    assert.equal(fr['fr-3018'].phone.replace(/\D/g, ''), '3018');
    assert.equal(fr['fr-3018'].audience, 'minors');
  });

  test('international: StopNCII for adults and Take It Down for minors', () => {
    const byHost = Object.fromEntries(c.international.map((e) => [new URL(e.url).hostname, e]));
    assert.equal(byHost['stopncii.org']?.audience, 'adults');
    assert.equal(byHost['stopncii.org']?.kind, 'removal');
    assert.equal(byHost['takeitdown.ncmec.org']?.audience, 'minors');
    assert.equal(byHost['takeitdown.ncmec.org']?.kind, 'removal');
  });

  test('platforms: known keys, https url and source', () => {
    const keys = Object.keys(c.platforms);
    assert.ok(keys.length >= 5, 'at least five platforms');
    for (const k of keys) {
      assert.ok(PLATFORM_KEYS.has(k), `unknown platform key ${k}`);
      const p = c.platforms[k];
      assert.ok(nonEmpty(p.name), `${k}: name`);
      assertHttps(p.url, `platforms.${k}.url`);
      assertHttps(p.source, `platforms.${k}.source`);
    }
    for (const k of Object.keys(c.platforms_omitted ?? {})) {
      assert.ok(!(k in c.platforms), `${k} is both listed and omitted`);
    }
  });
});
