import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { protectDistribution } from '@ripple/db';
import { Type } from 'typebox';
import {
  checkFixedGranularity,
  reachFilterProperties,
  reachFiltersFrom,
} from '../schemas/filters.js';
import { ACCESS } from '../auth/access.js';

const FilterQuery = Type.Object(reachFilterProperties, { additionalProperties: false });
const count = Type.Integer({ minimum: 0 });

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/loyalty/new-returning',
    {
      config: { access: ACCESS.manage },
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
      return fastify.reachCached(reply, 'loyalty/new-returning', { filters }, async () =>
        (await fastify.reachFigures(reply)).newVsReturning(filters),
      );
    },
  );

  fastify.get(
    '/loyalty/cohorts',
    {
      config: { access: ACCESS.manage },
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
      return fastify.reachCached(reply, 'loyalty/cohorts', { filters }, async () =>
        (await fastify.reachFigures(reply)).cohorts(filters),
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
            Type.Object({
              webinars: Type.Integer({ minimum: 1 }),
              participants: Type.Union([count, Type.Null()], {
                description: 'Null for funders when hidden (see suppressed)',
              }),
              suppressed: Type.Optional(
                Type.Enum(['small', 'withheld'], {
                  description:
                    'Funders and share links: small (1 to k−1 people, shown "<k") or withheld (so that no small count can be worked back from the total)',
                }),
              ),
            }),
          ),
          400: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      const exact = fastify.reachCached(reply, 'loyalty/distribution', { filters }, async () =>
        (await fastify.reachFigures(reply)).distribution(filters),
      );
      const k = request.minCellSize;
      if (k === null) return exact;
      checkFixedGranularity(request.query, k);
      return protectDistribution(await exact, k);
    },
  );
};

export default routes;
