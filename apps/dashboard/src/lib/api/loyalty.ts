import { isCount, isRecord } from './client';

/** `GET /api/loyalty/new-returning`: one row per held webinar of the view, in date order. */
export interface WebinarNewReturning {
  webinarId: number;
  title: string;
  startsAt: string;
  attendees: number;
  /** Attendees for whom this was their first held webinar ever. */
  new: number;
  /** Attendees who had come to an earlier held webinar (filtered or not). */
  returning: number;
}

/** `GET /api/loyalty/cohorts`: one cell per cohort and later quarter with anyone in it. */
export interface CohortCell {
  /** `YYYY-Qn` of the cohort's first held webinar ever. */
  cohort: string;
  /** Quarters after the cohort's own (0 is its own quarter). */
  offset: number;
  quarter: string;
  participants: number;
}

/** `GET /api/loyalty/distribution`: how many people came to 1, 2, 3… webinars of the view. */
export interface AttendanceCount {
  webinars: number;
  participants: number;
}

const quarterPattern = /^\d{4}-Q[1-4]$/;

export function isNewReturning(body: unknown): body is WebinarNewReturning[] {
  return (
    Array.isArray(body) &&
    body.every(
      (row: unknown) =>
        isRecord(row) &&
        isCount(row.webinarId) &&
        typeof row.title === 'string' &&
        typeof row.startsAt === 'string' &&
        isCount(row.attendees) &&
        isCount(row.new) &&
        isCount(row.returning),
    )
  );
}

export function isCohorts(body: unknown): body is CohortCell[] {
  return (
    Array.isArray(body) &&
    body.every(
      (row: unknown) =>
        isRecord(row) &&
        typeof row.cohort === 'string' &&
        quarterPattern.test(row.cohort) &&
        isCount(row.offset) &&
        row.offset >= 0 &&
        typeof row.quarter === 'string' &&
        isCount(row.participants),
    )
  );
}

export function isDistribution(body: unknown): body is AttendanceCount[] {
  return (
    Array.isArray(body) &&
    body.every(
      (row: unknown) => isRecord(row) && isCount(row.webinars) && isCount(row.participants),
    )
  );
}
