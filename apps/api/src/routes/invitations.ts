import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createInvitations,
  createOpenLink,
  INVITATION_STATUSES,
  InvitationError,
  listInstrumentSummaries,
  listInvitations,
  listOpenLinks,
  listWaves,
  revokeOpenLink,
  SURVEY_WAVES,
  WAVE_STATUSES,
  type OpenLink,
} from '@ripple/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { RowId } from '../schemas/common.js';
import { surveyLink, type SurveyConfig } from '../surveys/config.js';
import { invitationsCsv } from '../surveys/csv.js';
import { mailInvitations } from '../surveys/mailer.js';
import { ACCESS } from '../auth/access.js';

// A manager's side of survey invitations: create them per webinar and wave, list and export
// them (each with its personal link), mail them and remind non-respondents when SMTP is
// configured, and open links for webinars whose attendees are unknown.

export interface InvitationRoutesOptions {
  surveys: SurveyConfig;
}

const ErrorRef = { $ref: 'ErrorResponse#' } as const;
const Wave = Type.Enum(SURVEY_WAVES);
const Id = Type.Object({ id: RowId });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const CreateResult = Type.Object({
  webinarId: Type.Integer(),
  wave: Wave,
  surveyVersionId: Type.Integer(),
  attendees: Type.Integer(),
  created: Type.Integer(),
  existing: Type.Integer({ description: 'Attendees already invited to this wave' }),
  scheduledFor: DateTime,
  expiresAt: DateTime,
});

const Invitation = Type.Object({
  id: Type.Integer(),
  webinarId: Type.Integer(),
  webinarTitle: Type.String(),
  wave: Wave,
  participantId: Type.Integer(),
  name: Nullable(Type.String()),
  email: Nullable(Type.String()),
  language: Type.String(),
  scheduledFor: Nullable(DateTime),
  expiresAt: DateTime,
  sentAt: Nullable(DateTime),
  remindedAt: Nullable(DateTime),
  status: Type.Enum(INVITATION_STATUSES),
});

const MailResult = Type.Object({
  kind: Type.Enum(['invitation', 'reminder']),
  sent: Type.Integer(),
  failed: Type.Array(
    Type.Object({ invitationId: Type.Integer(), email: Type.String(), error: Type.String() }),
    { description: 'Recipients the SMTP server refused: left unsent, to try again' },
  ),
});

const WaveSchema = Type.Object({
  webinarId: Type.Integer(),
  webinarTitle: Type.String(),
  webinarStartsAt: DateTime,
  wave: Wave,
  attendees: Type.Integer(),
  invited: Type.Integer(),
  sent: Type.Integer(),
  reminded: Type.Integer(),
  answered: Type.Integer(),
  expired: Type.Integer(),
  due: Type.Integer(),
  withoutEmail: Type.Integer(),
  responseRate: Nullable(Type.Number()),
  openLinkResponses: Type.Integer(),
  scheduledFor: DateTime,
  status: Type.Enum(WAVE_STATUSES),
});

const OpenLinkSchema = Type.Object({
  id: Type.Integer(),
  webinarId: Type.Integer(),
  webinarTitle: Type.String(),
  wave: Wave,
  surveyVersionId: Type.Integer(),
  language: Type.Enum(['en', 'es']),
  link: Type.String({ description: 'The URL to share: <public URL>/s/<token>' }),
  expiresAt: DateTime,
  revokedAt: Nullable(DateTime),
  createdAt: DateTime,
  state: Type.Enum(['open', 'expired', 'revoked']),
  responses: Type.Integer(),
});

const MailBody = Type.Object(
  {
    webinarId: Type.Optional(RowId),
    wave: Type.Optional(Wave),
  },
  { additionalProperties: false },
);

const INVITATION_ERROR_STATUS = {
  webinar_not_found: 404,
  webinar_not_held: 409,
  no_survey: 409,
} as const;

