// The evidence report: one self-contained HTML file a victim can read, print to PDF and hand to
// the police. Built as an element tree (html.js), so every piece of page text is escaped; its
// Content-Security-Policy forbids scripts and every request (only inline images as data: URLs and
// the one <style>, by hash), so the file stays inert wherever it is opened.
//
// buildReport(input) → {document, body}: `document` is the whole <html> tree for the export,
// `body` the <main> tree the evidence page shows. `input`:
//   record, addenda, check (verifyRecord), addendaChecks ([verifyAddendum…]), lang, t(key, vars),
//   advice {stage_labels, tooLate: [step…]}, contacts {countryName, entries: [{name, kind, url, phone}],
//   platform: {name, url} | null}, jsonFile {name, sha256} | null, styleHash (base64) | null,
//   exportedAt (ms), screenshotUrl (data: URL) | null, version (extension version).

import { h } from './html.js';
import { splitInvisible } from '../shared/invisible.js';
import { dateLocale } from '../shared/langs.js';

/** The report's own rules, all under .vigie-report (the evidence page shows the same tree). */
export const REPORT_CSS = `
.vigie-report { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; background: #ffffff; color: #1b2330;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; text-align: start; }
.vigie-report h1 { font-size: 1.5rem; line-height: 1.25; margin: .25rem 0 .5rem; }
.vigie-report h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid #d3d9e1; }
.vigie-report h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.vigie-report .brand { font-weight: 800; letter-spacing: .04em; color: #1c5a85; margin: 0; }
.vigie-report .meta { color: #4a5566; margin: 0 0 .25rem; }
.vigie-report .notice { border: 1px solid #d3d9e1; border-left: 5px solid #1c5a85; background: #f3f7fb; padding: .6rem .9rem; border-radius: 6px; margin: .8rem 0; }
.vigie-report .notice.alert { border-left-color: #a32129; background: #fbe9ea; }
.vigie-report dl { display: grid; grid-template-columns: minmax(10rem, max-content) 1fr; gap: .3rem 1rem; margin: 0; }
.vigie-report dt { font-weight: 650; color: #4a5566; }
.vigie-report dd { margin: 0; overflow-wrap: anywhere; }
.vigie-report table { width: 100%; border-collapse: collapse; font-size: .92rem; }
.vigie-report th, .vigie-report td { border: 1px solid #d3d9e1; padding: .35rem .5rem; text-align: start; vertical-align: top; }
.vigie-report thead th { background: #eef2f6; }
.vigie-report td.text { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 16rem; }
.vigie-report tr.out td { background: #f7f9fb; }
.vigie-report .level-danger { color: #a32129; font-weight: 700; }
.vigie-report .level-warning { color: #b45309; font-weight: 700; }
.vigie-report .level-caution { color: #7d5200; }
.vigie-report mark { background: #fde2a8; color: inherit; border-radius: 2px; padding: 0 1px; }
.vigie-report .ctl { font-size: .72em; color: #a32129; border: 1px solid #a32129; border-radius: 3px; padding: 0 2px; margin: 0 1px; unicode-bidi: isolate; }
.vigie-report code, .vigie-report pre { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85rem; }
.vigie-report code { overflow-wrap: anywhere; }
.vigie-report pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; border: 1px solid #d3d9e1; border-radius: 6px; padding: .6rem .8rem; }
.vigie-report figure { margin: 0; }
.vigie-report figure img { max-width: 100%; height: auto; border: 1px solid #d3d9e1; }
.vigie-report figcaption { color: #4a5566; font-size: .9rem; margin-top: .3rem; }
.vigie-report .ok { color: #1d6a3a; font-weight: 650; }
.vigie-report .bad { color: #a32129; font-weight: 700; }
.vigie-report footer { margin-top: 2.5rem; color: #4a5566; font-size: .85rem; }
@media print {
  .vigie-report { max-width: none; padding: 0; font-size: 11pt; }
  .vigie-report tr, .vigie-report figure, .vigie-report .notice { break-inside: avoid; }
  .vigie-report h2 { break-after: avoid; }
}
`;

/** The exported file's whole stylesheet: the page itself, then the report's rules. */
export const REPORT_DOCUMENT_CSS = `:root { color-scheme: light; }
body { margin: 0; background: #ffffff; }
${REPORT_CSS}`;

const LEVELS = ['none', 'caution', 'warning', 'danger'];

