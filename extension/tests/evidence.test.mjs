// The evidence kit without a browser: canonical JSON and fingerprints (recomputed here with
// node:crypto and an independent canonicalizer), a capture built with the real engine (pkg/),
// identifiers, the report's escaping of hostile page text, the export files, and the Python
// verification script the report prints. Browser flows are in tests/e2e/evidence.test.mjs.
// Run: node --test extension/tests/   (needs pkg/: cargo xtask wasm)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canonicalJson, sha256Hex, parseImageDataUrl } from '../evidence/hash.js';
import { buildCapture, cleanPayload, findHandles, verifyRecord, buildAddendum, verifyAddendum, summarize } from '../evidence/capture.js';
import { h, serialize, escapeHtml } from '../evidence/html.js';
import { markedText, REPORT_DOCUMENT_CSS } from '../evidence/report.js';
import { exportFiles, fileStem } from '../evidence/export.js';
import { UI_LANGS } from '../shared/langs.js';
import { nodeEngine } from '../../tests/e2e/support/engine.mjs';

const EXT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = path.dirname(EXT);
const hasPkg = fs.existsSync(path.join(ROOT, 'pkg/vigie_bg.wasm'));
const opts = { skip: hasPkg ? false : 'pkg/ not built (cargo xtask wasm)' };


