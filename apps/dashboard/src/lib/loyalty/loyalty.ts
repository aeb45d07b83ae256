import type { AttendanceCount, CohortCell } from '$lib/api/loyalty';

/** `2012-Q3` → year 2012, quarter 3. */
export function quarterParts(text: string): { year: number; quarter: number } {
  const match = /^(\d{4})-Q([1-4])$/.exec(text);
  if (!match) return { year: Number.NaN, quarter: Number.NaN };
  return { year: Number(match[1]), quarter: Number(match[2]) };
}

function quarterIndex(text: string): number {
  const { year, quarter } = quarterParts(text);
  return year * 4 + quarter - 1;
}

/** One cohort cell as the table shows it; `share` is of the cohort's size, when that is known. */
export interface CohortTableCell {
  participants: number;
  share: number | null;
}

export interface CohortRow {
  cohort: string;
  /**
   * The cohort's members who came in its own quarter, within the filters: the whole cohort
   * when nothing is filtered. Null when the view does not show that quarter (a later date
   * range) or nobody of the cohort came then within the filters.
   */
  size: number | null;
  /** By quarters since the first (the table's columns); null outside the view's quarters. */
  cells: (CohortTableCell | null)[];
}

export interface CohortTable {
  /** 0, 1, 2… up to the largest offset answered. */
  offsets: number[];
  rows: CohortRow[];
  /** Largest share of a cohort that came back in a later quarter, to scale the shading. */
  maxReturnShare: number;
}

/**
 * The API's cells (only those with someone in them) laid out as a triangle: a quarter inside
 * the view where nobody of a cohort came is 0, a quarter outside it (after the last quarter
 * with anyone, or before the first) is empty.
 */
export function cohortTable(cells: readonly CohortCell[]): CohortTable {
  if (cells.length === 0) return { offsets: [], rows: [], maxReturnShare: 0 };
  const seen = cells.map((cell) => quarterIndex(cell.cohort) + cell.offset);
  const first = Math.min(...seen);
  const last = Math.max(...seen);
  const maxOffset = Math.max(...cells.map((cell) => cell.offset));
  const offsets = Array.from({ length: maxOffset + 1 }, (_, i) => i);

  const byCohort = new Map<string, Map<number, number>>();
  for (const cell of cells) {
    let row = byCohort.get(cell.cohort);
    if (!row) byCohort.set(cell.cohort, (row = new Map()));
    row.set(cell.offset, cell.participants);
  }

  let maxReturnShare = 0;
  const rows = [...byCohort.keys()]
    .sort((a, b) => quarterIndex(a) - quarterIndex(b))
    .map((cohort): CohortRow => {
      const counts = byCohort.get(cohort)!;
      const start = quarterIndex(cohort);
      const size = start >= first ? (counts.get(0) ?? null) : null;
      const rowCells = offsets.map((offset): CohortTableCell | null => {
        const at = start + offset;
        if (at < first || at > last) return null;
        const participants = counts.get(offset) ?? 0;
        const share = size ? participants / size : null;
        if (offset > 0 && share !== null) maxReturnShare = Math.max(maxReturnShare, share);
        return { participants, share };
      });
      return { cohort, size, cells: rowCells };
    });
  return { offsets, rows, maxReturnShare };
}

export interface AttendanceBucket {
  /** Webinars attended; with `orMore`, that many or more. */
  webinars: number;
  orMore: boolean;
  participants: number;
}

/** The distribution as "1, 2, 3, 4 or more webinars" (`top` = 4), every bucket present. */
export function attendanceBuckets(rows: readonly AttendanceCount[], top = 4): AttendanceBucket[] {
  const buckets: AttendanceBucket[] = Array.from({ length: top }, (_, i) => ({
    webinars: i + 1,
    orMore: i + 1 === top,
    participants: 0,
  }));
  for (const row of rows) {
    if (row.webinars < 1) continue;
    buckets[Math.min(row.webinars, top) - 1]!.participants += row.participants;
  }
  return buckets;
}

/** People who came to more than one webinar of the view. */
export function repeatParticipants(rows: readonly AttendanceCount[]): number {
  return rows.reduce((sum, row) => sum + (row.webinars >= 2 ? row.participants : 0), 0);
}

/** The most webinars one person attended in the view (0 with nobody). */
export function mostWebinars(rows: readonly AttendanceCount[]): number {
  return rows.reduce(
    (most, row) => (row.participants > 0 ? Math.max(most, row.webinars) : most),
    0,
  );
}
