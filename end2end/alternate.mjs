// One address in front of several Roster servers, handing each request to the next server in
// turn (1 → A, 2 → B, 3 → A …), so that a test signs in through one process and acts through
// another. Requests go on as they came: method, path and every header unchanged, `Host` included
// (the server compares it with `Origin`), bodies streamed both ways. A server that cannot be
// reached is answered with 502.
//
//   node alternate.mjs PORT HOST:PORT HOST:PORT…
//
// Listens on 127.0.0.1:PORT (0 for a free one) and prints the port it got on its first line.
import { createServer, request } from "node:http";

const [port, ...backends] = process.argv.slice(2);
if (port === undefined || backends.length === 0) {
  console.error("usage: node alternate.mjs PORT HOST:PORT HOST:PORT…");
  process.exit(2);
}

let next = 0;

const proxy = createServer((incoming, outgoing) => {
  const backend = backends[next];
  next = (next + 1) % backends.length;
  const [hostname, backendPort] = backend.split(":");

  const forward = request({
    hostname,
    port: Number(backendPort),
    method: incoming.method,
    path: incoming.url,
    // The raw list keeps each header's spelling, order and repeats.
    headers: incoming.rawHeaders,
    // A new connection for each request: the server closes kept-alive connections left idle for
    // a few seconds, and a request sent on one just as it closes would fail for no fault of its own.
    agent: false,
  });
  forward.on("response", (answer) => {
    outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
    answer.pipe(outgoing);
    // The server went away halfway through its answer: cut the browser's off too, not leave it
    // waiting for the rest.
    answer.on("error", () => outgoing.destroy());
  });
  forward.on("error", (error) => {
    if (outgoing.headersSent || outgoing.destroyed) {
      outgoing.destroy();
    } else {
      outgoing.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
      outgoing.end(`${backend}: ${error.message}\n`);
    }
  });
  // A browser that goes away before its answer is complete takes the forwarded request with it.
  outgoing.on("close", () => {
    if (!outgoing.writableFinished) forward.destroy();
  });
  incoming.pipe(forward);
});

proxy.listen(Number(port), "127.0.0.1", () => {
  console.log(proxy.address().port);
});
