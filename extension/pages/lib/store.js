// The pages' view of the settings. Schema, defaults and migration belong to core's
// shared/settings.js; this file only adapts it to what the pages do (read, change, watch, wipe).
import { ext } from './ext.js';
import * as core from '../../shared/settings.js';

export async function getSettings() {
  return core.loadSettings();
}

/** Applies `change(settings) → patch` to the freshest stored settings and saves the result. */
export async function updateSettings(change) {
  const current = await core.loadSettings();
  const patch = typeof change === 'function' ? change(current) : change;
  return core.saveSettings({ ...current, ...patch });
}

/** Calls `callback(settings)` whenever the stored settings change (from any page or tab). */
export function onSettingsChanged(callback) {
  ext.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    if (core.SETTINGS_KEY in changes || Object.keys(changes).length === 0) core.loadSettings().then(callback);
  });
}

/** Deletes everything Vigie keeps (storage.local and storage.session), then stores the defaults. */
export async function deleteAllData() {
  await ext.storage.local.clear();
  await ext.storage.session?.clear?.().catch(() => {});
}
