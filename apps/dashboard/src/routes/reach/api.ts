import { isCount, isRecord } from '$lib/api/client';

/** The four measures of a breakdown row or of the whole filtered set. */
export interface Measures {
  participants: number;
  attendances: number;
  registrations: number;
  minutes: number;
}

export interface BreakdownRow extends Measures {
  /** ISO alpha-2 for countries, the World Bank's English name for regions and income groups; null when unknown. */
  key: string | null;
  label: string | null;
  /** participants ÷ the unique participants of the whole filtered set (0–1). */
  share: number;
}

/** `GET /api/breakdown/:dimension` */
export interface Breakdown {
  dimension: string;
  total: Measures;
  totalRows: number;
  rows: BreakdownRow[];
}

/** The two headline figures this page reads from `GET /api/overview`. */
export interface ReachHeadline {
  uniqueParticipants: number;
  countries: number;
}

function hasMeasures(value: unknown): value is Measures & Record<string, unknown> {
  return (
    isRecord(value) &&
    isCount(value.participants) &&
    isCount(value.attendances) &&
    isCount(value.registrations) &&
    isCount(value.minutes)
  );
}

export function isBreakdown(body: unknown): body is Breakdown {
  return (
    isRecord(body) &&
    typeof body.dimension === 'string' &&
    hasMeasures(body.total) &&
    isCount(body.totalRows) &&
    Array.isArray(body.rows) &&
    body.rows.every(
      (row: unknown) =>
        hasMeasures(row) &&
        (row.key === null || typeof row.key === 'string') &&
        (row.label === null || typeof row.label === 'string') &&
        isCount(row.share),
    )
  );
}

export function isReachHeadline(body: unknown): body is ReachHeadline {
  return isRecord(body) && isCount(body.uniqueParticipants) && isCount(body.countries);
}
