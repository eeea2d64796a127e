// The start-up benches' page loads (startup-ab.mjs, startup-split.mjs, startup-trace.mjs): the
// fixture opened until its first warning, and the content script's marks read from its world.

import { until } from '../../tests/e2e/support/harness.mjs';

/** Opens `url` once and waits for its first warning: the worker is up and the engine loaded. */
export async function warmUp(h, url) {
  const page = await h.context.newPage();
  await page.goto(url);
  await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning' });
  await page.close();
}

/**
 * One page load of `url` until its first warning; resolves to the content script's
 * `Vigie.timing` (performance.now() values of its own clock), read in its isolated world.
 */
export async function loadTiming(h, url) {
  const page = await h.context.newPage();
  const session = await h.context.newCDPSession(page);
  const worlds = [];
  session.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
  await session.send('Runtime.enable');
  await page.goto(url);
  await until(page, () => document.querySelector('vigie-warning'), null, { timeout: 20000, message: 'the first warning' });
  const world = worlds.find((w) => w.auxData?.type === 'isolated' && w.origin === `chrome-extension://${h.id}`) ?? worlds.find((w) => w.auxData?.type === 'isolated');
  const { result } = await session.send('Runtime.evaluate', { contextId: world.id, expression: 'JSON.stringify(globalThis.Vigie?.timing ?? null)', returnByValue: true });
  await page.close();
  return JSON.parse(result.value);
}
