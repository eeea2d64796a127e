// The no-network guard of both browser harnesses: a local HTTP proxy the browser is started with.
// It answers nothing (403) and remembers every request it was asked to carry, so a test can fail
// on any request that escaped the fixtures.

import http from 'node:http';

export async function recordingProxy() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(403).end();
  });
  server.on('connect', (req, socket) => {
    hits.push(`CONNECT ${req.url}`);
    // The browser may reset a tunnel it asked for (it is closing, or gave up): after the refusal
    // there is nothing left to say on it. Without a handler the reset was an uncaught exception
    // that failed whichever test file was running ("read ECONNRESET").
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  server.on('clientError', (err, socket) => socket.destroy());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { hits, port: server.address().port, close: () => new Promise((r) => server.close(r)) };
}
