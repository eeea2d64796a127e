// Turns pasted text or a chat export into messages for the engine. Runs in the page (and in node
// for the tests); no DOM, no network.
//
// Formats:
//   whatsapp   WhatsApp "Export chat" .txt. Android: `31/12/2024, 21:15 - Name: text`;
//              iOS: `[31/12/2024, 21:15:30] Name: text`. Lines without a header continue the
//              previous message; headers without `Name: ` are system notices (skipped), as are
//              iOS notices whose text starts with U+200E and media placeholders.
//   messenger  Text copied from a Messenger conversation: a "You sent" / "Vous avez envoyé" line
//              before your messages, the other person's name before theirs, one message a line;
//              times and "Seen" lines are dropped.
//   named      `Name: text` lines (a line without a name continues the previous message).
//   lines      One message per line.
//   single     The whole text is one message (an e-mail, a long message).
//   auto       The first of the above that fits.

export const FORMATS = ['auto', 'whatsapp', 'messenger', 'named', 'lines', 'single'];

/** The sender name used for "You sent" lines of a Messenger copy. */
export const MESSENGER_ME = '\u0000me';

const LRM = /^[\u200E\u200F\u202A-\u202E\uFEFF]+/;
const DIR_MARKS = /[\u200E\u200F\u202A-\u202E\uFEFF]/g;

/** `{format, messages: [{text, sender, time, stamp, line}], senders, skipped}`. */
export function parseChat(text, format = 'auto') {
  const input = String(text ?? '').replace(/\r\n?/g, '\n');
  if (!input.trim()) return result('empty', [], 0);
  if (format === 'auto') format = detect(input);
  switch (format) {
    case 'whatsapp': {
      const wa = parseWhatsApp(input);
      return wa ?? parseChat(input, 'lines');
    }
    case 'messenger':
      return parseMessenger(input);
    case 'named':
      return parseNamed(input);
    case 'single':
      return result('single', [{ text: input.trim(), sender: null, time: null, stamp: null, line: 1 }], 0);
    default:
      return parseLines(input);
  }
}

export function detect(input) {
  const lines = input.split('\n').slice(0, 40);
  if (lines.some((l) => whatsappHeader(l.replace(LRM, '')))) return 'whatsapp';
  if (lines.some((l) => MESSENGER_ME_LINE.test(l.trim()))) return 'messenger';
  const nonEmpty = input.split('\n').filter((l) => l.trim());
  if (nonEmpty.length === 1) return 'single';
  const named = nonEmpty.filter((l) => namedLine(l)).length;
  if (named * 2 > nonEmpty.length) return 'named';
  return 'lines';
}

function result(format, messages, skipped, variant = null) {
  const senders = [];
  for (const m of messages) if (m.sender && !senders.includes(m.sender)) senders.push(m.sender);
  return { format, variant, messages, senders, skipped };
}

// ---------------------------------------------------------------------------------------------
// WhatsApp

const IOS = /^\[([^\]]+)\]\s*(.*)$/;
const ANDROID = /^(.{6,30}?)\s[-–]\s(.*)$/;

function whatsappHeader(line) {
  let m = IOS.exec(line);
  if (m) {
    const time = stampToTime(m[1]);
    if (time !== null) return { variant: 'ios', stamp: m[1].trim(), time, rest: m[2].replace(LRM, '') };
  }
  m = ANDROID.exec(line);
  if (m) {
    const time = stampToTime(m[1]);
    if (time !== null) return { variant: 'android', stamp: m[1].trim(), time, rest: m[2] };
  }
  return null;
}

/**
 * `31/12/2024, 21:15`, `31/12/2024 21:15:30`, `31.12.24, 9:15 PM`, `12/31/24, 9:15 PM`,
 * `31/12/2024 à 21:15` → milliseconds since 1970 (the clock time read as UTC, as the CLI does), or
 * null when it is not a date and time.
 */
export function stampToTime(stamp) {
  const m = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4}),?\s+(?:à\s+)?(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?\s*([AaPp]\.?\s?[Mm]\.?)?$/.exec(
    stamp.replace(DIR_MARKS, '').replace(/[\u202F\u00A0]/g, ' ').trim(),
  );
  if (!m) return null;
  let [a, b, y] = [+m[1], +m[2], +m[3]];
  let day = a;
  let month = b;
  if (m[1].length === 4) [y, month, day] = [a, b, y]; // 2024-12-31
  else if (b > 12) [day, month] = [b, a]; // 12/31/24
  if (y < 100) y += 2000;
  let h = +m[4];
  const min = +m[5];
  const s = m[6] ? +m[6] : 0;
  const ampm = m[7]?.toLowerCase().replace(/[.\s]/g, '');
  if (ampm === 'pm' && h < 12) h += 12;
  if (ampm === 'am' && h === 12) h = 0;
  if (day < 1 || day > 31 || month < 1 || month > 12 || y < 1970 || y > 2200 || h > 23 || min > 59 || s > 60) return null;
  return Date.UTC(y, month - 1, day, h, min, s);
}

const MEDIA = /^<(media omitted|médias omis|media omis|fichier omis|image omitted|video omitted)>$/i;

function parseWhatsApp(input) {
  const lines = input.split('\n');
  const first = lines.slice(0, 40).map((l) => whatsappHeader(l.replace(LRM, ''))).find(Boolean);
  if (!first) return null;
  const messages = [];
  let skipped = 0;
  let current = null; // null after a system line: its continuation lines are skipped too
  lines.forEach((raw, i) => {
    const line = raw.replace(LRM, '');
    const h = whatsappHeader(line);
    if (h && h.variant === first.variant) {
      const split = splitSender(h.rest);
      const body = split?.[1] ?? '';
      if (!split || LRM.test(body) || MEDIA.test(body.trim())) {
        skipped += 1;
        current = null;
        return;
      }
      current = { text: body, sender: split[0], time: h.time, stamp: h.stamp, line: i + 1 };
      messages.push(current);
    } else if (current) {
      current.text += `\n${raw}`;
    }
  });
  for (const m of messages) m.text = m.text.replace(/\n+$/, '');
  return result('whatsapp', messages.filter((m) => m.text.trim()), skipped, first.variant);
}

