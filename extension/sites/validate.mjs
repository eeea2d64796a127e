// Checks a site adapter (sites/<id>.json) against the adapter format, for build.mjs and the unit
// tests. Node only, no dependencies: it cannot parse CSS selectors (no DOM here), so the browser
// tests check that every selector parses; this file checks everything else. The format itself is
// described in sites/README.md.

export const KINDS = ['chat', 'email', 'generic'];
export const DIRECTIONS = ['in', 'out'];
export const POSITIONS = ['after', 'before', 'append', 'prepend'];
const CONFIDENCE = ['high', 'medium', 'low', 'none'];
const PROBE_KEYS = new Set(['selector', 'closest', 'attr', 'regex', 'value', 'url', 'align', 'sameAs', 'document', 'comment']);

/** A WebExtension match pattern → RegExp over a full URL (scheme://host/path). Throws if invalid. */
export function matchPatternToRegExp(pattern) {
  const m = /^(https|\*):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
  if (!m) throw new Error(`"${pattern}" is not a match pattern (https://host/path)`);
  const [, scheme, host, path] = m;
  const esc = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const schemeRe = scheme === '*' ? 'https?' : 'https';
  const hostRe = host === '*' ? '[^/]+' : host.startsWith('*.') ? `(?:[^/]+\\.)?${esc(host.slice(2))}` : esc(host);
  const pathRe = path.split('*').map(esc).join('.*');
  return new RegExp(`^${schemeRe}://${hostRe}(?::\\d+)?${pathRe}$`);
}

function checkRegex(value, where, errors) {
  if (typeof value !== 'string' || value.length === 0) {
    errors.push(`${where}: regex must be a non-empty string`);
    return;
  }
  try {
    new RegExp(value, 'u');
  } catch (e) {
    errors.push(`${where}: invalid regex: ${e.message}`);
  }
}

function checkSelectorList(list, where, errors, { required = false } = {}) {
  if (list === undefined && !required) return;
  if (!Array.isArray(list) || list.length === 0 || !list.every((s) => typeof s === 'string' && s.trim().length > 0)) {
    errors.push(`${where}: must be a non-empty list of CSS selectors (primary first, then fallbacks)`);
  }
}

function checkProbes(list, where, errors, { direction = false, thread = false } = {}) {
  if (list === undefined) return;
  if (!Array.isArray(list) || list.length === 0) {
    errors.push(`${where}: must be a non-empty list of probes`);
    return;
  }
  list.forEach((p, i) => {
    const at = `${where}[${i}]`;
    if (!p || typeof p !== 'object') return errors.push(`${at}: must be an object`);
    for (const k of Object.keys(p)) if (!PROBE_KEYS.has(k)) errors.push(`${at}: unknown key "${k}"`);
    for (const k of ['selector', 'closest', 'sameAs']) {
      if (p[k] !== undefined && (typeof p[k] !== 'string' || !p[k].trim())) errors.push(`${at}.${k}: must be a CSS selector`);
    }
    if (p.attr !== undefined && (typeof p.attr !== 'string' || !/^[a-z][a-z0-9-]*$/i.test(p.attr))) errors.push(`${at}.attr: must be an attribute name`);
    if (p.regex !== undefined) checkRegex(p.regex, `${at}.regex`, errors);
    if (p.url !== undefined) {
      if (!thread) errors.push(`${at}.url: only thread probes read the URL`);
      checkRegex(p.url, `${at}.url`, errors);
    }
    if (direction) {
      const special = p.align === true || p.sameAs !== undefined;
      if (!special && !DIRECTIONS.includes(p.value)) errors.push(`${at}.value: must be "in" or "out"`);
      if (p.sameAs !== undefined && p.selector === undefined) errors.push(`${at}: sameAs compares the sender read by "selector" with the document's sameAs text`);
    } else if (p.value !== undefined || p.align !== undefined || p.sameAs !== undefined) {
      errors.push(`${at}: value/align/sameAs only belong in direction probes`);
    }
  });
}

