import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, QuestionChoice, QuestionType, SurveyWave } from '../schema.js';
import { findOpenLink } from './open-links.js';

// A respondent's side of a survey: the form a personal link shows, and the one response it may
// store. "Exactly once" is the database's job: survey_response.invitation_id is unique, and the
// response and its answers are written by one statement, so concurrent or repeated submissions
// of a token store one response, whole or not at all.

export type SurveyLanguage = 'en' | 'es';
export const SURVEY_LANGUAGES = ['en', 'es'] as const;

/** open: can be answered; answered: a response is stored; expired: past its expiry, unanswered. */
export type LinkState = 'open' | 'answered' | 'expired';

export interface FormQuestion {
  id: number;
  /** Stable across versions ("satisfaction"), for analytics. */
  key: string;
  type: QuestionType;
  required: boolean;
  text: string;
  /** For single and multiple choice, in the form's language. */
  choices: Array<{ value: string; label: string }> | null;
  /** Whether "other" takes a free text. */
  allowOther: boolean;
}

export interface SurveyForm {
  state: LinkState;
  wave: SurveyWave;
  /** The invitation's language, or the one asked for. */
  language: SurveyLanguage;
  expiresAt: string;
  webinar: { id: number; title: string; startsAt: string };
  questions: FormQuestion[];
  /**
   * At follow-up: what the respondent said after the webinar they planned ("In March you said you
   * planned to…"), or null when they did not answer then.
   */
  planned: {
    answeredAt: string;
    uses: Array<{ value: string; label: string }>;
    other: string | null;
  } | null;
}

/** The answer to one question, as sent: see validateAnswers for each type's shape. */
export type AnswerInput = unknown;

export interface QuoteInput {
  /** First name and initial, as the respondent wants to be quoted. */
  displayName?: string;
  /** ISO alpha-2. */
  country?: string;
}

export interface SubmissionInput {
  /** Keyed by question id. */
  answers: Record<string, AnswerInput>;
  language?: SurveyLanguage;
  quote?: QuoteInput;
}

export interface AnswerError {
  questionId: number | null;
  key: string | null;
  /** Machine-readable, for the form to translate. */
  code:
    | 'required'
    | 'not_a_number'
    | 'out_of_range'
    | 'unknown_choice'
    | 'other_text_missing'
    | 'too_long'
    | 'wrong_type'
    | 'unknown_question'
    | 'display_name_missing'
    | 'bad_country';
  message: string;
}

export type SubmissionResult =
  | { outcome: 'stored' | 'repeat'; responseId: number }
  | { outcome: 'conflict' | 'expired' | 'not_found' }
  | { outcome: 'invalid'; errors: AnswerError[] }
  /** An open link's submission refused by `admitOpenLink` (too many from one client). */
  | { outcome: 'rate_limited' };

export interface SubmitOptions {
  /**
   * Asked before an open link's submission is looked at (personal links never ask): false
   * refuses it as 'rate_limited'. The API counts submissions per client address and link here.
   */
  admitOpenLink?: (openLinkId: number) => boolean;
}

const MAX_TEXT = 4000;
const YES_PARTLY_NO = ['yes', 'partly', 'no'];

interface QuestionRow {
  id: number;
  key: string;
  type: QuestionType;
  required: boolean;
  text_en: string;
  text_es: string;
  choices: QuestionChoice[] | null;
  allow_other: boolean;
}

interface InvitationRow {
  id: number;
  webinar_id: number;
  participant_id: number | null;
  wave: SurveyWave;
  survey_version_id: number;
  language: string;
  expires_at: Date | string;
  expired: boolean;
  answered: boolean;
}

async function findInvitation(db: Kysely<Database>, token: string): Promise<InvitationRow | null> {
  const { rows } = await sql<InvitationRow>`
    select i.id, i.webinar_id, i.participant_id, i.wave, i.survey_version_id, i.language,
           i.expires_at, i.expires_at <= now() as expired,
           exists (select 1 from survey_response r where r.invitation_id = i.id) as answered
    from survey_invitation i
    where i.token = ${token}
  `.execute(db);
  return rows[0] ?? null;
}

// A version's questions never change once it exists (editing creates a new version), so they
// are read once per version and process. Keyed by the database too: tests open many.
const questionCache = new WeakMap<object, Map<number, Promise<QuestionRow[]>>>();

