import cookie from '@fastify/cookie';
import {
  findActiveSession,
  findActiveShareSession,
  SharedReadsByKey,
  touchSession,
} from '@ripple/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isAllowed, seesExactFigures, type ShareScope, type Viewer } from './access.js';
import { sessionCookie, shareCookie } from './cookies.js';
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
 * Who is asking, and may they: resolves the session cookie (else a share link's cookie) to a
 * viewer, locks a share viewer's queries to the link's scope, refuses a route the
 * viewer's role may not call (401 without a session, 403 with one), and refuses a state-changing
 * request of a signed-in user that does not carry the session's CSRF token in X-CSRF-Token.
 * Every route must declare `config.access`; one that does not stops the server at start.
 */
export default fp<AuthPluginOptions>(
  async (fastify, opts) => {
    const minCellSize = opts.minCellSize ?? 5;
    await fastify.register(cookie);
    // Every request looks its session up, so a revoked or expired one stops at the very next. A
    // page view's requests, sent together, share the lookup (one begun after each of them asked).
    const sessions = new SharedReadsByKey((hash) => findActiveSession(fastify.db, hash));

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

    // A share viewer sees the link's period and scope whatever the address asks for: each of
    // them the route takes is set to the link's value before validation, so a filter the link
    // does not name can still narrow the view but none can widen or move it. The time zone is
    // pinned to UTC, in which the link's quarters are whole: another zone would shift both ends
    // by a few hours, and two such views differ by the people of those hours.
    fastify.addHook('preValidation', async (request) => {
      if (request.viewer?.kind !== 'share') return;
      const schema = request.routeOptions.schema?.querystring as
        { properties?: Record<string, unknown> } | undefined;
      const accepted = schema?.properties;
      if (!accepted) return;
      const query = (request.query ?? {}) as Record<string, unknown>;
      for (const [key, value] of Object.entries(forcedQuery(request.viewer.scope))) {
        if (key in accepted) query[key] = value;
      }
      request.query = query;
    });

    async function viewerOf(request: FastifyRequest): Promise<Viewer | null> {
      const token = sessionCookie(request);
      if (!token) return shareViewerOf(request);
      const hash = tokenHash(token);
      const session = await sessions.get(hash);
      if (!session) return shareViewerOf(request);
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

    // Looked up on every request, so a revoked or expired link stops at the very next one.
    async function shareViewerOf(request: FastifyRequest): Promise<Viewer | null> {
      const token = shareCookie(request);
      if (!token) return null;
      const hash = tokenHash(token);
      const share = await findActiveShareSession(fastify.db, hash);
      if (!share) return null;
      return {
        kind: 'share',
        linkId: share.linkId,
        scope: share.scope,
        label: share.label,
        expiresAt: share.expiresAt,
        sessionId: hash,
      };
    }
  },
  { name: 'auth', dependencies: ['database', 'errors'] },
);

/** The query parameters a share link fixes, as a query string would carry them. */
function forcedQuery(scope: ShareScope): Record<string, string | string[]> {
  const forced: Record<string, string | string[]> = { from: scope.from, to: scope.to, tz: 'UTC' };
  if (scope.series !== undefined) forced.series = [String(scope.series)];
  if (scope.topic !== undefined) forced.topic = [String(scope.topic)];
  if (scope.workingGroup !== undefined) forced.workingGroup = [String(scope.workingGroup)];
  if (scope.region !== undefined) forced.region = [scope.region];
  return forced;
}

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
