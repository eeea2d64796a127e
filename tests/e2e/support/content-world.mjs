// For tests that run code beside the content script, in its own (isolated) world, on every site
// fixture: a browser serving the fixtures with Vigie paused on all of them (the content script is
// there, but its observer does not read: only the test does), and a page opened on one case with
// a way to evaluate expressions in that world.

import { describe, test, before, after } from 'node:test';

import { launch, skipReason } from './harness.mjs';

/** The `sites` option of `launch` that serves every case's fixture. */
function fixtureSites(cases) {
  const sites = {};
  for (const c of cases) {
    const u = new URL(c.url);
    const site = (sites[u.host] ??= { dir: c.fixture, headers: c.headers, paths: {} });
    site.paths[`/${u.pathname.split('/')[1]}/`] = c.fixture;
  }
  return sites;
}

/** A browser (`launch`'s harness) serving every case's fixture, Vigie paused on each site. */
export async function launchPausedOnFixtures(cases) {
  const h = await launch({ locale: 'fr-FR', sites: fixtureSites(cases) });
  await h.setSettings({ pausedSites: [...new Set(cases.map((c) => c.adapter))] });
  return h;
}

/**
 * Opens case `c` in a new page of harness `h`, waits for its messages and the content script's
 * world. Returns `{ page, session, run, close }`: `run(expression, { awaitPromise })` evaluates in
 * that world and returns the value (throws what the expression threw); `session` is the page's
 * CDP session; `close()` closes the page.
 */
export async function openInContentWorld(h, c) {
  const page = await h.context.newPage();
  const session = await h.context.newCDPSession(page);
  const close = async () => {
    await session.detach().catch(() => {});
    await page.close();
  };
  try {
    const contexts = [];
    session.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
    await session.send('Runtime.enable');
    await page.goto(c.url);
    if (c.enter) await page.click('[data-fixture-go="scam"]');
    await page.waitForFunction(() => window.fixture?.count > 0);
    let world = null;
    for (let i = 0; i < 40 && !world; i++) {
      world = contexts.find((x) => x.auxData?.type === 'isolated' && (x.name === 'Vigie' || x.origin === `chrome-extension://${h.id}`) && x.auxData?.frameId);
      if (!world) await page.waitForTimeout(50);
    }
    if (!world) throw new Error('the content script\'s world was not found');
    const run = async (expression, { awaitPromise = false } = {}) => {
      const { result, exceptionDetails } = await session.send('Runtime.evaluate', { contextId: world.id, expression, returnByValue: true, awaitPromise });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    };
    return { page, session, run, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * A suite with one test per case, each on its own page beside the content script (see
 * `openInContentWorld`), in one browser for the whole suite: `body(c, { page, run })`.
 */
export function testInContentWorld(title, cases, body) {
  describe(title, { skip: skipReason() ?? false }, () => {
    let h;
    before(async () => {
      h = await launchPausedOnFixtures(cases);
    });
    after(async () => {
      await h?.close();
    });
    for (const c of cases) {
      test(c.name, async () => {
        const world = await openInContentWorld(h, c);
        try {
          await body(c, world);
        } finally {
          await world.close();
        }
      });
    }
  });
}
