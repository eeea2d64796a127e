// The harnesses' no-network guard survives a browser resetting the tunnels it asked for (seen in
// CI as "read ECONNRESET", an uncaught exception that failed whichever test file was running).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { recordingProxy } from './support/recording-proxy.mjs';

test('a CONNECT is recorded and refused, and a reset tunnel is no error', async () => {
  const proxy = await recordingProxy();
  const uncaught = [];
  const onUncaught = (e) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    for (let i = 0; i < 20; i++) {
      const socket = net.connect(proxy.port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(`CONNECT example${i}.test:443 HTTP/1.1\r\nHost: example${i}.test:443\r\n\r\n`);
      // Reset (RST, not FIN) right away, before or while the refusal is written back.
      socket.resetAndDestroy();
    }
    await sleep(200);
    assert.deepEqual(uncaught, []);
    assert.ok(proxy.hits.length > 0 && proxy.hits.every((h) => /^CONNECT example\d+\.test:443$/.test(h)), proxy.hits.join(', '));
  } finally {
    process.off('uncaughtException', onUncaught);
    await proxy.close();
  }
});