function questionsOf(db: Kysely<Database>, versionId: number): Promise<QuestionRow[]> {
  let versions = questionCache.get(db);
  if (!versions) questionCache.set(db, (versions = new Map<number, Promise<QuestionRow[]>>()));
  let questions = versions.get(versionId);
  if (!questions) {
    questions = db
      .selectFrom('survey_question')
      .select(['id', 'key', 'type', 'required', 'text_en', 'text_es', 'choices', 'allow_other'])
      .where('survey_version_id', '=', versionId)
      .orderBy('position')
      .execute();
    questions.catch(() => versions.delete(versionId));
    versions.set(versionId, questions);
  }
  return questions;
}

const languageOf = (text: string): SurveyLanguage => (text === 'es' ? 'es' : 'en');
const label = (c: QuestionChoice, lang: SurveyLanguage) =>
  lang === 'es' ? c.label_es : c.label_en;
const iso = (value: Date | string) => new Date(value).toISOString();

/** The form of a personal link in its language (or `language`), or null for an unknown token. */
export async function getSurveyForm(
  db: Kysely<Database>,
  token: string,
  language?: SurveyLanguage,
): Promise<SurveyForm | null> {
  const invitation = await findInvitation(db, token);
  if (!invitation) return openLinkForm(db, token, language);
  const lang = language ?? languageOf(invitation.language);
  const [questions, webinar] = await Promise.all([
    questionsOf(db, invitation.survey_version_id),
    db
      .selectFrom('webinar')
      .select(['id', 'title', 'starts_at'])
      .where('id', '=', invitation.webinar_id)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    state: invitation.answered ? 'answered' : invitation.expired ? 'expired' : 'open',
    wave: invitation.wave,
    language: lang,
    expiresAt: iso(invitation.expires_at),
    webinar: { id: webinar.id, title: webinar.title, startsAt: iso(webinar.starts_at) },
    questions: questions.map((q) => ({
      id: q.id,
      key: q.key,
      type: q.type,
      required: q.required,
      text: lang === 'es' ? q.text_es : q.text_en,
      choices: q.choices?.map((c) => ({ value: c.value, label: label(c, lang) })) ?? null,
      allowOther: q.allow_other,
    })),
    planned: invitation.wave === 'followup' ? await plannedUses(db, invitation, lang) : null,
  };
}

/**
 * The form of an open link: always blank (anyone may answer, any number of times), closed
 * ('expired') once the link expires or is revoked; nothing planned to show, as nobody is known.
 */
async function openLinkForm(
  db: Kysely<Database>,
  token: string,
  language?: SurveyLanguage,
): Promise<SurveyForm | null> {
  const link = await findOpenLink(db, token);
  if (!link) return null;
  const lang = language ?? languageOf(link.language);
  const [questions, webinar] = await Promise.all([
    questionsOf(db, link.surveyVersionId),
    db
      .selectFrom('webinar')
      .select(['id', 'title', 'starts_at'])
      .where('id', '=', link.webinarId)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    state: link.closed ? 'expired' : 'open',
    wave: link.wave,
    language: lang,
    expiresAt: iso(link.expiresAt),
    webinar: { id: webinar.id, title: webinar.title, startsAt: iso(webinar.starts_at) },
    questions: questions.map((q) => ({
      id: q.id,
      key: q.key,
      type: q.type,
      required: q.required,
      text: lang === 'es' ? q.text_es : q.text_en,
      choices: q.choices?.map((c) => ({ value: c.value, label: label(c, lang) })) ?? null,
      allowOther: q.allow_other,
    })),
    planned: null,
  };
}

/** The intended uses the same person gave in the post-webinar survey of the same webinar. */
async function plannedUses(
  db: Kysely<Database>,
  invitation: InvitationRow,
  lang: SurveyLanguage,
): Promise<SurveyForm['planned']> {
  if (invitation.participant_id === null) return null;
  const { rows } = await sql<{
    submitted_at: Date | string;
    value_choices: string[] | null;
    value_text: string | null;
    choices: QuestionChoice[] | null;
  }>`
    select r.submitted_at, a.value_choices, a.value_text, q.choices
    from survey_response r
    join survey_answer a on a.response_id = r.id
    join survey_question q on q.id = a.question_id
    where r.webinar_id = ${invitation.webinar_id} and r.participant_id = ${invitation.participant_id}
      and r.wave = 'post' and q.key = 'intended_use'
    order by r.submitted_at desc
    limit 1
  `.execute(db);
  const row = rows[0];
  if (!row) return null;
  const byValue = new Map((row.choices ?? []).map((c) => [c.value, c]));
  return {
    answeredAt: iso(row.submitted_at),
    uses: (row.value_choices ?? []).map((value) => {
      const choice = byValue.get(value);
      return { value, label: choice ? label(choice, lang) : value };
    }),
    other: row.value_text,
  };
}

interface StoredAnswer {
  questionId: number;
  number: number | null;
  text: string | null;
  choices: string[] | null;
}

/**
 * Checks answers against the questions. Shapes by type: rating5 an integer 1–5; nps 0–10;
 * yes_partly_no "yes" | "partly" | "no"; text a string; single a choice value, or
 * { choice: "other", other: "…" }; multi an array of choice values, or { choices: [...], other:
 * "…" } when "other" is among them; consent true or false (with quote.displayName when true).
 * Empty answers (null, "", []) are no answer. Every problem is reported, next to its question.
 */
function validateAnswers(
  questions: QuestionRow[],
  input: SubmissionInput,
): { answers: StoredAnswer[]; consent: boolean; errors: AnswerError[] } {
  const errors: AnswerError[] = [];
  const answers: StoredAnswer[] = [];
  let consent = false;
  const known = new Set(questions.map((q) => String(q.id)));
  for (const id of Object.keys(input.answers)) {
    if (!known.has(id)) {
      errors.push({
        questionId: Number.isInteger(Number(id)) ? Number(id) : null,
        key: null,
        code: 'unknown_question',
        message: `There is no question ${id} in this survey.`,
      });
    }
  }
  for (const q of questions) {
    const raw = input.answers[String(q.id)];
    const fail = (code: AnswerError['code'], message: string) =>
      errors.push({ questionId: q.id, key: q.key, code, message });
    const empty =
      raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (q.required) fail('required', 'This question needs an answer.');
      continue;
    }
    const values = new Set((q.choices ?? []).map((c) => c.value));
    switch (q.type) {
      case 'rating5':
      case 'nps': {
        const [min, max] = q.type === 'nps' ? [0, 10] : [1, 5];
        const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
        if (typeof n !== 'number' || !Number.isInteger(n)) {
          fail('not_a_number', `Give a whole number from ${min} to ${max}.`);
        } else if (n < min || n > max) {
          fail('out_of_range', `Give a whole number from ${min} to ${max}.`);
        } else {
          answers.push({ questionId: q.id, number: n, text: null, choices: null });
        }
        break;
      }
      case 'yes_partly_no':
        if (typeof raw !== 'string' || !YES_PARTLY_NO.includes(raw)) {
          fail('unknown_choice', 'Answer yes, partly or no.');
        } else {
          answers.push({ questionId: q.id, number: null, text: raw, choices: null });
        }
        break;
      case 'text':
        if (typeof raw !== 'string') {
          fail('wrong_type', 'Give a text answer.');
        } else if (raw.length > MAX_TEXT) {
          fail('too_long', `Keep the answer under ${MAX_TEXT} characters.`);
        } else if (raw.trim() !== '') {
          answers.push({ questionId: q.id, number: null, text: raw.trim(), choices: null });
        } else if (q.required) {
          fail('required', 'This question needs an answer.');
        }
        break;
      case 'single':
      case 'multi': {
        const object = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
        const picked: unknown = object
          ? (raw as Record<string, unknown>)[q.type === 'single' ? 'choice' : 'choices']
          : raw;
        const other = object ? (raw as Record<string, unknown>).other : undefined;
        const list = q.type === 'single' ? [picked] : picked;
        if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
          fail('wrong_type', q.type === 'single' ? 'Pick one choice.' : 'Pick from the list.');
          break;
        }
        const chosen = [...new Set(list as string[])];
        const unknown = chosen.filter((v) => !values.has(v));
        if (unknown.length) {
          fail('unknown_choice', `Not a choice of this question: ${unknown.join(', ')}.`);
          break;
        }
        let otherText: string | null = null;
        if (chosen.includes('other') && q.allow_other) {
          if (typeof other !== 'string' || other.trim() === '') {
            fail('other_text_missing', 'Say what the other is.');
            break;
          }
          if (other.length > MAX_TEXT) {
            fail('too_long', `Keep the answer under ${MAX_TEXT} characters.`);
            break;
          }
          otherText = other.trim();
        }
        answers.push(
          q.type === 'single'
            ? {
                questionId: q.id,
                number: null,
                text: otherText ?? chosen[0]!,
                choices: otherText ? ['other'] : null,
              }
            : { questionId: q.id, number: null, text: otherText, choices: chosen.sort() },
        );
        break;
      }
      case 'consent':
        if (typeof raw !== 'boolean') {
          fail('wrong_type', 'Answer yes or no.');
          break;
        }
        consent = raw;
        if (raw && !input.quote?.displayName?.trim()) {
          fail('display_name_missing', 'Give the name to quote you by (first name and initial).');
          break;
        }
        if (raw && input.quote?.country && !/^[A-Z]{2}$/.test(input.quote.country)) {
          fail('bad_country', 'Give the country as a two-letter ISO code.');
          break;
        }
        answers.push({ questionId: q.id, number: null, text: raw ? 'yes' : 'no', choices: null });
        break;
    }
  }
  return { answers, consent, errors };
}

