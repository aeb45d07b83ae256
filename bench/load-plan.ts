// What the load benchmark's dashboard clients ask for: the requests each dashboard page makes when
// it loads (apps/dashboard/src/routes/(app)/*/+page.ts, and the filter options every analytics
// page loads beside its own), under a pool of filter views drawn from the demo's own years,
// topics, series and languages. Some views are far more popular than others (weights 1/rank), as
// on a real dashboard where most people open the whole programme or this year.
import type { PgClient } from './deps.js';

export interface PageView {
  page: string;
  /** Relative frequency among all page views. */
  weight: number;
  /** The page's API requests, path and query. */
  paths: string[];
}

export interface LoadPlan {
  base: string;
  /** Each dashboard client's own session (cookie and CSRF header), as separate people have. */
  sessions: Array<Record<string, string>>;
  views: PageView[];
  clients: number;
  /** Pause of each dashboard client between two page views, in ms (a person reading the page). */
  think: number;
  warmup: number;
  seconds: number;
  submitters: number;
  /** Submissions a second over all submitters; 0 for as fast as they go. */
  submitRate: number;
  tokens: string[];
  submission: string;
  seed: number;
}

export interface EndpointTally {
  latencies: number[];
  errors: number;
  hits: number;
  misses: number;
}

export interface Tally {
  measuredSeconds: number;
  endpoints: Record<string, EndpointTally>;
  /**
   * Dashboard latencies by how the cache answered (X-Reach-Cache or X-Impact-Cache): a result
   * already there or under way, computed for this request, or an endpoint without a cache.
   */
  byCache: { hit: number[]; miss: number[]; uncached: number[] };
  /** Dashboard latencies by the 10-second slice of the measured time their request began in. */
  bySlice: number[][];
  /** Responses whose figures were computed for them, by what computed them ('impact memory'…). */
  computedBy: Record<string, number>;
  submissions: { latencies: number[]; ok: number; errors: number };
  /** Status or error text → count, with an example request. */
  errorSamples: Record<string, { count: number; example: string }>;
  warmupRequests: number;
  warmupErrors: number;
}

type Query = Array<[string, string]>;

/** How often each page is opened, out of 100. */
const PAGES: Array<[string, number]> = [
  ['overview', 30],
  ['reach', 15],
  ['audiences', 8],
  ['topics', 10],
  ['loyalty', 10],
  ['impact', 15],
  ['report', 12],
];

/** A small deterministic generator (mulberry32), so runs ask for the same views. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The pages the clients open (all by default); others can be left out to isolate a cost. */
export const PAGE_NAMES = PAGES.map(([page]) => page);

