// Settings across versions and broken storage: old values are migrated step by step, a newer
// value (after a downgrade) is never overwritten, and what the user must be told about — repaired,
// reset or unreadable settings — is written or answered. storage.local is a fake here; the popup's
// notice is also checked in the browser (tests/e2e/pages.test.mjs).
// Run: node --test extension/tests/

import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

// shared/browser.js picks `chrome` when it is imported: the fake must exist first.
const stored = new Map();
let failReads = false;
globalThis.chrome = {
  runtime: { id: 'test' },
  storage: {
    local: {
      async get(key) {
        if (failReads) throw new Error('IO error: .../Local Extension Settings/...: Corruption: block checksum mismatch');
        return stored.has(key) ? { [key]: structuredClone(stored.get(key)) } : {};
      },
      async set(items) {
        for (const [k, v] of Object.entries(items)) stored.set(k, structuredClone(v));
      },
      async remove(key) {
        stored.delete(key);
      },
    },
    onChanged: { addListener() {}, removeListener() {} },
  },
};
const { migrate, MIGRATIONS, SCHEMA, schemaOf, defaults, loadSettings, normalizeSettings, SETTINGS_KEY, NOTICE_KEY } = await import('../shared/settings.js');
const { takeSettingsNotice } = await import('../pages/lib/store.js');

beforeEach(() => {
  stored.clear();
  failReads = false;
});

test('one migration step per schema version, and the current schema is the last', () => {
  assert.equal(MIGRATIONS.length, SCHEMA, 'a schema bump without its migration step');
  for (const step of MIGRATIONS) assert.equal(typeof step, 'function');
});

test('a value without a version (schema 0) migrates to the current schema, every field kept', () => {
  const old = { lang: 'fr', country: 'BE', sensitivity: 'high', minorMode: true, pinHash: 'ab'.repeat(32), pinSalt: 'cd'.repeat(16),
    pausedSites: ['discord'], dismissed: [{ site: 'whatsapp', thread: 'whatsapp:Ana', messageKey: 'id:1', at: 5 }] };
  const migrated = migrate(old);
  assert.equal(migrated.schema, SCHEMA);
  assert.deepEqual({ ...migrated, schema: undefined }, { ...old, schema: undefined });
  assert.ok(!('schema' in old), 'the stored value is not changed in place');
  const { settings, repaired } = normalizeSettings(old);
  assert.deepEqual(repaired, [], 'a migration is not a repair: no notice');
  assert.equal(settings.minorMode, true);
  assert.equal(settings.pinHash, old.pinHash, 'a parent PIN survives the update');
  assert.deepEqual(settings.dismissed, old.dismissed);
});

test('unusable versions count as schema 0; migrating twice changes nothing', () => {
  for (const schema of [undefined, null, '1', -1, 1.5, NaN, {}]) assert.equal(schemaOf({ schema }), 0, String(schema));
  assert.equal(schemaOf(null), 0);
  assert.equal(migrate({ schema: '1', lang: 'en' }).schema, SCHEMA);
  const once = migrate({ lang: 'en' });
  assert.deepEqual(migrate(once), once);
});

test('a value from a newer schema (Vigie downgraded) is read as far as understood and never written back', async () => {
  const newer = { schema: SCHEMA + 1, lang: 'en', sensitivity: 'high', minorMode: true, pausedSites: 'a format this version does not know', futureField: 1 };
  assert.deepEqual(migrate(newer), newer);
  stored.set(SETTINGS_KEY, newer);
  const settings = await loadSettings();
  assert.equal(settings.sensitivity, 'high');
  assert.equal(settings.minorMode, true, 'minor mode stays on');
  assert.deepEqual(settings.pausedSites, []);
  assert.deepEqual(stored.get(SETTINGS_KEY), newer, 'the newer value is left for the newer version');
  assert.equal(stored.has(NOTICE_KEY), false);
});

test('corrupted settings: defaults, saved, and a notice for the popup and options page (once)', async () => {
  for (const bad of ['{"lang": "fr", "sensitiv', 42, [], true]) {
    stored.clear();
    stored.set(SETTINGS_KEY, bad);
    assert.deepEqual(await loadSettings(), defaults());
    assert.deepEqual(stored.get(SETTINGS_KEY), defaults(), 'the repaired value is saved');
    const notice = await takeSettingsNotice();
    assert.deepEqual(notice.repaired, ['*'], JSON.stringify(bad));
    assert.equal(await takeSettingsNotice(), null, 'shown once');
  }
});

test('wrong types: repaired field by field, the notice names them', async () => {
  stored.set(SETTINGS_KEY, { schema: 1, lang: 'fr', sensitivity: 3, minorMode: 'yes', dismissed: {} });
  const settings = await loadSettings();
  assert.equal(settings.lang, 'fr');
  assert.equal(settings.sensitivity, 'normal');
  const notice = await takeSettingsNotice();
  assert.deepEqual(notice.repaired.sort(), ['dismissed', 'minorMode', 'sensitivity']);
});

test('storage that cannot be read: the defaults are used and the pages are told', async () => {
  stored.set(SETTINGS_KEY, { schema: 1, minorMode: true });
  failReads = true;
  assert.deepEqual(await loadSettings(), defaults());
  assert.deepEqual(await takeSettingsNotice(), { unreadable: true });
  failReads = false;
  assert.deepEqual(stored.get(SETTINGS_KEY), { schema: 1, minorMode: true }, 'nothing was overwritten while storage could not be read');
});