/** A fingerprint of what was submitted, so a repeat of the same answers is recognised. */
function fingerprint(answers: StoredAnswer[], consent: boolean, quote: QuoteInput | undefined) {
  const canonical = JSON.stringify({
    answers: [...answers].sort((a, b) => a.questionId - b.questionId),
    quote: consent ? [quote?.displayName?.trim() ?? null, quote?.country ?? null] : null,
  });
  return createHash('sha256').update(canonical).digest('base64url');
}

// Which version each question belongs to: question ids are unique across versions, so the
// answers' keys name the version, and the common case (a valid submission of an open link) is
// stored in one round trip, without reading the invitation first. Reloaded when an id is new.
const versionCache = new WeakMap<object, Map<number, number>>();

async function versionOfAnswers(
  db: Kysely<Database>,
  input: SubmissionInput,
): Promise<number | null> {
  const ids = Object.keys(input.answers).map(Number).filter(Number.isInteger);
  if (ids.length === 0) return null;
  const load = () =>
    db
      .selectFrom('survey_question')
      .select(['id', 'survey_version_id'])
      .execute()
      .then((rows) => new Map(rows.map((r) => [r.id, r.survey_version_id])));
  let versions = versionCache.get(db);
  if (!versions || !ids.some((id) => versions!.has(id))) {
    // First use, or a version made since: one read of the (small) question table.
    versionCache.set(db, (versions = await load()));
  }
  const known = ids.find((id) => versions.has(id));
  return known === undefined ? null : versions.get(known)!;
}

