// Export of a saved capture from an extension page (evidence page, options): the report and the
// JSON file, as two downloads with <a download> on blob: URLs of this page. No `downloads`
// permission is needed for that, and nothing leaves the device.
import { exportFiles } from '../../evidence/export.js';
import { buildReport } from '../../evidence/report.js';
import { verifyRecord, verifyAddendum } from '../../evidence/capture.js';
import { screenshotDataUrl } from '../../evidence/export.js';
import { getCapture, listAddenda } from '../../evidence/store.js';
import { loadAdvice, loadContacts, resolveCountry } from '../lib/guidance.js';
import { t, lang } from '../lib/i18n.js';
import { ext } from '../lib/ext.js';

const KINDS = ['police_complaint', 'report_platform', 'victim_support'];

/** What the report needs besides the capture: strings, stage labels, advice, where to complain. */
export async function reportContext(record, settings) {
  const l = lang();
  const [advice, contacts] = await Promise.all([loadAdvice(l), loadContacts()]);
  const code = resolveCountry(contacts, [settings?.country]);
  const country = code ? contacts.countries[code] : null;
  const minor = Boolean(settings?.minorMode);
  const entries = (country?.entries ?? contacts.international ?? [])
    .filter((e) => KINDS.includes(e.kind) && (e.audience === 'all' || e.audience === (minor ? 'minors' : 'adults') || !e.audience))
    .sort((a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind))
    .map((e) => ({ name: e.name, kind: e.kind, url: e.url ?? null, phone: e.phone ?? null }));
  const site = record.items.context.site ?? {};
  const platformKey = site.platform ?? String(site.adapter ?? '').split('-')[0];
  const platform = contacts.platforms?.[platformKey];
  return {
    lang: l,
    t,
    advice: { stage_labels: advice.stage_labels, tooLate: advice.sections.find((s) => s.id === 'too-late')?.steps ?? [] },
    contacts: { countryName: country ? country.name[l] ?? country.name.en : null, entries, platform: platform ? { name: platform.name, url: platform.url } : null },
    version: ext.runtime.getManifest().version,
  };
}

/** The report as shown in the evidence page (the same tree as the export, with the checks). */
export async function reportView(record, addenda, settings) {
  const context = await reportContext(record, settings);
  const check = await verifyRecord(record);
  const addendaChecks = [];
  for (const a of addenda) addendaChecks.push(await verifyAddendum(a));
  return { ...buildReport({ ...context, record, addenda, check, addendaChecks, screenshotUrl: screenshotDataUrl(record) }), check };
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Builds both files of capture `id` and downloads them. Resolves to {html, json} (names, hash). */
export async function exportCapture(id, settings) {
  const record = await getCapture(id);
  if (!record) throw new Error(t('evidence.page.notFound'));
  const addenda = await listAddenda(id);
  const files = await exportFiles(record, addenda, await reportContext(record, settings));
  download(files.html.name, files.html.text, 'text/html;charset=utf-8');
  download(files.json.name, files.json.text, 'application/json;charset=utf-8');
  return files;
}
