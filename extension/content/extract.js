// Content script, part 2 of 4 — EXTRACT. Turns a page into messages, using a site adapter (data
// from sites/*.json, bundled in data-<sites>.generated.js): which adapter fits this URL, where the
// conversation is, which thread it is, and for each message its stable key, text, direction,
// sender and time. Only reads the DOM; never writes it.
//
// Probes (the adapter format, see sites/README.md): each field is a list tried in order, primary
// first. A probe finds a node (`selector`: the message itself or a descendant; `closest`: the
// message or an ancestor), reads an attribute (`attr`) or its text, and optionally keeps what a
// `regex` captures. Direction probes give a `value` when they find something, or compare the
// sender with the signed-in user (`sameAs`), or look at where the bubble sits (`align`).

(() => {
  'use strict';
  const V = globalThis.Vigie;
  if (!V || V.extract) return;

  /** Messages read per scan (the newest); older ones stay in the thread state. */
  const MAX_ITEMS = 400;
  const MAX_TEXT = V.shared.protocol.MAX_TEXT_CHARS;
  const SKIP_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG', 'VIGIE-WARNING', 'VIGIE-BANNER', 'VIGIE-LIVE']);
  const BLOCK_TAGS = new Set(['DIV', 'P', 'LI', 'BLOCKQUOTE', 'PRE', 'TR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'SECTION', 'ARTICLE']);

  const regexCache = new Map();
  function regex(source) {
    let re = regexCache.get(source);
    if (!re) {
      re = new RegExp(source, 'u');
      regexCache.set(source, re);
    }
    return re;
  }

  /** Selector errors (a typo in an adapter, a selector this browser does not support) are noted, not thrown. */
  const broken = new Set();
  function safe(fn, selector) {
    try {
      return fn();
    } catch {
      broken.add(selector);
      return null;
    }
  }
  const query = (root, sel) => safe(() => root.querySelector(sel), sel);
  const queryAll = (root, sel) => safe(() => root.querySelectorAll(sel), sel) ?? [];
  const matches = (el, sel) => safe(() => el.matches(sel), sel) ?? false;
  const closest = (el, sel) => safe(() => el.closest(sel), sel);

  // ---- URL → adapter

  function patternRegExp(pattern) {
    const m = /^(https|\*):\/\/(\*|\*\.[^/*]+|[^/*]+)(\/.*)$/.exec(pattern);
    if (!m) return /$^/;
    const esc = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    const host = m[2] === '*' ? '[^/]+' : m[2].startsWith('*.') ? `(?:[^/]+\\.)?${esc(m[2].slice(2))}` : esc(m[2]);
    return new RegExp(`^${m[1] === '*' ? 'https?' : 'https'}://${host}(?::\\d+)?${m[3].split('*').map(esc).join('.*')}$`);
  }
  const compiled = new Map();
  function urlMatches(adapter, url) {
    if (!compiled.has(adapter.id)) compiled.set(adapter.id, (adapter.matches ?? []).map(patternRegExp));
    const href = url.href.replace(/#.*$/, '');
    return compiled.get(adapter.id).some((re) => re.test(href));
  }

  /**
   * The adapter for this page: a site adapter whose URL patterns match, or the generic adapter when
   * the user enabled this origin in the options; null otherwise. `path` restricts a site adapter
   * to the part of the site that shows conversations (facebook.com/messages, x.com/messages…).
   */
  function adapterFor(url, settings) {
    const sites = V.data.sites;
    let outside = null;
    for (const a of sites) {
      if (a.kind === 'generic' || !urlMatches(a, url)) continue;
      // Two adapters can share a host (Telegram K and A): the path decides.
      if (!a.path || regex(a.path).test(url.pathname)) return { adapter: a, inPath: true };
      outside ??= { adapter: a, inPath: false };
    }
    if (outside) return outside;
    if (settings.genericSites.includes(url.origin)) {
      return { adapter: sites.find((a) => a.kind === 'generic'), inPath: true };
    }
    return null;
  }

  // ---- reading text

  /** The adapter's skip selectors as one selector list, joined once per list. */
  const joinedSkips = new WeakMap();
  function skipSelector(skip) {
    if (!skip || skip.length === 0) return null;
    let sel = joinedSkips.get(skip);
    if (sel === undefined) {
      sel = skip.join(',');
      joinedSkips.set(skip, sel);
    }
    return sel;
  }

  /**
   * True when no element inside `node` (itself excluded) matches `skipSel`: then nothing under it
   * needs a matches() one element at a time (one native query instead of a call per element; most
   * messages quote nothing). False when the selector throws, so the checks one by one run and note
   * it as before.
   */
  function nothingSkipped(node, skipSel) {
    if (!skipSel) return true;
    try {
      return node.querySelector(skipSel) === null;
    } catch {
      return false;
    }
  }

  /**
   * The visible text of `node`: text nodes, emoji images by their alt text, line breaks between
   * blocks; subtrees matching `skip` (quoted replies, hidden labels, timestamps) are left out.
   * Walked by hand rather than with a TreeWalker: its filter called back into script for every
   * node, a third of the time spent reading a new message. Same order and same rules: `node`
   * itself is always read; an element in SKIP_TAGS or matching `skip` is left out with its subtree.
   */
  function readText(node, skip) {
    if (!node) return '';
    let skipSel = skipSelector(skip);
    if (skipSel && nothingSkipped(node, skipSel)) skipSel = null;
    let out = '';
    let n = node;
    while (n) {
      let enter = false;
      if (n.nodeType === 3) out += n.data;
      else if (n.nodeType === 1 && (n === node || (!SKIP_TAGS.has(n.nodeName) && !(skipSel && matches(n, skipSel))))) {
        enter = true;
        const name = n.nodeName;
        if (name === 'IMG') out += n.getAttribute('alt') ?? n.getAttribute('data-plain-text') ?? '';
        else if (name === 'BR') out += '\n';
        else if (BLOCK_TAGS.has(name) && out && !out.endsWith('\n')) out += '\n';
      } else if (n.nodeType !== 1) {
        enter = true; // neither text nor element (a comment): nothing to read, but not a skipped subtree
      }
      if (out.length > MAX_TEXT * 2) break;
      // Next in document order within `node`: the first child, else the next sibling up the tree.
      let next = enter ? n.firstChild : null;
      while (!next && n !== node) {
        next = n.nextSibling;
        if (!next) n = n.parentNode;
      }
      n = next;
    }
    // Most messages are one line with single spaces: both replacements would change nothing (and
    // cost more than the walk).
    if (/[\t\n\u00a0]| {2}/.test(out)) out = out.replace(/[ \t\u00a0]+/g, ' ').replace(/\s*\n\s*/g, '\n');
    return out.trim().slice(0, MAX_TEXT);
  }

  // ---- probes

  function probeNode(el, p) {
    if (p.closest) {
      // `closest` + `selector`: go up to the group, then down (a group header with the name).
      const up = closest(el, p.closest);
      return up && p.selector ? query(up, p.selector) : up;
    }
    if (p.selector) return matches(el, p.selector) ? el : query(el, p.selector);
    return el;
  }

  function readProbe(node, p, skip) {
    let v = p.attr ? node.getAttribute(p.attr) : readText(node, skip);
    if (v == null) return null;
    v = String(v).trim();
    if (p.regex) {
      const m = regex(p.regex).exec(v);
      if (!m) return null;
      v = (m[1] ?? m[0]).trim();
    }
    return v || null;
  }

  function probeValue(el, p, skip) {
    const node = probeNode(el, p);
    return node ? readProbe(node, p, skip) : null;
  }

  function firstValue(el, probes, skip) {
    for (const p of probes ?? []) {
      const v = probeValue(el, p, skip);
      if (v) return v;
    }
    return null;
  }

  /**
   * True when `n` sits inside a skipped part (a quoted reply…) of the message `el`: one of its
   * ancestors strictly inside the message matches a skip selector. (closest() climbed to the
   * document's root for every text candidate, with selectors like `[a] [a]` that climb again
   * from each ancestor: a third of the time spent reading a new message.)
   */
  function inSkipped(n, el, skip) {
    if (!skip || skip.length === 0) return false;
    for (let a = n; a && a !== el; a = a.parentElement) {
      for (const s of skip) if (matches(a, s)) return true;
    }
    return false;
  }

  /** Message text: the longest match of the first text probe that finds any, else the whole item. */
  function messageText(el, adapter) {
    const skip = adapter.message.skip;
    // Nothing quoted in the message (the common case): no candidate can sit in a skipped part.
    const quotes = !nothingSkipped(el, skipSelector(skip));
    for (const p of adapter.message.text ?? []) {
      // (A node list read by index: iterating one costs ~2.5× more, per new message in a burst.)
      const nodes = p.selector ? (matches(el, p.selector) ? [el] : queryAll(el, p.selector)) : [el];
      let best = '';
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i];
        if (quotes && n !== el && inSkipped(n, el, skip)) continue;
        const v = readProbe(n, p, skip) ?? '';
        if (v.length > best.length) best = v;
      }
      if (best) return best;
    }
    return readText(el, skip);
  }

  function docValue(probes) {
    for (const p of probes ?? []) {
      if (p.url) {
        const m = regex(p.url).exec(location.pathname + location.search + location.hash);
        if (m) return (m[1] ?? m[0]) || null;
        continue;
      }
      const node = p.selector ? query(document, p.selector) : null;
      const v = node ? readProbe(node, p) : null;
      if (v) return v;
    }
    return null;
  }

  /** The bubble of a message: the node itself, or its first descendant narrow enough to hold all its text. */
  function bubble(node, c) {
    const narrow = (r) => r.width > 0 && r.width <= c.width * 0.9;
    if (narrow(node.getBoundingClientRect())) return node;
    const total = (node.textContent ?? '').trim().length;
    let tried = 0;
    for (const d of node.querySelectorAll('*')) {
      if (++tried > 40) break;
      if (narrow(d.getBoundingClientRect()) && (d.textContent ?? '').trim().length >= total * 0.8) return d;
    }
    return null;
  }

  /** Direction from layout: sent bubbles sit on the right (left in right-to-left pages). */
  function alignment(el, container, p) {
    const start = p.selector ? probeNode(el, p) : el;
    if (!start || !container) return null;
    const c = container.getBoundingClientRect();
    if (c.width === 0) return null;
    const node = bubble(start, c);
    if (!node) return null;
    const r = node.getBoundingClientRect();
    const left = r.left - c.left;
    const right = c.right - r.right;
    if (Math.abs(left - right) < c.width * 0.05) return null;
    const rtl = getComputedStyle(container).direction === 'rtl';
    return (right < left) !== rtl ? 'out' : 'in';
  }

  function direction(el, adapter, container) {
    for (const p of adapter.message.direction ?? []) {
      if (p.align) {
        const d = alignment(el, container, p);
        if (d) return d;
        continue;
      }
      if (p.sameAs) {
        const me = docValue([{ selector: p.sameAs }]);
        const who = probeValue(el, { selector: p.selector, attr: p.attr, regex: p.regex });
        if (me && who) return who === me ? 'out' : 'in';
        continue;
      }
      const node = probeNode(el, p);
      if (!node) continue;
      if (p.attr || p.regex) {
        if (readProbe(node, p) !== null) return p.value;
        continue;
      }
      return p.value;
    }
    return 'unknown';
  }

  function parseTime(v) {
    if (!v) return null;
    if (/^\d+(\.\d+)?$/.test(v)) {
      const n = Number(v);
      return n < 1e11 ? n * 1000 : n;
    }
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }

  /** A short, stable, non-cryptographic hash (53 bits, cyrb53) for keys of messages without ids. */
  function hash(text) {
    let h1 = 0xdeadbeef;
    let h2 = 0x41c6ce57;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }

  // ---- the page → a snapshot

  function findContainer(adapter) {
    for (const sel of adapter.conversation.container) {
      const el = query(document, sel);
      if (el) return el;
    }
    return null;
  }

  /** The full query: every message element of the conversation, in page order; `sel` = which item selector matched. */
  function queryItems(adapter, container) {
    let list = [];
    let sel = -1;
    for (let i = 0; i < adapter.message.item.length; i++) {
      list = [...queryAll(container, adapter.message.item[i])];
      if (list.length) {
        sel = i;
        break;
      }
    }
    return { list: keep(adapter, list), sel };
  }

  /** The adapter's `ignore` and `leafOnly` rules over a list of candidate message elements. */
  function keep(adapter, list) {
    const ignore = adapter.message.ignore;
    if (ignore) list = list.filter((el) => !ignore.some((s) => matches(el, s) || query(el, s)));
    if (adapter.message.leafOnly) {
      const set = new Set(list);
      list = list.filter((el) => !list.some((other) => other !== el && set.has(other) && el.contains(other)));
    }
    return list;
  }

  /**
   * The message elements of the last read, per conversation: a batch whose mutations only
   * appended nodes after the last message adds the messages found in those nodes instead of
   * querying the whole conversation again (WhatsApp's `div[role=row]:has(div[data-id])` over 2,000
   * messages cost 4–8 ms per batch, in the page's task). Anything else — a removal, an insertion
   * above or inside a message, a forced batch, a fallback item selector, a selector relative to
   * the conversation (`:scope`), or FULL_EVERY appends in a row (attributes are not observed) —
   * runs the full query.
   */
  let known = null; // {adapter, container, sel, list, appends}
  const FULL_EVERY = 16;
  const OWN = new Set(['VIGIE-WARNING', 'VIGIE-BANNER', 'VIGIE-LIVE']);

  /** The nodes `records` appended after the last known message, in page order; null when the batch did anything else. */
  function appendedNodes(container, sel, records) {
    const last = known.list[known.list.length - 1];
    if (!last.isConnected) return null;
    const added = [];
    let prev = last;
    for (const r of records) {
      if (r.type !== 'childList') return null;
      if (!container.contains(r.target)) {
        // Beside or above the conversation (a sidebar): nothing to read, unless it moved the conversation.
        if (r.target.contains(container) && [...r.removedNodes].some((n) => !OWN.has(n.nodeName))) return null;
        continue;
      }
      const removed = r.removedNodes;
      for (let i = 0; i < removed.length; i++) if (!OWN.has(removed[i].nodeName)) return null;
      const addedNodes = r.addedNodes;
      if (addedNodes.length === 0) continue;
      // Inside a message: its text may have changed (or a `:has()` item just gained what it needs).
      for (let a = r.target; a && a !== container; a = a.parentElement) if (matches(a, sel)) return null;
      // Indexed: a burst's record holds its 100 rows, and iterating a node list costs ~2.5× more.
      for (let i = 0; i < addedNodes.length; i++) {
        const n = addedNodes[i];
        if (n.nodeType !== 1 || OWN.has(n.nodeName)) continue;
        if (!n.isConnected) return null;
        const pos = prev.compareDocumentPosition(n);
        if (!(pos & Node.DOCUMENT_POSITION_FOLLOWING) || (pos & Node.DOCUMENT_POSITION_CONTAINED_BY)) return null;
        added.push(n);
        prev = n;
      }
    }
    return added;
  }

  /**
   * Reads of the conversation since the page loaded: full queries, batches that only read what was
   * appended, and cached reads whose text had to be compared again (see readMessage).
   */
  const reads = { full: 0, appended: 0, compared: 0 };

  /**
   * The newest MAX_ITEMS message elements, in page order. (Their cached reads are checked by
   * readMessage: an edit in place changes a text node, which the batches' observer does not report.)
   */
  function items(adapter, container, records) {
    // (A selector relative to the conversation, `:scope > li`, means something else on another element.)
    if (records && known && known.adapter === adapter.id && known.container === container && known.sel === 0 &&
        known.list.length && known.appends < FULL_EVERY && !adapter.message.item[0].includes(':scope')) {
      const sel = adapter.message.item[0];
      const added = appendedNodes(container, sel, records);
      if (added) {
        const found = [];
        for (const n of added) {
          if (matches(n, sel)) found.push(n);
          const inside = queryAll(n, sel);
          for (let i = 0; i < inside.length; i++) found.push(inside[i]);
        }
        const list = known.list.concat(keep(adapter, found)).slice(-MAX_ITEMS);
        known = { ...known, list, appends: known.appends + 1 };
        reads.appended++;
        return list;
      }
    }
    const { list: all, sel } = queryItems(adapter, container);
    const list = all.slice(-MAX_ITEMS);
    known = { adapter: adapter.id, container, sel, list, appends: 0 };
    reads.full++;
    return list;
  }

  /**
   * Reads are cached per element and redone when the element's text changes (recycled nodes, an
   * edit in place). Comparing every element's textContent with its cached one on every batch (the
   * 400 newest messages) was a fifth of the read in a burst; so a cached read is trusted without
   * that comparison while nothing can have changed the element's text unseen: `watcher`, an
   * observer of its own (child lists and text, the whole document; the batches' observer sees
   * neither text edits nor, after an overflow or a forced batch, its records), marks the elements
   * above each change for the comparison. A removed element (it may change while detached, then
   * come back), time when nothing watched, or too many changes at once make every cached read
   * compared again (a new `epoch`); one that compares equal is trusted again.
   */
  const cache = new WeakMap();
  let epoch = 0;
  let watcher = null;
  /** Targets of the watcher's records since the last read. */
  const changed = new Set();
  const MAX_CHANGED = 1000;

  function noteChanges(records) {
    // Indexed loops, and no look at what was added (an insertion only marks its target, like any
    // change): a burst's 100 records cost 5–7 µs each with iterators over both node lists.
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.type === 'childList') {
        const removed = r.removedNodes;
        for (let j = 0; j < removed.length; j++) {
          const n = removed[j];
          if (n.nodeType === 1 && !OWN.has(n.nodeName)) {
            epoch++;
            changed.clear();
            break;
          }
        }
      }
      if (changed.size >= MAX_CHANGED) {
        epoch++;
        changed.clear();
      }
      changed.add(r.target);
    }
  }

  /** Brings the cache up to date with the changes seen since the last read (at its start). */
  function settleChanges() {
    if (!watcher) {
      watcher = new MutationObserver(noteChanges);
      watcher.observe(document.documentElement, { childList: true, characterData: true, subtree: true });
      epoch++;
      changed.clear();
      return;
    }
    // Changes of this very task have not reached the callback yet (it runs after the batch's).
    noteChanges(watcher.takeRecords());
    const seen = new Set();
    for (const target of changed) {
      for (let a = target; a && !seen.has(a); a = a.parentNode) {
        seen.add(a);
        const hit = cache.get(a);
        if (hit) hit.epoch = -1;
      }
    }
    changed.clear();
  }

  /** Stops the watcher (Vigie paused on the site, or gone): nothing cached is trusted after this. */
  function unwatch() {
    watcher?.disconnect();
    watcher = null;
    changed.clear();
    epoch++;
  }

  function readMessage(el, adapter, container) {
    const hit = cache.get(el);
    if (hit && hit.epoch === epoch && hit.adapter === adapter.id) return hit.rec;
    if (hit) reads.compared++;
    const sig = el.textContent;
    if (hit && hit.sig === sig && hit.adapter === adapter.id) {
      hit.epoch = epoch;
      return hit.rec;
    }
    const text = messageText(el, adapter);
    const rec = {
      el,
      nativeId: firstValue(el, adapter.message.id),
      text,
      direction: direction(el, adapter, container),
      sender: firstValue(el, adapter.message.sender, adapter.message.skip),
      address: firstValue(el, adapter.message.address),
      timeText: firstValue(el, adapter.message.timeText),
      time: parseTime(firstValue(el, adapter.message.time)),
    };
    cache.set(el, { sig, adapter: adapter.id, rec, epoch });
    return rec;
  }

  /**
   * What the page shows now: `{container, thread, title, messages}` with messages in page order,
   * each `{key, el, text, direction, sender, senderRead, address, time, timeText}`; null when no
   * conversation is open. `records`: the batch's mutation records, when it has them (not after an
   * overflow or a forced batch), so a batch that only appended messages reads only those.
   */
  function read(adapter, records = null) {
    settleChanges();
    const container = findContainer(adapter);
    if (!container) return null;
    const threadValue = docValue(adapter.conversation.thread) ?? `${location.pathname}${location.hash}`;
    const title = docValue(adapter.conversation.title);
    const thread = `${adapter.id}:${threadValue}`;
    const seen = new Map();
    const minLength = adapter.message.minLength ?? 1;
    const messages = [];
    const ignoreText = adapter.message.ignoreText ? regex(adapter.message.ignoreText) : null;
    let lastIncomingSender = null;
    let previous = null;
    for (const el of items(adapter, container, records)) {
      const r = readMessage(el, adapter, container);
      if (r.text.length < minLength || (ignoreText && ignoreText.test(r.text))) continue;
      // A message without its own sender line continues the group above it (same side, same person).
      const dir = r.direction === 'unknown' && !r.sender && previous ? previous.direction : r.direction;
      let key;
      if (r.nativeId) key = `id:${r.nativeId}`;
      else {
        const base = `h:${hash(`${thread}\u0000${dir}\u0000${r.sender ?? ''}\u0000${r.text}`)}`;
        const n = seen.get(base) ?? 0;
        seen.set(base, n + 1);
        key = n ? `${base}.${n}` : base;
      }
      // Grouped messages show the name once; the next ones from the same side inherit it.
      let sender = r.sender;
      if (dir !== 'out') {
        sender = sender ?? lastIncomingSender ?? title;
        lastIncomingSender = sender;
      }
      previous = { key, el, text: r.text, direction: dir, sender, senderRead: r.sender, address: r.address, time: r.time, timeText: r.timeText };
      messages.push(previous);
    }
    return { container, thread, title, messages, textLength: messages.length ? 0 : (container.textContent ?? '').length };
  }

  /** The other person's profile link or handle, when the adapter knows where to read it (evidence). */
  function profile(adapter) {
    return docValue(adapter.conversation.profile);
  }

  V.extract = Object.freeze({ adapterFor, read, readText, broken, hash, profile, reads, unwatch });
})();
