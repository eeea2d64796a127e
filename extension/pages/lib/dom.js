// DOM helpers for the extension pages. Text only ever goes in through text nodes or textContent:
// nothing read from data files, settings or the page a warning came from is parsed as HTML.

/**
 * Creates an element. `props`: `class`, `text` (textContent), `dataset`, `on<event>` handlers,
 * booleans/DOM properties (checked, disabled, value…) and plain attributes. Children may be
 * strings (inserted as text nodes), nodes, arrays, or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'href') el.setAttribute('href', safeHref(value));
    else if (typeof value !== 'string' && key in el) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Only https:, tel:, mailto: and same-extension relative links are ever written into an href. */
export function safeHref(value) {
  const s = String(value);
  if (/^(https:|tel:|mailto:)/i.test(s)) return s;
  if (/^[a-z][a-z0-9+.-]*:/i.test(s)) return '#';
  return s; // relative (extension page or #anchor)
}

/** Replaces every child of `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Moves keyboard focus to `el` (made focusable if needed) and scrolls it into view. */
export function focusAndScroll(el) {
  if (!el) return;
  if (!el.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(el.tagName)) {
    el.setAttribute('tabindex', '-1');
  }
  el.focus({ preventScroll: true });
  el.scrollIntoView({ block: 'start' });
}
