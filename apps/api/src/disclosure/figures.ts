import {
  protectBreakdown,
  protectCrossTab,
  protectDimension,
  type Breakdown,
  type BreakdownDimension,
  type BreakdownSort,
  type CrossTabCell,
  type ProtectedBreakdown,
  type ProtectedCrossTab,
  type ReachFigures,
  type ReachFilters,
} from '@ripple/db';
import { FilterError } from '../schemas/filters.js';

// The funders' figures: the exact ones, every row of them, protected as a whole before paging.
// A region or income-group table reads its pattern from the country table's protection, so
// the three tables show the same thing about each region.

/** The server's reach figures (memory or SQL), asked inside each computation. */
type Figures = () => Promise<ReachFigures>;
/** The server's reach cache, bound to the reply. */
export type Cached = <T>(
  name: string,
  key: Record<string, unknown>,
  run: () => Promise<T>,
) => Promise<T>;

const EVERY_ROW = { sort: 'key', order: 'asc', limit: 100_000, offset: 0 } as const;
const GEOGRAPHY = new Set<BreakdownDimension>(['region', 'income_group']);

async function countryCounts(
  figures: Figures,
  filters: ReachFilters,
  cached: Cached,
  lang: 'en' | 'es',
) {
  const countries = await cached(
    'breakdown',
    { dimension: 'country', filters, ...EVERY_ROW, lang },
    async () => (await figures()).breakdown('country', filters, { ...EVERY_ROW, lang }),
  );
  return countries.rows.map((r) => ({ key: r.key, count: r.participants }));
}

export async function protectedBreakdown(
  figures: Figures,
  cached: Cached,
  dimension: BreakdownDimension,
  filters: ReachFilters,
  page: {
    sort: BreakdownSort;
    order: 'asc' | 'desc';
    limit: number;
    offset: number;
    lang: 'en' | 'es';
  },
  k: number,
): Promise<ProtectedBreakdown> {
  const all: Breakdown = await cached(
    'breakdown',
    { dimension, filters, ...EVERY_ROW, lang: page.lang },
    async () => (await figures()).breakdown(dimension, filters, { ...EVERY_ROW, lang: page.lang }),
  );
  const counts = GEOGRAPHY.has(dimension)
    ? await countryCounts(figures, filters, cached, page.lang)
    : all.rows.map((r) => ({ key: r.key, count: r.participants }));
  return protectBreakdown(all, protectDimension(dimension, counts, k), k, page);
}

export async function protectedCrossTab(
  figures: Figures,
  cached: Cached,
  rows: BreakdownDimension,
  columns: BreakdownDimension,
  filters: ReachFilters,
  k: number,
): Promise<ProtectedCrossTab> {
  if (rows === 'country' || columns === 'country') {
    throw new FilterError(
      'rows, columns: with small cells withheld, countries are not cross-tabulated; use region or income group',
    );
  }
  if (GEOGRAPHY.has(rows) && GEOGRAPHY.has(columns)) {
    throw new FilterError(
      'rows, columns: with small cells withheld, region and income group are not cross-tabulated with each other',
    );
  }
  const cells: CrossTabCell[] = await cached('crosstab', { rows, columns, filters }, async () =>
    (await figures()).crossTab(rows, columns, filters),
  );
  const margins: {
    rows?: (key: string | null) => 'shown' | 'small' | 'withheld';
    columns?: (key: string | null) => 'shown' | 'small' | 'withheld';
  } = {};
  for (const [side, dimension] of [
    ['rows', rows],
    ['columns', columns],
  ] as const) {
    if (!GEOGRAPHY.has(dimension)) continue;
    const geography = protectDimension(
      dimension,
      await countryCounts(figures, filters, cached, 'en'),
      k,
    );
    margins[side] = (key) => geography.of(dimension, key);
  }
  return protectCrossTab(rows, columns, cells, k, margins);
}
