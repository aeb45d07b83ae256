import { SECTOR_CODES, type SectorCode } from '@ripple/db/schema';
import type { Platform, SpeakerRole, WebinarDetail, WebinarStatus } from '$lib/api/webinars';
import { fromLocalInput, toLocalInput } from '$lib/import/time-zones';

/** The details form as typed: strings for inputs, so nothing the reader typed is lost on failure. */
export interface WebinarForm {
  title: string;
  description: string;
  /** `YYYY-MM-DDTHH:mm` on the clocks of `timezone`. */
  startsLocal: string;
  timezone: string;
  durationMinutes: string;
  language: string;
  seriesId: string;
  workingGroupId: string;
  topicIds: number[];
  status: WebinarStatus | '';
  platform: Platform | '';
  platformId: string;
}

export function emptyWebinarForm(timezone: string): WebinarForm {
  return {
    title: '',
    description: '',
    startsLocal: '',
    timezone,
    durationMinutes: '',
    language: 'en',
    seriesId: '',
    workingGroupId: '',
    topicIds: [],
    status: '',
    platform: '',
    platformId: '',
  };
}

export function webinarToForm(webinar: WebinarDetail): WebinarForm {
  return {
    title: webinar.title,
    description: webinar.description ?? '',
    startsLocal: toLocalInput(webinar.startsAt, webinar.timezone),
    timezone: webinar.timezone,
    durationMinutes: webinar.durationMinutes === null ? '' : String(webinar.durationMinutes),
    language: webinar.language,
    seriesId: webinar.seriesId === null ? '' : String(webinar.seriesId),
    workingGroupId: webinar.workingGroupId === null ? '' : String(webinar.workingGroupId),
    topicIds: [...webinar.topicIds],
    status: webinar.status,
    platform: webinar.platform ?? '',
    platformId: webinar.platformId ?? '',
  };
}

/** Which field a problem found before sending is about, and what it is. */
export interface FormProblem {
  field: 'startsLocal' | 'durationMinutes';
  reason: 'invalidStart' | 'invalidDuration';
}

const optionalId = (text: string) => (text === '' ? null : Number(text));

/**
 * The body of `POST /api/webinars` or `PATCH /api/webinars/:id`: every field, empty ones as null
 * (only the creation leaves them out). The server validates the rest and says what is wrong.
 */
export function webinarBody(
  form: WebinarForm,
  mode: 'create' | 'update',
): { body: Record<string, unknown> } | { problem: FormProblem } {
  const timezone = form.timezone.trim();
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(form.startsLocal)) {
    return { problem: { field: 'startsLocal', reason: 'invalidStart' } };
  }
  // With an unknown zone the wall-clock time goes as UTC; the server refuses the zone by name.
  const startsAt = fromLocalInput(form.startsLocal, timezone) ?? `${form.startsLocal}:00.000Z`;
  const duration = form.durationMinutes.trim();
  if (duration !== '' && !/^\d+$/.test(duration)) {
    return { problem: { field: 'durationMinutes', reason: 'invalidDuration' } };
  }
  const full: Record<string, unknown> = {
    title: form.title.trim(),
    description: form.description.trim() === '' ? null : form.description,
    startsAt,
    timezone,
    durationMinutes: duration === '' ? null : Number(duration),
    language: form.language.trim().toLowerCase(),
    seriesId: optionalId(form.seriesId),
    workingGroupId: optionalId(form.workingGroupId),
    topicIds: [...new Set(form.topicIds)].sort((a, b) => a - b),
    platform: form.platform === '' ? null : form.platform,
    platformId: form.platformId.trim() === '' ? null : form.platformId.trim(),
  };
  if (form.status !== '') full.status = form.status;
  if (mode === 'update') return { body: full };
  // On creation, empty optional fields are left to the server's defaults.
  return {
    body: Object.fromEntries(
      Object.entries(full).filter(
        ([key, value]) =>
          value !== null && !(key === 'topicIds' && (value as number[]).length === 0),
      ),
    ),
  };
}

/** One row of the speakers editor, as typed. */
export interface SpeakerRow {
  /** Stable key for the editor's list; not sent. */
  key: number;
  name: string;
  email: string;
  organisation: string;
  country: string;
  sector: SectorCode;
  role: SpeakerRole;
}

export const sectorCodes = SECTOR_CODES;

/** The body of `PUT /api/webinars/:id/speakers`; rows left entirely blank are dropped. */
export function speakersBody(rows: readonly SpeakerRow[]): Record<string, unknown>[] {
  return rows
    .filter(
      (row) => row.name.trim() !== '' || row.email.trim() !== '' || row.organisation.trim() !== '',
    )
    .map((row) => ({
      name: row.name.trim(),
      email: row.email.trim() === '' ? null : row.email.trim(),
      organisation: row.organisation.trim() === '' ? null : row.organisation.trim(),
      country: row.country === '' ? null : row.country,
      sector: row.sector,
      role: row.role,
    }));
}
