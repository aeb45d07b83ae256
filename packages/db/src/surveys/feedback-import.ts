import { sql, type Kysely } from 'kysely';
import type {
  Database,
  QuestionChoice,
  QuestionType,
  ResponseSource,
  SurveyWave,
} from '../schema.js';

// Past feedback from survey tools, stored as survey responses without an invitation. Reading the
// export and converting its answers is the importer's job (apps/api/src/feedback); here are the
// instrument it maps onto and the one transaction that stores a whole file or nothing.

export interface InstrumentQuestion {
  id: number;
  /** Stable across versions: what a column is mapped to. */
  key: string;
  type: QuestionType;
  textEn: string;
  textEs: string;
  choices: QuestionChoice[] | null;
  allowOther: boolean;
}

export interface Instrument {
  surveyId: number;
  code: string;
  name: string;
  wave: SurveyWave;
  versionId: number;
  version: number;
  questions: InstrumentQuestion[];
}

/**
 * The instrument of a wave in its latest version, with its questions in order; null when there is
 * none. Where several surveys serve the wave, the default one (code 'post-webinar' or
 * 'follow-up') is taken, else the oldest.
 */
export async function latestInstrument(
  db: Kysely<Database>,
  wave: SurveyWave,
): Promise<Instrument | null> {
  const version = await db
    .selectFrom('survey as s')
    .innerJoin('survey_version as v', 'v.survey_id', 's.id')
    .select(['s.id as surveyId', 's.code', 's.name', 'v.id as versionId', 'v.version'])
    .where('s.kind', '=', wave)
    .orderBy(sql`s.code in ('post-webinar', 'follow-up')`, 'desc')
    .orderBy('s.id')
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!version) return null;
  const questions = await db
    .selectFrom('survey_question')
    .select(['id', 'key', 'type', 'text_en', 'text_es', 'choices', 'allow_other'])
    .where('survey_version_id', '=', version.versionId)
    .orderBy('position')
    .execute();
  return {
    ...version,
    wave,
    questions: questions.map((q) => ({
      id: q.id,
      key: q.key,
      type: q.type,
      textEn: q.text_en,
      textEs: q.text_es,
      choices: q.choices,
      allowOther: q.allow_other,
    })),
  };
}

/** One answer in the form survey_answer stores it (see surveys/respond.ts). */
export interface ImportedAnswer {
  questionId: number;
  number: number | null;
  text: string | null;
  choices: string[] | null;
}

export interface ImportedResponse {
  /** The tool's id of the submission: importing it again stores nothing. */
  sourceKey: string;
  /** Normalised (trimmed, lower case); links the response to the participant with it. */
  email: string | null;
  submittedAt: Date;
  language: 'en' | 'es';
  consentToQuote: boolean;
  answers: ImportedAnswer[];
}

export interface StoreImportedResponsesInput {
  webinarId: number;
  wave: SurveyWave;
  versionId: number;
  source: Exclude<ResponseSource, 'form'>;
  responses: ImportedResponse[];
}

export interface StoreImportedResponsesResult {
  /** Responses written now. */
  stored: number;
  /** Submissions already stored by an earlier import (or repeated within the file). */
  alreadyImported: number;
  /** Of those written now, how many belong to a known participant (by email). */
  linked: number;
}

// Rows per statement: a few thousand keeps each statement's arrays small for PGlite and pg alike.
const BATCH = 2000;
// Choice values travel joined by a character no value can hold (values are short identifiers).
const UNIT = '\u001f';

/**
 * Stores imported responses and their answers in one transaction: all of them or, on any
 * failure, none. A submission already stored (same source and source key) is left as it is and
 * counted; participants are linked by email where one matches.
 */
export async function storeImportedResponses(
  db: Kysely<Database>,
  input: StoreImportedResponsesInput,
): Promise<StoreImportedResponsesResult> {
  const seen = new Set<string>();
  const unique = input.responses.filter((r) => !seen.has(r.sourceKey) && seen.add(r.sourceKey));
  const result: StoreImportedResponsesResult = {
    stored: 0,
    alreadyImported: input.responses.length - unique.length,
    linked: 0,
  };
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < unique.length; start += BATCH) {
      const batch = unique.slice(start, start + BATCH);
      const { rows } = await sql<{ id: number; source_key: string; linked: boolean }>`
        insert into survey_response
          (invitation_id, survey_version_id, webinar_id, participant_id, wave, language,
           submitted_at, consent_to_quote, quote_display_name, quote_country, source, source_key)
        select null, ${input.versionId}, ${input.webinarId}, p.id, ${input.wave}, i.language,
               i.submitted_at, i.consent,
               -- Consent was to be quoted by first name, initial and country: a known participant
               -- gives them ("Ana García" → "Ana G."); the export itself does not.
               case when i.consent and nullif(trim(p.name), '') is not null then
                 split_part(trim(p.name), ' ', 1) ||
                 coalesce(' ' || upper(left(nullif(split_part(trim(p.name), ' ', 2), ''), 1)) || '.', '')
               end,
               case when i.consent then p.country end,
               ${input.source}, i.source_key
        from unnest(
          ${batch.map((r) => r.sourceKey)}::text[],
          ${batch.map((r) => r.email)}::text[],
          ${batch.map((r) => r.submittedAt.toISOString())}::timestamptz[],
          ${batch.map((r) => r.language)}::text[],
          ${batch.map((r) => r.consentToQuote)}::bool[]
        ) with ordinality as i(source_key, email, submitted_at, language, consent, ord)
        left join participant p on i.email is not null and p.email = i.email
        order by i.ord
        on conflict (source, source_key) where source_key is not null do nothing
        returning id, source_key, participant_id is not null as linked
      `.execute(trx);
      // Answers go to the responses written now, by the id each got: a submission stored by an
      // earlier import keeps the answers it has.
      const ids = new Map(rows.map((row) => [row.source_key, row.id]));
      const answers = batch.flatMap((r) => {
        const id = ids.get(r.sourceKey);
        return id === undefined ? [] : r.answers.map((a) => ({ id, ...a }));
      });
      if (answers.length > 0) {
        await sql`
          insert into survey_answer (response_id, question_id, value_number, value_text, value_choices)
          select a.r, a.q, a.n, a.t,
                 case when a.c is null then null else string_to_array(a.c, ${UNIT}) end
          from unnest(
            ${answers.map((a) => a.id)}::int[],
            ${answers.map((a) => a.questionId)}::int[],
            ${answers.map((a) => a.number)}::int[],
            ${answers.map((a) => a.text)}::text[],
            ${answers.map((a) => a.choices?.join(UNIT) ?? null)}::text[]
          ) as a(r, q, n, t, c)
        `.execute(trx);
      }
      const row = { stored: rows.length, linked: rows.filter((r) => r.linked).length };
      result.stored += row.stored;
      result.linked += row.linked;
      result.alreadyImported += batch.length - row.stored;
    }
  });
  return result;
}
