import { isCount, isRecord } from '$lib/api/client';

/** The two headline figures this page reads from `GET /api/overview`. */
export interface ReachHeadline {
  uniqueParticipants: number;
  countries: number;
}

export function isReachHeadline(body: unknown): body is ReachHeadline {
  return isRecord(body) && isCount(body.uniqueParticipants) && isCount(body.countries);
}
