import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, SurveyWave } from '../schema.js';

// A manager's side of survey invitations: one personal link per attendee, webinar and wave,
// listed, exported and sent. The partial unique index survey_invitation_person_uq makes
// creation idempotent; sending claims rows before mailing them, so two senders never mail the
// same invitation twice.

/** Bytes of randomness in a link's token: 128 bits, as base64url (22 characters). */
export const TOKEN_BYTES = 16;
/** Days a link stays open after it is due to be sent (or after it is created, if later). */
export const DEFAULT_EXPIRY_DAYS = 30;
/** Days after the webinar that the follow-up wave is due. */
export const DEFAULT_FOLLOWUP_DELAY_DAYS = 90;
/** A reminder goes only to those last mailed at least this many days ago. */
export const DEFAULT_REMINDER_GAP_DAYS = 3;

export const INVITATION_STATUSES = ['open', 'answered', 'expired'] as const;
/** answered: a response is stored; expired: unanswered past its expiry; open: neither. */
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** A request that cannot be carried out, with a code the API maps to a status. */
export class InvitationError extends Error {
  override name = 'InvitationError';
  constructor(
    readonly code: 'webinar_not_found' | 'webinar_not_held' | 'no_survey',
    message: string,
  ) {
    super(message);
  }
}

export interface CreateInvitationsInput {
  webinarId: number;
  wave: SurveyWave;
  /** Follow-up wave: days after the webinar's start (default 90). */
  followupDelayDays?: number;
  /** Days a link stays open after it is due (default 30). */
  expiryDays?: number;
}

export interface CreateInvitationsResult {
  webinarId: number;
  wave: SurveyWave;
  surveyVersionId: number;
  /** Attended the webinar. */
  attendees: number;
  created: number;
  /** Already invited to this wave before. */
  existing: number;
  scheduledFor: string;
  expiresAt: string;
}

/**
 * The version new invitations and links of a wave use: the latest version of the first survey
 * of that kind. Throws InvitationError('no_survey') when there is none.
 */
export async function currentSurveyVersion(
  db: Kysely<Database>,
  wave: SurveyWave,
): Promise<number> {
  const row = await db
    .selectFrom('survey as s')
    .innerJoin('survey_version as v', 'v.survey_id', 's.id')
    .select('v.id')
    .where('s.kind', '=', wave)
    .orderBy('s.id', 'asc')
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) {
    throw new InvitationError(
      'no_survey',
      `There is no ${wave === 'post' ? 'post-webinar' : 'follow-up'} survey yet: create the instrument first.`,
    );
  }
  return row.id;
}

interface WebinarTiming {
  id: number;
  status: string;
  language: string;
  starts_at: Date;
  duration_minutes: number | null;
}

export async function webinarTiming(
  db: Kysely<Database>,
  webinarId: number,
): Promise<WebinarTiming> {
  const webinar = await db
    .selectFrom('webinar')
    .select(['id', 'status', 'language', 'starts_at', 'duration_minutes'])
    .where('id', '=', webinarId)
    .executeTakeFirst();
  if (!webinar) {
    throw new InvitationError('webinar_not_found', `There is no webinar #${webinarId}.`);
  }
  return webinar;
}

const DAY_MS = 86_400_000;

/** When a wave is due: the post wave at the webinar's end (its start without a duration). */
export function waveDueAt(
  webinar: Pick<WebinarTiming, 'starts_at' | 'duration_minutes'>,
  wave: SurveyWave,
  followupDelayDays = DEFAULT_FOLLOWUP_DELAY_DAYS,
): Date {
  const start = new Date(webinar.starts_at).getTime();
  return new Date(
    wave === 'post'
      ? start + (webinar.duration_minutes ?? 0) * 60_000
      : start + followupDelayDays * DAY_MS,
  );
}

/** The respondent languages: a form is in English or Spanish. */
const formLanguage = (language: string | null | undefined) =>
  language === 'es' || language === 'en' ? language : null;

/**
 * One invitation per attendee of a held webinar for a wave; attendees already invited keep
 * theirs (idempotent). The language is the person's when it is English or Spanish, else the
 * webinar's when it is, else English. A link expires `expiryDays` after it is due, or after now
 * when that is later, so links made late for an old webinar are not born expired.
 */
