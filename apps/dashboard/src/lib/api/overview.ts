import { SECTOR_CODES as sectors, type SectorCode as Sector } from '@ripple/db/schema';
import { isCount, isRecord } from './client';

// The sector vocabulary is the database's own (a pure module, safe in the browser bundle).
export { sectors, type Sector };

export const tileKeys = [
  'webinarsHeld',
  'speakers',
  'uniqueParticipants',
  'attendances',
  'countries',
  'sectors',
] as const;
export type TileKey = (typeof tileKeys)[number];

/** `GET /api/overview` */
export type Overview = Record<TileKey, number> & {
  bySector: { sector: Sector; participants: number }[];
};

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
    tileKeys.every((key) => isCount(body[key])) &&
    Array.isArray(body.bySector) &&
    body.bySector.every(
      (row: unknown) =>
        isRecord(row) &&
        typeof row.sector === 'string' &&
        (sectors as readonly string[]).includes(row.sector) &&
        isCount(row.participants),
    )
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
