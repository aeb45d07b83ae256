import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createShareLink,
  deleteShareSession,
  findShareLink,
  listShareLinks,
  listShareViews,
  revokeShareLink,
  unknownShareScopeParts,
  type ShareLink,
  type ShareLinkScope,
} from '@ripple/db';
import { Type } from 'typebox';
import { ACCESS } from '../auth/access.js';
import { clearShareCookie, setShareCookie } from '../auth/cookies.js';
import { hashPassword, passwordProblems } from '../auth/passwords.js';
import { MAX_SHARE_LINK_DAYS, openShareLink, shareLinkProblems } from '../auth/share.js';
import { newToken, tokenHash } from '../auth/tokens.js';
import { RowId } from '../schemas/common.js';

// Share links (README "Share links"): a manager makes a read-only link for a funder, locked to a
// period and scope, lists and revokes them and reads who viewed what; anyone holding the link
// opens it (with its password, if it has one) into a share session, which sees the aggregate
// pages and the report of that scope only, small cells withheld (see the auth plugin).

const ErrorRef = { $ref: 'ErrorResponse#' } as const;
const Day = Type.String({ format: 'date' });
const Region = Type.String({ minLength: 1, maxLength: 100 });

export const ShareScopeSchema = Type.Object(
  {
    from: Type.String({ format: 'date', description: 'First day included' }),
    to: Type.String({ format: 'date', description: 'First day excluded' }),
    series: Type.Optional(Type.Integer()),
    topic: Type.Optional(Type.Integer()),
    workingGroup: Type.Optional(Type.Integer()),
    region: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const ShareLinkSchema = Type.Object(
  {
    id: Type.Integer(),
    label: Type.String(),
    scope: ShareScopeSchema,
    hasPassword: Type.Boolean(),
    status: Type.Enum(['active', 'expired', 'revoked']),
    expiresAt: DateTime,
    revokedAt: Nullable(DateTime),
    createdAt: DateTime,
    createdBy: Type.Union([
      Type.Object({ id: Type.Integer(), name: Type.String() }, { additionalProperties: false }),
      Type.Null(),
    ]),
    views: Type.Integer({ minimum: 0 }),
    lastViewedAt: Nullable(DateTime),
  },
  { additionalProperties: false },
);

const Opened = Type.Object(
  {
    label: Type.String(),
    scope: ShareScopeSchema,
    expiresAt: Type.String({ format: 'date-time', description: 'When this shared view ends' }),
  },
  { additionalProperties: false },
);

const PasswordRefused = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    reason: Type.Enum(['password-required', 'password-wrong']),
  },
  { additionalProperties: false },
);

const Closed = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    reason: Type.Enum(['expired', 'revoked']),
    at: Type.String({ format: 'date-time', description: 'When the link expired or was revoked' }),
  },
  { additionalProperties: false },
);

function toJson(link: ShareLink) {
  return {
    ...link,
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    createdAt: link.createdAt.toISOString(),
    lastViewedAt: link.lastViewedAt?.toISOString() ?? null,
  };
}

const notFound = (id: number) => ({
  statusCode: 404,
  error: 'Not Found',
  message: `There is no share link ${id}`,
});

export interface ShareLinkRoutesOptions {
  /** The public address links start with (RIPPLE_PUBLIC_URL); null: the request's origin. */
  publicUrl: string | null;
}

