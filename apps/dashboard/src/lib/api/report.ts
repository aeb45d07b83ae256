import { isBreakdown, type Breakdown } from './breakdown';
import { isCount, isRecord } from './client';
import { isImpactFigures, isTestimonialPage, type ImpactFigures, type Testimonial } from './impact';
import { isCumulativeReach, isOverview, type CumulativeReach, type Overview } from './overview';

// `GET /api/report`: the impact report of a period and scope. Each part has its endpoint's shape,
// so it is checked with that endpoint's guard.

/** The URL parameters the report takes (the other pages' country, sector… filters it does not). */
export const reportKeys = [
  'from',
  'to',
  'tz',
  'series',
  'topic',
  'workingGroup',
  'region',
] as const;

/** The report's own parameters from the page's URL, in a fixed order, without empty values. */
export function reportParams(url: URL): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of reportKeys) {
    for (const value of url.searchParams.getAll(key)) {
      if (value.trim() !== '') params.append(key, value.trim());
    }
  }
  return params;
}

export const audienceDimensions = [
  'sector',
  'region',
  'income_group',
  'language',
  'gender',
] as const;
export type AudienceDimension = (typeof audienceDimensions)[number];

export interface Report {
  lang: 'en' | 'es';
  generatedAt: string;
  period: {
    from: string | null;
    to: string | null;
    timeZone: string;
    firstWebinar: string | null;
    lastWebinar: string | null;
  };
  scope: {
    series: { id: number; label: string }[];
    topics: { id: number; label: string }[];
    workingGroups: { id: number; label: string }[];
    regions: string[];
  };
  overview: Overview;
  yearBefore: {
    from: string;
    to: string;
    figures: Omit<Overview, 'bySector' | 'comparison'>;
  } | null;
  /** null for funders and share links: cumulative reach is for managers. */
  cumulative: CumulativeReach | null;
  audience: Record<AudienceDimension, Breakdown>;
  impact: ImpactFigures;
  stories: { total: number; items: Testimonial[] };
  methods: { minCellSize: number | null };
}

const isLabelled = (v: unknown) =>
  Array.isArray(v) &&
  v.every((row: unknown) => isRecord(row) && isCount(row.id) && typeof row.label === 'string');

export function isReport(body: unknown): body is Report {
  if (!isRecord(body)) return false;
  const { period, scope, audience, methods, yearBefore } = body;
  return (
    (body.lang === 'en' || body.lang === 'es') &&
    typeof body.generatedAt === 'string' &&
    isRecord(period) &&
    typeof period.timeZone === 'string' &&
    isRecord(scope) &&
    isLabelled(scope.series) &&
    isLabelled(scope.topics) &&
    isLabelled(scope.workingGroups) &&
    Array.isArray(scope.regions) &&
    isOverview(body.overview) &&
    (yearBefore === null || (isRecord(yearBefore) && isRecord(yearBefore.figures))) &&
    (body.cumulative === null || isCumulativeReach(body.cumulative)) &&
    isRecord(audience) &&
    audienceDimensions.every((dimension) => isBreakdown(audience[dimension])) &&
    isImpactFigures(body.impact) &&
    isTestimonialPage(body.stories) &&
    isRecord(methods) &&
    (methods.minCellSize === null || isCount(methods.minCellSize))
  );
}
