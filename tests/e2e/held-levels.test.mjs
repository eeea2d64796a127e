// A warning raised by its context does not fall because the chat went on (extension/content/
// analyse.js holdContextLevel, holdConversation). A request carries the thread's newest 200
// messages: here a payment demand that is danger after the threat ("J'attends toujours les codes
// PCS", warning alone) is followed by 199 ordinary messages, so the threat leaves the request's
// window while the demand is still in it. The engine alone now says warning for the demand and
// for the conversation (checked below, so the test keeps exercising a fall); the page must still
// show danger, with its banner. Lowering the sensitivity is another question: the demand then
// takes the new answer, lower or not.
// Fixture: WhatsApp (tests/e2e/fixtures/whatsapp).
//
// Run: cargo xtask wasm && node extension/build.mjs && node --test tests/e2e/held-levels.test.mjs

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { skipReason, CONVERSATIONS, adapter } from './support/harness.mjs';
import { expectLevels, expectedLevels, openChat, ordinaryMessages, pageLevels, settled, specOf, status } from './support/flow.mjs';
import { reference, shown } from './support/engine.mjs';

const URL_ = 'https://web.whatsapp.com/';
const SITES = { 'web.whatsapp.com': { dir: 'whatsapp' } };
const scam = CONVERSATIONS.fr.scam.messages;
const spec = specOf(adapter('whatsapp'));
const MAX_THREAD_MESSAGES = 200;

const demand = { dir: 'in', min: 45, expect: 'danger', text: "J'attends toujours les codes PCS" };
/** Enough ordinary messages after the demand that it is the oldest message of the next request. */
const ordinary = ordinaryMessages(MAX_THREAD_MESSAGES - 1);
const demandAt = scam.length;
const total = scam.length + 1 + ordinary.length;

/** The engine's levels for `list` read alone (as the request after the burst carries it). */
async function windowLevels(list, options) {
  const input = list.map((m, i) => ({ id: String(i), text: m.text, direction: m.dir, time: null }));
  const verdict = await reference(input, options);
  return { verdict, levels: verdict.messages.map((m, i) => shown({ ...m, direction: input[i].direction })) };
}

/** Polls the level shown next to fixture message `n` until it is `level`; returns the last one seen. */
async function levelOf(page, n, level) {
  let seen = null;
  for (let i = 0; i < 80 && seen !== level; i++) {
    seen = (await page.evaluate(pageLevels, { spec }))[n];
    if (seen !== level) await page.waitForTimeout(100);
  }
  return seen;
}

describe('levels held when the threat leaves the request\'s window', { skip: skipReason() ?? false }, () => {
  let h;
  let page;

  before(async () => {
    ({ h, page } = await openChat(SITES, URL_));
  });
  after(async () => {
    await h?.close();
  });

  test('a demand that was danger after the threat stays danger, and the banner stays, after 199 ordinary messages', async () => {
    const withDemand = await expectedLevels({}, [...scam, demand]);
    assert.equal(withDemand.levels[demandAt], 'danger', 'engine: the demand is danger after the threat');
    await expectLevels(page, spec, withDemand.levels.slice(0, demandAt), 'the scam conversation');
    await page.evaluate((list) => window.fixture.appendMessages(list), [demand]);
    await expectLevels(page, spec, withDemand.levels, 'the demand after the threat');
    assert.equal((await status(h, page)).level, 'danger');

    // What the engine says about the request after the burst: the demand alone, then ordinary messages.
    const burst = await windowLevels([demand, ...ordinary]);
    assert.equal(burst.levels[0], 'warning', 'engine: without the threat, the demand is only a warning');
    assert.notEqual(burst.verdict.level, 'danger', 'engine: and the conversation it sees is not danger');
    assert.ok(burst.levels.slice(1).every((l) => l === 'none'), 'engine: the ordinary messages are clean');

    await page.evaluate((list) => window.fixture.appendMessages(list), ordinary);
    // Every message answered, so the levels below are the burst's answer, not the ones before it.
    await settled(h, page, total, 'after the burst');
    await expectLevels(page, spec, [...withDemand.levels, ...burst.levels.slice(1)], 'after the burst');
    assert.equal((await status(h, page)).level, 'danger', 'the conversation verdict is held');
    assert.equal(await page.locator('vigie-banner').count(), 1, 'the banner stays');
  });

  test('a lower sensitivity gives the demand its new level', async () => {
    const low = await windowLevels([demand, ...ordinary], { sensitivity: 'low' });
    assert.notEqual(low.levels[0], 'danger', 'engine: at low sensitivity, alone, the demand is not danger');
    await h.setSettings({ sensitivity: 'low' });
    assert.equal(await levelOf(page, demandAt, low.levels[0]), low.levels[0], 'other settings: the new answer as it is');
  });
});
