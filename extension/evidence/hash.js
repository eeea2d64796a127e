// Fingerprints of evidence: canonical JSON (RFC 8785, the JSON Canonicalization Scheme) and
// SHA-256 with WebCrypto. Used by the background (at capture time) and by the pages (to check a
// capture again before exporting it). No dependencies, no network; works in a service worker, an
// extension page and node ≥ 20 (the unit tests recompute the same values with node:crypto).
//
// Why JCS: a capture's items are JSON values. Their fingerprint must not depend on key order or
// spacing, and must be recomputable later by anyone with the exported JSON file and standard tools
// (Python's json.dumps(v, sort_keys=True, separators=(",", ":"), ensure_ascii=False), or any JCS
// library). For the values Vigie stores (strings, integers, finite numbers, booleans, null, arrays,
// objects with ASCII keys), JCS is exactly JSON.stringify with the keys of every object sorted.

/** The canonical JSON text of `value` (RFC 8785). Throws on values JSON cannot represent. */
export function canonicalJson(value) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value); // ECMAScript Number-to-String, as RFC 8785 §3.2.2.3 asks (-0 → 0)
    case 'string':
      return JSON.stringify(wellFormed(value));
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) throw new TypeError('canonicalJson: binary data is not JSON');
      const keys = Object.keys(value).filter((k) => value[k] !== undefined && typeof value[k] !== 'function').sort();
      return `{${keys.map((k) => `${JSON.stringify(wellFormed(k))}:${canonicalJson(value[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
  }
}

/** `value` as stored: the JSON value its canonical text stands for (undefined fields dropped, -0 → 0, lone surrogates → U+FFFD). */
export function normalizeJson(value) {
  return JSON.parse(canonicalJson(value));
}

/** A string with lone UTF-16 surrogates replaced by U+FFFD (so its UTF-8 bytes are well defined). */
export function wellFormed(s) {
  if (typeof s.toWellFormed === 'function') return s.toWellFormed();
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function utf8(text) {
  return new TextEncoder().encode(wellFormed(String(text)));
}

export function toHex(bytes) {
  let out = '';
  for (const b of new Uint8Array(bytes)) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Lowercase hex SHA-256 of bytes, or of a string's UTF-8 bytes. */
export async function sha256Hex(data) {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  return toHex(await crypto.subtle.digest('SHA-256', bytes));
}

/** Base64 SHA-256 (the form CSP hash sources use). */
export async function sha256Base64(text) {
  return bytesToBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8(text))));
}

/** The SHA-256 of a JSON value: of the UTF-8 bytes of its canonical JSON text. */
export function sha256Json(value) {
  return sha256Hex(canonicalJson(value));
}

export function bytesToBase64(bytes) {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

export function base64ToBytes(b64) {
  const binary = atob(b64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** `data:image/png;base64,…` → {type, bytes}, or null when it is not a base64 PNG/JPEG data URL. */
export function parseImageDataUrl(url) {
  const m = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/]+={0,2})$/.exec(String(url ?? ''));
  return m ? { type: m[1], bytes: base64ToBytes(m[2]) } : null;
}