function invitationError(reply: FastifyReply, error: unknown) {
  if (!(error instanceof InvitationError)) throw error;
  const status = INVITATION_ERROR_STATUS[error.code];
  return reply.status(status).send({
    statusCode: status,
    error: status === 404 ? 'Not Found' : 'Conflict',
    message: error.message,
  });
}

const routes: FastifyPluginAsyncTypebox<InvitationRoutesOptions> = async (fastify, opts) => {
  const { surveys } = opts;
  /** RIPPLE_PUBLIC_URL, else the origin this request came to. */
  const baseUrl = (request: FastifyRequest) =>
    surveys.publicUrl ?? `${request.protocol}://${request.host}`;
  const withLink = (request: FastifyRequest, link: OpenLink) => {
    const { token, ...rest } = link;
    return { ...rest, link: surveyLink(baseUrl(request), token) };
  };
  const notConfigured = (reply: FastifyReply) =>
    reply.status(409).send({
      statusCode: 409,
      error: 'Conflict',
      message:
        'Email is not configured: set SMTP_URL and RIPPLE_MAIL_FROM, or export the invitations as CSV and send them yourself.',
    });

  fastify.post(
    '/webinars/:id/invitations',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: "Invite a held webinar's attendees to a survey wave (idempotent)",
        description:
          'One invitation per attendee and wave; attendees already invited keep theirs. The post ' +
          "wave is due at the webinar's end, the follow-up followupDelayDays (default 90) after " +
          'its start; links expire expiryDays (default 30) after they are due, or after now if later.',
        params: Id,
        body: Type.Object(
          {
            wave: Wave,
            followupDelayDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
            expiryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: CreateResult,
          201: CreateResult,
          400: ErrorRef,
          404: ErrorRef,
          409: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      try {
        const result = await createInvitations(fastify.db, {
          webinarId: request.params.id,
          ...request.body,
        });
        return reply.status(result.created > 0 ? 201 : 200).send(result);
      } catch (error) {
        return invitationError(reply, error);
      }
    },
  );

  const listQuery = {
    webinar: Type.Optional(RowId),
    wave: Type.Optional(Wave),
  };

  fastify.get(
    '/invitations',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Invitations, a page at a time (newest webinar first)',
        querystring: Type.Object(
          {
            ...listQuery,
            status: Type.Optional(Type.Enum(INVITATION_STATUSES)),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ total: Type.Integer(), items: Type.Array(Invitation) }),
          400: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const q = request.query;
      return listInvitations(fastify.db, {
        ...(q.webinar !== undefined && { webinarId: q.webinar }),
        ...(q.wave && { wave: q.wave }),
        ...(q.status && { status: q.status }),
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      });
    },
  );

  fastify.get(
    '/invitations.csv',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Invitations as CSV, one row per invitation with its personal link',
        description:
          'Columns: invitation_id, webinar_id, webinar_title, wave, participant_id, name, email, ' +
          'language, link, scheduled_for, expires_at, sent_at, reminded_at, status ' +
          '(answered, open or expired). Holds personal links: never cached.',
        querystring: Type.Object(listQuery, { additionalProperties: false }),
        response: {
          200: { description: 'text/csv', type: 'string' },
          400: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const name = ['invitations', q.webinar !== undefined && `webinar-${q.webinar}`, q.wave]
        .filter(Boolean)
        .join('-');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .send(
          invitationsCsv(
            fastify.db,
            {
              ...(q.webinar !== undefined && { webinarId: q.webinar }),
              ...(q.wave && { wave: q.wave }),
            },
            baseUrl(request),
          ),
        );
    },
  );

  fastify.post(
    '/invitations/send',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Email the due invitations (scheduled, unsent, unexpired, unanswered)',
        body: MailBody,
        response: { 200: MailResult, 400: ErrorRef, 409: ErrorRef },
      },
    },
    async (request, reply) => {
      if (!surveys.mail) return notConfigured(reply);
      return mailInvitations(fastify.db, surveys.mail, {
        ...request.body,
        kind: 'invitation',
        baseUrl: baseUrl(request),
      });
    },
  );

  fastify.post(
    '/invitations/remind',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Email a reminder to those invited who have not answered',
        description:
          'Only to invitations sent, unanswered and unexpired, and last emailed at least ' +
          'afterDays days ago (default 3).',
        body: Type.Object(
          {
            ...MailBody.properties,
            afterDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: MailResult, 400: ErrorRef, 409: ErrorRef },
      },
    },
    async (request, reply) => {
      if (!surveys.mail) return notConfigured(reply);
      const { afterDays, ...filters } = request.body;
      return mailInvitations(fastify.db, surveys.mail, {
        ...filters,
        kind: 'reminder',
        baseUrl: baseUrl(request),
        ...(afterDays !== undefined && { reminderGapDays: afterDays }),
      });
    },
  );

  fastify.get(
    '/surveys/waves',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Each held webinar’s post and follow-up waves: counts, response rate, status',
        querystring: Type.Object(
          { webinar: Type.Optional(RowId) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(WaveSchema) }), 400: ErrorRef },
      },
    },
    async (request) => ({
      items: await listWaves(
        fastify.db,
        request.query.webinar !== undefined ? { webinarId: request.query.webinar } : {},
      ),
    }),
  );

  fastify.get(
    '/surveys/summary',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'The survey instruments, and whether invitations can be emailed',
        response: {
          200: Type.Object({
            mailConfigured: Type.Boolean({
              description: 'SMTP_URL and RIPPLE_MAIL_FROM are set: send and remind work',
            }),
            instruments: Type.Array(
              Type.Object({
                id: Type.Integer(),
                code: Type.String(),
                name: Type.String(),
                kind: Wave,
                currentVersion: Nullable(Type.Integer()),
                questions: Type.Integer(),
                responses: Type.Integer(),
                inUse: Type.Boolean(),
              }),
            ),
          }),
        },
      },
    },
    async () => ({
      mailConfigured: surveys.mail !== null,
      instruments: await listInstrumentSummaries(fastify.db),
    }),
  );

  fastify.post(
    '/webinars/:id/open-links',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Create an open survey link for a webinar whose attendees are unknown',
        description:
          'Anyone with the link may answer, each submission a new response (rate-limited per ' +
          'address). It expires expiryDays (default 30) after the wave is due, or after now if later.',
        params: Id,
        body: Type.Object(
          {
            wave: Wave,
            language: Type.Optional(Type.Enum(['en', 'es'])),
            expiryDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: OpenLinkSchema, 400: ErrorRef, 404: ErrorRef, 409: ErrorRef },
      },
    },
    async (request, reply) => {
      try {
        const link = await createOpenLink(fastify.db, {
          webinarId: request.params.id,
          ...request.body,
        });
        return reply.status(201).send(withLink(request, link));
      } catch (error) {
        return invitationError(reply, error);
      }
    },
  );

  fastify.get(
    '/open-links',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Open survey links, newest first',
        querystring: Type.Object(
          { webinar: Type.Optional(RowId) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(OpenLinkSchema) }), 400: ErrorRef },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const links = await listOpenLinks(
        fastify.db,
        request.query.webinar !== undefined ? { webinarId: request.query.webinar } : {},
      );
      return { items: links.map((link) => withLink(request, link)) };
    },
  );

  fastify.post(
    '/open-links/:id/revoke',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Stop an open link taking answers (its responses stay)',
        params: Id,
        response: { 200: OpenLinkSchema, 400: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) => {
      const link = await revokeOpenLink(fastify.db, request.params.id);
      if (!link) {
        return reply.status(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: `There is no open link #${request.params.id}.`,
        });
      }
      return withLink(request, link);
    },
  );
};

export default routes;
