// A settings change reaches the warnings of messages older than the newest 200 (extension/content/
// analyse.js analyseOlder). A request carries the thread's newest 200 messages; the content script
// remembers up to 600. Here the French scam conversation (its 3rd message a caution and its 5th a
// warning at normal sensitivity; none and caution at low) is followed by 250 ordinary messages, so
// the scam is out of the newest window when the user lowers the sensitivity: its warnings must
// still change, to what the engine says about the windows of older messages the page asks.
// Fixture: WhatsApp (tests/e2e/fixtures/whatsapp).
//
// Run: cargo xtask wasm && node extension/build.mjs && node --test tests/e2e/older-windows.test.mjs

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, CONVERSATIONS, adapter } from './support/harness.mjs';
import { expectLevels, expectedLevels, openChat, ordinaryMessages, referenceInput, settled, specOf } from './support/flow.mjs';
import { reference, shown, RANK } from './support/engine.mjs';
import { steppedStarts, WINDOW } from '../../extension/shared/windows.js';

const URL_ = 'https://web.whatsapp.com/';
const SITES = { 'web.whatsapp.com': { dir: 'whatsapp' } };
const scam = CONVERSATIONS.fr.scam.messages;
const spec = specOf(adapter('whatsapp'));
/** The content script's step between older windows (analyse.js OLDER_WINDOW_STEP). */
const OLDER_WINDOW_STEP = 100;

const ordinary = ordinaryMessages(250);
const list = [...scam, ...ordinary];

/**
 * The levels the page should show under `options` once every window is answered: the newest
 * window's for its messages; for the older ones, the highest the engine gives each in the older
 * windows analyse.js asks (stepped back from the one ending where the newest starts), as the
 * held-level rule keeps them within the same settings.
 */
async function pageLevelsUnder(options) {
  const input = referenceInput({}, list);
  const live = list.length - WINDOW;
  const levels = Array(list.length).fill('none');
  const read = (verdict, start, end) => verdict.messages.forEach((m, i) => {
    const level = shown({ ...m, direction: input[start + i].direction });
    if (start + i < end && RANK[level] > RANK[levels[start + i]]) levels[start + i] = level;
  });
  read(await reference(input.slice(live), options), live, list.length);
  for (const start of steppedStarts(live, OLDER_WINDOW_STEP).map((s) => s - 1)) {
    read(await reference(input.slice(start, start + WINDOW), options), start, live);
  }
  return levels;
}

describe('a settings change reaches the warnings older than the newest 200 messages', { skip: skipReason() ?? false }, () => {
  let h;
  let page;

  before(async () => {
    ({ h, page } = await openChat(SITES, URL_));
  });
  after(async () => {
    await h?.close();
  });

  test('the scam\'s old warnings take the lower sensitivity\'s levels', async () => {
    const atStart = await expectedLevels({}, scam);
    await expectLevels(page, spec, atStart.levels, 'the scam conversation');
    // Two bursts, each answered while its messages are the newest: every message has its verdict
    // under normal sensitivity before the change, as in a chat that went on.
    for (const [from, to] of [[0, 150], [150, ordinary.length]]) {
      await page.evaluate((more) => window.fixture.appendMessages(more), ordinary.slice(from, to));
      await settled(h, page, scam.length + to, `after ${to} ordinary messages`);
    }
    const normal = await pageLevelsUnder({ sensitivity: 'normal' });
    const low = await pageLevelsUnder({ sensitivity: 'low' });
    assert.ok(list.length - WINDOW > scam.length, 'the scam is older than the newest window');
    assert.deepEqual([normal[2], normal[4]], ['caution', 'warning'], 'engine: at normal sensitivity');
    assert.deepEqual([low[2], low[4]], ['none', 'caution'], 'engine: at low sensitivity');
    await expectLevels(page, spec, normal, 'before the change');

    await h.setSettings({ sensitivity: 'low' });
    await expectLevels(page, spec, low, 'after the sensitivity was lowered');
  });
});
