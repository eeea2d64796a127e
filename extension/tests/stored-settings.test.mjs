// The background's copy of the settings, used for the content script's first request (sent before
// the content script has read its own): a paused site is refused before any analysis, the options
// and language are the stored ones ("auto" resolved as the page's browser resolves it), a change
// is seen without reading the storage again.
// Run: node --test extension/tests/

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';

let stored;
let reads = 0;
let changed = null;
let withStoredSettings;

before(async () => {
  globalThis.chrome = {
    runtime: { id: 'vigie-test' },
    storage: {
      local: {
        get: async () => {
          reads++;
          return { settings: stored };
        },
        set: async () => {},
      },
      onChanged: {
        addListener: (fn) => {
          changed = fn;
        },
        removeListener() {},
      },
    },
  };
  stored = { schema: 1, lang: 'auto', sensitivity: 'high', minorMode: true, pausedSites: ['instagram'] };
  ({ withStoredSettings } = await import('../background/stored-settings.js'));
});

after(() => {
  delete globalThis.chrome;
});

const request = (site, autoLang = 'fr') => ({ type: 'vigie:analyze', stored: true, site, autoLang, thread: 't', messages: [{ id: 'a', text: 'Salut' }] });

test('a paused site is refused; another gets the stored options, and "auto" as the page resolves it', async () => {
  const paused = await withStoredSettings(request('instagram'));
  assert.equal(paused.request, null, 'paused: nothing to analyse');
  assert.equal(paused.settings.sensitivity, 'high', 'the settings come with the refusal');
  const { request: ok, settings } = await withStoredSettings(request('whatsapp'));
  assert.deepEqual(settings.pausedSites, ['instagram']);
  assert.deepEqual(ok.options, { sensitivity: 'high', minorMode: true });
  assert.equal(ok.lang, 'fr', 'the page\'s own resolution of "auto"');
  assert.deepEqual(ok.messages, request('whatsapp').messages, 'the messages untouched');
  assert.equal((await withStoredSettings(request('whatsapp', 'xx'))).request.lang, 'en', 'a language Vigie does not speak falls back to English');
  assert.equal((await withStoredSettings({ ...request('whatsapp'), site: undefined })).request, null, 'a request that names no site cannot be checked: refused');
  assert.equal(reads, 1, 'the storage is read once');
});

test('a settings change is used at once, without reading the storage again', async () => {
  changed({ settings: { newValue: { schema: 1, lang: 'es', sensitivity: 'low', pausedSites: ['whatsapp'] } } }, 'local');
  assert.equal((await withStoredSettings(request('whatsapp'))).request, null, 'now paused');
  const other = (await withStoredSettings(request('instagram'))).request;
  assert.deepEqual(other.options, { sensitivity: 'low', minorMode: false });
  assert.equal(other.lang, 'es');
  assert.equal(reads, 1);
});
