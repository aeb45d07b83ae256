import { isCount, isRecord } from './client';

/**
 * The figures of `GET /api/overview` that the Loyalty and webinar pages read. Ratios and
 * averages are null when there is nothing to divide by (a view with no attendance).
 */
export interface ViewFigures {
  uniqueParticipants: number;
  attendances: number;
  registrations: number;
  countries: number;
  newParticipants: number;
  attendanceRate: number | null;
  averageMinutes: number | null;
  returningShare: number | null;
}

const counts = [
  'uniqueParticipants',
  'attendances',
  'registrations',
  'countries',
  'newParticipants',
] as const;
const ratios = ['attendanceRate', 'averageMinutes', 'returningShare'] as const;

export function isViewFigures(body: unknown): body is ViewFigures {
  return (
    isRecord(body) &&
    counts.every((key) => isCount(body[key])) &&
    ratios.every((key) => body[key] === null || isCount(body[key]))
  );
}

/** One row of `GET /api/breakdown/:dimension`; `key` is null for "not known". */
export interface BreakdownRow {
  key: string | null;
  label: string | null;
  participants: number;
  attendances: number;
  registrations: number;
  minutes: number;
  share: number;
}

export interface BreakdownRows {
  totalRows: number;
  rows: BreakdownRow[];
}

export function isBreakdownRows(body: unknown): body is BreakdownRows {
  return (
    isRecord(body) &&
    isCount(body.totalRows) &&
    Array.isArray(body.rows) &&
    body.rows.every(
      (row: unknown) =>
        isRecord(row) &&
        (row.key === null || typeof row.key === 'string') &&
        (row.label === null || typeof row.label === 'string') &&
        isCount(row.participants) &&
        isCount(row.attendances) &&
        isCount(row.registrations) &&
        isCount(row.minutes) &&
        isCount(row.share),
    )
  );
}
