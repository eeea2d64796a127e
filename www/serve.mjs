#!/usr/bin/env node
// Vigie's public site on localhost: a small static server with Node's built-ins only.
//
//   node www/serve.mjs            → http://127.0.0.1:8080/ (PORT to change it; a free port if taken)
//
// It serves these parts of the repository and nothing else:
//   /            → www/            (the pages, styles and scripts)
//   /pkg/        → pkg/            (the engine built by `cargo xtask wasm`)
//   /guidance/   → guidance/       (advice texts and report directory, the JSON files only)
//   /downloads/  → dist/*.zip      (the extension packages, when built) + /downloads/index.json
//   /shared/     → extension/shared/, the modules the site shares with the extension (listed)
//
// Only GET and HEAD, no directory listings, no symlink escapes, no `..`. Every answer carries a strict
// Content-Security-Policy: the pages load nothing from anywhere but this server.
// Tests import it: `const {url, close} = await start({port: 0})`.

import http from 'node:http';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WWW = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(WWW);

export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pack': 'application/octet-stream',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.zip': 'application/zip',
  '.xpi': 'application/x-xpinstall',
};

// URL prefix → [directory, which files of it may be served].
const MOUNTS = [
  // The engine's module and glue, and the glue's own JS snippets (pkg/snippets/<crate>/src/…).
  ['/pkg/', path.join(ROOT, 'pkg'), (rel) => /^[\w.-]+\.(js|wasm)$/.test(rel) || /^snippets\/[\w-]+\/[\w/.-]+\.js$/.test(rel) || /^packs\/[a-z]+\.pack$/.test(rel)],
  ['/guidance/', path.join(ROOT, 'guidance'), (rel) => rel.endsWith('.json')],
  ['/downloads/', path.join(ROOT, 'dist'), (rel) => /^[\w.-]+\.(zip|xpi)$/.test(rel)],
  // The same code shows invisible characters in the extension's quotes and the playground's, and
  // picks the report directory's country in the extension's pages and the site's.
  ['/shared/', path.join(ROOT, 'extension', 'shared'), (rel) => ['invisible.js', 'contacts.js'].includes(rel)],
  ['/', WWW, (rel) => /\.(html|css|js|svg|png|ico|txt)$/.test(rel) && !rel.split('/').some((p) => p.startsWith('.'))],
];

const BASE_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  'Cache-Control': 'no-cache',
};

function send(res, status, body, type = 'text/plain; charset=utf-8', extra = {}) {
  const data = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': type, 'Content-Length': data.length, ...extra });
  res.end(res.req.method === 'HEAD' ? undefined : data);
}

/**
 * Maps a request path to a file inside one of the mounts, or null. Refuses anything that is not a
 * plain relative path once decoded: `..` segments, backslashes, NUL, encoded slashes that would
 * change the segments, hidden files.
 */
export function resolvePath(urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return null;
  if (decoded.endsWith('/')) decoded += 'index.html';
  for (const [prefix, dir, allowed] of MOUNTS) {
    if (!decoded.startsWith(prefix)) continue;
    const rel = decoded.slice(prefix.length);
    if (!rel || rel.startsWith('/') || !allowed(rel)) return null;
    const file = path.resolve(dir, rel);
    if (!file.startsWith(dir + path.sep)) return null;
    return { file, dir };
  }
  return null;
}

async function downloadsIndex() {
  let names = [];
  try {
    names = (await fs.readdir(path.join(ROOT, 'dist'))).filter((n) => /^[\w.-]+\.(zip|xpi)$/.test(n)).sort();
  } catch {
    // Not built yet: an empty list, the home page explains how to build.
  }
  const files = [];
  for (const name of names) {
    const stat = await fs.stat(path.join(ROOT, 'dist', name)).catch(() => null);
    if (stat?.isFile()) files.push({ name, url: `downloads/${name}`, size: stat.size });
  }
  return JSON.stringify({ files });
}

async function handle(req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, 'Method not allowed\n', undefined, { Allow: 'GET, HEAD' });
  }
  const raw = req.url ?? '/';
  if (!raw.startsWith('/')) return send(res, 400, 'Bad request\n');
  const urlPath = raw.split(/[?#]/, 1)[0];
  if (urlPath === '/downloads/index.json') {
    return send(res, 200, await downloadsIndex(), MIME['.json']);
  }
  const target = resolvePath(urlPath);
  if (!target) return send(res, 404, 'Not found\n');
  try {
    // Symlinks must not lead outside their mount either.
    const real = await fs.realpath(target.file);
    const realDir = await fs.realpath(target.dir);
    if (!real.startsWith(realDir + path.sep)) return send(res, 404, 'Not found\n');
    const stat = await fs.stat(real);
    if (!stat.isFile()) return send(res, 404, 'Not found\n');
    const body = await fs.readFile(real);
    const type = MIME[path.extname(real).toLowerCase()] ?? 'application/octet-stream';
    const extra = urlPath.startsWith('/downloads/') ? { 'Content-Disposition': `attachment; filename="${path.basename(real)}"` } : {};
    return send(res, 200, body, type, extra);
  } catch {
    return send(res, 404, 'Not found\n');
  }
}

function listen(server, port) {
  return new Promise((resolve, reject) => {
    const onError = (err) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}

/**
 * Starts the server on 127.0.0.1. `port` 0 picks a free port; a taken port falls back to a free one.
 * Resolves to `{url, port, close}`.
 */
export async function start({ port = 8080 } = {}) {
  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'Internal error\n');
      else res.destroy();
    });
  });
  try {
    await listen(server, port);
  } catch (err) {
    if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
    await listen(server, 0);
  }
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}/`,
    port: actual,
    close: () => new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve());
    }),
  };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const port = Number.parseInt(process.env.PORT ?? '', 10);
  const { url, close } = await start({ port: Number.isFinite(port) ? port : 8080 });
  const missing = [];
  await fs.access(path.join(ROOT, 'pkg', 'vigie_bg.wasm')).catch(() => missing.push('the engine (pkg/): run `cargo xtask wasm`'));
  await fs.access(path.join(ROOT, 'dist')).catch(() => missing.push('the extension packages (dist/): run `node extension/build.mjs`'));
  console.log(`Vigie site: ${url}`);
  console.log(`Playground: ${url}playground.html`);
  for (const m of missing) console.log(`  not built yet: ${m}`);
  console.log('Ctrl+C to stop.');
  const stop = () => close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
