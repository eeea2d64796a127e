// The generic adapter on sites the user chose. Vigie asks for no access to arbitrary sites at
// install: the options page requests the optional host permission for one origin (that must happen
// in the page, on the user's click), then sends `vigie:enable-generic {origin}`; here we check the
// permission is really granted and register the same content script for that origin. On every
// worker start the registrations are brought back in line with the settings and the permissions
// (the user can revoke a permission from the browser's own UI at any time).

import { api } from '../shared/browser.js';
import { loadSettings, updateSettings, normalizeOrigin } from '../shared/settings.js';
// The content script with every adapter (build.mjs): the manifest's entries carry only their own sites'.
import { GENERIC_CONTENT_SCRIPTS } from './generic-scripts.generated.js';

const PREFIX = 'vigie-generic-';
const scriptId = (origin) => `${PREFIX}${origin.replace(/[^a-z0-9.-]/gi, '_')}`;
const pattern = (origin) => `${origin}/*`;

async function granted(origin) {
  return api.permissions.contains({ origins: [pattern(origin)] });
}

async function registered() {
  const list = await api.scripting.getRegisteredContentScripts();
  return list.filter((s) => s.id.startsWith(PREFIX));
}

async function register(origin) {
  const id = scriptId(origin);
  const [existing] = await api.scripting.getRegisteredContentScripts({ ids: [id] });
  // Registrations outlive updates: one naming another version's files is registered again.
  if (existing && JSON.stringify(existing.js) === JSON.stringify(GENERIC_CONTENT_SCRIPTS)) return;
  if (existing) await api.scripting.unregisterContentScripts({ ids: [id] });
  await api.scripting.registerContentScripts([{
    id,
    matches: [pattern(origin)],
    js: [...GENERIC_CONTENT_SCRIPTS],
    runAt: 'document_idle',
    allFrames: false,
    persistAcrossSessions: true,
  }]);
}

/** Enables the generic adapter on `origin` (the permission must already be granted). */
export async function enableGeneric(value) {
  const origin = normalizeOrigin(value);
  if (!origin) return { ok: false, error: 'invalid-origin' };
  if (!(await granted(origin))) return { ok: false, error: 'permission-missing', origin };
  await register(origin);
  await updateSettings((s) => ({ genericSites: [...s.genericSites.filter((o) => o !== origin), origin] }));
  return { ok: true, origin };
}

/** Disables it: unregisters the script, forgets the site and gives the permission back. */
export async function disableGeneric(value) {
  const origin = normalizeOrigin(value);
  if (!origin) return { ok: false, error: 'invalid-origin' };
  const id = scriptId(origin);
  if ((await api.scripting.getRegisteredContentScripts({ ids: [id] })).length) await api.scripting.unregisterContentScripts({ ids: [id] });
  await updateSettings((s) => ({ genericSites: s.genericSites.filter((o) => o !== origin) }));
  try {
    await api.permissions.remove({ origins: [pattern(origin)] });
  } catch {
    // Already removed by the user, or a permission the manifest grants anyway.
  }
  return { ok: true, origin };
}

/** Registrations = settings ∩ granted permissions. Runs at worker start and on permission changes. */
export async function syncGeneric() {
  const settings = await loadSettings();
  const wanted = [];
  for (const origin of settings.genericSites) if (await granted(origin)) wanted.push(origin);
  const ids = new Set(wanted.map(scriptId));
  const stale = (await registered()).filter((s) => !ids.has(s.id)).map((s) => s.id);
  if (stale.length) await api.scripting.unregisterContentScripts({ ids: stale });
  for (const origin of wanted) await register(origin);
  if (wanted.length !== settings.genericSites.length) await updateSettings({ genericSites: wanted });
}
