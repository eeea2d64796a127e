// Builds what the benchmark measures from one consistent snapshot of the working tree.
//
// Rules and engine code change while others work, so the WASM package, the native timer and the
// rule tables the JS port reads must come from the same sources: the engine's sources are mirrored
// into target/bench-js/snapshot/ (only changed files are rewritten, so cargo stays incremental),
// then `cargo xtask wasm` and the native timer are built there, and the tables are printed by that
// native build.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ENGINE_SOURCES = ['Cargo.toml', 'Cargo.lock', 'build.rs', 'src', 'rules', 'xtask/Cargo.toml', 'xtask/src', '.cargo', 'benches/engine.rs', 'benches/instructions.rs', 'benches/js/native/Cargo.toml', 'benches/js/native/Cargo.lock', 'benches/js/native/src'];

function listFiles(root, rel, out) {
  const p = join(root, rel);
  if (!existsSync(p)) return out;
  if (statSync(p).isDirectory()) for (const e of readdirSync(p)) listFiles(root, join(rel, e), out);
  else out.push(rel);
  return out;
}

/** Mirrors the engine sources into `dest`; returns a hash of their content. */
export function syncSnapshot(root, dest) {
  const files = [];
  for (const s of ENGINE_SOURCES) listFiles(root, s, files);
  const hash = createHash('sha256');
  const wanted = new Set(files);
  for (const f of files.sort()) {
    const data = readFileSync(join(root, f));
    hash.update(f).update(data);
    const target = join(dest, f);
    if (existsSync(target) && readFileSync(target).equals(data)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, data);
  }
  // Files deleted from the tree are deleted from the snapshot too.
  for (const s of ENGINE_SOURCES) {
    for (const f of listFiles(dest, s, [])) if (!wanted.has(f)) rmSync(join(dest, f));
  }
  return hash.digest('hex').slice(0, 12);
}

function run(cmd, args, opts, log) {
  log(`$ ${cmd} ${args.join(' ')}`);
  try {
    return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28, ...opts });
  } catch (e) {
    const err = (e.stderr || '').toString().split('\n').filter((l) => l.trim()).slice(-25).join('\n');
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${err}\n(the working tree may be mid-edit: retry, or pass --from-head to measure the last commit)`);
  }
}

/**
 * Snapshot + builds. Returns {dir, pkg, native, tables, sourceHash}. With `skip`, reuses the last
 * snapshot's artifacts as they are.
 */
export function buildAll(root, { skip = false, fromHead = false, patch = null, log = console.log } = {}) {
  // A patched engine (a suggested change, applied to a copy) gets its own snapshot.
  const dir = join(root, patch ? 'target/bench-js/snapshot-patched' : 'target/bench-js/snapshot');
  if (patch && !existsSync(join(dir, 'target'))) {
    // Share the plain snapshot's build directory: dependencies and xtask are compiled once.
    mkdirSync(join(root, 'target/bench-js/snapshot/target'), { recursive: true });
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(root, 'target/bench-js/snapshot/target'), join(dir, 'target'));
  }
  let source = root;
  if (fromHead && !skip) {
    // The last commit instead of the working tree (when the tree is mid-edit and does not build).
    source = join(root, 'target/bench-js/head');
    rmSync(source, { recursive: true, force: true });
    mkdirSync(source, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${root}" archive --format=tar HEAD | tar -x -C "${source}"`]);
    // benches/js/native may not be committed yet: take it from the tree.
    for (const f of listFiles(root, 'benches/js/native', [])) {
      if (f.includes('/target') || existsSync(join(source, f))) continue;
      mkdirSync(dirname(join(source, f)), { recursive: true });
      writeFileSync(join(source, f), readFileSync(join(root, f)));
    }
  }
  const native = join(dir, 'target-native/release/vigie-bench-native');
  mkdirSync(dir, { recursive: true });
  let sourceHash = existsSync(join(dir, 'SOURCE_HASH')) ? readFileSync(join(dir, 'SOURCE_HASH'), 'utf8') : 'unknown';
  if (!skip) {
    sourceHash = syncSnapshot(source, dir) + (fromHead ? ' (HEAD)' : '');
    for (const p of patch || []) {
      // Outside any repository's view (the snapshot lives under target/ of this one), so the
      // patch's paths are taken relative to the snapshot.
      run('git', ['apply', p], { cwd: dir, env: { ...process.env, GIT_CEILING_DIRECTORIES: dirname(dir) } }, log);
      sourceHash += ` + ${p.split('/').pop()}`;
    }
    log(`snapshot of the engine sources ${sourceHash} → ${relative(root, dir)}`);
    run('cargo', ['xtask', 'wasm'], { cwd: dir }, log);
    run('cargo', ['build', '--quiet', '--release', '--manifest-path', 'benches/js/native/Cargo.toml'], { cwd: dir, env: { ...process.env, CARGO_TARGET_DIR: join(dir, 'target-native') } }, log);
    writeFileSync(join(dir, 'tables.json'), run(native, ['tables', '/dev/null'], {}, log));
    writeFileSync(join(dir, 'SOURCE_HASH'), sourceHash);
  }
  for (const f of ['pkg/vigie.js', 'pkg/vigie_bg.wasm', 'tables.json']) {
    if (!existsSync(join(dir, f))) throw new Error(`${f} missing in ${dir}: run without --no-build`);
  }
  return { dir, pkg: join(dir, 'pkg'), native, tables: join(dir, 'tables.json'), sourceHash };
}