/**
 * Stores the one response a personal link may give. Concurrent and repeated submissions store
 * exactly one (the unique invitation_id decides, in the database); a repeat of the same answers
 * is told so ('repeat'), different ones are refused ('conflict'). Answers are validated first and
 * nothing is stored when any is wrong.
 */
export async function submitResponse(
  db: Kysely<Database>,
  token: string,
  input: SubmissionInput,
  options: SubmitOptions = {},
): Promise<SubmissionResult> {
  // The fast path: the version the answers belong to, valid answers, one insert that also
  // checks the token, its version and its expiry. Anything else is explained by the slow path.
  const versionId = await versionOfAnswers(db, input);
  if (versionId !== null) {
    const checked = validateAnswers(await questionsOf(db, versionId), input);
    if (checked.errors.length === 0) {
      const stored = await insertResponse(db, token, versionId, input, checked);
      if (stored !== null) return { outcome: 'stored', responseId: stored };
    }
  }

  const invitation = await findInvitation(db, token);
  if (!invitation) return submitThroughOpenLink(db, token, input, options);
  const checked = validateAnswers(await questionsOf(db, invitation.survey_version_id), input);
  if (checked.errors.length) return { outcome: 'invalid', errors: checked.errors };
  if (!invitation.answered) {
    if (invitation.expired) return { outcome: 'expired' };
    // Answers for another version than the fast path guessed (or none): store them now.
    const stored = await insertResponse(db, token, invitation.survey_version_id, input, checked);
    if (stored !== null) return { outcome: 'stored', responseId: stored };
  }
  const existing = await db
    .selectFrom('survey_response')
    .select(['id', 'answers_hash'])
    .where('invitation_id', '=', invitation.id)
    .executeTakeFirst();
  if (!existing) return { outcome: 'expired' };
  return existing.answers_hash === fingerprint(checked.answers, checked.consent, input.quote)
    ? { outcome: 'repeat', responseId: existing.id }
    : { outcome: 'conflict' };
}

