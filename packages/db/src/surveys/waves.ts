import { sql, type Kysely } from 'kysely';
import type { Database, SurveyWave } from '../schema.js';
import { DEFAULT_FOLLOWUP_DELAY_DAYS } from './invitations.js';

// Where each survey wave of each held webinar stands: counted in one statement, per webinar ×
// wave, for the Surveys page.

export const WAVE_STATUSES = ['not_invited', 'scheduled', 'due', 'in_progress', 'closed'] as const;
/**
 * not_invited: no invitation yet; scheduled: invitations wait for their date; due: some are due
 * and not sent; in_progress: sent, some still open; closed: every invitation answered or expired.
 */
export type WaveStatus = (typeof WAVE_STATUSES)[number];

export interface WaveRow {
  webinarId: number;
  webinarTitle: string;
  webinarStartsAt: string;
  wave: SurveyWave;
  /** Attended the webinar. */
  attendees: number;
  invited: number;
  sent: number;
  reminded: number;
  answered: number;
  /** Unanswered past expiry. */
  expired: number;
  /** Due, unsent, unexpired. */
  due: number;
  /** Invitations without an email address: a CSV export is their only way out. */
  withoutEmail: number;
  /** answered / invited; null before any invitation. */
  responseRate: number | null;
  /** Responses through open links. */
  openLinkResponses: number;
  /** When the wave is (or was) due: its invitations' earliest date, else when it would be. */
  scheduledFor: string;
  status: WaveStatus;
}

interface Row {
  webinar_id: number;
  title: string;
  starts_at: Date;
  duration_minutes: number | null;
  wave: SurveyWave;
  attendees: number;
  invited: number;
  sent: number;
  reminded: number;
  answered: number;
  expired: number;
  due: number;
  without_email: number;
  open_pending: number;
  scheduled_for: Date | null;
  next_scheduled: Date | null;
  open_link_responses: number;
}

/** Held webinars, newest first, each with its post and follow-up wave. */
export async function listWaves(
  db: Kysely<Database>,
  filters: { webinarId?: number } = {},
): Promise<WaveRow[]> {
  const webinarId = filters.webinarId ?? null;
  const { rows } = await sql<Row>`
    with att as (
      select a.webinar_id, count(*)::int as attendees
      from attendance a
      where a.attended and (${webinarId}::int is null or a.webinar_id = ${webinarId})
      group by a.webinar_id
    ),
    inv as (
      select i.webinar_id, i.wave,
             count(*)::int as invited,
             count(i.sent_at)::int as sent,
             count(i.reminded_at)::int as reminded,
             count(r.id)::int as answered,
             count(*) filter (where r.id is null and i.expires_at <= now())::int as expired,
             count(*) filter (where r.id is null and i.expires_at > now() and i.sent_at is null
                                and i.scheduled_for <= now())::int as due,
             count(*) filter (where p.email is null)::int as without_email,
             count(*) filter (where r.id is null and i.expires_at > now())::int as open_pending,
             min(i.scheduled_for) as scheduled_for,
             min(i.scheduled_for) filter (where i.sent_at is null and i.expires_at > now()
                                          and r.id is null) as next_scheduled
      from survey_invitation i
      left join survey_response r on r.invitation_id = i.id
      left join participant p on p.id = i.participant_id
      where i.participant_id is not null
        and (${webinarId}::int is null or i.webinar_id = ${webinarId})
      group by i.webinar_id, i.wave
    ),
    open_responses as (
      select r.webinar_id, r.wave, count(*)::int as n
      from survey_response r
      where r.open_link_id is not null
        and (${webinarId}::int is null or r.webinar_id = ${webinarId})
      group by r.webinar_id, r.wave
    )
    select w.id as webinar_id, w.title, w.starts_at, w.duration_minutes, waves.wave,
           coalesce(att.attendees, 0) as attendees,
           coalesce(inv.invited, 0) as invited, coalesce(inv.sent, 0) as sent,
           coalesce(inv.reminded, 0) as reminded, coalesce(inv.answered, 0) as answered,
           coalesce(inv.expired, 0) as expired, coalesce(inv.due, 0) as due,
           coalesce(inv.without_email, 0) as without_email,
           coalesce(inv.open_pending, 0) as open_pending,
           inv.scheduled_for, inv.next_scheduled,
           coalesce(o.n, 0) as open_link_responses
    from webinar w
    cross join (values ('post', 1), ('followup', 2)) as waves(wave, ord)
    left join att on att.webinar_id = w.id
    left join inv on inv.webinar_id = w.id and inv.wave = waves.wave
    left join open_responses o on o.webinar_id = w.id and o.wave = waves.wave
    where w.status = 'held' and (${webinarId}::int is null or w.id = ${webinarId})
    order by w.starts_at desc, w.id desc, waves.ord
  `.execute(db);
  return rows.map((row) => {
    const start = new Date(row.starts_at).getTime();
    const planned =
      row.wave === 'post'
        ? start + (row.duration_minutes ?? 0) * 60_000
        : start + DEFAULT_FOLLOWUP_DELAY_DAYS * 86_400_000;
    return {
      webinarId: row.webinar_id,
      webinarTitle: row.title,
      webinarStartsAt: new Date(row.starts_at).toISOString(),
      wave: row.wave,
      attendees: row.attendees,
      invited: row.invited,
      sent: row.sent,
      reminded: row.reminded,
      answered: row.answered,
      expired: row.expired,
      due: row.due,
      withoutEmail: row.without_email,
      responseRate: row.invited > 0 ? row.answered / row.invited : null,
      openLinkResponses: row.open_link_responses,
      scheduledFor: new Date(row.scheduled_for ?? planned).toISOString(),
      status: waveStatus(row),
    };
  });
}

function waveStatus(row: Row): WaveStatus {
  if (row.invited === 0) return 'not_invited';
  if (row.due > 0) return 'due';
  if (row.open_pending === 0) return 'closed';
  // Open invitations none of which is due yet and none sent: waiting for their date.
  if (row.sent === 0 && row.next_scheduled !== null) return 'scheduled';
  return 'in_progress';
}

export interface InstrumentSummary {
  id: number;
  code: string;
  name: string;
  kind: SurveyWave;
  /** The latest version's number, which new invitations use; null before any version. */
  currentVersion: number | null;
  /** Questions of the latest version. */
  questions: number;
  /** Responses to every version. */
  responses: number;
  /** Whether new invitations and links of its kind use it (the first survey of each kind). */
  inUse: boolean;
}

/** The survey instruments, post-webinar first, with their current version and response count. */
export async function listInstrumentSummaries(db: Kysely<Database>): Promise<InstrumentSummary[]> {
  const { rows } = await sql<{
    id: number;
    code: string;
    name: string;
    kind: SurveyWave;
    current_version: number | null;
    questions: number;
    responses: number;
    in_use: boolean;
  }>`
    select s.id, s.code, s.name, s.kind, cur.version as current_version,
           coalesce((select count(*)::int from survey_question q
                     where q.survey_version_id = cur.id), 0) as questions,
           (select count(*)::int from survey_response r
            join survey_version v on v.id = r.survey_version_id
            where v.survey_id = s.id) as responses,
           s.id = min(s.id) over (partition by s.kind) as in_use
    from survey s
    left join lateral (
      select v.id, v.version from survey_version v where v.survey_id = s.id
      order by v.version desc limit 1
    ) cur on true
    order by case s.kind when 'post' then 1 else 2 end, s.id`.execute(db);
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind,
    currentVersion: row.current_version,
    questions: row.questions,
    responses: row.responses,
    inUse: row.in_use,
  }));
}
