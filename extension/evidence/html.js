// A tiny element tree and a strict HTML serializer for the evidence report. The report quotes page
// text written by a scammer, so nothing in it is ever parsed as markup: the report is built as a
// tree of plain objects, and the serializer escapes every text and attribute value, only emits the
// element and attribute names listed below, only accepts data: URLs of PNG/JPEG images in `src`,
// and refuses any style text that could close the <style> element. The same tree becomes real DOM
// nodes in the evidence page (toDom: createElement + text nodes, never innerHTML).
//
// Works in node too (no DOM needed to build or serialize), so unit tests can check the escaping.

const TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'main', 'header', 'footer', 'section', 'article', 'nav',
  'h1', 'h2', 'h3', 'p', 'div', 'span', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption', 'thead', 'tbody', 'tr', 'th', 'td',
  'pre', 'code', 'mark', 'strong', 'em', 'small', 'bdi', 'time', 'figure', 'figcaption', 'img', 'br', 'hr']);
const VOID = new Set(['meta', 'img', 'br', 'hr']);
const ATTRS = new Set(['class', 'id', 'lang', 'dir', 'charset', 'name', 'content', 'http-equiv', 'src', 'alt', 'width', 'height',
  'colspan', 'rowspan', 'scope', 'datetime', 'title', 'role', 'aria-label', 'aria-labelledby', 'aria-describedby', 'start']);
const IMAGE_DATA_URL = /^data:image\/(?:png|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/;

/** An element of the tree. `attrs` values: strings/numbers (null/false/undefined: left out). Children: trees, strings, arrays, null. */
export function h(tag, attrs = {}, ...children) {
  return { tag, attrs: attrs ?? {}, children: flatten(children) };
}

function flatten(list, out = []) {
  for (const c of list) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) flatten(c, out);
    else out.push(typeof c === 'number' ? String(c) : c);
  }
  return out;
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Escapes text for HTML text and double-quoted attribute values alike. */
export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function checkAttr(tag, name, value) {
  if (!ATTRS.has(name) && !/^data-[a-z][a-z0-9-]*$/.test(name)) throw new Error(`html: attribute ${name} is not allowed`);
  if (name === 'src' && !(tag === 'img' && IMAGE_DATA_URL.test(value))) throw new Error('html: src must be a data: URL of an image');
}

function checkTag(tag) {
  if (!TAGS.has(tag)) throw new Error(`html: element ${tag} is not allowed`);
}

function styleText(node) {
  const text = node.children.map((c) => {
    if (typeof c !== 'string') throw new Error('html: <style> holds text only');
    return c;
  }).join('');
  if (/<|\/\*\s*<|\\3c/i.test(text)) throw new Error('html: style text must not contain "<"');
  return text;
}

/** The HTML text of a tree (strings in it are text, always escaped). */
export function serialize(node) {
  if (typeof node === 'string') return escapeHtml(node);
  checkTag(node.tag);
  let out = `<${node.tag}`;
  for (const [name, raw] of Object.entries(node.attrs)) {
    if (raw === null || raw === undefined || raw === false) continue;
    const value = raw === true ? '' : String(raw);
    checkAttr(node.tag, name, value);
    out += ` ${name}="${escapeHtml(value)}"`;
  }
  out += '>';
  if (VOID.has(node.tag)) {
    if (node.children.length) throw new Error(`html: <${node.tag}> cannot have children`);
    return out;
  }
  if (node.tag === 'style') return `${out}${styleText(node)}</style>`;
  for (const c of node.children) out += serialize(c);
  return `${out}</${node.tag}>`;
}

/** A whole document: doctype, then the <html> tree. */
export function serializeDocument(htmlNode) {
  if (htmlNode.tag !== 'html') throw new Error('html: the document root is <html>');
  return `<!doctype html>\n${serialize(htmlNode)}\n`;
}

/** The tree as DOM nodes of `doc` (text as text nodes; the same name checks as serialize). */
export function toDom(node, doc = globalThis.document) {
  if (typeof node === 'string') return doc.createTextNode(node);
  checkTag(node.tag);
  const el = doc.createElement(node.tag);
  for (const [name, raw] of Object.entries(node.attrs)) {
    if (raw === null || raw === undefined || raw === false) continue;
    const value = raw === true ? '' : String(raw);
    checkAttr(node.tag, name, value);
    el.setAttribute(name, value);
  }
  if (node.tag === 'style') el.textContent = styleText(node);
  else for (const c of node.children) el.append(toDom(c, doc));
  return el;
}
