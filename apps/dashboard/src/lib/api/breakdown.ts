// The answers of the breakdown and cross-tabulation endpoints, read by every analytics page.
import { isCount, isRecord } from './client';

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

/** What every breakdown row and cross-tab cell counts. */
export interface Measures {
  /** Distinct people who attended. */
  participants: number;
  /** Person × webinar attended. */
  attendances: number;
  registrations: number;
  minutes: number;
}

const measureKeys = ['participants', 'attendances', 'registrations', 'minutes'] as const;

function hasMeasures(row: Record<string, unknown>): boolean {
  return measureKeys.every((key) => isCount(row[key]));
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
  /** participants ÷ the unique participants of the whole filtered set (0–1). */
  share: number;
}

/** `GET /api/breakdown/:dimension` */
export interface Breakdown {
  dimension: Dimension;
  total: Measures;
  totalRows: number;
  rows: BreakdownRow[];
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
        isCount(row.share),
    )
  );
}

export type CrossTabCell = Measures & { row: string | null; column: string | null };

/** `GET /api/crosstab?rows=…&columns=…`: one cell per pair with any attendance. */
export interface CrossTab {
  rows: Dimension;
  columns: Dimension;
  cells: CrossTabCell[];
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
    )
  );
}
