// The pages' view of the settings. Schema, defaults, repair and migration belong to core's
// shared/settings.js; this file only adds what the pages alone do (wipe everything).
import { ext } from './ext.js';

import { NOTICE_KEY } from '../../shared/settings.js';

export { loadSettings as getSettings, updateSettings, onSettingsChanged, normalizeOrigin } from '../../shared/settings.js';

/** Core's note that stored settings had to be repaired (shown once by the popup), then cleared. */
export async function takeSettingsNotice() {
  try {
    const notice = (await ext.storage.local.get(NOTICE_KEY))[NOTICE_KEY];
    if (notice) await ext.storage.local.remove(NOTICE_KEY);
    return notice ?? null;
  } catch {
    return null;
  }
}

/**
 * Deletes everything Vigie keeps in storage.local (settings, PIN, trusted contacts, dismissed
 * warnings, notices) and storage.session. Open tabs see the change and fall back to the defaults.
 */
export async function deleteAllData() {
  await ext.storage.local.clear();
  await ext.storage.session?.clear?.().catch(() => {});
}