function splitSender(rest) {
  const at = rest.indexOf(': ');
  if (at <= 0) return null;
  const name = rest.slice(0, at).replace(DIR_MARKS, '').trim();
  if (!name || [...name].length > 60) return null;
  return [name, rest.slice(at + 2)];
}

// ---------------------------------------------------------------------------------------------
// Messenger (copied text)

const MESSENGER_ME_LINE = /^(you sent|vous avez envoyé|tu as envoyé|you replied to .+|vous avez répondu à .+)$/i;
const MESSENGER_OTHER_SENT = /^(.{1,60}?) (?:sent|a envoyé|replied to .+|a répondu à .+)$/i;
const MESSENGER_NOISE = [
  // times and dates: "21:15", "9:15 PM", "Today at 21:15", "Aujourd'hui 21:15", "Lun. 21:15", "12 mars 2024, 21:15"
  /^(?:[\p{L}.'’]+\s+(?:at\s+|à\s+)?)?\d{1,2}[:h.]\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?$/u,
  /^\d{1,2}[ /.](?:\d{1,2}|[\p{L}.]+)[ /.]\d{2,4}(?:,?\s+(?:at\s+|à\s+)?\d{1,2}[:h.]\d{2}(?:\s?[AaPp][Mm])?)?$/u,
  /^(?:[\p{L}.]+,?\s+)?[\p{L}.]+\s+\d{1,2},?\s+\d{4}(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?:\s?[AaPp][Mm])?)?$/u,
  /^(?:seen|vu|sent|envoyé|delivered|distribué|enter|entrée|message sent|message envoyé|seen by .+|vu par .+|active now|en ligne|actif|active|you|vous|today|aujourd’hui|aujourd'hui|yesterday|hier|original message:|message d'origine :|message d’origine :)$/i,
];

function isNoise(line) {
  return MESSENGER_NOISE.some((re) => re.test(line));
}

function parseMessenger(input) {
  const lines = input.split('\n').map((l) => l.replace(DIR_MARKS, '').trim());
  // A name is a short line without sentence punctuation that introduces messages more than once,
  // or that says "Name sent".
  const counts = new Map();
  lines.forEach((l, i) => {
    if (nameLike(l) && lines[i + 1]) counts.set(l, (counts.get(l) ?? 0) + 1);
  });
  const names = new Set([...counts].filter(([, n]) => n >= 2).map(([l]) => l));
  const messages = [];
  let skipped = 0;
  let sender = null;
  lines.forEach((line, i) => {
    if (!line) return;
    if (MESSENGER_ME_LINE.test(line)) {
      sender = MESSENGER_ME;
      return;
    }
    const sent = MESSENGER_OTHER_SENT.exec(line);
    if (sent && nameLike(sent[1])) {
      sender = sent[1];
      return;
    }
    if (names.has(line)) {
      sender = line;
      return;
    }
    if (isNoise(line)) {
      skipped += 1;
      return;
    }
    messages.push({ text: line, sender, time: null, stamp: null, line: i + 1 });
  });
  return result('messenger', messages, skipped);
}

function nameLike(line) {
  if (!line || line.length > 40 || /[.!?,:;…"«»()]$/.test(line) || /[:?!]/.test(line)) return false;
  const words = line.split(/\s+/);
  return words.length <= 4 && words.every((w) => /^[\p{Lu}\d]/u.test(w) || /^(de|du|da|van|von|le|la|el|al|bin)$/.test(w)) && !isNoise(line);
}

// ---------------------------------------------------------------------------------------------
// Plain text

function namedLine(line) {
  const at = line.indexOf(': ');
  const at2 = line.indexOf(' : '); // French typography: "Léa : salut"
  let name;
  let body;
  if (at2 > 0 && (at < 0 || at2 < at)) {
    name = line.slice(0, at2);
    body = line.slice(at2 + 3);
  } else if (at > 0) {
    name = line.slice(0, at);
    body = line.slice(at + 2);
  } else {
    return null;
  }
  name = name.trim();
  const handle = /^@?[\p{L}\d][\p{L}\d._-]*[\p{L}\d]$/u.test(name); // jess.xo, @sam_99
  const ok = name && [...name].length <= 30 && name.split(/\s+/).length <= 3 && (handle || !/[.!?,]/.test(name)) && !/^https?$/i.test(name);
  return ok ? [name, body] : null;
}

function parseNamed(input) {
  const messages = [];
  input.split('\n').forEach((line, i) => {
    const named = namedLine(line);
    if (named) {
      messages.push({ text: named[1], sender: named[0], time: null, stamp: null, line: i + 1 });
    } else if (line.trim() && messages.length) {
      messages[messages.length - 1].text += `\n${line}`;
    } else if (line.trim()) {
      messages.push({ text: line, sender: null, time: null, stamp: null, line: i + 1 });
    }
  });
  return result('named', messages.filter((m) => m.text.trim()), 0);
}

function parseLines(input) {
  const messages = [];
  input.split('\n').forEach((line, i) => {
    if (line.trim()) messages.push({ text: line.trim(), sender: null, time: null, stamp: null, line: i + 1 });
  });
  return result('lines', messages, 0);
}
