import type { Kysely } from 'kysely';
import type { Database, SectorCode } from '../schema.js';
import { getBreakdown } from './breakdown.js';
import { comparisonFilters, type ReachFilters } from './filters.js';
import { getReachSummary, type ReachSummary } from './summary.js';

export interface OverviewFigures extends ReachSummary {
  bySector: Array<{ sector: SectorCode; participants: number }>;
  /** The same figures for the period compared with, when asked for and the range has two ends. */
  comparison: { from: string; to: string; figures: ReachSummary } | null;
}

/** The headline figures of a view, with its participants by sector and an optional comparison. */
export async function getOverview(
  db: Kysely<Database>,
  filters: ReachFilters = { timeZone: 'UTC' },
  compare?: 'previous' | 'year',
): Promise<OverviewFigures> {
  const other = compare ? comparisonFilters(filters, compare) : null;
  const [summary, sectors, comparison] = await Promise.all([
    getReachSummary(db, filters),
    getBreakdown(db, 'sector', filters, {
      sort: 'participants',
      order: 'desc',
      limit: 100,
      offset: 0,
      lang: 'en',
    }),
    other ? getReachSummary(db, other) : Promise.resolve(null),
  ]);
  return {
    ...summary,
    // Sectors that only registered (nobody came) are in the breakdown, not in this chart of who came.
    bySector: sectors.rows
      .filter((row) => row.participants > 0)
      .map((row) => ({ sector: row.key as SectorCode, participants: row.participants })),
    comparison:
      other && comparison ? { from: other.from!, to: other.to!, figures: comparison } : null,
  };
}
