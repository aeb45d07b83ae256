import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getCumulativeReach, getOverview, REACH_INTERVALS, SECTOR_CODES } from '@ripple/db';
import { Type } from 'typebox';

const count = (description: string) => Type.Integer({ minimum: 0, description });

const Overview = Type.Object(
  {
    webinarsHeld: count('Webinars with status "held"'),
    speakers: count('Distinct people who presented at a held webinar'),
    uniqueParticipants: count('Distinct people who attended at least one held webinar'),
    attendances: count('Attendances (person × webinar) at held webinars'),
    countries: count('Distinct countries of attending participants'),
    sectors: count('Distinct known sectors of attending participants'),
    bySector: Type.Array(
      Type.Object({
        sector: Type.Enum(SECTOR_CODES),
        participants: count('Distinct attending participants of this sector'),
      }),
    ),
  },
  { additionalProperties: false },
);

const CumulativeQuery = Type.Object(
  {
    interval: Type.Optional(Type.Enum(REACH_INTERVALS, { default: 'month' })),
  },
  { additionalProperties: false },
);

const CumulativeReach = Type.Object({
  interval: Type.Enum(REACH_INTERVALS),
  points: Type.Array(
    Type.Object({
      period: Type.String({ format: 'date', description: 'First day of the bucket (UTC)' }),
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
        summary: 'Headline figures of the programme',
        response: { 200: Overview },
      },
    },
    async () => getOverview(fastify.db),
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
    async (request) => {
      const interval = request.query.interval ?? 'month';
      return { interval, points: await getCumulativeReach(fastify.db, interval) };
    },
  );
};

export default routes;