/** Every problem found in one adapter, as readable strings (empty when valid). */
export function validateAdapter(a, fileName = '?') {
  const errors = [];
  const where = (k) => `${fileName}: ${k}`;
  if (!a || typeof a !== 'object') return [`${fileName}: not a JSON object`];
  if (typeof a.id !== 'string' || !/^[a-z][a-z0-9-]*$/.test(a.id)) errors.push(where('id must be lowercase letters, digits, dashes'));
  if (fileName !== '?' && `${a.id}.json` !== fileName) errors.push(where(`file name must be ${a.id}.json`));
  if (typeof a.name !== 'string' || !a.name) errors.push(where('name is required'));
  if (!KINDS.includes(a.kind)) errors.push(where(`kind must be one of ${KINDS.join(', ')}`));
  if (!CONFIDENCE.includes(a.confidence)) errors.push(where(`confidence must be one of ${CONFIDENCE.join(', ')}`));
  if (!Array.isArray(a.sources) || a.sources.length === 0) errors.push(where('sources: where the DOM facts come from (at least one)'));
  if (typeof a.notes !== 'string' || a.notes.length < 20) errors.push(where('notes: what is known, what is guessed, what to check when it breaks'));
  if (a.kind === 'generic') {
    if (a.matches !== undefined && (!Array.isArray(a.matches) || a.matches.length !== 0)) errors.push(where('generic adapter: matches must be empty (sites are added by the user)'));
  } else if (!Array.isArray(a.matches) || a.matches.length === 0) {
    errors.push(where('matches: at least one match pattern'));
  } else {
    for (const p of a.matches) {
      try {
        matchPatternToRegExp(p);
      } catch (e) {
        errors.push(where(`matches: ${e.message}`));
      }
    }
  }
  if (a.path !== undefined) checkRegex(a.path, where('path'), errors);
  const c = a.conversation ?? {};
  if (!a.conversation) errors.push(where('conversation is required'));
  checkSelectorList(c.container, where('conversation.container'), errors, { required: true });
  checkProbes(c.thread, where('conversation.thread'), errors, { thread: true });
  checkProbes(c.title, where('conversation.title'), errors, { thread: true });
  checkProbes(c.profile, where('conversation.profile'), errors, { thread: true });
  const m = a.message ?? {};
  if (!a.message) errors.push(where('message is required'));
  checkSelectorList(m.item, where('message.item'), errors, { required: true });
  if (m.leafOnly !== undefined && typeof m.leafOnly !== 'boolean') errors.push(where('message.leafOnly must be a boolean'));
  if (m.minLength !== undefined && !Number.isInteger(m.minLength)) errors.push(where('message.minLength must be an integer'));
  if (m.ignoreText !== undefined) checkRegex(m.ignoreText, where('message.ignoreText'), errors);
  checkSelectorList(m.skip, where('message.skip'), errors);
  checkSelectorList(m.ignore, where('message.ignore'), errors);
  checkProbes(m.id, where('message.id'), errors);
  checkProbes(m.text, where('message.text'), errors);
  checkProbes(m.sender, where('message.sender'), errors);
  checkProbes(m.address, where('message.address'), errors);
  checkProbes(m.timeText, where('message.timeText'), errors);
  checkProbes(m.time, where('message.time'), errors);
  checkProbes(m.direction, where('message.direction'), errors, { direction: true });
  for (const key of ['overlay', 'banner']) {
    const o = a[key];
    if (o === undefined) continue;
    if (!POSITIONS.includes(o.position)) errors.push(where(`${key}.position must be one of ${POSITIONS.join(', ')}`));
    if (o.anchor !== undefined && (typeof o.anchor !== 'string' || !o.anchor.trim())) errors.push(where(`${key}.anchor must be a CSS selector`));
  }
  if (a.platform !== undefined && (typeof a.platform !== 'string' || !/^[a-z]+$/.test(a.platform))) errors.push(where('platform: key into guidance/contacts.json platforms'));
  if (a.fixture !== undefined && typeof a.fixture !== 'string') errors.push(where('fixture: test fixture folder name'));
  const known = new Set(['$comment', 'id', 'name', 'kind', 'confidence', 'sources', 'notes', 'matches', 'path', 'conversation', 'message', 'overlay', 'banner', 'platform', 'fixture']);
  for (const k of Object.keys(a)) if (!known.has(k)) errors.push(where(`unknown key "${k}"`));
  return errors;
}

/** Every selector string of an adapter, with where it is, for the browser's parse check. */
export function selectorsOf(a) {
  const out = [];
  const add = (where, s) => typeof s === 'string' && out.push({ where, selector: s });
  (a.conversation?.container ?? []).forEach((s, i) => add(`conversation.container[${i}]`, s));
  (a.message?.item ?? []).forEach((s, i) => add(`message.item[${i}]`, s));
  (a.message?.skip ?? []).forEach((s, i) => add(`message.skip[${i}]`, s));
  (a.message?.ignore ?? []).forEach((s, i) => add(`message.ignore[${i}]`, s));
  for (const group of [['conversation', 'thread'], ['conversation', 'title'], ['conversation', 'profile'], ['message', 'id'], ['message', 'text'], ['message', 'sender'], ['message', 'address'], ['message', 'time'], ['message', 'timeText'], ['message', 'direction']]) {
    (a[group[0]]?.[group[1]] ?? []).forEach((p, i) => {
      for (const k of ['selector', 'closest', 'sameAs']) add(`${group.join('.')}[${i}].${k}`, p[k]);
    });
  }
  for (const key of ['overlay', 'banner']) add(`${key}.anchor`, a[key]?.anchor);
  return out;
}
