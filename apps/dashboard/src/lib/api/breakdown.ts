// The answers of the breakdown and cross-tabulation endpoints, read by every analytics page.
import { isCount, isRecord } from './client';
import { isMinCellSize, isRowSuppression, isSuppressed, type Suppressed } from './hidden';

/** The API's breakdown dimensions (`BREAKDOWN_DIMENSIONS` in @ripple/db). */
export type Dimension =
  | 'country'
  | 'region'
  | 'income_group'
  | 'sector'
  | 'gender'
  | 'topic'
  | 'working_group'
  | 'language'
  | 'series'
  | 'webinar'
  | 'month'
  | 'quarter'
  | 'year';

/**
 * What every breakdown row and cross-tab cell counts. For funders and share links a hidden row
 * has every measure null and `suppressed` set; a shown row with nobody attending may still have
 * its few `registrations` null.
 */
export interface Measures {
  /** Distinct people who attended. */
  participants: number | null;
  /** Person × webinar attended. */
  attendances: number | null;
  registrations: number | null;
  minutes: number | null;
  suppressed?: Suppressed;
}

const measureKeys = ['participants', 'attendances', 'registrations', 'minutes'] as const;

function hasMeasures(row: Record<string, unknown>): boolean {
  const hidden = isSuppressed(row.suppressed);
  return (
    isRowSuppression(row.suppressed) &&
    measureKeys.every(
      (key) => isCount(row[key]) || (row[key] === null && (hidden || key === 'registrations')),
    )
  );
}

function isKey(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** One row of a breakdown; `key` is null for "not known" (a participant without a country...). */
export interface BreakdownRow extends Measures {
  /** ISO alpha-2 for countries, the World Bank's English name for regions and income groups. */
  key: string | null;
  /** The name in the requested language, for topics, working groups, series and webinars. */
  label: string | null;
  /** participants ÷ the unique participants of the whole filtered set (0–1); null when hidden. */
  share: number | null;
}

/** `GET /api/breakdown/:dimension` */
export interface Breakdown {
  dimension: Dimension;
  total: Measures;
  totalRows: number;
  rows: BreakdownRow[];
  /** Set for funders and share links: counts of 1 to k−1 people are hidden. */
  minCellSize?: number;
}

export function isBreakdown(body: unknown): body is Breakdown {
  return (
    isRecord(body) &&
    typeof body.dimension === 'string' &&
    isRecord(body.total) &&
    hasMeasures(body.total) &&
    isCount(body.totalRows) &&
    Array.isArray(body.rows) &&
    body.rows.every(
      (row: unknown) =>
        isRecord(row) &&
        isKey(row.key) &&
        isKey(row.label) &&
        hasMeasures(row) &&
        (isCount(row.share) || (row.share === null && isSuppressed(row.suppressed))),
    ) &&
    isMinCellSize(body.minCellSize)
  );
}

export type CrossTabCell = Measures & { row: string | null; column: string | null };

/** `GET /api/crosstab?rows=…&columns=…`: one cell per pair with any attendance. */
export interface CrossTab {
  rows: Dimension;
  columns: Dimension;
  cells: CrossTabCell[];
  /** Protected answers: the margins as the one-way pages show them (null where not additive). */
  rowTotals?: CrossTabMargin[] | null;
  columnTotals?: CrossTabMargin[] | null;
  minCellSize?: number;
}

export interface CrossTabMargin {
  key: string | null;
  participants: number | null;
  suppressed?: Suppressed;
}

function isMargins(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (Array.isArray(v) &&
      v.every(
        (m: unknown) =>
          isRecord(m) &&
          isKey(m.key) &&
          isRowSuppression(m.suppressed) &&
          (isCount(m.participants) || (m.participants === null && isSuppressed(m.suppressed))),
      ))
  );
}

export function isCrossTab(body: unknown): body is CrossTab {
  return (
    isRecord(body) &&
    typeof body.rows === 'string' &&
    typeof body.columns === 'string' &&
    Array.isArray(body.cells) &&
    body.cells.every(
      (cell: unknown) =>
        isRecord(cell) && isKey(cell.row) && isKey(cell.column) && hasMeasures(cell),
    ) &&
    isMargins(body.rowTotals) &&
    isMargins(body.columnTotals) &&
    isMinCellSize(body.minCellSize)
  );
}
