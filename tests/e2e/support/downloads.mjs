// Files an extension page offers with <a download> on blob: URLs, read back in node.

import assert from 'node:assert/strict';
import fs from 'node:fs';

/** Clicks `selector` and returns the `count` files it downloads ({name → Buffer}). */
export async function downloads(page, selector, count = 2) {
  const files = {};
  const done = new Promise((resolve) => {
    page.on('download', async (d) => {
      files[d.suggestedFilename()] = fs.readFileSync(await d.path());
      if (Object.keys(files).length === count) resolve();
    });
  });
  await page.click(selector);
  await Promise.race([done, page.waitForTimeout(10000)]);
  assert.equal(Object.keys(files).length, count, `downloads after ${selector}: ${Object.keys(files)}`);
  return files;
}
