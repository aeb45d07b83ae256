import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  COMMENT_KEYS,
  getTestimonials,
  IMPACT_DIMENSIONS,
  protectImpact,
  protectImpactBreakdown,
  setQuoteApproval,
  SURVEY_WAVES,
  TESTIMONIAL_STATUSES,
} from '@ripple/db';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { RowId } from '../schemas/common.js';
import {
  checkFixedGranularity,
  reachFilterProperties,
  reachFiltersFrom,
} from '../schemas/filters.js';
import { ACCESS } from '../auth/access.js';

// Impact analytics: what the surveys say, under the reach filters. The costly figures go through
// the impact cache (fastify.impactCached), whose version is read before and after the figures, so
// a new response, a deletion or an approval shows in the very next request. Funders' and share
// links' protection is applied after the cache, to a copy: the cached figures stay exact.

const Count = Type.Integer({ minimum: 0 });
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
  description: 'A share from 0 to 1; null when its denominator is 0',
});
const Mean = Type.Union([Type.Number(), Type.Null()]);
const Lang = Type.Optional(
  Type.Enum(['en', 'es'], { default: 'en', description: 'Language of labels' }),
);
const ErrorRef = { $ref: 'ErrorResponse#' } as const;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) =>
  Type.Union([t, Type.Null()]);

// For funders and share links a count of 1 to k−1 is null (suppressed 'small'), and so is a
// count withheld to protect one, or a rate or mean over fewer than k ('withheld').
const HCount = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], {
  description: 'Null for funders when hidden (small cells)',
});
const Suppressed = Type.Optional(Type.Enum(['small', 'withheld']));
const MinCellSize = Type.Optional(
  Type.Integer({ minimum: 3, description: 'k of the small-cell rule; only when it applies' }),
);

const WaveFunnel = Type.Object({ invited: HCount, answered: HCount, rate: Rate });
const Scale = {
  n: HCount,
  mean: Mean,
  counts: Type.Array(Type.Object({ value: Type.Integer(), count: HCount, suppressed: Suppressed })),
  suppressed: Suppressed,
};
const UseList = Type.Object({
  n: Type.Integer({ minimum: 0, description: 'The denominator of every share' }),
  rows: Type.Array(
    Type.Object({
      value: Type.String(),
      label: Type.String(),
      count: HCount,
      share: Nullable(Type.Number()),
      suppressed: Suppressed,
    }),
  ),
});

export const ImpactSchema = Type.Object({
  responses: Type.Object(
    { post: HCount, followup: HCount },
    {
      description: 'Every response in the view per wave (personal links, open links, imports)',
    },
  ),
  funnel: Type.Object({
    attendees: Type.Integer({ minimum: 0, description: 'Attendances at the view’s webinars' }),
    post: WaveFunnel,
    followup: WaveFunnel,
  }),
  satisfaction: Type.Object(Scale),
  relevance: Type.Object(Scale),
  recommend: Type.Object({
    ...Scale,
    nps: Type.Union([Type.Number({ minimum: -100, maximum: 100 }), Type.Null()]),
    promoters: HCount,
    passives: HCount,
    detractors: HCount,
  }),
  intendedUses: UseList,
  applied: Type.Object({ n: HCount, yes: HCount, partly: HCount, no: HCount, rate: Rate }),
  actualUses: UseList,
  intentToApplied: Type.Object({
    pairs: Type.Integer({
      minimum: 0,
      description: 'People × webinars with a post-webinar and a follow-up response',
    }),
    withPlans: HCount,
    rows: Type.Array(
      Type.Object({
        value: Type.String(),
        label: Type.String(),
        planned: HCount,
        didIt: HCount,
        otherInstead: HCount,
        nothing: HCount,
        notSaid: HCount,
        instead: Type.Array(
          Type.Object({ value: Type.String(), label: Type.String(), count: HCount }),
        ),
        suppressed: Suppressed,
      }),
    ),
  }),
  minCellSize: MinCellSize,
});

const BreakdownSchema = Type.Object({
  dimension: Type.Enum(IMPACT_DIMENSIONS),
  rows: Type.Array(
    Type.Object({
      key: Nullable(Type.String()),
      label: Nullable(Type.String()),
      postInvited: HCount,
      postResponses: HCount,
      postRate: Rate,
      followupInvited: HCount,
      followupResponses: HCount,
      followupRate: Rate,
      satisfactionN: HCount,
      satisfactionMean: Mean,
      recommendN: HCount,
      nps: Mean,
      appliedN: HCount,
      appliedRate: Rate,
      suppressed: Suppressed,
    }),
  ),
  minCellSize: MinCellSize,
});

