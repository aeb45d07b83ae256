import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { deleteSession, logShareView, USER_ROLES } from '@ripple/db';
import { Type } from 'typebox';
import { ACCESS } from '../auth/access.js';
import { clearSessionCookies, sessionCookie, setSessionCookies } from '../auth/cookies.js';
import { addressNetwork } from '../auth/share.js';
import { signIn } from '../auth/sign-in.js';
import { ShareScopeSchema } from './share-links.js';

const ErrorRef = { $ref: 'ErrorResponse#' } as const;

const SessionUser = Type.Object(
  {
    id: Type.Integer(),
    email: Type.String(),
    name: Type.String(),
    role: Type.Enum(USER_ROLES),
  },
  { additionalProperties: false },
);

const Session = Type.Object(
  {
    user: SessionUser,
    csrfToken: Type.String({
      description: 'Send it in X-CSRF-Token with every POST, PUT, PATCH and DELETE',
    }),
  },
  { additionalProperties: false },
);

const ShareSession = Type.Object(
  {
    share: Type.Object(
      {
        label: Type.String(),
        scope: ShareScopeSchema,
        expiresAt: Type.String({
          format: 'date-time',
          description: 'When this shared view ends; the link itself may last longer',
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

const REFUSED = 'The email or password is wrong';

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.post(
    '/session',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['accounts'],
        summary: 'Sign in',
        description:
          'Sets the HttpOnly session cookie and the CSRF cookie. An unknown email and a wrong password get the same answer. After 10 failures for an account (or 50 from one address) within 15 minutes, sign-in is refused with 429 until the window has passed.',
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Session, 401: ErrorRef, 403: ErrorRef, 429: ErrorRef },
      },
    },
    async (request, reply) => {
      // Signing someone in from another site (login CSRF) would make them work in the
      // attacker's account: refuse what the browser says is cross-site.
      if (request.headers['sec-fetch-site'] === 'cross-site') {
        return reply.status(403).send({
          statusCode: 403,
          error: 'Forbidden',
          message: 'Sign-in from another site is not allowed',
        });
      }
      const result = await signIn(fastify.db, {
        email: request.body.email,
        password: request.body.password,
        address: fastify.addressKey(request.ip),
        userAgent: request.headers['user-agent'] ?? null,
        previousToken: sessionCookie(request),
      });
      if (result.kind === 'limited') {
        return reply
          .status(429)
          .header('retry-after', String(result.retryAfterSeconds))
          .send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: `Too many failed sign-ins; try again in ${Math.round(result.retryAfterSeconds / 60)} minutes`,
          });
      }
      if (result.kind === 'refused') {
        return reply.status(401).send({ statusCode: 401, error: 'Unauthorized', message: REFUSED });
      }
      setSessionCookies(request, reply, result);
      reply.header('cache-control', 'no-store');
      const { id, email, name, role } = result.user;
      return { user: { id, email, name, role }, csrfToken: result.csrfToken };
    },
  );

  fastify.get(
    '/session',
    {
      config: { access: [...ACCESS.signedIn, 'share'] },
      schema: {
        tags: ['accounts'],
        summary: 'Who is signed in, or which share link is open',
        description:
          "For a share link's viewer, answers the link and logs one view of it, with the dashboard page given in `path`.",
        querystring: Type.Object(
          {
            path: Type.Optional(
              Type.String({ maxLength: 500, description: 'The page viewed (share links)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Union([Session, ShareSession]), 400: ErrorRef, 401: ErrorRef },
      },
    },
    async (request, reply) => {
      const viewer = request.viewer;
      reply.header('cache-control', 'no-store');
      if (viewer?.kind === 'share') {
        await logShareView(fastify.db, {
          linkId: viewer.linkId,
          path: request.query.path ?? '',
          address: addressNetwork(request.ip),
          userAgent: request.headers['user-agent'] ?? null,
        });
        return {
          share: {
            label: viewer.label,
            scope: viewer.scope,
            expiresAt: viewer.expiresAt.toISOString(),
          },
        };
      }
      if (viewer?.kind !== 'user') throw new Error('access rule let nobody through');
      return {
        user: { id: viewer.userId, email: viewer.email, name: viewer.name, role: viewer.role },
        csrfToken: viewer.csrfToken,
      };
    },
  );

  fastify.delete(
    '/session',
    {
      config: { access: ACCESS.signedIn },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out',
        description: 'Ends the session in the database: its cookie opens nothing afterwards.',
        response: { 204: Type.Null(), 401: ErrorRef, 403: ErrorRef },
      },
    },
    async (request, reply) => {
      if (request.viewer?.kind === 'user')
        await deleteSession(fastify.db, request.viewer.sessionId);
      clearSessionCookies(request, reply);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
