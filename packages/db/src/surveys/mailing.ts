import { sql, type Kysely } from 'kysely';
import type { Database, SurveyWave } from '../schema.js';
import { DEFAULT_REMINDER_GAP_DAYS } from './invitations.js';

// The database side of mailing invitations. A batch is claimed before it is mailed (sent_at or
// reminded_at stamped in the same statement that picks it, skipping rows another sender holds),
// and a failed message's claim is released: so two senders never mail one invitation, and a
// failure leaves it to be sent again. A process that dies between claim and send leaves its
// batch marked as sent: at most once, rather than twice.

export interface MailingFilters {
  webinarId?: number;
  wave?: SurveyWave;
}

export interface ClaimedInvitation {
  id: number;
  token: string;
  email: string;
  name: string | null;
  language: string;
  wave: SurveyWave;
  webinarTitle: string;
  webinarStartsAt: Date;
  /** The webinar's IANA time zone, to give its date as attendees saw it. */
  webinarTimezone: string;
  expiresAt: Date;
  /** For a reminder: the reminded_at before this claim, to put back if the message fails. */
  previousRemindedAt: Date | null;
}

interface ClaimRow {
  id: number;
  token: string;
  email: string;
  name: string | null;
  language: string;
  wave: SurveyWave;
  title: string;
  starts_at: Date;
  timezone: string;
  expires_at: Date;
  previous: Date | null;
}

const toClaimed = (row: ClaimRow): ClaimedInvitation => ({
  id: row.id,
  token: row.token,
  email: row.email,
  name: row.name,
  language: row.language,
  wave: row.wave,
  webinarTitle: row.title,
  webinarStartsAt: new Date(row.starts_at),
  webinarTimezone: row.timezone,
  expiresAt: new Date(row.expires_at),
  previousRemindedAt: row.previous === null ? null : new Date(row.previous),
});

const filtersSql = (filters: MailingFilters) => sql`
  (${filters.webinarId ?? null}::int is null or i.webinar_id = ${filters.webinarId ?? null})
  and (${filters.wave ?? null}::text is null or i.wave = ${filters.wave ?? null})`;

/**
 * Claims up to `limit` invitations due to be sent (scheduled_for ≤ now, unsent, unexpired,
 * unanswered, with an email address), with ids above `afterId`, stamping sent_at.
 */
export async function claimDueInvitations(
  db: Kysely<Database>,
  filters: MailingFilters & { afterId: number; limit: number },
): Promise<ClaimedInvitation[]> {
  const { rows } = await sql<ClaimRow>`
    with picked as (
      select i.id from survey_invitation i
      join participant p on p.id = i.participant_id
      where ${filtersSql(filters)} and i.id > ${filters.afterId}
        and i.sent_at is null and i.scheduled_for <= now() and i.expires_at > now()
        and p.email is not null
        and not exists (select 1 from survey_response r where r.invitation_id = i.id)
      order by i.id
      limit ${filters.limit}
      for update of i skip locked
    )
    update survey_invitation i set sent_at = now()
    from picked, participant p, webinar w
    where i.id = picked.id and p.id = i.participant_id and w.id = i.webinar_id
    returning i.id, i.token, p.email, p.name, i.language, i.wave, w.title, w.starts_at, w.timezone,
              i.expires_at, null::timestamptz as previous`.execute(db);
  return rows.map(toClaimed).sort((a, b) => a.id - b.id);
}

/** Puts back the sent_at of invitations whose message failed, so they are sent next time. */
export async function releaseSent(db: Kysely<Database>, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('survey_invitation').set({ sent_at: null }).where('id', 'in', ids).execute();
}

/**
 * Claims up to `limit` invitations to remind: sent, unanswered, unexpired, with an email
 * address, and last mailed (sent or reminded) at least `gapDays` days ago; stamps reminded_at.
 */
export async function claimReminders(
  db: Kysely<Database>,
  filters: MailingFilters & { afterId: number; limit: number; gapDays?: number },
): Promise<ClaimedInvitation[]> {
  const gapDays = filters.gapDays ?? DEFAULT_REMINDER_GAP_DAYS;
  const { rows } = await sql<ClaimRow>`
    with picked as (
      select i.id, i.reminded_at as previous from survey_invitation i
      join participant p on p.id = i.participant_id
      where ${filtersSql(filters)} and i.id > ${filters.afterId}
        and i.sent_at is not null and i.expires_at > now()
        and coalesce(i.reminded_at, i.sent_at) <= now() - make_interval(days => ${gapDays}::int)
        and p.email is not null
        and not exists (select 1 from survey_response r where r.invitation_id = i.id)
      order by i.id
      limit ${filters.limit}
      for update of i skip locked
    )
    update survey_invitation i set reminded_at = now()
    from picked, participant p, webinar w
    where i.id = picked.id and p.id = i.participant_id and w.id = i.webinar_id
    returning i.id, i.token, p.email, p.name, i.language, i.wave, w.title, w.starts_at, w.timezone,
              i.expires_at, picked.previous`.execute(db);
  return rows.map(toClaimed).sort((a, b) => a.id - b.id);
}

/** Puts back the reminded_at of reminders whose message failed. */
export async function releaseReminded(
  db: Kysely<Database>,
  claims: Array<Pick<ClaimedInvitation, 'id' | 'previousRemindedAt'>>,
): Promise<void> {
  if (claims.length === 0) return;
  await sql`
    update survey_invitation i set reminded_at = t.previous
    from unnest(${claims.map((c) => c.id)}::int[],
                ${claims.map((c) => c.previousRemindedAt?.toISOString() ?? null)}::timestamptz[])
      as t(id, previous)
    where i.id = t.id`.execute(db);
}
