// Modified copies of the built extension for tests that need what automation cannot do
// (answer a permission prompt) or a broken part (a corrupt engine). dist/ itself is never touched.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXT_DIR } from './harness.mjs';

/** A copy of dist/chromium, with `change(dir, manifest)` applied; returns its path. */
export function variant(name, change) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vigie-${name}-`));
  fs.cpSync(EXT_DIR, dir, { recursive: true });
  const file = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  change(dir, manifest);
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2));
  return dir;
}