const routes: FastifyPluginAsyncTypebox<ShareLinkRoutesOptions> = async (fastify, opts) => {
  fastify.post(
    '/share-links',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['share links'],
        summary: 'Create a read-only link for a funder, locked to a period and a scope',
        description: `The period is whole calendar quarters (from and to each the first day of a quarter, to excluded); the expiry in the future and at most ${MAX_SHARE_LINK_DAYS} days away; a password, when given, follows the account rules. The link's token is in \`url\` and \`path\` of this answer only: it is stored hashed and cannot be shown again.`,
        body: Type.Object(
          {
            label: Type.String({
              minLength: 1,
              maxLength: 200,
              description: 'Who or what it is for',
            }),
            from: Day,
            to: Day,
            series: Type.Optional(RowId),
            topic: Type.Optional(RowId),
            workingGroup: Type.Optional(RowId),
            region: Type.Optional(Region),
            expiresAt: Type.String({ format: 'date-time' }),
            password: Type.Optional(Type.String({ minLength: 1, maxLength: 1024 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object(
            {
              link: ShareLinkSchema,
              path: Type.String({ description: '/r/<token>' }),
              url: Type.String({ description: 'The link to send' }),
            },
            { additionalProperties: false },
          ),
          400: ErrorRef,
          401: ErrorRef,
          403: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const { label, from, to, series, topic, workingGroup, region, expiresAt, password } =
        request.body;
      const scope: ShareLinkScope = {
        from,
        to,
        ...(series !== undefined && { series }),
        ...(topic !== undefined && { topic }),
        ...(workingGroup !== undefined && { workingGroup }),
        ...(region !== undefined && { region }),
      };
      const problems = [
        ...shareLinkProblems({ from, to, expiresAt }),
        ...(await unknownShareScopeParts(fastify.db, scope)),
        ...(password !== undefined ? passwordProblems(password).map((p) => `password: ${p}`) : []),
      ];
      if (label.trim() === '') problems.unshift('label: must not be blank');
      if (problems.length > 0) {
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: problems.map((p) => `body/${p}`).join('; '),
        });
      }
      if (request.viewer?.kind !== 'user') throw new Error('access rule let a non-user through');
      const token = newToken();
      const link = await createShareLink(fastify.db, {
        tokenHash: tokenHash(token),
        label: label.trim(),
        scope,
        passwordHash: password !== undefined ? await hashPassword(password) : null,
        expiresAt: new Date(expiresAt),
        createdBy: request.viewer.userId,
      });
      const path = `/r/${token}`;
      const base = opts.publicUrl ?? `${request.protocol}://${request.host}`;
      reply.header('cache-control', 'no-store');
      return reply.status(201).send({ link: toJson(link), path, url: `${base}${path}` });
    },
  );

  fastify.get(
    '/share-links',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['share links'],
        summary: 'Every share link, newest first, with its status, views and last view',
        response: { 200: Type.Array(ShareLinkSchema), 401: ErrorRef, 403: ErrorRef },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return (await listShareLinks(fastify.db)).map(toJson);
    },
  );

  fastify.get(
    '/share-links/:id/views',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['share links'],
        summary: "A link's view log, newest first (the latest 500)",
        description:
          'One row per dashboard page opened through the link; the address is cut to its network (IPv4 /24, IPv6 /48).',
        params: Type.Object({ id: RowId }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            {
              link: ShareLinkSchema,
              views: Type.Array(
                Type.Object(
                  {
                    viewedAt: DateTime,
                    path: Type.String(),
                    address: Nullable(Type.String()),
                    userAgent: Nullable(Type.String()),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          401: ErrorRef,
          403: ErrorRef,
          404: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const link = await findShareLink(fastify.db, request.params.id);
      if (!link) return reply.status(404).send(notFound(request.params.id));
      const views = await listShareViews(fastify.db, link.id);
      reply.header('cache-control', 'no-store');
      return {
        link: toJson(link),
        views: views.map((v) => ({ ...v, viewedAt: v.viewedAt.toISOString() })),
      };
    },
  );

  fastify.post(
    '/share-links/:id/revoke',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['share links'],
        summary: 'Revoke a link: it and every shared view opened with it stop at once',
        description: 'Revoking a revoked link changes nothing (its first revocation date stays).',
        params: Type.Object({ id: RowId }, { additionalProperties: false }),
        response: { 200: ShareLinkSchema, 401: ErrorRef, 403: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) => {
      const link = await revokeShareLink(fastify.db, request.params.id);
      if (!link) return reply.status(404).send(notFound(request.params.id));
      return toJson(link);
    },
  );

  fastify.post(
    '/share-links/open',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['share links'],
        summary: 'Open a share link: starts a shared view in the ripple_share cookie',
        description:
          'The shared view lasts a day at most and never past the link. A link with a password answers 401 (`reason`: `password-required` or `password-wrong`); after 10 wrong passwords for a link (or 50 failures from one address, sign-ins included) within 15 minutes, 429. A revoked or expired link answers 410 with the `reason` and the date.',
        body: Type.Object(
          {
            token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }),
            password: Type.Optional(Type.String({ maxLength: 1024 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Opened,
          400: ErrorRef,
          401: PasswordRefused,
          403: ErrorRef,
          404: ErrorRef,
          410: Closed,
          429: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      // As at sign-in: another site must not be able to put a browser into a view of its choice.
      if (request.headers['sec-fetch-site'] === 'cross-site') {
        return reply.status(403).send({
          statusCode: 403,
          error: 'Forbidden',
          message: 'Opening a share link from another site is not allowed',
        });
      }
      reply.header('cache-control', 'no-store');
      const result = await openShareLink(fastify.db, {
        token: request.body.token,
        password: request.body.password,
        address: fastify.addressKey(request.ip),
      });
      switch (result.kind) {
        case 'unknown':
          return reply.status(404).send({
            statusCode: 404,
            error: 'Not Found',
            message: 'There is no share link with this address',
          });
        case 'closed':
          return reply.status(410).send({
            statusCode: 410,
            error: 'Gone',
            message:
              result.reason === 'revoked'
                ? `This share link was revoked on ${result.at.toISOString()}`
                : `This share link expired on ${result.at.toISOString()}`,
            reason: result.reason,
            at: result.at.toISOString(),
          });
        case 'password':
          return reply.status(401).send({
            statusCode: 401,
            error: 'Unauthorized',
            message:
              result.reason === 'required'
                ? 'This share link needs its password'
                : 'The password is wrong',
            reason: result.reason === 'required' ? 'password-required' : 'password-wrong',
          });
        case 'limited':
          return reply
            .status(429)
            .header('retry-after', String(result.retryAfterSeconds))
            .send({
              statusCode: 429,
              error: 'Too Many Requests',
              message: `Too many wrong passwords; try again in ${Math.round(result.retryAfterSeconds / 60)} minutes`,
            });
        case 'opened':
          setShareCookie(request, reply, result);
          return {
            label: result.label,
            scope: result.scope,
            expiresAt: result.expiresAt.toISOString(),
          };
      }
    },
  );

  fastify.delete(
    '/share-links/session',
    {
      config: { access: ['share'] },
      schema: {
        tags: ['share links'],
        summary: 'Close the shared view (the link itself stays open for its next visit)',
        response: { 204: Type.Null(), 401: ErrorRef, 403: ErrorRef },
      },
    },
    async (request, reply) => {
      if (request.viewer?.kind === 'share') {
        await deleteShareSession(fastify.db, request.viewer.sessionId);
      }
      clearShareCookie(request, reply);
      return reply.status(204).send(null);
    },
  );
};

export default routes;