/** `iso` as a date and time in the report's language and the capture's time zone. */
export function formatTime(iso, lang, timeZone, { seconds = false, dateOnly = false } = {}) {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '';
  const opts = dateOnly ? { dateStyle: 'long' } : { dateStyle: 'long', timeStyle: seconds ? 'medium' : 'short' };
  try {
    return new Intl.DateTimeFormat(dateLocale(lang), { ...opts, ...(timeZone ? { timeZone } : {}) }).format(d);
  } catch {
    return new Intl.DateTimeFormat(dateLocale(lang), opts).format(d);
  }
}

/** `text` as strings and visible markers of its invisible characters (shared/invisible.js: why). */
export function visibleText(text) {
  return splitInvisible(text).map((p) => (p.code ? h('span', { class: 'ctl', 'data-ctl': p.code }, `[${p.code}]`) : p.text));
}

/** A message text with the engine's phrases marked (UTF-16 spans, as the engine gives them). */
export function markedText(text, signals = []) {
  const spans = signals
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.end <= text.length)
    .map((s) => [s.start, s.end])
    .sort((a, b) => a[0] - b[0]);
  const merged = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([...s]);
  }
  const out = [];
  let pos = 0;
  for (const [a, b] of merged) {
    if (a > pos) out.push(...visibleText(text.slice(pos, a)));
    out.push(h('mark', {}, visibleText(text.slice(a, b))));
    pos = b;
  }
  if (pos < text.length) out.push(...visibleText(text.slice(pos)));
  return out;
}

function levelOf(v) {
  if (!v) return 'none';
  return LEVELS.indexOf(v.context_level) > LEVELS.indexOf(v.level) ? v.context_level : v.level;
}

