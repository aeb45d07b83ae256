import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createWebinar,
  getWebinar,
  listWebinars,
  setWebinarSpeakers,
  updateWebinar,
} from '@ripple/db';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { isIanaZone } from '../import/time.js';
import {
  SpeakerInput,
  WebinarCreate,
  WebinarDetailSchema,
  WebinarListSchema,
  WebinarPatch,
} from '../schemas/webinars.js';
import { RowId } from '../schemas/common.js';
import { ACCESS } from '../auth/access.js';

const Id = Type.Object({ id: RowId });
const errors = {
  400: { $ref: 'ErrorResponse#' },
  404: { $ref: 'ErrorResponse#' },
} as const;

function notFound(reply: FastifyReply, id: number) {
  return reply
    .status(404)
    .send({ statusCode: 404, error: 'Not Found', message: `There is no webinar #${id}.` });
}

function badZone(reply: FastifyReply, zone: string) {
  return reply.status(400).send({
    statusCode: 400,
    error: 'Bad Request',
    message: `timezone: unknown time zone "${zone}"; use an IANA name such as America/Bogota.`,
  });
}

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/webinars',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['webinars'],
        summary: 'Webinars, newest first, with registrations and attendance',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
            q: Type.Optional(Type.String({ maxLength: 200, description: 'Words in the title' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: WebinarListSchema },
      },
    },
    async (request) =>
      listWebinars(fastify.db, {
        limit: request.query.limit ?? 100,
        offset: request.query.offset ?? 0,
        ...(request.query.q && { search: request.query.q }),
      }),
  );

  fastify.get(
    '/webinars/:id',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['webinars'],
        summary: 'One webinar with its topics and speakers',
        params: Id,
        response: { 200: WebinarDetailSchema, ...errors },
      },
    },
    async (request, reply) =>
      (await getWebinar(fastify.db, request.params.id)) ?? notFound(reply, request.params.id),
  );

  fastify.post(
    '/webinars',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['webinars'],
        summary: 'Create a webinar (ahead of time, or before importing its attendance)',
        body: WebinarCreate,
        response: { 201: WebinarDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const timezone = body.timezone ?? 'UTC';
      if (!isIanaZone(timezone)) return badZone(reply, timezone);
      const created = await createWebinar(fastify.db, {
        title: body.title,
        description: body.description ?? null,
        startsAt: body.startsAt,
        durationMinutes: body.durationMinutes ?? null,
        timezone,
        language: body.language,
        seriesId: body.seriesId ?? null,
        workingGroupId: body.workingGroupId ?? null,
        topicIds: body.topicIds ?? [],
        status: body.status ?? (new Date(body.startsAt) <= new Date() ? 'held' : 'planned'),
        platform: body.platform ?? null,
        platformId: body.platformId ?? null,
      });
      return reply.status(201).send(created);
    },
  );

  fastify.patch(
    '/webinars/:id',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['webinars'],
        summary: "Edit a webinar's details (only the fields sent change)",
        params: Id,
        body: WebinarPatch,
        response: { 200: WebinarDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (request.body.timezone !== undefined && !isIanaZone(request.body.timezone)) {
        return badZone(reply, request.body.timezone);
      }
      return (
        (await updateWebinar(fastify.db, request.params.id, request.body)) ??
        notFound(reply, request.params.id)
      );
    },
  );

  fastify.put(
    '/webinars/:id/speakers',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['webinars'],
        summary: "Set a webinar's speakers to exactly this list",
        params: Id,
        body: Type.Array(SpeakerInput, { maxItems: 50 }),
        response: { 200: WebinarDetailSchema, ...errors },
      },
    },
    async (request, reply) => {
      const speakers = request.body.map((s) => ({
        name: s.name,
        email: s.email ?? null,
        organisation: s.organisation ?? null,
        country: s.country ?? null,
        sector: s.sector ?? ('unknown' as const),
        role: s.role ?? ('presenter' as const),
      }));
      return (
        (await setWebinarSpeakers(fastify.db, request.params.id, speakers)) ??
        notFound(reply, request.params.id)
      );
    },
  );
};

export default routes;
