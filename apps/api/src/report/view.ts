import {
  protectImpact,
  protectOverview,
  protectSummary,
  reportFilters,
  REPORT_AUDIENCE_DIMENSIONS,
  type ProtectedBreakdown,
  type ProtectedImpact,
  type ProtectedOverview,
  type ProtectedSummary,
  type Report,
  type ReportAudienceDimension,
  type ReportRequest,
} from '@ripple/db';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { protectedBreakdown } from '../disclosure/figures.js';

/**
 * The report as a reader may see it: the exact report for managers, or, for funders and share
 * links, each part protected as its own endpoint protects it. Cumulative reach is left out of a
 * protected copy: consecutive running totals give back each quarter's newcomers, however small.
 */
export type ReportView =
  | (Report & { protected: false })
  | (Omit<Report, 'overview' | 'yearBefore' | 'cumulative' | 'audience' | 'impact'> & {
      protected: true;
      overview: ProtectedOverview;
      yearBefore: { from: string; to: string; figures: ProtectedSummary } | null;
      cumulative: null;
      audience: Record<ReportAudienceDimension, ProtectedBreakdown>;
      impact: ProtectedImpact;
    });

export async function reportView(
  fastify: FastifyInstance,
  reply: FastifyReply,
  report: Report,
  request: ReportRequest,
  k: number | null,
): Promise<ReportView> {
  if (k === null) return { ...report, protected: false };
  const filters = reportFilters(request);
  // Together, as getReport asks for its parts.
  const parts = await Promise.all(
    REPORT_AUDIENCE_DIMENSIONS.map((dimension) =>
      protectedBreakdown(
        () => fastify.reachFigures(reply),
        (name, key, run) => fastify.reachCached(reply, name, key, run),
        dimension,
        filters,
        {
          sort: 'participants',
          order: 'desc',
          limit: 50, // as many rows as the exact report lists (AUDIENCE_LIMIT in report.ts)
          offset: 0,
          lang: request.lang,
        },
        k,
      ),
    ),
  );
  const audience = Object.fromEntries(
    REPORT_AUDIENCE_DIMENSIONS.map((dimension, i) => [dimension, parts[i]!]),
  ) as Record<ReportAudienceDimension, ProtectedBreakdown>;
  const overview = protectOverview(report.overview, k);
  return {
    ...report,
    protected: true,
    // The period just before is not compared for funders (free differences of two periods
    // would expose small groups): the same dates a year earlier are.
    overview: { ...overview, comparison: null },
    yearBefore: report.yearBefore && {
      ...report.yearBefore,
      figures: protectSummary(report.yearBefore.figures, k),
    },
    cumulative: null,
    audience,
    impact: protectImpact(report.impact, k),
  };
}
