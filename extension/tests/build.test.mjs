// build.mjs: the per-browser manifests (permissions, CSP, background), the copied tree (nothing
// node-only ships), generated files that say what to edit, and store zips that any unzip reads
// back byte for byte, identical from one build to the next.
// Run: node --test extension/tests/   (needs pkg/: cargo xtask wasm)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build, crc32, classicModule, contentScripts, GENERIC_DATA_FILE, WAKE_SCRIPT } from '../build.mjs';
import { matchPatternToRegExp } from '../sites/validate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const hasPkg = fs.existsSync(path.join(ROOT, 'pkg/vigie_bg.wasm'));
let dist;
let result;
const read = (browser, rel) => fs.readFileSync(path.join(dist, browser, rel), 'utf8');
const manifest = (browser) => JSON.parse(read(browser, 'manifest.json'));

before(() => {
  if (!hasPkg) return;
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'vigie-build-'));
  result = build({ dist, log: () => {} });
});
after(() => dist && fs.rmSync(dist, { recursive: true, force: true }));

const opts = { skip: hasPkg ? false : 'pkg/ not built (cargo xtask wasm)' };

test('the version comes from Cargo.toml', opts, () => {
  const cargo = /^\[package\][^[]*?^version\s*=\s*"(\d+\.\d+\.\d+)/ms.exec(fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];
  for (const b of ['chromium', 'firefox']) assert.equal(manifest(b).version, cargo);
});

test('Chromium: module service worker, minimal permissions, the WebAssembly CSP', opts, () => {
  const m = manifest('chromium');
  assert.equal(m.manifest_version, 3);
  assert.deepEqual(m.background, { service_worker: 'background/background.js', type: 'module' });
  // activeTab: the popup's "Save evidence" screenshot; unlimitedStorage: evidence is never evicted
  // (extension/README.md, "Evidence kit"); contextMenus: the page's "save evidence" item, a gesture
  // that grants activeTab. None shows an install warning in Chromium.
  assert.deepEqual(m.permissions, ['storage', 'scripting', 'activeTab', 'unlimitedStorage', 'contextMenus']);
  assert.ok(!m.permissions.includes('downloads') && !m.permissions.includes('tabs'), 'exports use <a download>; no tabs permission');
  assert.deepEqual(m.optional_host_permissions, ['https://*/*']);
  assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.ok(!('browser_specific_settings' in m));
  assert.ok(!('web_accessible_resources' in m), 'no web-accessible file: pages cannot detect Vigie');
  assert.ok(!('externally_connectable' in m), 'no web page can message Vigie');
  assert.ok(m.host_permissions.every((p) => p.startsWith('https://') && !p.startsWith('https://*/')), 'only the supported sites');
  assert.deepEqual(mainEntries(m).flatMap((c) => c.matches), m.host_permissions, 'the content scripts run on the supported sites, and only there');
  for (const c of mainEntries(m)) {
    assert.deepEqual(c, { matches: c.matches, js: contentScripts(dataFile(c)), run_at: 'document_idle', all_frames: false });
  }
});

test('every supported site also gets the wake-up script, alone, at document_start', opts, () => {
  for (const b of ['chromium', 'firefox']) {
    const m = manifest(b);
    const early = m.content_scripts.filter((c) => c.run_at !== 'document_idle');
    assert.deepEqual(early, [{ matches: m.host_permissions, js: [WAKE_SCRIPT], run_at: 'document_start', all_frames: false }], b);
    assert.equal(m.content_scripts.length, mainEntries(m).length + 1, `${b}: the wake-up entry and the content script's`);
    assert.ok(fs.existsSync(path.join(dist, b, WAKE_SCRIPT)), `${b}: ${WAKE_SCRIPT} ships`);
  }
});

/** The content script's entries (one per group of sites), without the wake-up entry. */
const mainEntries = (m) => m.content_scripts.filter((c) => !c.js.includes(WAKE_SCRIPT));

/** An entry's data file: its only file that differs from one entry to the next. */
const dataFile = (entry) => entry.js.find((f) => /^content\/data-.+\.generated\.js$/.test(f));

/** The adapter ids a content data file bundles, in its order (run as the content script runs it). */
function bundledAdapters(browser, file) {
  const ctx = vm.createContext({ Vigie: {} });
  ctx.globalThis = ctx;
  vm.runInContext(read(browser, file), ctx);
  return Array.from(ctx.Vigie.data.sites, (a) => a.id); // an array of this realm, for deepEqual
}

/** URLs a match pattern covers: its wildcards filled in (`*.d` both as d and as a subdomain). */
function sampleUrls(pattern) {
  const [, scheme, host, rest] = /^(https|\*):\/\/([^/]+)(\/.*)$/.exec(pattern);
  const hosts = host === '*' ? ['example.net'] : host.startsWith('*.') ? [host.slice(2), `sub.${host.slice(2)}`] : [host];
  return hosts.map((h) => `${scheme === '*' ? 'https' : scheme}://${h}${rest.replaceAll('*', 'x')}`);
}

test('each page gets one content-script entry, whose data holds exactly the adapters that can match it', opts, () => {
  const sites = result.adapters.filter((a) => a.kind !== 'generic');
  const matching = (url) => sites.filter((a) => a.matches.some((p) => matchPatternToRegExp(p).test(url))).map((a) => a.id);
  for (const b of ['chromium', 'firefox']) {
    const entries = mainEntries(manifest(b)).map((c) => ({ ...c, ids: bundledAdapters(b, dataFile(c)) }));
    for (const url of sites.flatMap((a) => a.matches.flatMap(sampleUrls))) {
      const injected = entries.filter((c) => c.matches.some((p) => matchPatternToRegExp(p).test(url)));
      assert.equal(injected.length, 1, `${b}: ${url} is matched by one entry (${injected.map((c) => dataFile(c)).join(', ')})`);
      // Every adapter that can match the URL, in sites/index.json's order (the first match wins).
      assert.deepEqual(injected[0].ids.filter((id) => matching(url).includes(id)), matching(url), `${b}: ${url}`);
    }
    for (const c of entries) {
      const reachable = new Set(c.matches.flatMap(sampleUrls).flatMap(matching));
      assert.deepEqual(c.ids, sites.map((a) => a.id).filter((id) => reachable.has(id)), `${b}: ${dataFile(c)} holds only adapters its pages can match`);
    }
  }
});

test('in every content-script entry, main.js runs before the drawing code and the UI strings', opts, () => {
  // main.js's start sends the first request: what only drawing needs is compiled after it.
  const entries = ['chromium', 'firefox'].flatMap((b) => mainEntries(manifest(b)).map((c) => c.js));
  entries.push(contentScripts(GENERIC_DATA_FILE));
  for (const js of entries) {
    const at = (f) => js.indexOf(`content/${f}`);
    assert.ok(at('main.js') > at('analyse.js') && at('analyse.js') >= 0, js.join());
    for (const f of ['draw.js', 'actions.js', 'overlay.js', 'locales.generated.js']) assert.ok(at(f) > at('main.js'), `${f} after main.js: ${js.join()}`);
    assert.ok(at('draw.js') < at('actions.js'), 'the drawing pass, then what its buttons do');
  }
});

test("the generic adapter's registered script has every adapter, in matching order", opts, () => {
  for (const b of ['chromium', 'firefox']) {
    assert.deepEqual(bundledAdapters(b, GENERIC_DATA_FILE), result.adapters.map((a) => a.id));
    const registered = read(b, 'background/generic-scripts.generated.js');
    assert.ok(registered.includes(`GENERIC_CONTENT_SCRIPTS = Object.freeze(${JSON.stringify(contentScripts(GENERIC_DATA_FILE))})`));
    for (const f of contentScripts(GENERIC_DATA_FILE)) assert.ok(fs.existsSync(path.join(dist, b, f)), `${b}: ${f}`);
  }
});

test('Firefox: module background script, gecko id, no data collected', opts, () => {
  const m = manifest('firefox');
  assert.deepEqual(m.background, { scripts: ['background/background.js'], type: 'module' });
  assert.ok(m.browser_specific_settings.gecko.id);
  assert.ok(m.browser_specific_settings.gecko.strict_min_version);
  assert.deepEqual(m.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  assert.ok(!('minimum_chrome_version' in m));
  assert.deepEqual(m.permissions, manifest('chromium').permissions);
});

test('every file the manifest names exists; nothing node-only ships', opts, () => {
  for (const b of ['chromium', 'firefox']) {
    const m = manifest(b);
    const named = [...m.content_scripts.flatMap((c) => c.js), ...(m.background.scripts ?? [m.background.service_worker]), m.action.default_popup, m.options_ui.page,
      'pkg/vigie.js', 'pkg/vigie_bg.wasm', 'guidance/contacts.json', 'guidance/advice/fr.json', 'guidance/advice/en.json', '_locales/fr/messages.json'];
    for (const f of named) assert.ok(fs.existsSync(path.join(dist, b, f)), `${b}: ${f}`);
    const all = fs.readdirSync(path.join(dist, b), { recursive: true });
    assert.deepEqual(all.filter((f) => /\.(mjs|md)$|(^|\/)tests?(\/|$)/.test(f)), [], `${b}: node-only files`);
  }
});

test('generated files say which source to edit', opts, () => {
  for (const f of ['content/shared.generated.js', 'content/locales.generated.js', 'content/data-whatsapp.generated.js', GENERIC_DATA_FILE, 'background/generic-scripts.generated.js', 'shared/locales.generated.js']) {
    assert.match(read('chromium', f).split('\n')[0], /^\/\/ GENERATED by extension\/build\.mjs from .+ Do not edit this file: edit .+ and run/);
  }
  assert.match(read('chromium', 'GENERATED.txt'), /extension\/manifest\.json/);
});

/** Reads a zip back with its central directory, inflating each entry and checking its CRC. */
function unzip(file) {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let p = buf.readUInt32LE(end + 16);
  const out = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    const data = method === 8 ? zlib.inflateRawSync(raw) : raw;
    assert.equal(crc32(data), crc, `${name}: CRC`);
    out.set(name, data);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

test('the zips hold exactly the unpacked trees, and builds are reproducible', opts, () => {
  for (const b of ['chromium', 'firefox']) {
    const zip = path.join(dist, `vigie-${b}-${result.version}.zip`);
    const entries = unzip(zip);
    const files = fs.readdirSync(path.join(dist, b), { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
      .map((e) => path.relative(path.join(dist, b), path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/')).sort();
    assert.deepEqual([...entries.keys()].sort(), files);
    for (const f of files) assert.ok(entries.get(f).equals(fs.readFileSync(path.join(dist, b, f))), f);
  }
  const first = fs.readFileSync(path.join(dist, `vigie-chromium-${result.version}.zip`));
  build({ dist, log: () => {} });
  assert.ok(first.equals(fs.readFileSync(path.join(dist, `vigie-chromium-${result.version}.zip`))), 'same bytes');
});

test('crc32 matches the standard check value', () => {
  assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
});

test('the content-script rewrite of shared modules accepts only the forms it understands', () => {
  const out = classicModule('x', "import { a, b as c } from './y.js';\nexport const k = 1;\nexport function f() {}\nexport default f;\n");
  assert.match(out, /const \{ a, b: c \} = modules\["y"\];/);
  assert.match(out, /return Object\.freeze\(\{ k, f, default: f \}\);/);
  assert.throws(() => classicModule('x', "export * from './y.js';\n"), /unsupported export/);
  assert.throws(() => classicModule('x', "import z from 'lib';\n"), /unsupported import/);
});

test('web-ext lint: the Firefox build has no errors and no warnings', { ...opts, timeout: 60000 }, async (t) => {
  let webExt;
  try {
    webExt = (await import('web-ext')).default;
  } catch {
    t.skip('web-ext is not installed (npm ci)');
    return;
  }
  const result = await webExt.cmd.lint(
    { sourceDir: path.join(dist, 'firefox'), selfHosted: false, output: 'none', pretty: false, warningsAsErrors: false },
    { shouldExitProgram: false },
  );
  const show = (list) => list.map((m) => `${m.code}: ${m.message} (${m.file ?? ''})`);
  assert.deepEqual(show(result.errors), []);
  assert.deepEqual(show(result.warnings), []);
});