export function buildReport(input) {
  const { record, t, lang } = input;
  const addenda = input.addenda ?? [];
  const { context, messages, identifiers, analysis } = record.items;
  const tz = context.timeZone;
  const stageLabel = (s) => input.advice?.stage_labels?.[s] ?? s ?? '';
  const incoming = messages.filter((m) => m.direction !== 'out');
  const email = context.site?.kind === 'email';
  const sender = incoming.find((m) => m.sender)?.sender ?? null;
  // A chat's title is the other person; an e-mail's is its subject.
  const peer = (email ? sender ?? context.title : context.title ?? sender) ?? t('evidence.unknownPeer');
  const siteName = context.site?.name ?? context.site?.id ?? '';
  const when = formatTime(record.capturedAt, lang, tz, { seconds: true });
  const verdicts = new Map((analysis.messages ?? []).map((v) => [v.n, v]));
  const check = input.check ?? null;
  const shotEntry = record.manifest.items.find((i) => i.name === 'screenshot');

  const header = h('header', {},
    h('p', { class: 'brand' }, 'Vigie'),
    h('h1', {}, t('evidence.report.title', { peer, site: siteName })),
    h('p', { class: 'meta' }, t('evidence.report.capturedAt', { date: when }), ' · ', h('time', { datetime: record.capturedAt }, `${record.capturedAt} (UTC)`)),
    tz ? h('p', { class: 'meta' }, t('evidence.report.timeZone', { zone: tz })) : null,
    h('p', { class: 'meta' }, t('evidence.report.captureId'), ' ', h('code', {}, record.id)),
    h('div', { class: 'notice', role: 'note' },
      h('p', {}, h('strong', {}, t('evidence.report.intro1'))),
      h('p', {}, t('evidence.report.intro2')),
      h('p', {}, t('evidence.report.intro3'))),
    check && !check.ok ? h('div', { class: 'notice alert', role: 'alert', 'data-check': 'failed' }, t('evidence.report.checkFailed')) : null);

  const shotStatus = context.screenshot ?? 'none';
  const summary = h('section', { id: 'summary', 'aria-labelledby': 'summary-title' },
    h('h2', { id: 'summary-title' }, t('evidence.report.summary')),
    h('dl', {},
      h('dt', {}, t('evidence.field.site')), h('dd', {}, siteName),
      h('dt', {}, t('evidence.field.url')), h('dd', {}, context.url ? h('code', { 'data-field': 'url' }, context.url) : '—'),
      h('dt', {}, t('evidence.field.peer')), h('dd', { dir: 'auto', 'data-field': 'peer' }, peer),
      context.profile ? [h('dt', {}, t('evidence.field.profile')), h('dd', {}, h('code', { 'data-field': 'profile' }, context.profile))] : null,
      email && context.title ? [h('dt', {}, t('evidence.field.subject')), h('dd', { dir: 'auto' }, visibleText(context.title))] : null,
      context.pageTitle ? [h('dt', {}, t('evidence.field.pageTitle')), h('dd', { dir: 'auto' }, context.pageTitle)] : null,
      h('dt', {}, t('evidence.field.messages')), h('dd', {}, t('evidence.report.messageCount', { count: messages.length, incoming: incoming.length })),
      h('dt', {}, t('evidence.field.level')), analysis.unavailable
        ? h('dd', { 'data-analysis': 'unavailable' }, t('evidence.report.noAnalysis'))
        : h('dd', { class: `level-${analysis.level}` }, t(`evidence.level.${analysis.level}`)),
      h('dt', {}, t('evidence.field.stages')), h('dd', {}, analysis.stages.length ? analysis.stages.map((s) => stageLabel(s.stage)).join(' → ') : t('evidence.report.noStage')),
      h('dt', {}, t('evidence.field.screenshot')), h('dd', {}, shotStatus === 'saved' ? t('evidence.shot.saved') : t(`evidence.shot.${shotStatus}`)),
      h('dt', {}, t('evidence.field.source')), h('dd', {}, t(`evidence.source.${context.source ?? 'warning'}`)),
      h('dt', {}, t('evidence.field.fingerprint')), h('dd', {}, h('code', { 'data-field': 'sha256' }, record.sha256))));

  const stages = h('section', { id: 'stages', 'aria-labelledby': 'stages-title' },
    h('h2', { id: 'stages-title' }, t('evidence.report.stagesTitle')),
    h('p', {}, t('evidence.report.stagesIntro')),
    analysis.stages.length
      ? h('ol', {}, analysis.stages.map((s) => h('li', { 'data-stage': s.stage }, h('strong', {}, stageLabel(s.stage)), ' — ',
        t('evidence.report.fromMessage', { n: s.first_message ?? '?' }))))
      : h('p', {}, t('evidence.report.noStage')),
    analysis.escalations.length
      ? [h('h3', {}, t('evidence.report.escalations')),
        h('ul', {}, analysis.escalations.map((e) => h('li', {}, analysis.explanations[e.explain] ?? e.kind, ' ', h('small', {}, t('evidence.report.atMessage', { n: e.message ?? '?' })))))]
      : null,
    // Captures before windows were read (format 1 without `windows`) analysed the newest 200 only.
    analysis.coverage && analysis.coverage.first > 1
      ? h('p', { class: 'meta' }, t('evidence.report.coverage', { first: analysis.coverage.first, last: analysis.coverage.last }))
      : null,
    analysis.windows && messages.length > analysis.windows.size
      ? h('p', { class: 'meta', 'data-analysis': 'windows' }, t('evidence.report.windows', { size: analysis.windows.size, windows: analysis.windows.starts.length }))
      : null);

  const idRows = identifiers.map((i) => h('tr', { 'data-kind': i.kind },
    h('td', {}, t(`evidence.kind.${i.kind}`)),
    h('td', { dir: 'auto' }, h('code', { 'data-value': '' }, visibleText(i.value))),
    h('td', {}, i.occurrences.length
      ? t('evidence.report.inMessages', { list: [...new Set(i.occurrences.map((o) => o.message))].join(', ') })
      : t(`evidence.from.${i.sources[0] ?? 'text'}`))));
  const ids = h('section', { id: 'identifiers', 'aria-labelledby': 'identifiers-title' },
    h('h2', { id: 'identifiers-title' }, t('evidence.report.identifiers')),
    h('p', {}, t('evidence.report.identifiersIntro')),
    identifiers.length
      ? h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('evidence.col.kind')), h('th', { scope: 'col' }, t('evidence.col.value')), h('th', { scope: 'col' }, t('evidence.col.where')))),
        h('tbody', {}, idRows))
      : h('p', {}, t('evidence.report.noIdentifiers')));

  const rows = messages.map((m) => {
    const v = verdicts.get(m.n);
    const level = m.direction === 'out' ? 'none' : levelOf(v);
    return h('tr', { class: m.direction === 'out' ? 'out' : 'in', 'data-n': m.n, 'data-direction': m.direction, 'data-level': level },
      h('td', {}, String(m.n)),
      h('td', {}, m.time ? h('time', { datetime: m.time }, formatTime(m.time, lang, tz)) : null,
        m.shownTime ? [m.time ? h('br') : null, h('small', { dir: 'auto', 'data-shown-time': '' }, t('evidence.report.shownTime', { time: m.shownTime }))] : null,
        m.time || m.shownTime ? null : t('evidence.report.noTime')),
      h('td', {}, t(`evidence.dir.${m.direction}`)),
      h('td', { dir: 'auto', 'data-sender': '' }, m.sender ? visibleText(m.sender) : '—', m.address ? [h('br'), h('code', {}, m.address)] : null),
      h('td', { class: 'text', dir: 'auto', 'data-text': '' }, markedText(m.text, v?.signals ?? [])),
      h('td', {}, level !== 'none' ? h('span', { class: `level-${level}` }, t(`evidence.level.${level}`)) : '—',
        v?.stage && level !== 'none' ? [h('br'), h('small', {}, stageLabel(v.stage))] : null));
  });
  const msgs = h('section', { id: 'messages', 'aria-labelledby': 'messages-title' },
    h('h2', { id: 'messages-title' }, t('evidence.report.messages')),
    h('p', {}, t('evidence.report.messagesIntro')),
    h('table', { class: 'messages' },
      h('thead', {}, h('tr', {}, ['n', 'time', 'direction', 'sender', 'text', 'vigie'].map((c) => h('th', { scope: 'col' }, t(`evidence.col.${c}`))))),
      h('tbody', {}, rows)));

  const shot = h('section', { id: 'screenshot', 'aria-labelledby': 'screenshot-title' },
    h('h2', { id: 'screenshot-title' }, t('evidence.report.screenshot')),
    input.screenshotUrl && shotEntry
      ? h('figure', {},
        h('img', { src: input.screenshotUrl, alt: t('evidence.report.screenshotAlt', { site: siteName, date: when }) }),
        h('figcaption', {}, t('evidence.report.screenshotCaption', { date: when }), ' SHA-256 ', h('code', {}, shotEntry.sha256)),
        h('p', { class: 'notice' }, t('evidence.report.screenshotWarning')))
      : h('p', {}, t(`evidence.shot.${shotStatus === 'saved' ? 'none' : shotStatus}`)));

  const headersSection = addenda.length
    ? h('section', { id: 'headers', 'aria-labelledby': 'headers-title' },
      h('h2', { id: 'headers-title' }, t('evidence.report.headers')),
      addenda.map((a, i) => h('article', { 'data-addendum': a.id },
        h('p', { class: 'meta' }, t('evidence.report.addedAt', { date: formatTime(a.addedAt, lang, tz, { seconds: true }) }), ' · SHA-256 ', h('code', {}, a.manifest.sha256),
          input.addendaChecks?.[i] ? [' · ', h('span', { class: input.addendaChecks[i].ok ? 'ok' : 'bad' }, t(input.addendaChecks[i].ok ? 'evidence.report.verified' : 'evidence.report.notVerified'))] : null),
        h('pre', { dir: 'ltr' }, a.text))))
    : null;

  const contacts = input.contacts;
  const complaint = h('section', { id: 'complaint', 'aria-labelledby': 'complaint-title' },
    h('h2', { id: 'complaint-title' }, t('evidence.report.complaint')),
    h('ol', {}, [1, 2, 3, 4, 5, 6].map((n) => h('li', {}, t(`evidence.complaint.${n}`)))),
    contacts && (contacts.entries?.length || contacts.platform)
      ? [h('h3', {}, contacts.countryName ? t('evidence.report.whereIn', { country: contacts.countryName }) : t('evidence.report.where')),
        h('ul', {},
          contacts.platform ? h('li', {}, t('evidence.report.platformReport', { name: contacts.platform.name }), ' — ', h('code', {}, contacts.platform.url)) : null,
          (contacts.entries ?? []).map((e) => h('li', {}, h('strong', {}, e.name), e.phone ? ` — ${e.phone}` : '', e.url ? [' — ', h('code', {}, e.url)] : null)))]
      : null,
    input.advice?.tooLate?.length
      ? [h('h3', {}, t('evidence.report.tooLate')), h('ol', {}, input.advice.tooLate.map((s) => h('li', {}, s)))]
      : null);

  const itemRows = record.manifest.items.map((i) => h('tr', { 'data-item': i.name },
    h('td', {}, t(`evidence.item.${i.name}`)),
    h('td', {}, h('code', { 'data-sha256': '' }, i.sha256)),
    h('td', {}, t('evidence.report.bytes', { count: i.size })),
    h('td', {}, check ? h('span', { class: check.items[i.name] ? 'ok' : 'bad' }, t(check.items[i.name] ? 'evidence.report.verified' : 'evidence.report.notVerified')) : '—')));
  const integrity = h('section', { id: 'integrity', 'aria-labelledby': 'integrity-title' },
    h('h2', { id: 'integrity-title' }, t('evidence.report.integrity')),
    h('p', {}, t('evidence.report.integrityIntro', { date: when })),
    h('table', {},
      h('thead', {}, h('tr', {}, ['item', 'sha256', 'size', 'check'].map((c) => h('th', { scope: 'col' }, t(`evidence.col.${c}`))))),
      h('tbody', {}, itemRows)),
    h('p', {}, h('strong', {}, t('evidence.report.whole')), ' ', h('code', { 'data-whole': '' }, record.sha256),
      check ? [' ', h('span', { class: check.whole ? 'ok' : 'bad' }, t(check.whole ? 'evidence.report.verified' : 'evidence.report.notVerified'))] : null),
    input.jsonFile
      ? h('p', {}, t('evidence.report.jsonFile', { name: input.jsonFile.name }), ' SHA-256 ', h('code', { 'data-json-sha256': '' }, input.jsonFile.sha256))
      : null,
    h('h3', {}, t('evidence.report.howToVerify')),
    h('ol', {}, [1, 2, 3].map((n) => h('li', {}, t(`evidence.verify.${n}`)))),
    h('pre', { dir: 'ltr' }, verifyScript(input.jsonFile?.name ?? 'vigie.json')));

  const footer = h('footer', {},
    h('p', {}, t('evidence.report.footer', { version: context.software?.extension ?? input.version ?? '?', engine: context.software?.engine ?? '?' })),
    context.software?.browser ? h('p', {}, t('evidence.report.browser'), ' ', h('code', {}, context.software.browser)) : null,
    input.exportedAt ? h('p', {}, t('evidence.report.exportedAt', { date: formatTime(new Date(input.exportedAt).toISOString(), lang, tz, { seconds: true }) })) : null);

  const body = h('main', { class: 'vigie-report', lang, 'data-capture-id': record.id, 'data-sha256': record.sha256 },
    header, summary, stages, ids, msgs, shot, headersSection, complaint, integrity, footer);

  const csp = ["default-src 'none'", 'img-src data:', input.styleHash ? `style-src 'sha256-${input.styleHash}'` : "style-src 'none'",
    "base-uri 'none'", "form-action 'none'", "frame-src 'none'"].join('; ');
  const document = h('html', { lang },
    h('head', {},
      h('meta', { charset: 'utf-8' }),
      h('meta', { 'http-equiv': 'Content-Security-Policy', content: csp }),
      h('meta', { name: 'referrer', content: 'no-referrer' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('meta', { name: 'generator', content: `Vigie ${context.software?.extension ?? input.version ?? ''}`.trim() }),
      h('title', {}, t('evidence.report.docTitle', { peer, site: siteName, date: formatTime(record.capturedAt, lang, tz) })),
      h('style', {}, REPORT_DOCUMENT_CSS)),
    h('body', {}, body));
  return { document, body };
}

/** A script anyone can run (Python 3, no packages) to recompute every fingerprint from the JSON file. */
export function verifyScript(jsonName) {
  return [
    `python3 - "${jsonName.replace(/["\\$`]/g, '')}" <<'EOF'`,
    'import base64, hashlib, json, sys',
    'd = json.load(open(sys.argv[1], encoding="utf-8"))',
    'jcs = lambda v: json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")',
    'sha = lambda b: hashlib.sha256(b).hexdigest()',
    'for item in d["manifest"]["items"]:',
    '    v = d["items"][item["name"]]',
    '    got = sha(base64.b64decode(v.split(",", 1)[1])) if item["name"] == "screenshot" else sha(jcs(v))',
    '    print(item["name"], got, "OK" if got == item["sha256"] else "DIFFERENT")',
    'got = sha(jcs(d["manifest"]))',
    'print("capture", got, "OK" if got == d["sha256"] else "DIFFERENT")',
    'EOF',
  ].join('\n');
}
