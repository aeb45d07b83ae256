import { isCount, isRecord } from '$lib/api/client';
import { isMinCellSize, isSuppressionMap, type Suppressed } from '$lib/api/hidden';

/**
 * The two headline figures this page reads from `GET /api/overview`; for a funder or share link
 * either may be hidden (null, its reason in `suppressed`).
 */
export interface ReachHeadline {
  uniqueParticipants: number | null;
  countries: number | null;
  suppressed?: Partial<Record<'uniqueParticipants' | 'countries', Suppressed>>;
  minCellSize?: number;
}

export function isReachHeadline(body: unknown): body is ReachHeadline {
  const hidden = (key: string) =>
    body !== null && isRecord(body) && isRecord(body.suppressed) && key in body.suppressed;
  return (
    isRecord(body) &&
    (isCount(body.uniqueParticipants) ||
      (body.uniqueParticipants === null && hidden('uniqueParticipants'))) &&
    (isCount(body.countries) || (body.countries === null && hidden('countries'))) &&
    isSuppressionMap(body.suppressed) &&
    isMinCellSize(body.minCellSize)
  );
}
