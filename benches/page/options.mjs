// The page benchmarks' command-line options: `opt('--size', 100)` is the value after `--size`,
// or the default; `argv.includes('--control')` a flag.

export const argv = process.argv.slice(2);

export function opt(name, dflt) {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
}

/** The bursts both run.mjs and trace.mjs send: `--site`, `--bursts`, `--size`, `--interval`, `--follow`. */
export function burstOptions() {
  return {
    site: opt('--site', 'whatsapp'),
    bursts: Number(opt('--bursts', 20)),
    size: Number(opt('--size', 100)),
    intervalMs: Number(opt('--interval', 500)),
    follow: argv.includes('--follow'),
  };
}