const WebinarRef = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  startsAt: Type.String({ format: 'date-time' }),
});

const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};

export const TestimonialPage = Type.Object({
  total: Count,
  items: Type.Array(
    Type.Object({
      responseId: Type.Integer(),
      wave: Type.Enum(SURVEY_WAVES),
      language: Type.String(),
      submittedAt: Type.String({ format: 'date-time' }),
      displayName: Nullable(Type.String()),
      country: Nullable(Type.String()),
      approvedAt: Nullable(Type.String({ format: 'date-time' })),
      quotes: Type.Array(Type.Object({ key: Type.String(), text: Type.String() })),
      webinar: WebinarRef,
    }),
  ),
});

const Approval = Type.Object({
  responseId: Type.Integer(),
  approved: Type.Boolean(),
  approvedAt: Nullable(Type.String({ format: 'date-time' })),
});

function approvalRefused(reply: FastifyReply, outcome: 'not_found' | 'no_consent', id: number) {
  return outcome === 'not_found'
    ? reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `There is no survey response ${id}.`,
      })
    : reply.status(409).send({
        statusCode: 409,
        error: 'Conflict',
        message: `Response ${id} did not consent to be quoted, so its quote cannot be approved or published.`,
      });
}

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/impact',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['impact'],
        summary: 'Survey funnel, ratings, intended and applied uses, intent → applied',
        description:
          'Takes the reach filters. Responses with no participant (open links, imports without an email) count only without country, region, income group or sector filters.',
        querystring: Type.Object(
          { ...reachFilterProperties, lang: Lang },
          { additionalProperties: false },
        ),
        response: { 200: ImpactSchema, 400: ErrorRef },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      const lang = request.query.lang ?? 'en';
      const figures = await fastify.impactCached(reply, 'impact', { filters, lang }, async (db) =>
        (await fastify.impactFigures(reply, db)).impact(filters, lang),
      );
      const k = request.minCellSize;
      if (k === null) return figures;
      checkFixedGranularity(request.query, k);
      return protectImpact(figures, k);
    },
  );

  fastify.get(
    '/impact/breakdown/:dimension',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['impact'],
        summary: 'Response rates, satisfaction, NPS and applied rate by one dimension',
        description:
          'Topic, working group and language are the webinar’s; sector, country and region the respondent’s. A webinar with two topics counts under both.',
        params: Type.Object({ dimension: Type.Enum(IMPACT_DIMENSIONS) }),
        querystring: Type.Object(
          {
            ...reachFilterProperties,
            lang: Lang,
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: BreakdownSchema, 400: ErrorRef },
      },
    },
    async (request, reply) => {
      const { dimension } = request.params;
      const filters = reachFiltersFrom(request.query);
      const options = { lang: request.query.lang ?? 'en', limit: request.query.limit ?? 500 };
      const breakdown = await fastify.impactCached(
        reply,
        'impact/breakdown',
        { dimension, filters, ...options },
        async (db) =>
          (await fastify.impactFigures(reply, db)).breakdown(dimension, filters, options),
      );
      const k = request.minCellSize;
      if (k === null) return breakdown;
      checkFixedGranularity(request.query, k);
      return protectImpactBreakdown(breakdown, k);
    },
  );

  fastify.get(
    '/impact/topics-requested',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['impact'],
        summary: 'Topics asked for next, beside the webinars delivered on each',
        description:
          'An answer names a topic when it contains its English or Spanish name, ignoring case and accents.',
        querystring: Type.Object(
          {
            ...reachFilterProperties,
            lang: Lang,
            unmatched: Type.Optional(
              Type.Integer({
                minimum: 0,
                maximum: 200,
                default: 20,
                description: 'How many unmatched requests to list',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            requests: Count,
            matched: Count,
            topics: Type.Array(
              Type.Object({
                topicId: Type.Integer(),
                label: Type.String(),
                requests: Count,
                delivered: Count,
              }),
            ),
            unmatched: Type.Array(Type.Object({ text: Type.String(), count: Count })),
          }),
          400: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      const options = {
        lang: request.query.lang ?? 'en',
        unmatchedLimit: request.query.unmatched ?? 20,
      };
      return fastify.impactCached(
        reply,
        'impact/topics-requested',
        { filters, ...options },
        async (db) => (await fastify.impactFigures(reply, db)).topicsRequested(filters, options),
      );
    },
  );

  fastify.get(
    '/impact/comments',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['impact'],
        summary: 'Free-text answers (comments, what changed, what got in the way), newest first',
        description:
          'q finds words anywhere, ignoring case and accents; % and _ are plain characters. Each comment is in the language it was written in.',
        querystring: Type.Object(
          {
            ...reachFilterProperties,
            q: Type.Optional(Type.String({ maxLength: 200 })),
            key: Type.Optional(Type.Array(Type.Enum(COMMENT_KEYS), { maxItems: 3 })),
            writtenIn: Type.Optional(
              Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 10 }),
            ),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            total: Count,
            items: Type.Array(
              Type.Object({
                responseId: Type.Integer(),
                key: Type.Enum(COMMENT_KEYS),
                text: Type.String(),
                language: Type.String(),
                wave: Type.Enum(SURVEY_WAVES),
                submittedAt: Type.String({ format: 'date-time' }),
                webinar: WebinarRef,
              }),
            ),
          }),
          400: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filters = reachFiltersFrom(q);
      const query = {
        ...(q.q !== undefined && { q: q.q }),
        ...(q.key && { keys: q.key }),
        ...(q.writtenIn && { writtenIn: q.writtenIn }),
        limit: q.limit ?? 20,
        offset: q.offset ?? 0,
      };
      return fastify.impactCached(reply, 'impact/comments', { filters, ...query }, async (db) =>
        (await fastify.impactFigures(reply, db)).comments(filters, query),
      );
    },
  );

  fastify.get(
    '/impact/testimonials',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['impact'],
        summary: 'Quotes of respondents who consented to be quoted, with display name and country',
        querystring: Type.Object(
          {
            ...reachFilterProperties,
            status: Type.Optional(Type.Enum(TESTIMONIAL_STATUSES, { default: 'all' })),
            ...Paging,
          },
          { additionalProperties: false },
        ),
        response: {
          200: TestimonialPage,
          400: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      const filters = reachFiltersFrom(request.query);
      const options = {
        // Funders and share links see only what a manager approved for publication.
        status: request.minCellSize === null ? (request.query.status ?? 'all') : 'approved',
        limit: request.query.limit ?? 20,
        offset: request.query.offset ?? 0,
      };
      // A manager approves, then reloads the list: with a replica, the list is read on the
      // primary, uncached, so that it shows the approval. Without one (readDb is the primary),
      // the impact cache is as fresh: an approval moves its version.
      if (fastify.readDb !== fastify.db) return getTestimonials(fastify.db, filters, options);
      return fastify.impactCached(
        reply,
        'impact/testimonials',
        { filters, ...options },
        async (db) => (await fastify.impactFigures(reply, db)).testimonials(filters, options),
      );
    },
  );

  const approvalSchema = (approve: boolean) => ({
    tags: ['impact'],
    summary: approve
      ? 'Approve a testimonial for publication (only with the respondent’s consent)'
      : 'Withdraw a testimonial’s approval',
    params: Type.Object({ responseId: RowId }),
    response: { 200: Approval, 400: ErrorRef, 404: ErrorRef, 409: ErrorRef },
  });

  fastify.post(
    '/impact/testimonials/:responseId/approval',
    { config: { access: ACCESS.manage }, schema: approvalSchema(true) },
    async (request, reply) => {
      const id = request.params.responseId;
      const result = await setQuoteApproval(fastify.db, id, true);
      if (result.outcome !== 'done') return approvalRefused(reply, result.outcome, id);
      return { responseId: id, approved: true, approvedAt: result.approvedAt };
    },
  );

  fastify.delete(
    '/impact/testimonials/:responseId/approval',
    { config: { access: ACCESS.manage }, schema: approvalSchema(false) },
    async (request, reply) => {
      const id = request.params.responseId;
      const result = await setQuoteApproval(fastify.db, id, false);
      if (result.outcome !== 'done') return approvalRefused(reply, result.outcome, id);
      return { responseId: id, approved: false, approvedAt: null };
    },
  );
};

export default routes;
