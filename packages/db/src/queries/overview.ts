import type { Kysely } from 'kysely';
import type { Database, SectorCode } from '../schema.js';
import { comparisonFilters, type ReachFilters } from './filters.js';
import { sqlReachFigures, type ReachFigures } from './reach-memory.js';
import type { ReachSummary } from './summary.js';

export interface OverviewFigures extends ReachSummary {
  /** Attending participants by sector, most first (sectors where only registrations are: not listed). */
  bySector: Array<{ sector: SectorCode; participants: number }>;
  /** The same figures for the period compared with, when asked for and the range has two ends. */
  comparison: { from: string; to: string; figures: ReachSummary } | null;
}

/**
 * The headline figures of a view, with its participants by sector and an optional comparison,
 * from `figures` (in memory or SQL; SQL on `db` by default).
 */
export async function getOverview(
  db: Kysely<Database>,
  filters: ReachFilters = { timeZone: 'UTC' },
  compare?: 'previous' | 'year',
  figures: ReachFigures = sqlReachFigures(db),
): Promise<OverviewFigures> {
  const other = compare ? comparisonFilters(filters, compare) : null;
  const [summary, comparison] = await Promise.all([
    figures.summaryWithSectors(filters),
    other ? figures.summary(other) : Promise.resolve(null),
  ]);
  return {
    ...summary,
    comparison:
      other && comparison ? { from: other.from!, to: other.to!, figures: comparison } : null,
  };
}
