import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  getReport,
  isValidTimeZone,
  REPORT_AUDIENCE_DIMENSIONS,
  unknownScopeIds,
  type ReportRequest,
} from '@ripple/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { ACCESS } from '../auth/access.js';
import { reportLabels } from '../report/labels.js';
import { RowId } from '../schemas/common.js';
import { checkFixedGranularity, FilterError } from '../schemas/filters.js';
import { reportView, type ReportView } from '../report/view.js';
import { BreakdownSchema } from './breakdown.js';
import { ImpactSchema, TestimonialPage } from './impact.js';
import { CumulativeReach, Overview } from './overview.js';

// The impact report of a period and a scope, as JSON (the dashboard's Report page) and as a PDF
// drawn on the server. Both come from one getReport, so the page and the PDF say the same.

const Ids = Type.Array(RowId, { maxItems: 20 });
const Day = Type.String({ format: 'date' });

const ReportQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ format: 'date', description: 'First day included (YYYY-MM-DD), in tz' }),
    ),
    to: Type.Optional(
      Type.String({ format: 'date', description: 'First day excluded (YYYY-MM-DD), in tz' }),
    ),
    tz: Type.Optional(
      Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone; default UTC' }),
    ),
    series: Type.Optional(Ids),
    topic: Type.Optional(Ids),
    workingGroup: Type.Optional(Ids),
    region: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10 }),
    ),
    lang: Type.Optional(Type.Enum(['en', 'es'], { default: 'en' })),
  },
  { additionalProperties: false },
);
type ReportQueryType = Static<typeof ReportQuery>;

const Labelled = Type.Array(Type.Object({ id: Type.Integer(), label: Type.String() }));

const ReportSchema = Type.Object(
  {
    lang: Type.Enum(['en', 'es']),
    generatedAt: Type.String({ format: 'date-time' }),
    period: Type.Object({
      from: Type.Union([Day, Type.Null()]),
      to: Type.Union([Day, Type.Null()], { description: 'Excluded' }),
      timeZone: Type.String(),
      firstWebinar: Type.Union([Day, Type.Null()]),
      lastWebinar: Type.Union([Day, Type.Null()]),
    }),
    scope: Type.Object({
      series: Labelled,
      topics: Labelled,
      workingGroups: Labelled,
      regions: Type.Array(Type.String()),
    }),
    overview: Overview,
    yearBefore: Type.Union([
      Type.Object({
        from: Day,
        to: Day,
        figures: Type.Omit(Overview, ['bySector', 'comparison']),
      }),
      Type.Null(),
    ]),
    cumulative: Type.Union([CumulativeReach, Type.Null()], {
      description:
        'null in a copy with small cells withheld (running totals give back each quarter)',
    }),
    audience: Type.Object(
      Object.fromEntries(REPORT_AUDIENCE_DIMENSIONS.map((d) => [d, BreakdownSchema])) as Record<
        (typeof REPORT_AUDIENCE_DIMENSIONS)[number],
        typeof BreakdownSchema
      >,
    ),
    impact: ImpactSchema,
    stories: TestimonialPage,
    protected: Type.Boolean({ description: 'Whether small cells are withheld in this copy' }),
    methods: Type.Object({
      minCellSize: Type.Union([Type.Integer({ minimum: 2 }), Type.Null()], {
        description:
          'Counts of fewer people than this are withheld in this copy; null: exact figures',
      }),
    }),
  },
  { additionalProperties: false },
);

