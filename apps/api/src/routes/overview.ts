import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getOverview, protectOverview, REACH_INTERVALS, SECTOR_CODES } from '@ripple/db';
import { Type } from 'typebox';
import {
  checkFixedGranularity,
  reachFilterProperties,
  reachFiltersFrom,
} from '../schemas/filters.js';
import { ACCESS } from '../auth/access.js';

const count = (description: string) => Type.Integer({ minimum: 0, description });

/** A count of people: null for a funder when it is 1 to k−1 (see suppressed). */
const people = (description: string) =>
  Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
    description: `${description}; null when small (funders: 1 to k−1 people)`,
  });

const Why = Type.Enum(['small', 'withheld']);

const rate = (description: string) =>
  Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: `${description}; null when undefined`,
  });

const Headline = {
  webinarsHeld: count('Held webinars matching the webinar filters'),
  speakers: people('Distinct people who presented at those webinars'),
  uniqueParticipants: people('Distinct people who attended'),
  attendances: count('Attendances (person × webinar)'),
  countries: count('Distinct countries of the participants'),
  sectors: count('Distinct known sectors of the participants'),
  registrations: count('Registrations (person × webinar)'),
  attendanceRate: rate('Registered people who attended ÷ registered people'),
  averageAttendeesPerWebinar: rate('Attendances ÷ webinars held'),
  averageMinutes: rate('Mean minutes of an attendance'),
  returningShare: rate('Share of participants who had attended a held webinar before'),
  newParticipants: people('Participants whose first held webinar ever is in the view'),
  suppressed: Type.Optional(
    Type.Record(Type.String(), Why, {
      description:
        'Funders and share links: the hidden fields, each small (1 to k−1 people) or withheld (a rate or mean over fewer than k, or one that would give a small count back)',
    }),
  ),
};

export const Overview = Type.Object(
  {
    ...Headline,
    bySector: Type.Array(
      Type.Object({
        sector: Type.Enum(SECTOR_CODES),
        participants: people('Distinct attending participants of this sector'),
        suppressed: Type.Optional(Why),
      }),
    ),
    comparison: Type.Union([
      Type.Object({
        from: Type.String({ format: 'date' }),
        to: Type.String({ format: 'date' }),
        figures: Type.Object(Headline),
      }),
      Type.Null(),
    ]),
    minCellSize: Type.Optional(
      Type.Integer({ minimum: 3, description: 'k of the small-cell rule; only when it applies' }),
    ),
  },
  { additionalProperties: false },
);

const CumulativeQuery = Type.Object(
  {
    ...reachFilterProperties,
    interval: Type.Optional(Type.Enum(REACH_INTERVALS, { default: 'month' })),
  },
  { additionalProperties: false },
);

export const CumulativeReach = Type.Object({
  interval: Type.Enum(REACH_INTERVALS),
  points: Type.Array(
    Type.Object({
      period: Type.String({ format: 'date', description: 'First day of the bucket (in tz)' }),
      newParticipants: count('People whose first held webinar falls in this bucket'),
      cumulativeParticipants: count('Unique participants reached up to the end of this bucket'),
    }),
  ),
});

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/overview',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['reach'],
        summary: 'Headline figures of the programme, for the filtered view',
        description:
          'compare=previous gives the same figures for the period of the same length just before; compare=year for the same dates a year earlier (both need from and to).',
        querystring: Type.Object(
          { ...reachFilterProperties, compare: Type.Optional(Type.Enum(['previous', 'year'])) },
          { additionalProperties: false },
        ),
        response: { 200: Overview, 400: { $ref: 'ErrorResponse#' } },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      const compare = request.query.compare;
      const exact = fastify.reachCached(reply, 'overview', { filters, compare }, async () =>
        getOverview(fastify.readDb, filters, compare, await fastify.reachFigures(reply)),
      );
      const k = request.minCellSize;
      if (k === null) return exact;
      checkFixedGranularity(request.query, k);
      return protectOverview(await exact, k);
    },
  );

  fastify.get(
    '/reach/cumulative',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['reach'],
        summary: 'Cumulative unique participants over time',
        querystring: CumulativeQuery,
        response: { 200: CumulativeReach, 400: { $ref: 'ErrorResponse#' } },
      },
    },
    async (request, reply) => {
      const interval = request.query.interval ?? 'month';
      const filters = reachFiltersFrom(request.query);
      const points = await fastify.reachCached(
        reply,
        'cumulative',
        { filters, interval },
        async () => (await fastify.reachFigures(reply)).cumulative(interval, filters),
      );
      return { interval, points };
    },
  );
};

export default routes;
