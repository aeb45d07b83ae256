import type {
  QuestionType,
  ResponseSource,
  SectorCode,
  SpeakerRole,
  SurveyWave,
  WebinarStatus,
} from '@ripple/db/schema';
import { isCount, isPage, isRecord } from './client';

// A participant's personal data as the API gives it to managers (GET /api/participants…).

export interface ParticipantListItem {
  id: number;
  name: string | null;
  email: string | null;
  country: string | null;
  sector: SectorCode;
  organisation: string | null;
  webinarsAttended: number;
  lastAttendedAt: string | null;
}

/** `GET /api/participants` */
export interface ParticipantList {
  total: number;
  items: ParticipantListItem[];
}

export interface ParticipantWebinarRef {
  id: number;
  title: string;
  startsAt: string;
  language: string;
  status: WebinarStatus;
}

export interface ParticipantAnswer {
  questionId: number;
  key: string;
  type: QuestionType;
  question: string;
  number: number | null;
  text: string | null;
  choices: Array<{ value: string; label: string }> | null;
}

/** `GET /api/participants/:id` */
export interface ParticipantRecord {
  id: number;
  name: string | null;
  email: string | null;
  country: string | null;
  sector: SectorCode;
  organisation: string | null;
  gender: string | null;
  language: string | null;
  createdAt: string;
  createdImportId: number | null;
  /** A Ripple account has the same email; an erasure leaves it. */
  hasAccount: boolean;
  reach: {
    webinarsAttended: number;
    registrations: number;
    minutes: number;
    firstAttendedAt: string | null;
    lastAttendedAt: string | null;
  };
  attendance: Array<{
    webinar: ParticipantWebinarRef;
    role: 'attendee' | SpeakerRole;
    registered: boolean;
    attended: boolean;
    registeredAt: string | null;
    firstJoinAt: string | null;
    lastLeaveAt: string | null;
    minutes: number;
  }>;
  responses: Array<{
    responseId: number;
    wave: SurveyWave;
    language: string;
    source: ResponseSource;
    submittedAt: string;
    webinar: ParticipantWebinarRef;
    consentToQuote: boolean;
    quoteDisplayName: string | null;
    quoteApprovedAt: string | null;
    answers: ParticipantAnswer[];
  }>;
}

const isNullableString = (value: unknown) => value === null || typeof value === 'string';

export function isParticipantList(body: unknown): body is ParticipantList {
  return isPage(
    body,
    (item) =>
      isCount(item.id) &&
      isNullableString(item.name) &&
      isNullableString(item.email) &&
      typeof item.sector === 'string' &&
      isCount(item.webinarsAttended),
  );
}

export function isParticipantRecord(body: unknown): body is ParticipantRecord {
  return (
    isRecord(body) &&
    isCount(body.id) &&
    isNullableString(body.name) &&
    isRecord(body.reach) &&
    Array.isArray(body.attendance) &&
    body.attendance.every((a: unknown) => isRecord(a) && isRecord(a.webinar)) &&
    Array.isArray(body.responses) &&
    body.responses.every(
      (r: unknown) => isRecord(r) && isRecord(r.webinar) && Array.isArray(r.answers),
    )
  );
}
