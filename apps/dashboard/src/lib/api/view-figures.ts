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
