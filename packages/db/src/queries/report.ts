import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { Breakdown } from './breakdown.js';
import { comparisonFilters, webinarConditions, type ReachFilters } from './filters.js';
import type { ImpactFigures, ImpactLanguage } from './impact.js';
import { sqlImpactFigures, type ImpactFiguresSource } from './impact-memory.js';
import { getTestimonials, type Testimonial } from './impact-text.js';
import { getOverview, type OverviewFigures } from './overview.js';
import { sqlReachFigures, type ReachFigures } from './reach-memory.js';
import type { CumulativeReachPoint, ReachInterval } from './reach.js';

// The impact report: one period and scope, composed from the query functions behind the
// overview, breakdown, cumulative-reach, impact and testimonials endpoints. Each part keeps the
// shape its endpoint answers, so whatever protects an endpoint's answer for a funder (small-cell
// suppression) protects the same part of the report, and the report's figures are the pages'.

/** Who was reached, in the order the report shows them. Gender only where people gave it. */
export const REPORT_AUDIENCE_DIMENSIONS = [
  'sector',
  'region',
  'income_group',
  'language',
  'gender',
] as const;
export type ReportAudienceDimension = (typeof REPORT_AUDIENCE_DIMENSIONS)[number];

/** What a report may be narrowed to besides its period. Lists mean "any of". */
export interface ReportScope {
  seriesIds?: number[];
  topicIds?: number[];
  workingGroupIds?: number[];
  regions?: string[];
}

export interface ReportRequest {
  /** First day included (YYYY-MM-DD, in timeZone); none: from the programme's start. */
  from?: string;
  /** First day excluded; none: up to now. */
  to?: string;
  /** IANA zone, validated by the caller (isValidTimeZone). */
  timeZone: string;
  scope: ReportScope;
  lang: ImpactLanguage;
}

export interface ReportScopeLabels {
  series: Array<{ id: number; label: string }>;
  topics: Array<{ id: number; label: string }>;
  workingGroups: Array<{ id: number; label: string }>;
  regions: string[];
}

export interface Report {
  lang: ImpactLanguage;
  period: {
    from: string | null;
    to: string | null;
    timeZone: string;
    /** Day of the first and last held webinar the report covers (in timeZone); null: none. */
    firstWebinar: string | null;
    lastWebinar: string | null;
  };
  scope: ReportScopeLabels;
  /** /api/overview with compare=previous: the headline figures and the period just before. */
  overview: OverviewFigures;
  /** The same headline figures a year before; null without both ends of the period. */
  yearBefore: OverviewFigures['comparison'];
  /** /api/reach/cumulative from the programme's start to the period's end, in the scope. */
  cumulative: { interval: ReachInterval; points: CumulativeReachPoint[] };
  /** /api/breakdown/:dimension, by participants, most first. */
  audience: Record<ReportAudienceDimension, Breakdown>;
  /** /api/impact. */
  impact: ImpactFigures;
  /** /api/impact/testimonials?status=approved: only quotes a manager approved for publication. */
  stories: { total: number; items: Testimonial[] };
}

/** The scope's ids that name nothing, per kind, so the caller can refuse them by name. */
export async function unknownScopeIds(
  db: Kysely<Database>,
  scope: ReportScope,
): Promise<{ series: number[]; topics: number[]; workingGroups: number[] }> {
  const labels = await scopeLabels(db, scope, 'en');
  const missing = (asked: number[] | undefined, found: Array<{ id: number }>) =>
    (asked ?? []).filter((id) => !found.some((row) => row.id === id));
  return {
    series: missing(scope.seriesIds, labels.series),
    topics: missing(scope.topicIds, labels.topics),
    workingGroups: missing(scope.workingGroupIds, labels.workingGroups),
  };
}

/** Stories listed in a report; `stories.total` says how many were approved in all. */
export const REPORT_STORY_LIMIT = 12;

/** Groups listed per audience dimension (more than any dimension but gender ever has). */
const AUDIENCE_LIMIT = 50;

/**
 * Runs a reach figure through a cache keyed like the endpoint that answers the same figure (the
 * API's reach cache), or just runs it. Stories are never cached (cheap, and a new approval must
 * show at once); impact goes through ImpactFigureCache, exact at every request.
 */
export type ReachFigureCache = <T>(
  name: string,
  key: Record<string, unknown>,
  run: () => Promise<T>,
) => Promise<T>;

const uncached: ReachFigureCache = (_name, _key, run) => run();

/**
 * Runs an impact figure through a cache keyed like the endpoint that answers it (the API's impact
 * cache), giving `run` the handle to read through, or just runs it on the report's handle.
 */
export type ImpactFigureCache = <T>(
  name: string,
  key: Record<string, unknown> & { filters: ReachFilters },
  run: (db: Kysely<Database>) => Promise<T>,
) => Promise<T>;

