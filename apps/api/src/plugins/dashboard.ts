import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';
import { HSTS } from './security.js';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface DashboardPluginOptions {
  /** The SvelteKit adapter-node build's handler.js, as a file URL. */
  handlerUrl: URL;
}

/**
 * Serves the SvelteKit dashboard (its adapter-node handler) for every path outside /api, so the
 * API and the dashboard share one origin and one port.
 */
// SvelteKit's node adapter assumes https unless told otherwise, which would make the dashboard
// believe plain-http requests are https (Secure cookies dropped, form posts refused as
// cross-site). Fastify knows the real protocol, so it tells the adapter through a header of ours,
// unless the operator configured ORIGIN or PROTOCOL_HEADER themselves.
const PROTOCOL_HEADER = 'x-ripple-protocol';

// Set before SvelteKit answers, for what its hooks never see: the built assets and static files
// (served before any hook runs), the 404 below. Rendered pages replace these with their own
// (hooks.server.ts, and kit.csp's policy with its nonce in place of this one, which allows
// nothing: a script or an SVG opened on its own can run nothing).
const BASELINE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

export default fp<DashboardPluginOptions>(
  async (fastify, opts) => {
    if (!process.env.ORIGIN && !process.env.PROTOCOL_HEADER) {
      process.env.PROTOCOL_HEADER = PROTOCOL_HEADER; // read by the adapter when it is imported
    }
    const tellProtocol = process.env.PROTOCOL_HEADER === PROTOCOL_HEADER;
    const { handler } = (await import(opts.handlerUrl.href)) as { handler: NodeHandler };

    await fastify.register(async (scope) => {
      // SvelteKit reads request bodies itself (form actions): leave the stream unread.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

      scope.route({
        method: ['GET', 'HEAD', 'POST'],
        url: '/*',
        handler: (request, reply) => {
          if (request.url === '/api' || request.url.startsWith('/api/')) {
            return reply.callNotFound();
          }
          // Always overwritten, so a client cannot claim a protocol of its own.
          if (tellProtocol) request.raw.headers[PROTOCOL_HEADER] = request.protocol;
          for (const [name, value] of Object.entries(BASELINE_HEADERS)) {
            reply.raw.setHeader(name, value);
          }
          if (request.protocol === 'https') reply.raw.setHeader('strict-transport-security', HSTS);
          reply.hijack();
          handler(request.raw, reply.raw, () => {
            reply.raw.statusCode = 404;
            reply.raw.setHeader('content-type', 'text/plain; charset=utf-8');
            reply.raw.end('Not found');
          });
        },
      });
    });
  },
  { name: 'dashboard' },
);
