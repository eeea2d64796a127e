// A page opened with settings already stored. The content script's first request leaves before its
// own settings read (issue 7, start-up), and the service worker answers it with its copy of the
// settings: so the first warnings must already follow them (sensitivity, language), and a paused
// site must get none, exactly as when the content script read its settings first.
// Fixture: WhatsApp (tests/e2e/fixtures/whatsapp).

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, skipReason, CONVERSATIONS, shadowInfo, adapter, serveConversations } from './support/harness.mjs';
import { expectLevels, expectedLevels, hostExpr, specOf, status, settled } from './support/flow.mjs';
import { reference, shown } from './support/engine.mjs';

const URL_ = 'https://web.whatsapp.com/';
const SITES = { 'web.whatsapp.com': { dir: 'whatsapp' } };
const scam = CONVERSATIONS.fr.scam.messages;
const spec = specOf(adapter('whatsapp'));
const threat = scam.findIndex((m) => m.expect === 'danger');

describe('a page opened with stored settings', { skip: skipReason() ?? false }, () => {
  let h;

  before(async () => {
    h = await launch({ sites: SITES });
  });
  after(async () => {
    await h?.close();
  });

  test('the warnings follow the stored sensitivity and language from the start', async () => {
    await h.setSettings({ lang: 'en', sensitivity: 'low', pausedSites: [] });
    const input = scam.map((m, i) => ({ id: String(i), text: m.text, direction: m.dir }));
    const low = (await reference(input, { sensitivity: 'low' })).messages.map((m, i) => shown({ ...m, direction: input[i].direction }));
    const normal = (await expectedLevels({}, scam)).levels;
    assert.notDeepEqual(low, normal, 'the conversation reads differently at low sensitivity (else this test proves nothing)');
    const page = await h.context.newPage();
    await page.goto(URL_);
    await expectLevels(page, spec, low, 'low sensitivity from the start');
    assert.match((await shadowInfo(page, hostExpr(spec, threat))).text, /What to do\?/, 'in the stored language');
    await page.close();
  });

  test('a paused site gets nothing at all: no warning, nothing analysed, not watched', async () => {
    await h.setSettings({ lang: 'fr', sensitivity: 'normal', pausedSites: ['whatsapp'] });
    const page = await h.context.newPage();
    await page.goto(URL_);
    // The content script's first read leaves at once; give it, the answer and a frame time to land.
    await page.waitForTimeout(1500);
    assert.equal(await page.locator('vigie-warning, vigie-banner').count(), 0);
    const s = await status(h, page);
    assert.equal(s.paused, true);
    assert.equal(s.active, false, 'not watched');
    assert.equal(s.analysed, 0);
    await h.setSettings({ pausedSites: [] });
    await expectLevels(page, spec, (await expectedLevels({}, scam)).levels, 'resumed');
    await page.close();
  });

  test('a chat opened on a long history: its newest messages are answered first, then every message gets the whole conversation\'s verdict', async () => {
    // 52 messages of the family thread before the scam's 8: the first request carries the newest
    // 20 (analyse.js FIRST_REQUEST_MESSAGES), the rest leaves after their answer.
    await h.setSettings({ lang: 'fr', sensitivity: 'normal', pausedSites: [] });
    const family = CONVERSATIONS.fr.benign.messages;
    const history = Array.from({ length: 52 }, (_, i) => ({ ...family[i % family.length], min: 0, expect: 'any' }));
    const thread = [...history, ...scam.map((m) => ({ ...m, min: m.min + 1 }))];
    const conversations = structuredClone(CONVERSATIONS);
    conversations.fr.scam.messages = thread;
    const page = await h.context.newPage();
    await serveConversations(page, conversations);
    await page.goto(URL_);
    const s = await settled(h, page, thread.length, 'a 60-message thread');
    assert.equal(s.analysed, 60);
    await expectLevels(page, spec, (await expectedLevels({}, thread)).levels, 'the levels of the whole conversation');
    assert.equal(await page.locator('vigie-banner[data-vigie-level="danger"]').count(), 1, 'and its banner');
    await page.close();
  });

  test('no request left the browser', () => {
    assert.deepEqual(h.violations, []);
    assert.deepEqual(h.extensionRequests, []);
    assert.deepEqual(h.strayProxyHits(), []);
  });
});
