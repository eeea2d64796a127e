// A real X display for the tests that need what headless automation cannot do: a key press that
// goes through the browser's own accelerator handling, a right-click menu drawn by the browser.
// Xvfb picks a free display number itself (-displayfd) and is stopped by its own process id;
// xdotool sends real input to it through the XTEST extension.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';

const XVFB = '/usr/bin/Xvfb';
const XDOTOOL = '/usr/bin/xdotool';

/** Why the X tests cannot run here, or null. */
export function x11SkipReason() {
  for (const [bin, pkg] of [[XVFB, 'xvfb'], [XDOTOOL, 'xdotool']]) {
    if (!fs.existsSync(bin)) return `no ${bin} (make setup-browser, or apt-get install ${pkg})`;
  }
  return null;
}

/**
 * Starts Xvfb on a display number it finds free; resolves to {display: ":N", xdo(...args), stop()}.
 * `xdo` runs xdotool on that display and returns its output, trimmed.
 */
export async function startXvfb({ width = 1280, height = 1024 } = {}) {
  const child = spawn(XVFB, ['-displayfd', '3', '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  child.stderr.setEncoding('utf8');
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const number = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb did not report a display in 10 s: ${stderr.slice(-500)}`)), 10000);
    child.stdio[3].setEncoding('utf8');
    child.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve(out.trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Xvfb exited (${code}) before reporting a display: ${stderr.slice(-500)}`));
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const display = `:${number}`;
  const env = { ...process.env, DISPLAY: display };
  return {
    display,
    xdo: (...args) => execFileSync(XDOTOOL, args.map(String), { env, timeout: 10000 }).toString().trim(),
    async stop() {
      if (child.exitCode !== null) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((resolve) => setTimeout(resolve, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
