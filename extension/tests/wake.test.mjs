// content/wake.js: the script that wakes the service worker at document_start (build.mjs
// WAKE_SCRIPT). It sends one message of one field, its type, and nothing can make it throw into
// the page: no extension API, an API that throws (the extension was updated), a refused promise.
// Run: node --test extension/tests/wake.test.mjs

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { MSG, ALLOWED } from '../shared/protocol.js';

const SOURCE = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../content/wake.js'), 'utf8');

/** Runs wake.js in a fresh context with `globals`; resolves once its promise callbacks have run. */
async function run(globals) {
  const context = vm.createContext({ ...globals });
  vm.runInContext(SOURCE, context);
  await new Promise((resolve) => setImmediate(resolve));
  return context;
}

test('it sends the engine-status message, its type only, once', async () => {
  const sent = [];
  await run({ chrome: { runtime: { sendMessage: (m) => (sent.push(m), Promise.resolve({ ok: true })) } } });
  assert.equal(sent.length, 1);
  assert.deepEqual(Object.keys(sent[0]), ['type'], 'nothing of the page goes with it');
  assert.equal(sent[0].type, MSG.ENGINE_STATUS, 'the literal in wake.js is the protocol\'s type');
  assert.ok(ALLOWED[MSG.ENGINE_STATUS].includes('content'), 'the background accepts it from a content script');
});

test('Firefox: the browser namespace is used when there is one', async () => {
  const sent = [];
  await run({
    browser: { runtime: { sendMessage: (m) => (sent.push(['browser', m]), Promise.resolve()) } },
    chrome: { runtime: { sendMessage: (m) => (sent.push(['chrome', m]), Promise.resolve()) } },
  });
  assert.deepEqual(sent.map(([ns]) => ns), ['browser']);
});

test('a refused message, a throwing API or no API at all leave the page alone', async () => {
  const unhandled = [];
  const onUnhandled = (reason) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await run({ chrome: { runtime: { sendMessage: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) } } });
    await run({ chrome: { runtime: { sendMessage: () => { throw new Error('Extension context invalidated.'); } } } });
    await run({ chrome: { runtime: {} } });
    await run({});
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.deepEqual(unhandled, []);
});
