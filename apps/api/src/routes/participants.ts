import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  eraseParticipant,
  exportParticipant,
  getParticipantRecord,
  searchParticipants,
  SECTOR_CODES,
} from '@ripple/db';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ACCESS } from '../auth/access.js';
import { RowId } from '../schemas/common.js';
import {
  ErasureSchema,
  ParticipantListSchema,
  ParticipantRecordSchema,
  PersonalExportSchema,
} from '../schemas/participants.js';

// People, for programme managers: search, and one person's whole record. Personal data, so no
// cache anywhere keeps it (no-store on every answer of these routes, errors included).

const ErrorRef = { $ref: 'ErrorResponse#' } as const;

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  fastify.get(
    '/participants',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['participants'],
        summary: 'Search participants by name or email, with country and sector filters',
        description:
          'Every word of q must appear in the name or the email, ignoring case and accents; % and _ match themselves. Sorted by name (accents ignored), then email, then id.',
        querystring: Type.Object(
          {
            q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find' })),
            country: Type.Optional(
              Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 250 }),
            ),
            sector: Type.Optional(Type.Array(Type.Enum(SECTOR_CODES), { maxItems: 8 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: ParticipantListSchema, 400: ErrorRef },
      },
    },
    async (request) => {
      const q = request.query;
      return searchParticipants(fastify.db, {
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
        ...(q.q && { q: q.q }),
        ...(q.country && { countries: q.country }),
        ...(q.sector && { sectors: q.sector }),
      });
    },
  );

  fastify.get(
    '/participants/:id',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['participants'],
        summary: "One participant's record: their details, attendance and survey answers",
        params: Type.Object({ id: RowId }),
        querystring: Type.Object(
          {
            lang: Type.Optional(
              Type.Enum(['en', 'es'], {
                default: 'en',
                description: 'Language of question texts and choice labels',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: ParticipantRecordSchema, 400: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) => {
      const record = await getParticipantRecord(fastify.db, request.params.id, {
        lang: request.query.lang ?? 'en',
      });
      if (record) return record;
      return reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `There is no participant #${request.params.id}.`,
      });
    },
  );

  // People's rights (README, "People's rights"): a person's data as a file, and erasure.
  fastify.get(
    '/participants/:id/export',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['participants'],
        summary: 'Everything held about one person, as a JSON file to give them',
        description:
          'Their details, attendance with webinar titles and dates, survey invitations, responses with each question as worded in the version answered, and the imports their data came from.',
        params: Type.Object({ id: RowId }),
        querystring: Type.Object(
          { lang: Type.Optional(Type.Enum(['en', 'es'], { default: 'en' })) },
          { additionalProperties: false },
        ),
        response: { 200: PersonalExportSchema, 400: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) => {
      const data = await exportParticipant(fastify.db, request.params.id, {
        lang: request.query.lang ?? 'en',
      });
      if (!data) return notFound(reply, request.params.id);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="ripple-participant-${request.params.id}.json"`,
        )
        .send(data);
    },
  );

  fastify.delete(
    '/participants/:id',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['participants'],
        summary: 'Erase a person and every trace of them',
        description:
          'Removes the participant, their attendance and registrations, survey invitations, responses and answers (quotes included), speaker entries with the same email, and mentions of their name or email in import history; every figure reflects it at once. Logged without saying who. Someone with the same email in a later import comes back as a new person.',
        params: Type.Object({ id: RowId }),
        response: { 200: ErasureSchema, 400: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) => {
      if (request.viewer?.kind !== 'user') throw new Error('access rule let a non-user through');
      const result = await eraseParticipant(fastify.db, request.params.id, {
        userId: request.viewer.userId,
      });
      if (!result) return notFound(reply, request.params.id);
      request.log.info({ rows: result.total }, 'participant erased');
      return { id: request.params.id, ...result };
    },
  );
};

function notFound(reply: FastifyReply, id: number) {
  return reply.status(404).send({
    statusCode: 404,
    error: 'Not Found',
    message: `There is no participant #${id}.`,
  });
}

export default routes;
