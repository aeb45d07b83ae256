import { PLATFORMS, SPEAKER_ROLES, WEBINAR_STATUSES } from '@ripple/db/schema';
import type { Platform, SectorCode, SpeakerRole, WebinarStatus } from '@ripple/db/schema';
import { isCount, isPage, isRecord } from './client';

// The database's own vocabularies (a pure module, safe in the browser bundle).
export {
  PLATFORMS as platforms,
  SPEAKER_ROLES as speakerRoles,
  WEBINAR_STATUSES as webinarStatuses,
};
export type { Platform, SpeakerRole, WebinarStatus };

export interface WebinarListItem {
  id: number;
  title: string;
  startsAt: string;
  status: WebinarStatus;
  language: string;
  seriesId: number | null;
  registered: number;
  attended: number;
  speakers: number;
}

/** `GET /api/webinars` */
export interface WebinarList {
  total: number;
  items: WebinarListItem[];
}

export interface Speaker {
  id: number;
  name: string;
  email: string | null;
  organisation: string | null;
  country: string | null;
  sector: SectorCode;
  role: SpeakerRole;
}

/** `GET /api/webinars/:id` */
export interface WebinarDetail {
  id: number;
  title: string;
  description: string | null;
  startsAt: string;
  durationMinutes: number | null;
  timezone: string;
  language: string;
  seriesId: number | null;
  workingGroupId: number | null;
  topicIds: number[];
  status: WebinarStatus;
  platform: Platform | null;
  platformId: string | null;
  speakers: Speaker[];
}

export function isWebinarList(body: unknown): body is WebinarList {
  return isPage(
    body,
    (item) =>
      isCount(item.id) &&
      typeof item.title === 'string' &&
      typeof item.startsAt === 'string' &&
      isCount(item.registered) &&
      isCount(item.attended) &&
      isCount(item.speakers),
  );
}

export function isWebinarDetail(body: unknown): body is WebinarDetail {
  return (
    isRecord(body) &&
    isCount(body.id) &&
    typeof body.title === 'string' &&
    typeof body.startsAt === 'string' &&
    typeof body.timezone === 'string' &&
    Array.isArray(body.topicIds) &&
    Array.isArray(body.speakers)
  );
}
