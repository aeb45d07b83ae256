import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BREAKDOWN_DIMENSIONS, BREAKDOWN_SORTS } from '@ripple/db';
import { Type } from 'typebox';
import {
  checkFixedGranularity,
  reachFilterProperties,
  reachFiltersFrom,
} from '../schemas/filters.js';
import { protectedBreakdown, protectedCrossTab } from '../disclosure/figures.js';
import { ACCESS } from '../auth/access.js';

const nullableCount = (description?: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: `${description ? `${description}; ` : ''}null when withheld (see suppressed)`,
  });

// Exact for managers; for funders and share links a hidden count is null (see SUPPRESSION).
const Measures = {
  participants: nullableCount('Distinct people who attended'),
  attendances: nullableCount(),
  registrations: nullableCount(),
  minutes: nullableCount('Minutes attended'),
};

const SUPPRESSION =
  'Funders and share links: a count of 1 to k−1 people is null with suppressed "small" (shown "<k"); further cells are null with suppressed "withheld" so that no small count can be worked back from the totals; minCellSize is k.';

const Suppressed = Type.Optional(
  Type.Enum(['small', 'withheld'], {
    description:
      'Why this row is hidden: small (1 to k−1 people) or withheld (protects a small one)',
  }),
);
const MinCellSize = Type.Optional(
  Type.Integer({ minimum: 3, description: 'k of the small-cell rule; only when it applies' }),
);

export const BreakdownSchema = Type.Object({
  dimension: Type.Enum(BREAKDOWN_DIMENSIONS),
  total: Type.Object({ ...Measures, suppressed: Suppressed }),
  totalRows: Type.Integer({ minimum: 0, description: 'Rows before paging' }),
  rows: Type.Array(
    Type.Object({
      key: Type.Union([Type.String(), Type.Null()], { description: 'Null: not known' }),
      label: Type.Union([Type.String(), Type.Null()]),
      ...Measures,
      share: Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
        description: "This row's participants ÷ all distinct participants; null when withheld",
      }),
      suppressed: Suppressed,
    }),
  ),
  minCellSize: MinCellSize,
});

const Margin = Type.Array(
  Type.Object({
    key: Type.Union([Type.String(), Type.Null()]),
    participants: nullableCount(),
    suppressed: Suppressed,
  }),
);

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/breakdown/:dimension',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['reach'],
        summary: 'Participants, attendances, registrations and minutes by one dimension',
        description:
          'Takes the reach filters. A webinar with two topics counts under both, so topic shares may add up to more than 1. ' +
          SUPPRESSION +
          ' Hidden rows come last, by key; date ranges are whole calendar quarters.',
        params: Type.Object({ dimension: Type.Enum(BREAKDOWN_DIMENSIONS) }),
        querystring: Type.Object(
          {
            ...reachFilterProperties,
            sort: Type.Optional(Type.Enum(BREAKDOWN_SORTS, { default: 'participants' })),
            order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'desc' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
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
      const k = request.minCellSize;
      if (k !== null) {
        checkFixedGranularity(q, k);
        return fastify.reachCached(
          reply,
          'breakdown-protected',
          { dimension, filters, ...options, k },
          () =>
            protectedBreakdown(
              () => fastify.reachFigures(reply),
              (name, key, run) => fastify.reachCached(reply, name, key, run),
              dimension,
              filters,
              options,
              k,
            ),
        );
      }
      return fastify.reachCached(reply, 'breakdown', { dimension, filters, ...options }, async () =>
        (await fastify.reachFigures(reply)).breakdown(dimension, filters, options),
      );
    },
  );

  fastify.get(
    '/crosstab',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['reach'],
        summary: 'Two dimensions at once, e.g. sector × topic, country × sector, region × year',
        description: `${SUPPRESSION} Funders do not get countries cross-tabulated (regions and income groups instead).`,
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
                suppressed: Suppressed,
              }),
            ),
            rowTotals: Type.Optional(
              Type.Union([Margin, Type.Null()], {
                description:
                  'People per row over all columns (when the columns add up); protected only',
              }),
            ),
            columnTotals: Type.Optional(Type.Union([Margin, Type.Null()])),
            minCellSize: MinCellSize,
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
      const k = request.minCellSize;
      if (k !== null) {
        checkFixedGranularity(request.query, k);
        const protectedTable = await fastify.reachCached(
          reply,
          'crosstab-protected',
          { rows, columns, filters, k },
          () =>
            protectedCrossTab(
              () => fastify.reachFigures(reply),
              (name, key, run) => fastify.reachCached(reply, name, key, run),
              rows,
              columns,
              filters,
              k,
            ),
        );
        return { rows, columns, ...protectedTable };
      }
      const cells = await fastify.reachCached(
        reply,
        'crosstab',
        { rows, columns, filters },
        async () => (await fastify.reachFigures(reply)).crossTab(rows, columns, filters),
      );
      return { rows, columns, cells };
    },
  );
};

export default routes;
