// The content script's analysis requests go through a long-lived port (extension/shared/protocol.js
// ANALYZE_PORT); the port closes when the browser stops the service worker (after 30 s idle). After
// such a stop, a new scam message on the page still gets its warning: the content script connects
// again (or sends with runtime.sendMessage), which starts the worker and its engine.
//
// Run: cargo xtask wasm && node extension/build.mjs && node --test tests/e2e/worker-stopped.test.mjs

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, skipReason, stopWorker, until } from './support/harness.mjs';
import { CASES } from './support/cases.mjs';

const SCAM = 'J\'ai tes photos intimes. Envoie 500 euros en carte PCS avant ce soir ou je les envoie à toute ta famille et tes amis.';

describe('a stopped service worker', { skip: skipReason() ?? false }, () => {
  const c = CASES.find((x) => x.name === 'whatsapp');
  let h;
  before(async () => {
    h = await launch({ locale: 'fr-FR', sites: { [new URL(c.url).host]: { dir: c.fixture, headers: c.headers } } });
  });
  after(async () => {
    await h?.close();
  });

  test('a message after the worker stopped is still warned about, twice in a row', async () => {
    const page = await h.context.newPage();
    const session = await h.context.newCDPSession(page);
    await page.goto(c.url);
    await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning' });
    await page.evaluate(() => window.fixture.go('benign'));
    await sleep(500);
    const warned = (n) => page.evaluate((k) => Boolean(document.querySelector(`[data-fixture-n="${k}"] vigie-warning, [data-fixture-n="${k}"] + vigie-warning`)), n);

    // A first scam message on the quiet thread: sent over the port.
    const first = await page.evaluate((text) => window.fixture.appendMessages([{ text, dir: 'in', min: 100 }]), SCAM);
    await until(page, (k) => document.querySelector(`[data-fixture-n="${k}"] + vigie-warning, [data-fixture-n="${k}"] vigie-warning`), first, { timeout: 10000, message: 'the warning before the stop' });

    for (const round of [1, 2]) {
      assert.ok(await stopWorker(session, h.id), `round ${round}: the service worker stopped`);
      const n = await page.evaluate(([text, min]) => window.fixture.appendMessages([{ text, dir: 'in', min }]), [`${SCAM} (${round})`, 100 + round]);
      await until(page, (k) => document.querySelector(`[data-fixture-n="${k}"] + vigie-warning, [data-fixture-n="${k}"] vigie-warning`), n, { timeout: 20000, message: `round ${round}: the warning after the worker stopped` });
      assert.ok(await warned(n));
    }
    await page.close();
  });

  test('a chat page wakes the stopped worker as it starts loading, before the content script runs', async () => {
    const page = await h.context.newPage();
    const session = await h.context.newCDPSession(page);
    await page.goto(c.url);
    await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning' });
    assert.ok(await stopWorker(session, h.id), 'the service worker stopped');

    // The page's parser waits for this script; the content script proper runs only after it
    // (document_idle), so a worker that starts meanwhile was started by the wake-up script.
    let release;
    const held = new Promise((resolve) => { release = resolve; });
    await page.route('**/__fixture__/conversations.js', async (route) => {
      await held;
      await route.fallback();
    });
    const loaded = page.goto(c.url);
    let running = false;
    for (let i = 0; i < 100 && !running; i++) {
      const { targetInfos } = await session.send('Target.getTargets');
      running = targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${h.id}/`));
      if (!running) await sleep(50);
    }
    const state = await page.evaluate(() => document.readyState);
    release();
    assert.ok(running, 'the service worker runs again while the page is still loading');
    assert.equal(state, 'loading', 'the page had not finished parsing: the content script proper had not run yet');
    await loaded;
    await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning after the wake-up' });
    await page.close();
  });
});
