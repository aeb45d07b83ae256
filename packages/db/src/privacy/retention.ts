import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { logPrivacyAction, type PrivacyActor } from './log.js';
import { scrubImportHistory } from './scrub.js';

// Retention: people with no attendance, registration or response for longer than the period lose
// their personal data, and their attendance stays counted as an anonymous person of a country and
// sector, so the reach history funders were given does not change. What goes: name, email,
// organisation, gender, free-text answers (comments, "other" texts), quotes and consent to quote,
// unanswered invitations, and any mention in import history. What stays: the participant row's id,
// country, sector and language, their attendance rows, and their ratings and choices.

export interface RetentionCounts {
  people: number;
  freeTextAnswers: number;
  otherTexts: number;
  quotes: number;
  invitations: number;
  importReports: number;
  columnMappings: number;
}

export interface RetentionResult {
  /** People last active before this instant were anonymised. */
  cutoff: string;
  dryRun: boolean;
  counts: RetentionCounts;
}

/** `now` minus whole months, in UTC (the 31st minus a month is the last day of the month before). */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const lastDay = new Date(
    Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0),
  ).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  return cutoff;
}

/**
 * People not yet anonymised whose latest sign of life is before the cutoff: when they were added,
 * the webinars they registered for or attended (its start, their registration, their leaving), and
 * their survey responses. A registration for a webinar still to come keeps a person active.
 */
export async function findInactiveParticipants(
  db: Kysely<Database> | Transaction<Database>,
  cutoff: Date,
): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select p.id from participant p
    where p.anonymised_at is null
      and p.created_at < ${cutoff}
      and not exists (
        select 1 from attendance a join webinar w on w.id = a.webinar_id
        where a.participant_id = p.id
          and greatest(w.starts_at, a.registered_at, a.first_join_at, a.last_leave_at) >= ${cutoff})
      and not exists (
        select 1 from survey_response r
        where r.participant_id = p.id and r.submitted_at >= ${cutoff})
    order by p.id
  `.execute(db);
  return rows.map((r) => r.id);
}

class DryRun extends Error {
  constructor(readonly result: RetentionResult) {
    super('dry run');
  }
}

const BATCH = 1000;
const n = (result: { numDeletedRows?: bigint; numUpdatedRows?: bigint } | undefined) =>
  Number(result?.numDeletedRows ?? result?.numUpdatedRows ?? 0);

/**
 * Anonymises everyone inactive for longer than `months` before `now`, in one transaction, and logs
 * the run (counts only). A dry run does the same work and rolls it back, so its counts are exact.
 */
export async function applyRetention(
  db: Kysely<Database>,
  options: { months: number; now?: Date; dryRun?: boolean; actor: PrivacyActor },
): Promise<RetentionResult> {
  const cutoff = retentionCutoff(options.now ?? new Date(), options.months);
  const dryRun = options.dryRun ?? false;
  try {
    return await db.transaction().execute(async (trx) => {
      const ids = await findInactiveParticipants(trx, cutoff);
      const counts: RetentionCounts = {
        people: 0,
        freeTextAnswers: 0,
        otherTexts: 0,
        quotes: 0,
        invitations: 0,
        importReports: 0,
        columnMappings: 0,
      };
      for (let start = 0; start < ids.length; start += BATCH) {
        const batch = ids.slice(start, start + BATCH);
        const part = await anonymise(trx, batch);
        for (const key of Object.keys(counts) as Array<keyof RetentionCounts>) {
          counts[key] += part[key];
        }
      }
      const result = { cutoff: cutoff.toISOString(), dryRun, counts };
      if (dryRun) throw new DryRun(result);
      if (ids.length > 0) {
        await logPrivacyAction(trx, 'retention', options.actor, counts.people, { ...counts });
      }
      return result;
    });
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}

async function anonymise(trx: Transaction<Database>, ids: number[]): Promise<RetentionCounts> {
  const needles = await trx
    .selectFrom('participant')
    .select(['name', 'email'])
    .where('id', 'in', ids)
    .execute();
  const theirResponses = trx
    .selectFrom('survey_response')
    .select('id')
    .where('participant_id', 'in', ids);
  const freeTextAnswers = n(
    await trx
      .deleteFrom('survey_answer')
      .where('response_id', 'in', theirResponses)
      .where(
        'question_id',
        'in',
        trx.selectFrom('survey_question').select('id').where('type', '=', 'text'),
      )
      .executeTakeFirst(),
  );
  // single keeps the chosen value in value_text unless it is "other"; multi keeps only the "other"
  // text there (respond.ts).
  const otherTexts = n(
    await trx
      .updateTable('survey_answer')
      .set({ value_text: null })
      .where('response_id', 'in', theirResponses)
      .where('value_text', 'is not', null)
      .where((eb) =>
        eb.or([
          eb(
            'question_id',
            'in',
            trx.selectFrom('survey_question').select('id').where('type', '=', 'multi'),
          ),
          eb.and([
            eb(
              'question_id',
              'in',
              trx.selectFrom('survey_question').select('id').where('type', '=', 'single'),
            ),
            sql<boolean>`'other' = any(value_choices)`,
          ]),
        ]),
      )
      .executeTakeFirst(),
  );
  const quotes = n(
    await trx
      .updateTable('survey_response')
      .set({
        consent_to_quote: false,
        quote_display_name: null,
        quote_country: null,
        quote_approved_at: null,
      })
      .where('participant_id', 'in', ids)
      .where((eb) =>
        eb.or([
          eb('consent_to_quote', '=', true),
          eb('quote_display_name', 'is not', null),
          eb('quote_country', 'is not', null),
          eb('quote_approved_at', 'is not', null),
        ]),
      )
      .executeTakeFirst(),
  );
  // An answered invitation stays (deleting it would delete the response); it holds no personal data.
  const invitations = n(
    await trx
      .deleteFrom('survey_invitation')
      .where('participant_id', 'in', ids)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('survey_response as r')
              .select('r.id')
              .whereRef('r.invitation_id', '=', 'survey_invitation.id'),
          ),
        ),
      )
      .executeTakeFirst(),
  );
  const people = n(
    await trx
      .updateTable('participant')
      .set({ name: null, email: null, organisation: null, gender: null, anonymised_at: new Date() })
      .where('id', 'in', ids)
      .executeTakeFirst(),
  );
  const scrubbed = await scrubImportHistory(trx, needles);
  return { people, freeTextAnswers, otherTexts, quotes, invitations, ...scrubbed };
}
