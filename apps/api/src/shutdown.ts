import type { IncomingMessage, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * How the server stops (SIGTERM, SIGINT), in this order:
 *
 * 1. The listening socket closes: a new connection is refused (ECONNREFUSED). Connections
 *    already open stay open for now.
 * 2. Every answer from then on, including those of requests already in flight, says
 *    `Connection: close`, and the server closes each connection once its answer is out. A
 *    request that arrives on an open keep-alive connection in this drain is served in full: it
 *    was accepted.
 * 3. When no connection is left, or none has had a request in flight for a moment (250 ms), or
 *    after `graceMs` at most, Fastify closes: a request that still
 *    arrives on an open connection gets 503 with `Connection: close` (nothing was done, so it
 *    may be sent elsewhere), connections idle since their last answer are closed, requests in
 *    flight finish, and the onClose hooks close the database last.
 *
 * Node's own `http.Server#close` closes idle keep-alive connections at once, and a client that
 * sends its next request on one at that instant (every busy client does, between two answers)
 * gets a reset socket, not an answer. Draining through `Connection: close` first means a busy
 * client learns from an answer that the connection ends, so nothing is lost in that race.
 */
const QUIET_MS = 250;

export function gracefulShutdown(server: FastifyInstance): {
  close(graceMs: number): Promise<void>;
} {
  const http = server.server;
  const inFlight = new Set<ServerResponse>();
  let draining = false;

  // Runs before Fastify's own request handler, so the flag is set before any answer starts.
  http.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
    if (draining) response.shouldKeepAlive = false;
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });

  return {
    async close(graceMs: number) {
      draining = true;
      // Answers not begun yet will say Connection: close; the socket ends after each.
      for (const response of inFlight) {
        if (!response.headersSent) response.shouldKeepAlive = false;
      }
      // Only the listening socket: see above for why not http.Server#close here.
      NetServer.prototype.close.call(http);
      // Busy connections close themselves after their next answer. Connections that stay idle
      // (a browser's spare one) are waited for only until nothing has been in flight for
      // QUIET_MS: long enough for a request already sent, but unread while the process was
      // busy, to be read and so counted in flight.
      const until = Date.now() + graceMs;
      let quietSince = Date.now();
      while (Date.now() < until && (await openConnections(http)) > 0) {
        if (inFlight.size > 0) quietSince = Date.now();
        else if (Date.now() - quietSince >= QUIET_MS) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await server.close();
    },
  };
}

function openConnections(http: NetServer): Promise<number> {
  return new Promise((resolve) =>
    http.getConnections((error, count) => resolve(error ? 0 : count)),
  );
}
