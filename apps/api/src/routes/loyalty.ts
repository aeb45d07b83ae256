import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getAttendanceDistribution, getCohorts, getNewVsReturning } from '@ripple/db';
import { Type } from 'typebox';
import { reachFilterProperties, reachFiltersFrom } from '../schemas/filters.js';
import { ACCESS } from '../auth/access.js';

const FilterQuery = Type.Object(reachFilterProperties, { additionalProperties: false });
const count = Type.Integer({ minimum: 0 });

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/loyalty/new-returning',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['loyalty'],
        summary: "Each webinar's attendees: first-timers and people who came back",
        querystring: FilterQuery,
        response: {
          200: Type.Array(
            Type.Object({
              webinarId: Type.Integer(),
              title: Type.String(),
              startsAt: Type.String({ format: 'date-time' }),
              attendees: count,
              new: count,
              returning: count,
            }),
          ),
          400: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      return fastify.reachCached(reply, 'loyalty/new-returning', { filters }, () =>
        getNewVsReturning(fastify.db, filters),
      );
    },
  );

  fastify.get(
    '/loyalty/cohorts',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['loyalty'],
        summary:
          'Participants by the quarter of their first webinar, and who came in each later quarter',
        querystring: FilterQuery,
        response: {
          200: Type.Array(
            Type.Object({
              cohort: Type.String({ description: 'YYYY-Qn of the first held webinar (in tz)' }),
              offset: Type.Integer({ minimum: 0, description: 'Quarters after the first' }),
              quarter: Type.String(),
              participants: count,
            }),
          ),
          400: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      return fastify.reachCached(reply, 'loyalty/cohorts', { filters }, () =>
        getCohorts(fastify.db, filters),
      );
    },
  );

  fastify.get(
    '/loyalty/distribution',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['loyalty'],
        summary: 'How many people came to 1, 2, 3… webinars',
        querystring: FilterQuery,
        response: {
          200: Type.Array(
            Type.Object({ webinars: Type.Integer({ minimum: 1 }), participants: count }),
          ),
          400: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      return fastify.reachCached(reply, 'loyalty/distribution', { filters }, () =>
        getAttendanceDistribution(fastify.db, filters),
      );
    },
  );
};

export default routes;
