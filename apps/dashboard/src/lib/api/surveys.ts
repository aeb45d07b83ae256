import { isCount, isRecord } from './client';

// The Surveys page's API: GET /api/surveys/summary, /api/surveys/waves and /api/open-links.

export type SurveyWave = 'post' | 'followup';
export type WaveStatus = 'not_invited' | 'scheduled' | 'due' | 'in_progress' | 'closed';

export interface Instrument {
  id: number;
  code: string;
  name: string;
  kind: SurveyWave;
  currentVersion: number | null;
  questions: number;
  responses: number;
  inUse: boolean;
}

export interface SurveySummary {
  mailConfigured: boolean;
  instruments: Instrument[];
}

export interface WaveRow {
  webinarId: number;
  webinarTitle: string;
  webinarStartsAt: string;
  wave: SurveyWave;
  attendees: number;
  invited: number;
  sent: number;
  reminded: number;
  answered: number;
  expired: number;
  due: number;
  withoutEmail: number;
  responseRate: number | null;
  openLinkResponses: number;
  scheduledFor: string;
  status: WaveStatus;
}

export interface OpenLink {
  id: number;
  webinarId: number;
  webinarTitle: string;
  wave: SurveyWave;
  language: 'en' | 'es';
  link: string;
  expiresAt: string;
  revokedAt: string | null;
  state: 'open' | 'expired' | 'revoked';
  responses: number;
}

/** POST /api/webinars/:id/invitations */
export interface CreatedInvitations {
  created: number;
  existing: number;
  attendees: number;
}

/** POST /api/invitations/send and /remind */
export interface MailOutcome {
  sent: number;
  failed: Array<{ invitationId: number; email: string; error: string }>;
}

const isWave = (value: unknown): value is SurveyWave => value === 'post' || value === 'followup';

export function isSurveySummary(body: unknown): body is SurveySummary {
  return (
    isRecord(body) &&
    typeof body.mailConfigured === 'boolean' &&
    Array.isArray(body.instruments) &&
    body.instruments.every(
      (i: unknown) =>
        isRecord(i) &&
        isCount(i.id) &&
        typeof i.name === 'string' &&
        isWave(i.kind) &&
        isCount(i.questions) &&
        isCount(i.responses),
    )
  );
}

export function isWaveList(body: unknown): body is { items: WaveRow[] } {
  return (
    isRecord(body) &&
    Array.isArray(body.items) &&
    body.items.every(
      (w: unknown) =>
        isRecord(w) &&
        isCount(w.webinarId) &&
        typeof w.webinarTitle === 'string' &&
        isWave(w.wave) &&
        isCount(w.invited) &&
        isCount(w.answered) &&
        typeof w.status === 'string' &&
        (w.responseRate === null || isCount(w.responseRate)),
    )
  );
}

export function isOpenLinkList(body: unknown): body is { items: OpenLink[] } {
  return (
    isRecord(body) &&
    Array.isArray(body.items) &&
    body.items.every(
      (l: unknown) =>
        isRecord(l) && isCount(l.id) && typeof l.link === 'string' && isCount(l.responses),
    )
  );
}

/** The CSV export's address for a webinar and wave (both optional). */
export function invitationsCsvPath(webinarId: number | null, wave: SurveyWave | null): string {
  const query = new URLSearchParams();
  if (webinarId !== null) query.set('webinar', String(webinarId));
  if (wave !== null) query.set('wave', wave);
  const search = query.toString();
  return `/api/invitations.csv${search ? `?${search}` : ''}`;
}
