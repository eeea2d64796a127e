// The pages' view of the settings. Schema, defaults, repair and migration belong to core's
// shared/settings.js; this file only adds what the pages alone do (wipe everything).
import { ext } from './ext.js';

import { NOTICE_KEY } from '../../shared/settings.js';

export { loadSettings as getSettings, updateSettings, onSettingsChanged, normalizeOrigin } from '../../shared/settings.js';

/**
 * Core's note that stored settings had to be repaired (`{repaired: [fields], at}`, shown once by
 * the popup or the options page, then cleared), or `{unreadable: true}` when storage.local cannot
 * be read at all (settings.js then runs on the defaults, which the user must know), or null.
 */
export async function takeSettingsNotice() {
  let notice;
  try {
    notice = (await ext.storage.local.get(NOTICE_KEY))[NOTICE_KEY];
  } catch {
    return { unreadable: true };
  }
  if (!notice) return null;
  try {
    await ext.storage.local.remove(NOTICE_KEY);
  } catch {
    // Shown again next time: better twice than never.
  }
  return notice;
}

/**
 * Deletes everything Vigie keeps in storage.local (settings, PIN, trusted contacts, dismissed
 * warnings, notices) and storage.session. Open tabs see the change and fall back to the defaults.
 */
export async function deleteAllData() {
  await ext.storage.local.clear();
  await ext.storage.session?.clear?.().catch(() => {});
}
