import { sql, type Kysely, type Transaction } from 'kysely';
import { accountHasEmail } from '../accounts/users.js';
import type { Database } from '../schema.js';
import { logPrivacyAction, type PrivacyActor } from './log.js';
import { scrubImportHistory } from './scrub.js';

// Erasure: every row that is about one person goes, in one transaction, and the aggregates follow
// at its commit (the reach triggers recompute participant_reach and webinar_cell from what is
// left, and bump the reach version, so no cached figure is served again). Someone with the same
// email in a later import is a new person: nothing remembers who was erased.

/** Rows removed (or, for import history, documents rewritten), by kind. */
export interface ErasureCounts {
  participant: number;
  attendance: number;
  registrationsReplaced: number;
  invitations: number;
  responses: number;
  answers: number;
  speakers: number;
  speakerLinks: number;
  importReports: number;
  columnMappings: number;
  signInFailures: number;
}

export interface ErasureResult {
  counts: ErasureCounts;
  /** Rows removed and documents rewritten, all kinds together. */
  total: number;
}

export interface ErasurePreview {
  id: number;
  counts: Omit<ErasureCounts, 'importReports' | 'columnMappings' | 'signInFailures'>;
  /**
   * Whether a Ripple account has the same email. The erasure leaves it (an account is not a
   * participant record); an administrator can disable it on the Accounts page.
   */
  hasAccount: boolean;
}

const sum = (counts: ErasureCounts): number =>
  (Object.values(counts) as number[]).reduce((a, b) => a + b, 0);
const n = (result: { numDeletedRows: bigint } | undefined) => Number(result?.numDeletedRows ?? 0);

/** The person's responses: theirs by id, and any made through an invitation addressed to them. */
function responseIds(db: Kysely<Database> | Transaction<Database>, id: number) {
  return db
    .selectFrom('survey_response')
    .select('id')
    .where((eb) =>
      eb.or([
        eb('participant_id', '=', id),
        eb(
          'invitation_id',
          'in',
          eb.selectFrom('survey_invitation').select('id').where('participant_id', '=', id),
        ),
      ]),
    );
}

/** Speakers are the same person when the emails match (as the participant record shows them). */
function speakerIds(db: Kysely<Database> | Transaction<Database>, email: string | null) {
  return db
    .selectFrom('speaker')
    .select('id')
    .where((eb) =>
      email === null ? eb.val(false) : eb(eb.fn('lower', ['email']), '=', email.toLowerCase()),
    );
}

/** What an erasure of this person would remove, for a confirmation; undefined for an unknown id. */
export async function previewErasure(
  db: Kysely<Database>,
  id: number,
): Promise<ErasurePreview | undefined> {
  const person = await db
    .selectFrom('participant')
    .select(['id', 'email'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!person) return undefined;
  const count = async (query: { execute(): Promise<unknown[]> }) => (await query.execute()).length;
  const responses = responseIds(db, id);
  const speakers = speakerIds(db, person.email);
  const { hasAccount } = await db
    .selectNoFrom(accountHasEmail(sql.val(person.email)).as('hasAccount'))
    .executeTakeFirstOrThrow();
  return {
    id,
    hasAccount,
    counts: {
      participant: 1,
      attendance: await count(
        db.selectFrom('attendance').select('webinar_id').where('participant_id', '=', id),
      ),
      registrationsReplaced: await count(
        db
          .selectFrom('import_replaced_attendance')
          .select('import_id')
          .where('participant_id', '=', id),
      ),
      invitations: await count(
        db.selectFrom('survey_invitation').select('id').where('participant_id', '=', id),
      ),
      responses: await count(responses),
      answers: await count(
        db.selectFrom('survey_answer').select('question_id').where('response_id', 'in', responses),
      ),
      speakers: await count(speakers),
      speakerLinks: await count(
        db.selectFrom('webinar_speaker').select('webinar_id').where('speaker_id', 'in', speakers),
      ),
    },
  };
}

/**
 * Erases a person and every trace of them; undefined (and nothing changed) for an unknown id.
 * The audit row says when, by whom and how many rows went, not who.
 */
export async function eraseParticipant(
  db: Kysely<Database>,
  id: number,
  actor: PrivacyActor,
): Promise<ErasureResult | undefined> {
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('participant')
      .select(['id', 'name', 'email'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!person) return undefined;
    const counts = await removePerson(trx, person);
    const total = sum(counts);
    await logPrivacyAction(trx, 'erasure', actor, 1, { ...counts });
    return { counts, total };
  });
}

async function removePerson(
  trx: Transaction<Database>,
  person: { id: number; name: string | null; email: string | null },
): Promise<ErasureCounts> {
  const { id, email } = person;
  const responses = (await responseIds(trx, id).execute()).map((r) => r.id);
  const speakers = (await speakerIds(trx, email).execute()).map((r) => r.id);
  const answers =
    responses.length === 0
      ? 0
      : n(
          await trx
            .deleteFrom('survey_answer')
            .where('response_id', 'in', responses)
            .executeTakeFirst(),
        );
  const responsesRemoved =
    responses.length === 0
      ? 0
      : n(await trx.deleteFrom('survey_response').where('id', 'in', responses).executeTakeFirst());
  const invitations = n(
    await trx.deleteFrom('survey_invitation').where('participant_id', '=', id).executeTakeFirst(),
  );
  const attendance = n(
    await trx.deleteFrom('attendance').where('participant_id', '=', id).executeTakeFirst(),
  );
  const registrationsReplaced = n(
    await trx
      .deleteFrom('import_replaced_attendance')
      .where('participant_id', '=', id)
      .executeTakeFirst(),
  );
  const speakerLinks =
    speakers.length === 0
      ? 0
      : n(
          await trx
            .deleteFrom('webinar_speaker')
            .where('speaker_id', 'in', speakers)
            .executeTakeFirst(),
        );
  const speakersRemoved =
    speakers.length === 0
      ? 0
      : n(await trx.deleteFrom('speaker').where('id', 'in', speakers).executeTakeFirst());
  const participant = n(
    await trx.deleteFrom('participant').where('id', '=', id).executeTakeFirst(),
  );
  const signInFailures =
    email === null
      ? 0
      : n(
          await trx
            .deleteFrom('sign_in_failure')
            .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
            .executeTakeFirst(),
        );
  const scrubbed = await scrubImportHistory(trx, [person]);
  return {
    participant,
    attendance,
    registrationsReplaced,
    invitations,
    responses: responsesRemoved,
    answers,
    speakers: speakersRemoved,
    speakerLinks,
    importReports: scrubbed.importReports,
    columnMappings: scrubbed.columnMappings,
    signInFailures,
  };
}
