import type { IncomingMessage, ServerResponse } from 'node:http';
import fp from 'fastify-plugin';

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
