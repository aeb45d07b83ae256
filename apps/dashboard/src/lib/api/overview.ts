import { SECTOR_CODES as sectors, type SectorCode as Sector } from '@ripple/db/schema';
import { isCount, isRecord } from './client';
import {
  isMinCellSize,
  isRowSuppression,
  isSuppressed,
  isSuppressionMap,
  type Suppressed,
} from './hidden';

// The sector vocabulary is the database's own (a pure module, safe in the browser bundle).
export { sectors, type Sector };

/** The headline figures, in the order the Overview shows them. */
export const tileKeys = [
  'uniqueParticipants',
  'countries',
  'webinarsHeld',
  'attendances',
  'registrations',
  'attendanceRate',
  'averageAttendeesPerWebinar',
  'averageMinutes',
  'returningShare',
  'newParticipants',
  'speakers',
  'sectors',
] as const;
export type TileKey = (typeof tileKeys)[number];

/** Figures that are ratios (0–1): shown as percentages, compared in percentage points. */
export const ratioKeys: readonly TileKey[] = ['attendanceRate', 'returningShare'];

/** Averages and ratios are null when there is nothing to divide by (no webinar, nobody). */
export const nullableKeys: readonly TileKey[] = [
  'attendanceRate',
  'averageAttendeesPerWebinar',
  'averageMinutes',
  'returningShare',
];

/**
 * For funders and share links any figure may also be hidden (null), its reason in `suppressed`.
 */
export type Figures = Record<TileKey, number | null> & {
  suppressed?: Partial<Record<TileKey, Suppressed>>;
};

/** `GET /api/overview[?compare=previous|year]` */
export type Overview = Figures & {
  bySector: { sector: Sector; participants: number | null; suppressed?: Suppressed }[];
  /** With `compare` and both dates: the same figures for the earlier period; null otherwise. */
  comparison: { from: string; to: string; figures: Figures } | null;
  /** Set for funders and share links: counts of 1 to k−1 people are hidden. */
  minCellSize?: number;
};

function isFigures(body: unknown): boolean {
  return (
    isRecord(body) &&
    isSuppressionMap(body.suppressed) &&
    tileKeys.every(
      (key) =>
        isCount(body[key]) ||
        (body[key] === null &&
          (nullableKeys.includes(key) ||
            (isRecord(body.suppressed) && isSuppressed(body.suppressed[key])))),
    )
  );
}

export const intervals = ['month', 'quarter', 'year'] as const;
export type Interval = (typeof intervals)[number];

export function isInterval(value: unknown): value is Interval {
  return typeof value === 'string' && (intervals as readonly string[]).includes(value);
}

/** `GET /api/reach/cumulative?interval=...` */
export interface CumulativeReach {
  interval: Interval;
  points: { period: string; newParticipants: number; cumulativeParticipants: number }[];
}

export function isOverview(body: unknown): body is Overview {
  return (
    isRecord(body) &&
    isFigures(body) &&
    (body.comparison === null ||
      (isRecord(body.comparison) &&
        typeof body.comparison.from === 'string' &&
        typeof body.comparison.to === 'string' &&
        isFigures(body.comparison.figures))) &&
    Array.isArray(body.bySector) &&
    body.bySector.every(
      (row: unknown) =>
        isRecord(row) &&
        typeof row.sector === 'string' &&
        (sectors as readonly string[]).includes(row.sector) &&
        isRowSuppression(row.suppressed) &&
        (isCount(row.participants) || (row.participants === null && isSuppressed(row.suppressed))),
    ) &&
    isMinCellSize(body.minCellSize)
  );
}

export function isCumulativeReach(body: unknown): body is CumulativeReach {
  return (
    isRecord(body) &&
    isInterval(body.interval) &&
    Array.isArray(body.points) &&
    body.points.every(
      (point: unknown) =>
        isRecord(point) &&
        typeof point.period === 'string' &&
        /^\d{4}-\d{2}-\d{2}/.test(point.period) &&
        isCount(point.newParticipants) &&
        isCount(point.cumulativeParticipants),
    )
  );
}