/** The report's period and scope from the query; a FilterError (400) says what is wrong. */
async function reportRequest(fastify: FastifyInstance, q: ReportQueryType): Promise<ReportRequest> {
  const timeZone = q.tz ?? 'UTC';
  if (!isValidTimeZone(timeZone)) throw new FilterError(`tz: unknown time zone "${timeZone}"`);
  if (q.from && q.to && q.from >= q.to) {
    throw new FilterError(
      `from (${q.from}) must be before to (${q.to}): the period includes from and excludes to`,
    );
  }
  const scope = {
    ...(q.series && { seriesIds: q.series }),
    ...(q.topic && { topicIds: q.topic }),
    ...(q.workingGroup && { workingGroupIds: q.workingGroup }),
    ...(q.region && { regions: q.region }),
  };
  // An id that names nothing would give a report of zeros that looks real: refuse it by name.
  const unknown = await unknownScopeIds(fastify.readDb, scope);
  const problems = [
    unknown.series.length && `series: no series ${unknown.series.join(', ')}`,
    unknown.topics.length && `topic: no topic ${unknown.topics.join(', ')}`,
    unknown.workingGroups.length &&
      `workingGroup: no working group ${unknown.workingGroups.join(', ')}`,
  ].filter(Boolean);
  if (problems.length) throw new FilterError(problems.join('; '));
  return {
    timeZone,
    ...(q.from && { from: q.from }),
    ...(q.to && { to: q.to }),
    scope,
    lang: q.lang ?? 'en',
  };
}

function minCellSizeOf(request: FastifyRequest): number | null {
  // Set by the auth plugin (k for funders and share links, null for managers).
  return request.minCellSize ?? null;
}

/** `impact-report-2024-01-01-2024-12-31.pdf`: the days the report covers, both included. */
function fileName(report: ReportView): string {
  const name = reportLabels(report.lang).t('filename');
  const { from, to } = report.period;
  const last = to ? new Date(Date.parse(`${to}T00:00:00Z`) - 86_400_000) : null;
  const days = [from ?? 'start', last ? last.toISOString().slice(0, 10) : 'now'];
  return `ripple-${name}-${days.join('-')}.pdf`;
}

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  /** The report of the request's period and scope, protected for funders and share links. */
  async function viewOf(request: FastifyRequest, reply: FastifyReply): Promise<ReportView> {
    const query = request.query as ReportQueryType; // validated by the route's schema
    const k = minCellSizeOf(request);
    checkFixedGranularity(query, k);
    const reportRequestOf = await reportRequest(fastify, query);
    const report = await getReport(
      fastify.readDb,
      reportRequestOf,
      (name, key, run) => fastify.reachCached(reply, name, key, run),
      (name, key, run) => fastify.impactCached(reply, name, key, run),
      () => fastify.reachFigures(reply),
      (db) => fastify.impactFigures(reply, db),
    );
    return reportView(fastify, reply, report, reportRequestOf, k);
  }

  const description =
    'Reach and its growth, the registered → attended → answered funnel, who was reached, satisfaction, intended vs applied use, approved stories and the methods, for a period (from included, to excluded) and a scope (series, topic, working group, region). Each part has the shape of the endpoint it comes from: overview (compare=previous), reach/cumulative (quarters since the programme began), breakdown by sector, region, income group, language and gender, impact, and impact/testimonials?status=approved.';

  fastify.get(
    '/report',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['report'],
        summary: 'The impact report of a period and scope',
        description,
        querystring: ReportQuery,
        response: { 200: ReportSchema, 400: { $ref: 'ErrorResponse#' } },
      },
    },
    async (request, reply) => {
      const view = await viewOf(request, reply);
      return {
        ...view,
        generatedAt: new Date().toISOString(),
        methods: { minCellSize: minCellSizeOf(request) },
      };
    },
  );

  fastify.get(
    '/report.pdf',
    {
      config: { access: ACCESS.aggregate },
      schema: {
        tags: ['report'],
        summary: 'The impact report of a period and scope as an A4 PDF, with its charts',
        description: `${description} Drawn on the server; the figures are text, the charts vector bars.`,
        querystring: ReportQuery,
        response: {
          200: { description: 'application/pdf', type: 'string', format: 'binary' },
          400: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      const report = await viewOf(request, reply);
      // Loaded at the first PDF, not at start: pdfkit and its fonts add a second or more to
      // every start-up of the server and the CLI, which most never draw a PDF.
      const { renderReportPdf } = await import('../report/pdf.js');
      const pdf = await renderReportPdf(report, {
        minCellSize: minCellSizeOf(request),
        generatedAt: new Date().toISOString(),
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${fileName(report)}"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );
};

export default routes;