export async function createInvitations(
  db: Kysely<Database>,
  input: CreateInvitationsInput,
): Promise<CreateInvitationsResult> {
  const webinar = await webinarTiming(db, input.webinarId);
  if (webinar.status !== 'held') {
    throw new InvitationError(
      'webinar_not_held',
      `Webinar #${webinar.id} is ${webinar.status}, not held: invitations go to the attendees of a held webinar.`,
    );
  }
  const versionId = await currentSurveyVersion(db, input.wave);
  const scheduledFor = waveDueAt(webinar, input.wave, input.followupDelayDays);
  const expiryMs = (input.expiryDays ?? DEFAULT_EXPIRY_DAYS) * DAY_MS;
  const expiresAt = new Date(Math.max(scheduledFor.getTime(), Date.now()) + expiryMs);
  const fallback = formLanguage(webinar.language) ?? 'en';

  const attendees = await db
    .selectFrom('attendance as a')
    .innerJoin('participant as p', 'p.id', 'a.participant_id')
    .select(['p.id', 'p.language'])
    .where('a.webinar_id', '=', webinar.id)
    .where('a.attended', '=', true)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('survey_invitation as i')
            .select(sql<number>`1`.as('one'))
            .whereRef('i.participant_id', '=', 'p.id')
            .where('i.webinar_id', '=', webinar.id)
            .where('i.wave', '=', input.wave),
        ),
      ),
    )
    .orderBy('p.id')
    .execute();
  const total = await db
    .selectFrom('attendance')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('webinar_id', '=', webinar.id)
    .where('attended', '=', true)
    .executeTakeFirstOrThrow();

  let created = 0;
  // Bounded statements: a very large webinar is inserted a slice at a time.
  for (let start = 0; start < attendees.length; start += 5000) {
    const slice = attendees.slice(start, start + 5000);
    const tokens = slice.map(() => newToken());
    const { rows } = await sql<{ id: number }>`
      insert into survey_invitation
        (token, webinar_id, participant_id, wave, survey_version_id, language, scheduled_for, expires_at)
      select t.token, ${webinar.id}, t.p, ${input.wave}, ${versionId}, t.lang,
             ${scheduledFor.toISOString()}::timestamptz, ${expiresAt.toISOString()}::timestamptz
      from unnest(${tokens}::text[], ${slice.map((a) => a.id)}::int[],
                  ${slice.map((a) => formLanguage(a.language) ?? fallback)}::text[]) as t(token, p, lang)
      on conflict (webinar_id, participant_id, wave) where participant_id is not null do nothing
      returning id
    `.execute(db);
    created += rows.length;
  }
  return {
    webinarId: webinar.id,
    wave: input.wave,
    surveyVersionId: versionId,
    attendees: total.n,
    created,
    existing: total.n - created,
    scheduledFor: scheduledFor.toISOString(),
    expiresAt: expiresAt.toISOString(),
  };
}

export interface InvitationFilters {
  webinarId?: number;
  wave?: SurveyWave;
  status?: InvitationStatus;
}

/** An invitation's status, from its response and expiry (alias i for the invitation). */
const statusOf = sql<InvitationStatus>`case
  when exists (select 1 from survey_response r where r.invitation_id = i.id) then 'answered'
  when i.expires_at <= now() then 'expired'
  else 'open' end`;

function whereFilters(filters: InvitationFilters): RawBuilder<unknown> {
  return sql`i.participant_id is not null
    and (${filters.webinarId ?? null}::int is null or i.webinar_id = ${filters.webinarId ?? null})
    and (${filters.wave ?? null}::text is null or i.wave = ${filters.wave ?? null})
    and (${filters.status ?? null}::text is null or ${statusOf} = ${filters.status ?? null})`;
}

export interface InvitationListItem {
  id: number;
  webinarId: number;
  webinarTitle: string;
  wave: SurveyWave;
  participantId: number;
  name: string | null;
  email: string | null;
  language: string;
  scheduledFor: string | null;
  expiresAt: string;
  sentAt: string | null;
  remindedAt: string | null;
  status: InvitationStatus;
}

interface InvitationRow {
  id: number;
  token: string;
  webinar_id: number;
  webinar_title: string;
  wave: SurveyWave;
  participant_id: number;
  name: string | null;
  email: string | null;
  language: string;
  scheduled_for: Date | null;
  expires_at: Date;
  sent_at: Date | null;
  reminded_at: Date | null;
  status: InvitationStatus;
}

const iso = (value: Date | string | null): string | null =>
  value === null ? null : new Date(value).toISOString();

function toItem(row: InvitationRow): InvitationListItem {
  return {
    id: row.id,
    webinarId: row.webinar_id,
    webinarTitle: row.webinar_title,
    wave: row.wave,
    participantId: row.participant_id,
    name: row.name,
    email: row.email,
    language: row.language,
    scheduledFor: iso(row.scheduled_for),
    expiresAt: iso(row.expires_at)!,
    sentAt: iso(row.sent_at),
    remindedAt: iso(row.reminded_at),
    status: row.status,
  };
}

const invitationColumns = sql`i.id, i.token, i.webinar_id, w.title as webinar_title, i.wave,
  i.participant_id, p.name, p.email, i.language, i.scheduled_for, i.expires_at, i.sent_at,
  i.reminded_at, ${statusOf} as status`;

/** A page of invitations, webinar by webinar (newest first), then by id. */
export async function listInvitations(
  db: Kysely<Database>,
  filters: InvitationFilters & { limit: number; offset: number },
): Promise<{ total: number; items: InvitationListItem[] }> {
  const where = whereFilters(filters);
  const [{ rows: count }, { rows }] = await Promise.all([
    sql<{ n: number }>`select count(*)::int as n from survey_invitation i where ${where}`.execute(
      db,
    ),
    sql<InvitationRow>`
      select ${invitationColumns}
      from survey_invitation i
      join webinar w on w.id = i.webinar_id
      left join participant p on p.id = i.participant_id
      where ${where}
      order by w.starts_at desc, i.webinar_id desc, i.wave desc, i.id
      limit ${filters.limit} offset ${filters.offset}`.execute(db),
  ]);
  return { total: count[0]?.n ?? 0, items: rows.map(toItem) };
}

export interface InvitationExportRow extends InvitationListItem {
  token: string;
}

/**
 * Every invitation matching the filters, a batch at a time in id order (keyset paging), so an
 * export of the whole programme never holds more than one batch in memory.
 */
export async function* streamInvitations(
  db: Kysely<Database>,
  filters: InvitationFilters,
  batchSize = 2000,
): AsyncGenerator<InvitationExportRow> {
  let after = 0;
  for (;;) {
    const { rows } = await sql<InvitationRow>`
      select ${invitationColumns}
      from survey_invitation i
      join webinar w on w.id = i.webinar_id
      left join participant p on p.id = i.participant_id
      where ${whereFilters(filters)} and i.id > ${after}
      order by i.id
      limit ${batchSize}`.execute(db);
    for (const row of rows) yield { ...toItem(row), token: row.token };
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1]!.id;
  }
}