/** An independent RFC 8785 canonicalizer for the values Vigie stores (sorted keys, JSON.stringify leaves). */
function jcs(v) {
  if (Array.isArray(v)) return `[${v.map(jcs).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const sha = (data) => createHash('sha256').update(data).digest('hex');

const strings = JSON.parse(fs.readFileSync(path.join(EXT, 'pages/strings.json'), 'utf8'));
function tFor(lang) {
  return (key, vars = {}) => {
    let text = strings[lang][key];
    if (typeof vars.count === 'number' && strings[lang][`${key}.other`] !== undefined) text = strings[lang][`${key}.${vars.count === 1 ? 'one' : 'other'}`] ?? strings[lang][`${key}.other`];
    assert.ok(text !== undefined, `missing string ${key} (${lang})`);
    return text.replace(/\{(\w+)\}/g, (m, n) => (n in vars ? String(vars[n]) : m));
  };
}

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '</td></tr></table><script>window.__pwned=2</script>',
  '"><svg onload=alert(1)>',
  '</style><script>alert(3)</script>',
  '&lt;b&gt; already escaped &amp; <!-- comment --> <![CDATA[ x ]]>',
  'rtl \u202Egnp.exe\u202C and a lone surrogate \uD800 here',
].join('\n');

const PAYLOAD = {
  source: 'warning',
  site: 'whatsapp',
  adapter: { id: 'whatsapp', name: 'WhatsApp Web', kind: 'chat', platform: 'whatsapp' },
  url: 'https://web.whatsapp.com/',
  thread: 'whatsapp:Julie Martin',
  title: 'Julie Martin',
  pageTitle: 'WhatsApp',
  profile: '@julie_m78',
  lang: 'fr',
  viewport: { width: 1000, height: 800 },
  extra: 'dropped',
  messages: [
    { key: 'id:false_1', text: 'Salut 😊 je suis tombée sur ton profil, ajoute moi sur insta @julie.m78', direction: 'in', sender: 'Julie Martin', time: Date.UTC(2026, 10, 29, 20, 0), timeText: '21:00, 29/11/2026' },
    { key: 'id:true_2', text: 'Merci ! mon mail thomas@example.org', direction: 'out', sender: null, time: null },
    { key: 'id:false_3', text: "J'ai tout enregistré. Si tu ne paies pas, je vais envoyer la vidéo à toute ta famille.", direction: 'in', sender: 'Julie Martin', address: 'julie.m@mail.example', time: Date.UTC(2026, 10, 29, 20, 41) },
    { key: 'id:false_4', text: 'Tu as 24 heures pour envoyer 500 euros sur bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq ou le MTCN 123-456-7890. Appelle le +33 6 12 34 56 78', direction: 'in', sender: 'Julie Martin', time: 'not a number' },
    { key: 'id:false_5', text: HOSTILE, direction: 'sideways', sender: '<b>Julie</b>', time: -1 },
    { key: 'id:x', text: '', direction: 'in' },
    null,
  ],
};

test('canonical JSON: sorted keys, no whitespace, JSON.stringify numbers and strings (RFC 8785)', () => {
  assert.equal(canonicalJson({ b: 1, a: [true, null, 'x'], c: { z: 0.5, y: -0 } }), '{"a":[true,null,"x"],"b":1,"c":{"y":0,"z":0.5}}');
  assert.equal(canonicalJson({ u: undefined, s: 'é\u2028"\\\n\u001f' }), '{"s":"é\u2028\\"\\\\\\n\\u001f"}');
  assert.equal(canonicalJson('\uD800x'), '"\uFFFDx"', 'a lone surrogate becomes U+FFFD (well-defined UTF-8)');
  assert.equal(canonicalJson([1e21, 1e-7, 123456789012]), '[1e+21,1e-7,123456789012]');
  assert.throws(() => canonicalJson({ n: NaN }));
  assert.throws(() => canonicalJson(new Uint8Array(2)));
});

test('SHA-256 matches node:crypto, for text and bytes', async () => {
  assert.equal(await sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  assert.equal(await sha256Hex('Preuve – é'), sha(Buffer.from('Preuve – é', 'utf8')));
  const bytes = new Uint8Array([0, 1, 2, 255]);
  assert.equal(await sha256Hex(bytes), sha(Buffer.from(bytes)));
  const png = parseImageDataUrl(`data:image/png;base64,${Buffer.from('\x89PNG fake', 'latin1').toString('base64')}`);
  assert.equal(png.type, 'image/png');
  assert.equal(Buffer.from(png.bytes).toString('latin1'), '\x89PNG fake');
  assert.equal(parseImageDataUrl('data:text/html;base64,PHNjcmlwdD4='), null);
  assert.equal(parseImageDataUrl('javascript:alert(1)'), null);
});

test('the content script\'s payload is checked: known fields, types, caps; nothing to save is an error', () => {
  const { messages, page } = cleanPayload(PAYLOAD);
  assert.equal(messages.length, 5, 'empty and malformed messages are dropped');
  assert.deepEqual(messages.map((m) => m.n), [1, 2, 3, 4, 5]);
  assert.equal(messages[0].time, '2026-11-29T20:00:00.000Z');
  assert.equal(messages[0].shownTime, '21:00, 29/11/2026', 'the time as the page showed it');
  assert.equal(messages[1].shownTime, null);
  assert.equal(messages[3].time, null, 'a time that is not a number is dropped');
  assert.equal(messages[4].time, null, 'a time before 1990 is dropped');
  assert.equal(messages[4].direction, 'unknown');
  assert.equal(page.url, 'https://web.whatsapp.com/');
  assert.equal(cleanPayload({ ...PAYLOAD, url: 'javascript:alert(1)' }).page.url, null);
  assert.ok(!('extra' in page));
  assert.equal(cleanPayload({ ...PAYLOAD, messages: [{ text: 'x'.repeat(30000), direction: 'in' }] }).messages[0].text.length, 20000);
  assert.throws(() => cleanPayload({ messages: [] }), /nothing-to-save/);
  assert.throws(() => cleanPayload(null), /nothing-to-save/);
});

test('@handles: mentions, not e-mail addresses or paths', () => {
  assert.deepEqual(findHandles('insta @julie.m78, snap @x_y. mail a@b.co, url https://t.me/@no'), [
    { value: '@julie.m78', start: 6, end: 16 },
    { value: '@x_y', start: 23, end: 27 },
  ]);
  assert.deepEqual(findHandles('😊 @émilie'), [{ value: '@émilie', start: 3, end: 10 }], 'UTF-16 offsets');
});

test('a capture: messages, identifiers, analysis and fingerprints anyone can recompute', opts, async () => {
  const e = await nodeEngine();
  const shot = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
  const { record, summary } = await buildCapture({ payload: PAYLOAD, engine: e, screenshot: { status: 'saved', type: 'image/png', bytes: shot }, software: { extension: '0.1.0', browser: 'test' }, now: Date.UTC(2026, 10, 29, 20, 45), timeZone: 'Europe/Paris' });
  const { context, messages, identifiers, analysis } = record.items;
  assert.equal(record.capturedAt, '2026-11-29T20:45:00.000Z');
  assert.equal(context.timeZone, 'Europe/Paris');
  assert.equal(context.screenshot, 'saved');
  assert.equal(messages.length, 5);
  assert.equal(messages[4].text, HOSTILE.replace('\uD800', '\uFFFD'), 'page text is kept exactly (lone surrogates made well-formed)');

  // Identifiers: the engine's, @handles, who wrote, the profile.
  const has = (kind, value) => identifiers.some((i) => i.kind === kind && i.value === value);
  assert.ok(has('bitcoin_address', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq'));
  assert.ok(has('payment_code', '123-456-7890'), 'Western Union MTCN');
  assert.ok(has('phone', '+33 6 12 34 56 78'));
  assert.ok(has('amount', '500 euros'));
  assert.ok(has('email', 'thomas@example.org'), 'e-mail addresses in messages');
  assert.ok(has('email', 'julie.m@mail.example'), 'the sender\'s address read by the adapter');
  assert.ok(has('username', '@julie.m78'), '@handle in a message');
  assert.ok(has('username', '@julie_m78'), 'the profile handle');
  assert.ok(has('display_name', 'Julie Martin'));
  assert.ok(!identifiers.some((i) => i.kind === 'username' && i.value.includes('example')), 'no handle inside an e-mail address');
  const btc = identifiers.find((i) => i.kind === 'bitcoin_address');
  assert.deepEqual(btc.occurrences.map((o) => o.message), [4]);
  const occ = btc.occurrences[0];
  assert.equal(messages[3].text.slice(occ.start, occ.end), btc.value, 'UTF-16 spans into the stored text');
  const order = ['display_name', 'username', 'email', 'phone', 'profile', 'url', 'bitcoin_address', 'crypto_address', 'iban', 'payment_code', 'amount'];
  const ranks = identifiers.map((i) => order.indexOf(i.kind));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'who the person is first, then how to pay them');
  assert.ok(!ranks.includes(-1));

  // Analysis: capture numbers, not engine ids; explanations in the capture's language.
  assert.equal(analysis.level, 'danger');
  assert.ok(analysis.stages.every((s) => Number.isInteger(s.first_message)));
  assert.ok(analysis.stages.some((s) => s.stage === 'blackmail'));
  assert.deepEqual(analysis.messages.map((m) => m.n), [1, 2, 3, 4, 5]);
  for (const m of analysis.messages) assert.ok(m.score === null || Math.round(m.score * 10000) === m.score * 10000 || String(m.score).length <= 6, `score ${m.score} rounded`);
  for (const k of analysis.escalations.map((x) => x.explain)) assert.ok(analysis.explanations[k], `explanation for ${k}`);
  assert.match(Object.values(analysis.explanations).join(' '), /[éèàç]|vous/, 'French explanations');

  // Fingerprints: recomputed with node:crypto and an independent canonicalizer.
  for (const item of record.manifest.items) {
    const expected = item.name === 'screenshot' ? sha(Buffer.from(shot)) : sha(Buffer.from(jcs(record.items[item.name]), 'utf8'));
    assert.equal(item.sha256, expected, `${item.name} fingerprint`);
  }
  assert.deepEqual(record.manifest.items.map((i) => i.name), ['context', 'messages', 'identifiers', 'analysis', 'screenshot']);
  assert.equal(record.sha256, sha(Buffer.from(jcs(record.manifest), 'utf8')));
  assert.deepEqual(await verifyRecord(record), { ok: true, items: { context: true, messages: true, identifiers: true, analysis: true, screenshot: true }, whole: true });

  // Any change shows.
  const tampered = structuredClone(record);
  tampered.items.messages[2].text = tampered.items.messages[2].text.replace('famille', 'familles');
  const check = await verifyRecord(tampered);
  assert.equal(check.ok, false);
  assert.equal(check.items.messages, false);
  assert.equal(check.items.context, true);
  const moved = structuredClone(record);
  moved.manifest.capturedAt = '2026-11-30T00:00:00.000Z';
  assert.equal((await verifyRecord(moved)).whole, false, 'the capture time is part of the whole fingerprint');

  assert.deepEqual(summary, summarize(record));
  assert.equal(summary.peer, 'Julie Martin');
  assert.equal(summary.screenshot, true);
});

test('without the engine (it failed to load), the messages are still saved, the report says why there is no analysis', async () => {
  const { record } = await buildCapture({ payload: PAYLOAD, engine: null });
  assert.equal(record.items.messages.length, 5);
  assert.equal(record.items.analysis.unavailable, true);
  assert.ok(record.items.identifiers.some((i) => i.kind === 'username' && i.value === '@julie.m78'), 'the identifiers Vigie finds itself are kept');
  assert.equal((await verifyRecord(record)).ok, true);
  const files = await exportFiles(record, [], { lang: 'en', t: tFor('en'), version: '0.1.0', advice: { stage_labels: {}, tooLate: [] }, contacts: null });
  assert.match(files.html.text, /data-analysis="unavailable">no analysis: Vigie’s engine was not working/);
});

test('addenda (e-mail headers) have their own fingerprint, bound to the capture', async () => {
  const a = await buildAddendum({ captureId: 'c1', captureSha256: 'ab'.repeat(32), text: 'Received: from x\r\nFrom: <a@b.c>\r\n', now: Date.UTC(2026, 10, 29) });
  assert.equal(a.text, 'Received: from x\nFrom: <a@b.c>\n');
  assert.equal(a.manifest.sha256, sha(Buffer.from(a.text, 'utf8')));
  assert.equal(a.sha256, sha(Buffer.from(jcs(a.manifest), 'utf8')));
  assert.equal((await verifyAddendum(a)).ok, true);
  assert.equal((await verifyAddendum({ ...a, text: `${a.text}X` })).ok, false);
  await assert.rejects(buildAddendum({ captureId: 'c1', text: '   ' }), /empty/);
});

test('the serializer escapes every text and attribute, and refuses what is not allowed', () => {
  assert.equal(escapeHtml('<a href="x">&\'</a>'), '&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  assert.equal(serialize(h('p', { 'data-x': '"><script>' }, '<script>alert(1)</script>')), '<p data-x="&quot;&gt;&lt;script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  assert.throws(() => serialize(h('script', {}, 'x')), /not allowed/);
  assert.throws(() => serialize(h('a', { href: 'https://x' }, 'x')), /not allowed/, 'no links in the report');
  assert.throws(() => serialize(h('p', { onclick: 'x' })), /not allowed/);
  assert.throws(() => serialize(h('p', { style: 'x' })), /not allowed/);
  assert.throws(() => serialize(h('img', { src: 'https://tracker.example/x.png' })), /data: URL/);
  assert.throws(() => serialize(h('img', { src: 'data:image/svg+xml;base64,PHN2Zz4=' })), /data: URL/);
  assert.throws(() => serialize(h('style', {}, 'a{}</style><script>')), /style/);
  assert.match(serialize(h('img', { src: 'data:image/png;base64,iVBORw0KGgo=', alt: 'x' })), /^<img src="data:image\/png;base64,iVBORw0KGgo=" alt="x">$/);
  const shown = markedText('a\u202Egnp.exe', [{ start: 0, end: 1 }]);
  assert.equal(serialize(h('p', {}, shown)), '<p><mark>a</mark><span class="ctl" data-ctl="U+202E">[U+202E]</span>gnp.exe</p>', 'bidi overrides are shown, not obeyed');
  assert.deepEqual(markedText('abcdef', [{ start: 1, end: 3 }, { start: 2, end: 4 }, { start: 9, end: 12 }]).map((n) => (typeof n === 'string' ? n : `[${n.children[0]}]`)), ['a', '[bcd]', 'ef']);
});

test('the report: hostile page text stays text, CSP forbids scripts, every fingerprint is stated', opts, async () => {
  const e = await nodeEngine();
  const { record } = await buildCapture({ payload: PAYLOAD, engine: e, now: Date.UTC(2026, 10, 29, 20, 45), timeZone: 'Europe/Paris' });
  for (const lang of UI_LANGS) {
    const advice = JSON.parse(fs.readFileSync(path.join(ROOT, `guidance/advice/${lang}.json`), 'utf8'));
    const files = await exportFiles(record, [], {
      lang, t: tFor(lang), version: '0.1.0', exportedAt: Date.UTC(2026, 10, 29, 21),
      advice: { stage_labels: advice.stage_labels, tooLate: advice.sections.find((s) => s.id === 'too-late').steps },
      contacts: { countryName: 'France', entries: [{ name: 'THESEE', kind: 'police_complaint', url: 'https://www.service-public.gouv.fr/x', phone: null }], platform: { name: 'WhatsApp', url: 'https://faq.whatsapp.com/' } },
    });
    const html = files.html.text;
    assert.match(html, /^<!doctype html>\n<html lang="(fr|en|es)"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src data:; style-src &#39;sha256-[A-Za-z0-9+/=]+&#39;; base-uri &#39;none&#39;; form-action &#39;none&#39;; frame-src &#39;none&#39;">/);
    const styleHash = /style-src &#39;sha256-([A-Za-z0-9+/=]+)&#39;/.exec(html)[1];
    assert.equal(styleHash, createHash('sha256').update(REPORT_DOCUMENT_CSS, 'utf8').digest('base64'), 'the CSP allows exactly the report\'s own style');
    assert.equal((html.match(/<script/gi) ?? []).length, 0, 'no script element');
    // Outside the one <style>, every "<" in the file starts one of the report's own tags.
    const tags = html.replace(/<style>[^<]*<\/style>/, '').match(/<[^>]*>/g);
    for (const tag of tags) assert.match(tag, /^<(!doctype html|\/?[a-z0-9]+(\s[a-z0-9-]+="[^"<>]*")*)>$/, `not one of ours: ${tag}`);
    assert.ok(!tags.some((tag) => /\son[a-z]+=|<(img|svg|a|iframe|object|embed|link|base|form)\b/i.test(tag)), 'no handler, image, link or frame tag');
    assert.ok(html.includes('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;'), 'the payload is shown as text');
    assert.ok(html.includes('&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;'), 'closing tags in text stay text');
    assert.ok(html.includes('&amp;lt;b&amp;gt; already escaped &amp;amp;'), 'entities in page text are escaped again');
    assert.ok(html.includes('&lt;b&gt;Julie&lt;/b&gt;'), 'sender names too');
    assert.equal((html.match(/<style>/g) ?? []).length, 1);
    for (const item of record.manifest.items) assert.ok(html.includes(item.sha256), `${item.name} fingerprint stated`);
    assert.ok(html.includes(record.sha256));
    assert.ok(html.includes(files.json.sha256), 'the JSON file\'s own fingerprint is stated');
    assert.equal(files.json.sha256, sha(Buffer.from(files.json.text, 'utf8')));
    const complaintTitle = { fr: 'Porter plainte', en: 'Filing a complaint', es: 'Presentar una denuncia' };
    assert.ok(html.includes(complaintTitle[lang]), 'advice for the complaint, in the user\'s language');
    const json = JSON.parse(files.json.text);
    assert.deepEqual(json.items.messages, record.items.messages);
    assert.equal(json.sha256, record.sha256);
    assert.deepEqual(json.verifiedAtExport.ok, true);
    const fileWord = { fr: 'vigie-preuves', en: 'vigie-evidence', es: 'vigie-pruebas' };
    assert.match(files.json.name, new RegExp(`^${fileWord[lang]}-2026-11-29T20-45-00Z-whatsapp\\.json$`));
  }
  assert.equal(fileStem({ capturedAt: '2026-11-29T20:45:00.123Z', items: { context: { site: { id: 'https://chat.example:8443' } } } }, 'en'), 'vigie-evidence-2026-11-29T20-45-00Z-chat.example_8443');
});

test('the Python script the report prints verifies the exported JSON file', { ...opts, skip: opts.skip || (spawnSync('python3', ['--version']).status === 0 ? false : 'no python3') }, async () => {
  const e = await nodeEngine();
  const shot = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9]);
  const { record } = await buildCapture({ payload: PAYLOAD, engine: e, screenshot: { status: 'saved', type: 'image/png', bytes: shot } });
  const files = await exportFiles(record, [], { lang: 'en', t: tFor('en'), version: '0.1.0', advice: { stage_labels: {}, tooLate: [] }, contacts: null });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-evidence-'));
  try {
    const file = path.join(dir, files.json.name);
    fs.writeFileSync(file, files.json.text);
    const script = JSON.parse(files.json.text).howToVerify.replace('<this file>.json', file);
    const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.equal(lines.length, record.manifest.items.length + 1);
    for (const line of lines) assert.match(line, / OK$/, line);
    // A changed character is found.
    const changed = JSON.parse(files.json.text);
    changed.items.messages[3].text = changed.items.messages[3].text.replace('24 heures', '48 heures');
    fs.writeFileSync(file, JSON.stringify(changed, null, 2));
    const again = spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout;
    assert.match(again, /messages [0-9a-f]{64} DIFFERENT/);
    assert.match(again, /context [0-9a-f]{64} OK/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('every string the report and the evidence pages use exists in every UI language', () => {
  const used = new Set();
  for (const f of ['evidence/report.js', 'pages/evidence/evidence.js', 'pages/evidence/exporter.js', 'pages/options/options.js', 'pages/popup/popup.js']) {
    for (const m of fs.readFileSync(path.join(EXT, f), 'utf8').matchAll(/\bt\('([\w.-]+)'/g)) used.add(m[1]);
  }
  for (const k of ['none', 'caution', 'warning', 'danger']) used.add(`evidence.level.${k}`);
  for (const k of ['display_name', 'username', 'email', 'phone', 'profile', 'url', 'bitcoin_address', 'crypto_address', 'iban', 'payment_code', 'amount']) used.add(`evidence.kind.${k}`);
  for (const k of ['in', 'out', 'unknown']) used.add(`evidence.dir.${k}`);
  for (const k of ['saved', 'none', 'no-permission', 'minor-mode', 'not-visible', 'failed']) used.add(`evidence.shot.${k}`);
  for (const k of ['warning', 'banner', 'popup']) used.add(`evidence.source.${k}`);
  for (const k of ['text', 'sender', 'title', 'profile']) used.add(`evidence.from.${k}`);
  for (const k of ['context', 'messages', 'identifiers', 'analysis', 'screenshot']) used.add(`evidence.item.${k}`);
  for (const k of ['n', 'time', 'direction', 'sender', 'text', 'vigie', 'item', 'sha256', 'size', 'check', 'kind', 'value', 'where']) used.add(`evidence.col.${k}`);
  for (const n of [1, 2, 3, 4, 5, 6]) used.add(`evidence.complaint.${n}`);
  for (const n of [1, 2, 3]) used.add(`evidence.verify.${n}`);
  used.add('evidence.field.subject');
  for (const lang of UI_LANGS) {
    const missing = [...used].filter((k) => !(k in strings[lang]) && !(`${k}.other` in strings[lang]));
    assert.deepEqual(missing, [], lang);
  }
});

test('evidence code: no network, no HTML parsing, no page script', () => {
  const files = ['evidence/hash.js', 'evidence/capture.js', 'evidence/store.js', 'evidence/html.js', 'evidence/report.js', 'evidence/export.js',
    'background/evidence.js', 'pages/evidence/evidence.js', 'pages/evidence/exporter.js'];
  for (const f of files) {
    const s = fs.readFileSync(path.join(EXT, f), 'utf8').replace(/^\s*(\/\/|\*).*$/gm, '');
    for (const api of ['fetch(', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'sendBeacon', 'RTCPeerConnection', 'importScripts', 'import(']) assert.ok(!s.includes(api), `${f}: ${api}`);
    for (const sink of ['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'document.write', 'DOMParser', 'createContextualFragment', 'eval(', 'new Function']) assert.ok(!s.includes(sink), `${f}: ${sink}`);
  }
  const page = fs.readFileSync(path.join(EXT, 'pages/evidence/evidence.html'), 'utf8');
  assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/i);
});
