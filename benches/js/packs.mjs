// The rule packs that are files beside the module (pkg/packs/*.pack: every language but English
// and French). The benchmark's WASM engine reads them all, so that it runs the rules the native
// engine and the JS port run; start-up is measured both ways (init-node.mjs, init-browser.mjs).

/** The pack files' names in `pkgDir` (node). */
export async function packNames(pkgDir) {
  const { readdirSync } = await import('node:fs');
  return readdirSync(`${pkgDir}/packs`).filter((f) => f.endsWith('.pack')).sort();
}

/** The pack files' bytes (node). */
export async function readPacks(pkgDir) {
  const { readFileSync } = await import('node:fs');
  return (await packNames(pkgDir)).map((f) => new Uint8Array(readFileSync(`${pkgDir}/packs/${f}`)));
}

/** The pack files' bytes, fetched from `base` (the browser). */
export async function fetchPacks(base, names) {
  return Promise.all(names.map(async (f) => new Uint8Array(await (await fetch(`${base}/packs/${f}`)).arrayBuffer())));
}
