import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getCumulativeReach, getOverview, REACH_INTERVALS, SECTOR_CODES } from '@ripple/db';
import { Type } from 'typebox';
import { reachFilterProperties, reachFiltersFrom } from '../schemas/filters.js';

const count = (description: string) => Type.Integer({ minimum: 0, description });

const rate = (description: string) =>
  Type.Union([Type.Number({ minimum: 0 }), Type.Null()], {
    description: `${description}; null when undefined`,
  });

const Headline = {
  webinarsHeld: count('Held webinars matching the webinar filters'),
  speakers: count('Distinct people who presented at those webinars'),
  uniqueParticipants: count('Distinct people who attended'),
  attendances: count('Attendances (person × webinar)'),
  countries: count('Distinct countries of the participants'),
  sectors: count('Distinct known sectors of the participants'),
  registrations: count('Registrations (person × webinar)'),
  attendanceRate: rate('Registered people who attended ÷ registered people'),
  averageAttendeesPerWebinar: rate('Attendances ÷ webinars held'),
  averageMinutes: rate('Mean minutes of an attendance'),
  returningShare: rate('Share of participants who had attended a held webinar before'),
  newParticipants: count('Participants whose first held webinar ever is in the view'),
};

export const Overview = Type.Object(
  {
    ...Headline,
    bySector: Type.Array(
      Type.Object({
        sector: Type.Enum(SECTOR_CODES),
        participants: count('Distinct attending participants of this sector'),
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
      return fastify.reachCached(reply, 'overview', { filters, compare }, () =>
        getOverview(fastify.db, filters, compare),
      );
    },
  );

  fastify.get(
    '/reach/cumulative',
    {
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
      const points = await fastify.reachCached(reply, 'cumulative', { filters, interval }, () =>
        getCumulativeReach(fastify.db, interval, filters),
      );
      return { interval, points };
    },
  );
};

export default routes;