export async function getReport(
  db: Kysely<Database>,
  request: ReportRequest,
  cached: ReachFigureCache = uncached,
  impactCached?: ImpactFigureCache,
  /** Where the reach figures come from, asked for each figure computed (memory or SQL). */
  figures: () => Promise<ReachFigures> = () => Promise.resolve(sqlReachFigures(db)),
  /** Where the impact figures come from, given the handle the impact cache reads through. */
  impactFigures: (handle: Kysely<Database>) => Promise<ImpactFiguresSource> = (handle) =>
    Promise.resolve(sqlImpactFigures(handle)),
): Promise<Report> {
  const filters = reportFilters(request);
  const yearFilters = comparisonFilters(filters, 'year');
  // From the programme's start, so the line shows where the period took the total reach.
  const sinceStart: ReachFilters = { ...filters, from: undefined };
  const interval: ReachInterval = 'quarter';

  // All parts at once. The reach parts go under the keys of the endpoints that answer them
  // (overview with compare=previous, reach/cumulative, breakdown), the impact under /api/impact's,
  // so the report and those pages share results. Through the API's caches a cached part costs a
  // read of the data version, shared by the parts and requests asking at once, and a part not yet
  // cached waits for one of the few compute slots (the gate), so a report takes neither a dozen
  // round trips one after the other on a busy server (its p50 was 0.4 s under load, its parts
  // cached) nor every pooled connection. Uncached (the CLI, tests), PGlite answers one query at a
  // time anyway, and a pg pool runs the dozen together.
  const lang = request.lang;
  const audienceOptions = {
    sort: 'participants',
    order: 'desc',
    limit: AUDIENCE_LIMIT,
    offset: 0,
    lang,
  } as const;
  const impactOf = async (handle: Kysely<Database>) =>
    (await impactFigures(handle)).impact(filters, lang);
  const [overview, yearBefore, points, audienceParts, impact, stories, span, scope] =
    await Promise.all([
      cached('overview', { filters, compare: 'previous' }, async () =>
        getOverview(db, filters, 'previous', await figures()),
      ),
      yearFilters
        ? cached('report/summary', { filters: yearFilters }, async () =>
            (await figures()).summary(yearFilters),
          )
        : null,
      cached('cumulative', { filters: sinceStart, interval }, async () =>
        (await figures()).cumulative(interval, sinceStart),
      ),
      Promise.all(
        REPORT_AUDIENCE_DIMENSIONS.map((dimension) =>
          cached('breakdown', { dimension, filters, ...audienceOptions }, async () =>
            (await figures()).breakdown(dimension, filters, audienceOptions),
          ),
        ),
      ),
      impactCached ? impactCached('impact', { filters, lang }, impactOf) : impactOf(db),
      getTestimonials(db, filters, { status: 'approved', limit: REPORT_STORY_LIMIT, offset: 0 }),
      webinarSpan(db, filters),
      scopeLabels(db, request.scope, lang),
    ]);
  const audience = Object.fromEntries(
    REPORT_AUDIENCE_DIMENSIONS.map((dimension, i) => [dimension, audienceParts[i]!]),
  ) as Record<ReportAudienceDimension, Breakdown>;

  return {
    lang: request.lang,
    period: {
      from: request.from ?? null,
      to: request.to ?? null,
      timeZone: request.timeZone,
      ...span,
    },
    scope,
    overview,
    yearBefore:
      yearFilters && yearBefore
        ? {
            from: yearFilters.from!,
            to: yearFilters.to!,
            figures: yearBefore,
          }
        : null,
    cumulative: { interval, points },
    audience,
    impact,
    stories,
  };
}

/** The reach filters of a report's period and scope. */
export function reportFilters(request: Omit<ReportRequest, 'lang'>): ReachFilters {
  const { scope } = request;
  return {
    timeZone: request.timeZone,
    ...(request.from && { from: request.from }),
    ...(request.to && { to: request.to }),
    ...(scope.seriesIds?.length && { seriesIds: scope.seriesIds }),
    ...(scope.topicIds?.length && { topicIds: scope.topicIds }),
    ...(scope.workingGroupIds?.length && { workingGroupIds: scope.workingGroupIds }),
    ...(scope.regions?.length && { regions: scope.regions }),
  };
}

async function webinarSpan(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<{ firstWebinar: string | null; lastWebinar: string | null }> {
  const { rows } = await sql<{ firstWebinar: string | null; lastWebinar: string | null }>`
    select to_char(min(w.starts_at at time zone ${filters.timeZone}), 'YYYY-MM-DD') as "firstWebinar",
           to_char(max(w.starts_at at time zone ${filters.timeZone}), 'YYYY-MM-DD') as "lastWebinar"
    from webinar w where ${webinarConditions(filters)}
  `.execute(db);
  return rows[0] ?? { firstWebinar: null, lastWebinar: null };
}

async function scopeLabels(
  db: Kysely<Database>,
  scope: ReportScope,
  lang: ImpactLanguage,
): Promise<ReportScopeLabels> {
  const labelColumn = lang === 'es' ? 'label_es' : 'label_en';
  const none = Promise.resolve([] as Array<{ id: number; label: string }>);
  const [series, topics, workingGroups] = await Promise.all([
    scope.seriesIds?.length
      ? db
          .selectFrom('series')
          .select(['id', 'name as label'])
          .where('id', 'in', scope.seriesIds)
          .orderBy('name')
          .execute()
      : none,
    scope.topicIds?.length
      ? db
          .selectFrom('topic')
          .select(['id', `${labelColumn} as label`])
          .where('id', 'in', scope.topicIds)
          .orderBy(labelColumn)
          .execute()
      : none,
    scope.workingGroupIds?.length
      ? db
          .selectFrom('working_group')
          .select(['id', `${labelColumn} as label`])
          .where('id', 'in', scope.workingGroupIds)
          .orderBy(labelColumn)
          .execute()
      : none,
  ]);
  return { series, topics, workingGroups, regions: [...(scope.regions ?? [])] };
}
