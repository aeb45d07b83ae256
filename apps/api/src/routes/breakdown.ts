import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BREAKDOWN_DIMENSIONS, BREAKDOWN_SORTS, getBreakdown, getCrossTab } from '@ripple/db';
import { Type } from 'typebox';
import { reachFilterProperties, reachFiltersFrom } from '../schemas/filters.js';

const Measures = {
  participants: Type.Integer({ minimum: 0, description: 'Distinct people who attended' }),
  attendances: Type.Integer({ minimum: 0 }),
  registrations: Type.Integer({ minimum: 0 }),
  minutes: Type.Integer({ minimum: 0, description: 'Minutes attended' }),
};

export const BreakdownSchema = Type.Object({
  dimension: Type.Enum(BREAKDOWN_DIMENSIONS),
  total: Type.Object(Measures),
  totalRows: Type.Integer({ minimum: 0, description: 'Rows before paging' }),
  rows: Type.Array(
    Type.Object({
      key: Type.Union([Type.String(), Type.Null()], { description: 'Null: not known' }),
      label: Type.Union([Type.String(), Type.Null()]),
      ...Measures,
      share: Type.Number({
        minimum: 0,
        description: "This row's participants ÷ all distinct participants",
      }),
    }),
  ),
});

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/breakdown/:dimension',
    {
      schema: {
        tags: ['reach'],
        summary: 'Participants, attendances, registrations and minutes by one dimension',
        description:
          'Takes the reach filters. A webinar with two topics counts under both, so topic shares may add up to more than 1.',
        params: Type.Object({ dimension: Type.Enum(BREAKDOWN_DIMENSIONS) }),
        querystring: Type.Object(
          {
            ...reachFilterProperties,
            sort: Type.Optional(Type.Enum(BREAKDOWN_SORTS, { default: 'participants' })),
            order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'desc' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
            lang: Type.Optional(Type.Enum(['en', 'es'], { default: 'en' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: BreakdownSchema, 400: { $ref: 'ErrorResponse#' } },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      const q = request.query;
      const dimension = request.params.dimension;
      const options = {
        sort: q.sort ?? 'participants',
        order: q.order ?? 'desc',
        limit: q.limit ?? 50,
        offset: q.offset ?? 0,
        lang: q.lang ?? 'en',
      } as const;
      return fastify.reachCached(reply, 'breakdown', { dimension, filters, ...options }, () =>
        getBreakdown(fastify.db, dimension, filters, options),
      );
    },
  );

  fastify.get(
    '/crosstab',
    {
      schema: {
        tags: ['reach'],
        summary: 'Two dimensions at once, e.g. sector × topic, country × sector, region × year',
        querystring: Type.Object(
          {
            ...reachFilterProperties,
            rows: Type.Enum(BREAKDOWN_DIMENSIONS),
            columns: Type.Enum(BREAKDOWN_DIMENSIONS),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            rows: Type.Enum(BREAKDOWN_DIMENSIONS),
            columns: Type.Enum(BREAKDOWN_DIMENSIONS),
            cells: Type.Array(
              Type.Object({
                row: Type.Union([Type.String(), Type.Null()]),
                column: Type.Union([Type.String(), Type.Null()]),
                ...Measures,
              }),
            ),
          }),
          400: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      const { rows, columns } = request.query;
      const bad = (message: string) =>
        reply.status(400).send({ statusCode: 400, error: 'Bad Request', message });
      const filters = reachFiltersFrom(request.query);
      if (rows === columns) return bad('rows and columns must be two different dimensions');
      const cells = await fastify.reachCached(reply, 'crosstab', { rows, columns, filters }, () =>
        getCrossTab(fastify.db, rows, columns, filters),
      );
      return { rows, columns, cells };
    },
  );
};

export default routes;