export async function dashboardViews(
  client: PgClient,
  count: number,
  seed: number,
  pages: readonly string[] = PAGE_NAMES,
): Promise<PageView[]> {
  const list = async (text: string) =>
    (await client.query<{ v: unknown }>(text)).rows.map((r: { v: unknown }) => String(r.v));
  const years = await list(
    `select distinct extract(year from starts_at)::int as v from webinar where status = 'held' order by 1 desc`,
  );
  // The most attended first: people filter by the topics and series that matter to them.
  const topics = await list(
    `select topic_id as v from webinar_topic group by 1 order by count(*) desc, 1 limit 12`,
  );
  const series = await list(
    `select series_id as v from webinar where series_id is not null group by 1 order by count(*) desc, 1 limit 8`,
  );
  const languages = await list(
    `select language as v from webinar group by 1 order by count(*) desc, 1 limit 4`,
  );
  const rnd = random(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  // Recent years are asked for more often than old ones.
  const recentYear = () =>
    years[Math.min(years.length - 1, Math.floor(rnd() * rnd() * years.length))]!;

  const filterViews: Array<{ filters: Query; period: boolean }> = [
    { filters: [], period: false },
    {
      filters: [
        ['from', `${years[0]}-01-01`],
        ['to', `${Number(years[0]) + 1}-01-01`],
      ],
      period: true,
    },
  ];
  const seen = new Set(filterViews.map((v) => JSON.stringify(v.filters)));
  while (filterViews.length < count) {
    const filters: Query = [];
    const r = rnd();
    if (r < 0.45) {
      const y = Number(recentYear());
      filters.push(['from', `${y}-01-01`], ['to', `${y + 1}-01-01`]);
    } else if (r < 0.65) {
      const y = Number(recentYear());
      const q = Math.floor(rnd() * 4);
      const end = q === 3 ? `${y + 1}-01-01` : `${y}-${String(q * 3 + 4).padStart(2, '0')}-01`;
      filters.push(['from', `${y}-${String(q * 3 + 1).padStart(2, '0')}-01`], ['to', end]);
    }
    if (rnd() < 0.35) filters.push(['topic', pick(topics)]);
    if (rnd() < 0.15) filters.push(['series', pick(series)]);
    if (rnd() < 0.2) filters.push(['language', pick(languages)]);
    const key = JSON.stringify(filters);
    if (seen.has(key)) continue;
    seen.add(key);
    filterViews.push({ filters, period: filters.some(([k]) => k === 'from') });
  }

  const views: PageView[] = [];
  filterViews.forEach((view, rank) => {
    const lang = rnd() < 0.7 ? 'en' : 'es';
    const compare = view.period ? pick(['previous', 'previous', 'year', undefined]) : undefined;
    for (const [page, pageWeight] of PAGES) {
      if (!pages.includes(page)) continue;
      const paths = pageRequests(page, view.filters, lang, compare);
      views.push({ page, weight: pageWeight / (rank + 1), paths });
    }
  });
  return views;
}

function path(p: string, filters: Query, extra: Record<string, string | number | undefined> = {}) {
  const params = new URLSearchParams(filters);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `${p}?${text}` : p;
}

function pageRequests(page: string, f: Query, lang: string, compare: string | undefined): string[] {
  const filterOptions = [
    '/api/reference',
    '/api/reference/countries',
    '/api/breakdown/year?sort=key&order=asc&limit=100',
  ];
  switch (page) {
    case 'overview':
      return [
        ...filterOptions,
        path('/api/overview', f, { compare }),
        path('/api/reach/cumulative', f, { interval: 'month' }),
        path('/api/breakdown/country', f, { limit: 10 }),
        path('/api/breakdown/topic', f, { lang }),
      ];
    case 'reach':
      return [
        ...filterOptions,
        path('/api/overview', f),
        path('/api/breakdown/country', f, { limit: 300 }),
        path('/api/breakdown/region', f, { limit: 50 }),
        path('/api/breakdown/income_group', f, { limit: 50 }),
      ];
    case 'audiences':
      return [
        ...filterOptions,
        ...['sector', 'gender', 'language', 'topic', 'region'].map((d) =>
          path(`/api/breakdown/${d}`, f, { limit: 500 }),
        ),
        path('/api/breakdown/country', f, { limit: 20 }),
        path('/api/breakdown/year', f, { limit: 500, sort: 'key', order: 'asc' }),
        path('/api/crosstab', f, { rows: 'sector', columns: 'topic' }),
        path('/api/crosstab', f, { rows: 'country', columns: 'sector' }),
        path('/api/crosstab', f, { rows: 'region', columns: 'year' }),
      ];
    case 'topics':
      return [
        ...filterOptions,
        path('/api/crosstab', f, { rows: 'topic', columns: 'year' }),
        path('/api/crosstab', f, { rows: 'working_group', columns: 'year' }),
        path('/api/breakdown/topic', f, { limit: 500 }),
        path('/api/breakdown/working_group', f, { limit: 500 }),
      ];
    case 'loyalty':
      return [
        ...filterOptions,
        path('/api/overview', f),
        path('/api/loyalty/new-returning', f),
        path('/api/reach/cumulative', f, { interval: 'quarter' }),
        path('/api/loyalty/cohorts', f),
        path('/api/loyalty/distribution', f),
      ];
    case 'impact':
      return [
        ...filterOptions,
        path('/api/impact', f, { lang }),
        path('/api/impact/breakdown/topic', f, { lang }),
        path('/api/impact/topics-requested', f, { lang }),
        path('/api/impact/comments', f, { limit: 10, offset: 0 }),
        path('/api/impact/testimonials', f, { status: 'all', limit: 20 }),
      ];
    case 'report': {
      // The report takes the period and the programme's scope, not the audience filters.
      const taken = f.filter(([k]) => ['from', 'to', 'series', 'topic'].includes(k));
      return [...filterOptions, path('/api/report', taken, { lang })];
    }
    default:
      throw new Error(`unknown page ${page}`);
  }
}