/**
 * The response and its answers in one statement, so atomic without a transaction: written
 * together or not at all. The insert waits for a concurrent insert of the same invitation to
 * commit or roll back, then stores nothing if it committed: the unique index is the arbiter, not
 * a read before the write. Null when nothing was stored (unknown token, other version, expired,
 * already answered).
 */
async function insertResponse(
  db: Kysely<Database>,
  token: string,
  versionId: number,
  input: SubmissionInput,
  { answers, consent }: { answers: StoredAnswer[]; consent: boolean },
): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`
    with response as (
      insert into survey_response
        (invitation_id, survey_version_id, webinar_id, participant_id, wave, language,
         consent_to_quote, quote_display_name, quote_country, answers_hash)
      select i.id, i.survey_version_id, i.webinar_id, i.participant_id, i.wave,
             coalesce(${input.language ?? null}::text, case when i.language = 'es' then 'es' else 'en' end),
             ${consent}, ${consent ? (input.quote?.displayName?.trim() ?? null) : null},
             ${consent ? (input.quote?.country ?? null) : null},
             ${fingerprint(answers, consent, input.quote)}
      from survey_invitation i
      where i.token = ${token} and i.survey_version_id = ${versionId} and i.expires_at > now()
      on conflict (invitation_id) do nothing
      returning id
    ),
    ${answersOfResponse(answers)}
    select id from response
  `.execute(db);
  return rows[0]?.id ?? null;
}

/**
 * The common table expression that writes the answers of the response a preceding `response`
 * CTE inserted (nothing when it inserted none). Choices travel comma-joined: values are ids.
 */
function answersOfResponse(answers: StoredAnswer[]) {
  return sql`answers as (
      insert into survey_answer (response_id, question_id, value_number, value_text, value_choices)
      select response.id, a.q, a.n, a.t, case when a.c is null then null else string_to_array(a.c, ',') end
      from response,
           unnest(${answers.map((a) => a.questionId)}::int[],
                  ${answers.map((a) => a.number)}::int[],
                  ${answers.map((a) => a.text)}::text[],
                  ${answers.map((a) => a.choices?.join(',') ?? null)}::text[]) as a(q, n, t, c)
    )`;
}

/**
 * A submission through an open link: every valid one is a new response (invitation_id null),
 * stored in one statement that also checks the link is neither revoked nor expired.
 */
async function submitThroughOpenLink(
  db: Kysely<Database>,
  token: string,
  input: SubmissionInput,
  options: SubmitOptions,
): Promise<SubmissionResult> {
  const link = await findOpenLink(db, token);
  if (!link) return { outcome: 'not_found' };
  if (options.admitOpenLink && !options.admitOpenLink(link.id)) return { outcome: 'rate_limited' };
  const { answers, consent, errors } = validateAnswers(
    await questionsOf(db, link.surveyVersionId),
    input,
  );
  if (errors.length) return { outcome: 'invalid', errors };
  if (link.closed) return { outcome: 'expired' };
  const { rows } = await sql<{ id: number }>`
    with response as (
      insert into survey_response
        (invitation_id, open_link_id, survey_version_id, webinar_id, participant_id, wave,
         language, consent_to_quote, quote_display_name, quote_country, answers_hash)
      select null, l.id, l.survey_version_id, l.webinar_id, null, l.wave,
             coalesce(${input.language ?? null}::text, case when l.language = 'es' then 'es' else 'en' end),
             ${consent}, ${consent ? (input.quote?.displayName?.trim() ?? null) : null},
             ${consent ? (input.quote?.country ?? null) : null},
             ${fingerprint(answers, consent, input.quote)}
      from survey_open_link l
      where l.id = ${link.id} and l.revoked_at is null and l.expires_at > now()
      returning id
    ),
    ${answersOfResponse(answers)}
    select id from response
  `.execute(db);
  const id = rows[0]?.id;
  return id === undefined ? { outcome: 'expired' } : { outcome: 'stored', responseId: id };
}
