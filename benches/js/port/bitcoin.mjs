// Bitcoin addresses, checksum-validated: the JavaScript twin of `src/extract/bitcoin.rs`
// (Base58Check with double SHA-256, Bech32/Bech32m). Only the port's extractor rule uses it.

import { MAX_TEXT_BYTES } from './normalize.mjs';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

const isAlnum = (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** UTF-16 span of the first valid address in the first 64 KiB (UTF-8) of `text`, or null. */
export function findBitcoinAddress(text) {
  const n = utf16Cut(text);
  let i = 0;
  while (i < n) {
    if (!isAlnum(text.charCodeAt(i)) || (i > 0 && isAlnum(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    let j = i;
    while (j < n && isAlnum(text.charCodeAt(j))) j++;
    // Cheap shape test before any decoding: only 1…, 3… and bc1… words can be addresses.
    const c = text.charCodeAt(i);
    if (j - i >= 14 && (c === 0x31 || c === 0x33 || c === 0x62 || c === 0x42) && isValidAddress(text.slice(i, j))) return [i, j];
    i = j;
  }
  return null;
}

function utf16Cut(text) {
  if (text.length * 3 <= MAX_TEXT_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const b = c < 0x80 ? 1 : c < 0x800 ? 2 : (c & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 4 : 3;
    if (bytes + b > MAX_TEXT_BYTES) return i;
    bytes += b;
    if (b === 4) i++;
  }
  return text.length;
}

export function isValidAddress(s) {
  const c = s[0];
  if (c === '1' || c === '3') return s.length >= 26 && s.length <= 35 && base58checkValid(s);
  if (c === 'b' || c === 'B') return bech32Valid(s);
  return false;
}

function base58checkValid(s) {
  const bytes = [];
  for (let k = 0; k < s.length; k++) {
    let carry = BASE58.indexOf(s[k]);
    if (carry < 0) return false;
    for (let b = bytes.length - 1; b >= 0; b--) {
      carry += bytes[b] * 58;
      bytes[b] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.unshift(carry & 0xff);
      carry >>= 8;
    }
  }
  let ones = 0;
  while (ones < s.length && s[ones] === '1') ones++;
  const decoded = new Uint8Array(ones + bytes.length);
  decoded.set(bytes, ones);
  if (decoded.length !== 25 || !(decoded[0] === 0 || decoded[0] === 5)) return false;
  const hash = sha256(sha256(decoded.subarray(0, 21)));
  return hash[0] === decoded[21] && hash[1] === decoded[22] && hash[2] === decoded[23] && hash[3] === decoded[24];
}

function bech32Polymod(values) {
  const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GEN[i]) >>> 0;
  }
  return chk;
}

function bech32Valid(s) {
  if (s.length < 14 || s.length > 74) return false;
  const lower = s.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const upper = s.replace(/[a-z]/g, (c) => c.toUpperCase());
  if (s !== lower && s !== upper) return false;
  if (!lower.startsWith('bc1')) return false;
  const data = lower.slice(3);
  const values = [3, 3, 0, 2, 3];
  for (const c of data) {
    const v = BECH32.indexOf(c);
    if (v < 0) return false;
    values.push(v);
  }
  if (data.length < 7) return false;
  const version = values[5];
  const check = bech32Polymod(values);
  return (version === 0 && check === 1) || (version > 0 && version <= 16 && check === 0x2bc830a3);
}

// SHA-256 (FIPS 180-4), synchronous: WebCrypto's digest is asynchronous and the engine is not.
const KS = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

export function sha256(msg) {
  const l = msg.length;
  const total = Math.ceil((l + 9) / 64) * 64;
  const m = new Uint8Array(total);
  m.set(msg);
  m[l] = 0x80;
  const bits = l * 8;
  m[total - 4] = bits >>> 24;
  m[total - 3] = bits >>> 16;
  m[total - 2] = bits >>> 8;
  m[total - 1] = bits;
  const H = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < total; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = (m[off + 4 * i] << 24) | (m[off + 4 * i + 1] << 16) | (m[off + 4 * i + 2] << 8) | m[off + 4 * i + 3];
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let i = 0; i < 64; i++) {
      const S1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const ch = (e & f) ^ (~e & g);
      const t1 = (h + S1 + ch + KS[i] + w[i]) | 0;
      const S0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 8; i++) {
    out[4 * i] = H[i] >>> 24;
    out[4 * i + 1] = H[i] >>> 16;
    out[4 * i + 2] = H[i] >>> 8;
    out[4 * i + 3] = H[i];
  }
  return out;
}
