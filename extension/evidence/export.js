// The two files of an export: the JSON file (every item as stored, the manifest and the
// fingerprints, the screenshot as a data: URL) and the HTML report, which states the JSON file's
// own SHA-256 and every fingerprint. Pure: the page supplies strings, advice and contacts, and
// triggers the downloads (pages/evidence/exporter.js).

import { bytesToBase64, sha256Base64, sha256Hex } from './hash.js';
import { verifyRecord, verifyAddendum, FORMAT } from './capture.js';
import { buildReport, REPORT_DOCUMENT_CSS, verifyScript } from './report.js';
import { serializeDocument } from './html.js';

// The word "evidence" in the downloaded files' names, in the report's language (ASCII: file systems).
const FILE_WORD = { fr: 'vigie-preuves', en: 'vigie-evidence', es: 'vigie-pruebas' };

/** A file name stem: vigie-evidence-2026-11-29T20-41-05Z-whatsapp (ASCII only). */
export function fileStem(record, lang) {
  const when = record.capturedAt.replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  const site = String(record.items.context.site?.adapter ?? record.items.context.site?.id ?? 'site').replace(/^https?:\/\//, '').replace(/[^a-z0-9.-]+/gi, '_').slice(0, 40);
  return `${FILE_WORD[lang] ?? FILE_WORD.en}-${when}-${site}`;
}

export function screenshotDataUrl(record) {
  return record.screenshot ? `data:${record.screenshot.type};base64,${bytesToBase64(record.screenshot.bytes)}` : null;
}

/** The JSON export as an object (see the report's "how to check" section for the fingerprints). */
export function exportObject(record, addenda, check, addendaChecks, { exportedAt, version }) {
  const items = { ...record.items };
  const shot = screenshotDataUrl(record);
  if (shot) items.screenshot = shot;
  return {
    format: FORMAT,
    note: 'Evidence saved by the Vigie browser extension on the user\'s device. Each item\'s sha256 (manifest.items) is SHA-256 of the item\'s canonical JSON (RFC 8785: keys sorted, no whitespace, UTF-8); the screenshot\'s is SHA-256 of its image bytes. sha256 is SHA-256 of the canonical JSON of manifest.',
    id: record.id,
    capturedAt: record.capturedAt,
    sha256: record.sha256,
    manifest: record.manifest,
    items,
    addenda: addenda.map((a, i) => ({ id: a.id, kind: a.kind, addedAt: a.addedAt, text: a.text, manifest: a.manifest, sha256: a.sha256, verifiedAtExport: addendaChecks[i]?.ok ?? null })),
    verifiedAtExport: check,
    exportedAt: new Date(exportedAt).toISOString(),
    exportedBy: `Vigie ${version ?? ''}`.trim(),
    howToVerify: verifyScript('<this file>.json'),
  };
}

/**
 * Both files: `{json: {name, text, sha256}, html: {name, text}}`. `page`: {lang, t, advice,
 * contacts, version, exportedAt}.
 */
export async function exportFiles(record, addenda, page) {
  const exportedAt = page.exportedAt ?? Date.now();
  const check = await verifyRecord(record);
  const addendaChecks = [];
  for (const a of addenda) addendaChecks.push(await verifyAddendum(a));
  const stem = fileStem(record, page.lang);
  const jsonText = `${JSON.stringify(exportObject(record, addenda, check, addendaChecks, { exportedAt, version: page.version }), null, 2)}\n`;
  const json = { name: `${stem}.json`, text: jsonText, sha256: await sha256Hex(jsonText) };
  const { document } = buildReport({
    record, addenda, check, addendaChecks,
    lang: page.lang, t: page.t, advice: page.advice, contacts: page.contacts, version: page.version,
    jsonFile: { name: json.name, sha256: json.sha256 },
    styleHash: await sha256Base64(REPORT_DOCUMENT_CSS),
    exportedAt,
    screenshotUrl: screenshotDataUrl(record),
  });
  return { json, html: { name: `${stem}.html`, text: serializeDocument(document) }, check };
}
