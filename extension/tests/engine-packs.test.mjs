// The service worker's engine host (extension/background/engine.js) and the rule packs that are
// files: it starts with the packs compiled into the module (English, French) and those of the
// browser's languages, reads another language's pack when a verdict names it, answers what the
// engine with every pack answers, reads each file once, and keeps going when a file is missing.
// Run on a temporary build, with a fake extension API whose URLs are the build's files.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from '../build.mjs';
import { nodeEngine } from '../../tests/e2e/support/engine.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.dirname(EXT);
const hasPkg = fs.existsSync(path.join(ROOT, 'pkg/packs/es.pack'));
const opts = { skip: hasPkg ? false : 'pkg/ not built (cargo xtask wasm)' };

// Written for this test: a Spanish threat, and a calm French message.
const THREAT_ES = 'Te he grabado en la videollamada. Si no pagas 300 euros, mando el vídeo a toda tu familia.';
const CALM_FR = 'On se voit demain au resto ?';

let dist;
let fetched;
let missing;
const realFetch = globalThis.fetch;
const realNavigator = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

before(() => {
  if (!hasPkg) return;
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-packs-'));
  build({ dist, zip: false, log: () => {} });
  const base = pathToFileURL(path.join(dist, 'chromium') + '/').href;
  globalThis.chrome = { runtime: { id: 'vigie-test', getURL: (p) => new URL(p, base).href } };
  fetched = [];
  missing = new Set();
  // The extension's files, as the browser serves them to its own worker.
  globalThis.fetch = async (url) => {
    const file = fileURLToPath(String(url));
    fetched.push(path.relative(path.join(dist, 'chromium'), file));
    if (missing.has(path.basename(file)) || !fs.existsSync(file)) return new Response('', { status: 404 });
    const type = file.endsWith('.wasm') ? 'application/wasm' : 'application/octet-stream';
    return new Response(fs.readFileSync(file), { headers: { 'content-type': type } });
  };
});

after(() => {
  globalThis.fetch = realFetch;
  if (realNavigator) Object.defineProperty(globalThis, 'navigator', realNavigator);
  else delete globalThis.navigator;
  delete globalThis.chrome;
  if (dist) fs.rmSync(dist, { recursive: true, force: true });
});

/** A fresh copy of the module (its own engine and packs), for a browser with these languages. */
async function host(languages) {
  Object.defineProperty(globalThis, 'navigator', { value: { languages }, configurable: true });
  const url = pathToFileURL(path.join(dist, 'chromium/background/engine.js'));
  url.search = `?${languages.join(',')}`;
  return import(url.href);
}

const request = (text) => ({ messages: [{ id: 'm', text, direction: 'in' }], options: { sensitivity: 'normal', minorMode: false }, lang: 'fr' });

test('a French browser reads the Spanish pack when a Spanish threat needs it, once', opts, async () => {
  const e = await host(['fr-FR', 'fr']);
  fetched.length = 0;
  await e.engine();
  assert.deepEqual(e.engineStatus().packs, ['en', 'fr']);
  assert.deepEqual(fetched.filter((f) => f.endsWith('.pack')), [], 'no pack read for a French browser');

  const calm = await e.analyze(request(CALM_FR));
  assert.equal(calm.level, 'none');
  assert.deepEqual(fetched.filter((f) => f.endsWith('.pack')), []);

  const verdict = await e.analyze(request(THREAT_ES));
  const expected = (await nodeEngine()).analyzeConversation(request(THREAT_ES));
  assert.ok(fetched.includes(path.join('pkg', 'packs', 'es.pack')), fetched.join(', '));
  assert.equal('missing_packs' in verdict, false, 'the answer carries no missing_packs');
  assert.equal(verdict.level, expected.level);
  assert.deepEqual(verdict.messages[0].signals, expected.messages[0].signals);
  assert.ok(verdict.messages[0].signals.some((s) => s.rule.startsWith('es.')));
  assert.ok(e.engineStatus().packs.includes('es'));
  assert.equal(e.engineStatus().packError, null);

  const reads = fetched.length;
  await e.analyze(request(THREAT_ES));
  assert.equal(fetched.length, reads, 'a pack is read once');
});

test('a Spanish browser starts with the Spanish pack', opts, async () => {
  const e = await host(['es-MX', 'es', 'en']);
  fetched.length = 0;
  await e.engine();
  assert.deepEqual(fetched.filter((f) => f.endsWith('.pack')), [path.join('pkg', 'packs', 'es.pack')]);
  assert.deepEqual(e.engineStatus().packs, ['en', 'es', 'fr']);
});

test('a pack file that cannot be read is named, not asked for again, and the verdict still comes', opts, async () => {
  const e = await host(['fr-FR']);
  missing.add('es.pack');
  try {
    const verdict = await e.analyze(request(THREAT_ES));
    assert.ok(Array.isArray(verdict.messages) && verdict.messages.length === 1);
    assert.equal('missing_packs' in verdict, false);
    assert.match(e.engineStatus().packError, /es rule pack: HTTP 404/);
    // (The threat's words fit Italian and Portuguese patterns too: those packs were read.)
    assert.ok(!e.engineStatus().packs.includes('es'), e.engineStatus().packs.join(','));
    const reads = fetched.length;
    await e.analyze(request(THREAT_ES));
    assert.equal(fetched.length, reads, 'an unreadable pack is not fetched on every request');
  } finally {
    missing.delete('es.pack');
  }
});
