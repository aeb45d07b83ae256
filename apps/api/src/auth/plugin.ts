import cookie from '@fastify/cookie';
import { findActiveSession, touchSession } from '@ripple/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isAllowed, seesExactFigures, type Viewer } from './access.js';
import { sessionCookie } from './cookies.js';
import { sameToken, tokenHash } from './tokens.js';

export interface AuthPluginOptions {
  /** Smallest count of people shown to funders and share links (k); default 5. */
  minCellSize?: number;
}

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// A session's last-seen time is written at most this often, not on every request.
const TOUCH_EVERY_MS = 5 * 60_000;

/**
 * Who is asking, and may they: resolves the session cookie to a viewer, refuses a route the
 * viewer's role may not call (401 without a session, 403 with one), and refuses a state-changing
 * request of a signed-in user that does not carry the session's CSRF token in X-CSRF-Token.
 * Every route must declare `config.access`; one that does not stops the server at start.
 */
export default fp<AuthPluginOptions>(
  async (fastify, opts) => {
    const minCellSize = opts.minCellSize ?? 5;
    await fastify.register(cookie);
    fastify.decorateRequest('viewer', null);
    fastify.decorateRequest('minCellSize', null);

    fastify.addHook('onRoute', (route) => {
      if (route.config?.access !== undefined) return;
      // @fastify/swagger-ui's pages and assets: public documentation of a public API.
      if (route.url.startsWith('/api/docs')) {
        route.config = { ...route.config, access: 'public' };
        return;
      }
      throw new Error(`${String(route.method)} ${route.url} declares no config.access`);
    });

    fastify.addHook('onRequest', async (request, reply) => {
      // Not-found answers have no route config: nothing to guard.
      const access = request.routeOptions.config?.access ?? 'public';
      try {
        request.viewer = await viewerOf(request);
      } catch (error) {
        // A public route (health, the survey form) answers for itself when the database is
        // down; anything else fails with the error handler's 503.
        if (access !== 'public') throw error;
        request.log.warn({ err: error }, 'session lookup failed on a public route');
        request.viewer = null;
      }
      request.minCellSize = seesExactFigures(request.viewer) ? null : minCellSize;

      if (!isAllowed(access, request.viewer)) return refuse(request, reply);

      // Public routes act on no one's authority (sign-in has its own cross-site check).
      if (
        access !== 'public' &&
        request.viewer?.kind === 'user' &&
        !SAFE_METHODS.has(request.method)
      ) {
        const sent = request.headers[CSRF_HEADER];
        if (typeof sent !== 'string' || !sameToken(sent, request.viewer.csrfToken)) {
          return reply.status(403).send({
            statusCode: 403,
            error: 'Forbidden',
            message: `A ${request.method} request needs the session's CSRF token in the X-CSRF-Token header (the ripple_csrf cookie's value)`,
          });
        }
      }
    });

    async function viewerOf(request: FastifyRequest): Promise<Viewer | null> {
      const token = sessionCookie(request);
      if (!token) return null;
      const hash = tokenHash(token);
      const session = await findActiveSession(fastify.db, hash);
      if (!session) return null;
      if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await touchSession(fastify.db, hash);
      }
      return {
        kind: 'user',
        userId: session.user.id,
        role: session.user.role,
        email: session.user.email,
        name: session.user.name,
        sessionId: hash,
        csrfToken: session.csrfToken,
      };
    }
  },
  { name: 'auth', dependencies: ['database', 'errors'] },
);

function refuse(request: FastifyRequest, reply: FastifyReply) {
  if (!request.viewer) {
    return reply.status(401).send({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Sign in first (POST /api/session)',
    });
  }
  return reply.status(403).send({
    statusCode: 403,
    error: 'Forbidden',
    message: `Your role (${request.viewer.kind === 'user' ? request.viewer.role : 'share link'}) may not ${request.method} ${request.routeOptions.url ?? request.url}`,
  });
}
