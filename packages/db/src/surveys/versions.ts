import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, QuestionChoice, QuestionType, SurveyWave } from '../schema.js';
import { DEFAULT_SURVEY_CODES, questionRows, type QuestionDefinition } from './instruments.js';
import { validateQuestions, type InstrumentProblem, type QuestionInput } from './validate.js';

// Instruments and their versions, as managers see and edit them. A version never changes once
// stored: an edit is a new version, so a response keeps the questions (and wording) it answered,
// and an invitation keeps the version it was made with. Analytics follow a question across
// versions by its key.

export interface SurveySummary {
  id: number;
  code: string;
  kind: SurveyWave;
  name: string;
  /** The latest version: what new invitations use. */
  currentVersion: number;
  /** When the latest version was saved (ISO). */
  updatedAt: string;
  questions: number;
  /** Responses to every version. */
  responses: number;
}

export interface StoredQuestion extends QuestionDefinition {
  id: number;
  position: number;
}

export interface SurveyVersionDetail {
  surveyId: number;
  code: string;
  kind: SurveyWave;
  name: string;
  version: number;
  createdAt: string;
  /** Whether this is the version new invitations use. */
  current: boolean;
  responses: number;
  questions: StoredQuestion[];
}

export interface VersionSummary {
  version: number;
  createdAt: string;
  questions: number;
  responses: number;
  /** Invitations made with this version, answered or not. */
  invitations: number;
}

export interface SurveyDetail {
  id: number;
  code: string;
  kind: SurveyWave;
  name: string;
  createdAt: string;
  current: SurveyVersionDetail;
  /** Newest first. */
  versions: VersionSummary[];
}

export interface SaveWarning {
  path: string;
  /** type_changed: the key had another type in an earlier version; dropped: no longer asked. */
  code: 'type_changed' | 'dropped';
  key: string;
  message: string;
}

export interface SaveInput {
  /** The version the edit started from; another save since then is a conflict. */
  baseVersion: number;
  questions: QuestionInput[];
}

export type SaveResult =
  | { outcome: 'created' | 'unchanged'; survey: SurveyDetail; warnings: SaveWarning[] }
  | { outcome: 'invalid'; problems: InstrumentProblem[] }
  | { outcome: 'conflict'; currentVersion: number }
  | { outcome: 'not_found' };

const iso = (value: Date | string) => new Date(value).toISOString();

/** Every instrument with its latest version and its responses, in code order. */
export async function listSurveys(db: Kysely<Database>): Promise<SurveySummary[]> {
  const { rows } = await sql<{
    id: number;
    code: string;
    kind: SurveyWave;
    name: string;
    current_version: number;
    updated_at: Date | string;
    questions: number;
    responses: number;
  }>`
    select s.id, s.code, s.kind, s.name, v.version as current_version, v.created_at as updated_at,
           (select count(*)::int from survey_question q where q.survey_version_id = v.id) as questions,
           (select count(*)::int from survey_response r
              join survey_version rv on rv.id = r.survey_version_id
             where rv.survey_id = s.id) as responses
    from survey s
    join lateral (
      select id, version, created_at from survey_version
      where survey_id = s.id order by version desc limit 1
    ) v on true
    order by s.code
  `.execute(db);
  return rows.map((row) => ({
    id: row.id,
    code: row.code,
    kind: row.kind,
    name: row.name,
    currentVersion: row.current_version,
    updatedAt: iso(row.updated_at),
    questions: row.questions,
    responses: row.responses,
  }));
}

/** One version of an instrument with its questions in order, or null when either is unknown. */
export async function getSurveyVersion(
  db: Kysely<Database>,
  surveyId: number,
  version: number,
): Promise<SurveyVersionDetail | null> {
  const { rows } = await sql<{
    version_id: number;
    code: string;
    kind: SurveyWave;
    name: string;
    created_at: Date | string;
    current: boolean;
    responses: number;
  }>`
    select v.id as version_id, s.code, s.kind, s.name, v.created_at,
           v.version = (select max(version) from survey_version where survey_id = s.id) as current,
           (select count(*)::int from survey_response r where r.survey_version_id = v.id) as responses
    from survey s join survey_version v on v.survey_id = s.id
    where s.id = ${surveyId} and v.version = ${version}
  `.execute(db);
  const row = rows[0];
  if (!row) return null;
  return {
    surveyId,
    code: row.code,
    kind: row.kind,
    name: row.name,
    version,
    createdAt: iso(row.created_at),
    current: row.current,
    responses: row.responses,
    questions: await questionsOf(db, row.version_id),
  };
}

/** An instrument: its latest version with questions, and the history of its versions. */
export async function getSurvey(
  db: Kysely<Database>,
  surveyId: number,
): Promise<SurveyDetail | null> {
  const survey = await db
    .selectFrom('survey')
    .select(['id', 'code', 'kind', 'name', 'created_at'])
    .where('id', '=', surveyId)
    .executeTakeFirst();
  if (!survey) return null;
  const { rows: versions } = await sql<{
    version: number;
    created_at: Date | string;
    questions: number;
    responses: number;
    invitations: number;
  }>`
    select v.version, v.created_at,
           (select count(*)::int from survey_question q where q.survey_version_id = v.id) as questions,
           coalesce(r.n, 0) as responses, coalesce(i.n, 0) as invitations
    from survey_version v
    left join (
      select survey_version_id, count(*)::int as n from survey_response
      where survey_version_id in (select id from survey_version where survey_id = ${surveyId})
      group by survey_version_id
    ) r on r.survey_version_id = v.id
    left join (
      select survey_version_id, count(*)::int as n from survey_invitation
      where survey_version_id in (select id from survey_version where survey_id = ${surveyId})
      group by survey_version_id
    ) i on i.survey_version_id = v.id
    where v.survey_id = ${surveyId}
    order by v.version desc
  `.execute(db);
  const latest = versions[0];
  if (!latest) return null; // An instrument is always made with its first version.
  const current = await getSurveyVersion(db, surveyId, latest.version);
  if (!current) return null;
  return {
    id: survey.id,
    code: survey.code,
    kind: survey.kind,
    name: survey.name,
    createdAt: iso(survey.created_at),
    current,
    versions: versions.map((v) => ({
      version: v.version,
      createdAt: iso(v.created_at),
      questions: v.questions,
      responses: v.responses,
      invitations: v.invitations,
    })),
  };
}

/** The latest version's row id of an instrument: the version new invitations are made with. */
export async function currentSurveyVersionId(
  db: Kysely<Database>,
  surveyId: number,
): Promise<number | null> {
  const row = await db
    .selectFrom('survey_version')
    .select('id')
    .where('survey_id', '=', surveyId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The version new invitations of a wave are made with: the latest version of the wave's default
 * instrument (`post-webinar` or `follow-up`). Null only if that instrument was deleted by hand.
 */
export async function currentVersionIdForWave(
  db: Kysely<Database>,
  wave: SurveyWave,
): Promise<number | null> {
  const row = await db
    .selectFrom('survey_version as v')
    .innerJoin('survey as s', 's.id', 'v.survey_id')
    .select('v.id')
    .where('s.code', '=', DEFAULT_SURVEY_CODES[wave])
    .orderBy('v.version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

async function questionsOf(
  db: Kysely<Database> | Transaction<Database>,
  versionId: number,
): Promise<StoredQuestion[]> {
  const rows = await db
    .selectFrom('survey_question')
    .select([
      'id',
      'position',
      'key',
      'type',
      'required',
      'text_en',
      'text_es',
      'choices',
      'allow_other',
    ])
    .where('survey_version_id', '=', versionId)
    .orderBy('position')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    position: row.position,
    key: row.key,
    type: row.type,
    required: row.required,
    text_en: row.text_en,
    text_es: row.text_es,
    // Rebuilt field by field: jsonb keeps its own key order, and comparisons need ours.
    choices:
      row.choices?.map((c: QuestionChoice) => ({
        value: c.value,
        label_en: c.label_en,
        label_es: c.label_es,
      })) ?? null,
    allowOther: row.allow_other,
  }));
}

const definitionOf = (q: QuestionDefinition): QuestionDefinition => ({
  key: q.key,
  type: q.type,
  required: q.required,
  text_en: q.text_en,
  text_es: q.text_es,
  choices: q.choices,
  allowOther: q.allowOther,
});
const sameQuestions = (a: QuestionDefinition[], b: QuestionDefinition[]) =>
  JSON.stringify(a.map(definitionOf)) === JSON.stringify(b.map(definitionOf));

/**
 * Saves an edit of an instrument as its next version, in one transaction. Invalid questions are
 * refused with every problem; an edit of a version that is no longer the latest is a conflict
 * (two managers saving at once: the first wins, the second is told); an edit that changes
 * nothing stores nothing. Existing responses and invitations keep their versions.
 */
export async function saveSurveyVersion(
  db: Kysely<Database>,
  surveyId: number,
  input: SaveInput,
): Promise<SaveResult> {
  const checked = validateQuestions(input.questions);
  if (!checked.ok) return { outcome: 'invalid', problems: checked.problems };
  const questions = checked.questions;

  const saved = await db.transaction().execute(async (trx) => {
    // The survey row's lock orders concurrent saves: the second reads the first's version.
    const survey = await trx
      .selectFrom('survey')
      .select('id')
      .where('id', '=', surveyId)
      .forUpdate()
      .executeTakeFirst();
    if (!survey) return { outcome: 'not_found' } as const;
    const latest = await trx
      .selectFrom('survey_version')
      .select(['id', 'version'])
      .where('survey_id', '=', surveyId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    if (latest.version !== input.baseVersion) {
      return { outcome: 'conflict', currentVersion: latest.version } as const;
    }
    const before = await questionsOf(trx, latest.id);
    if (sameQuestions(before, questions))
      return { outcome: 'unchanged' as const, warnings: [] as SaveWarning[] };

    const warnings = await warningsFor(trx, surveyId, before, questions);
    const version = await trx
      .insertInto('survey_version')
      .values({ survey_id: surveyId, version: latest.version + 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('survey_question').values(questionRows(version.id, questions)).execute();
    return { outcome: 'created' as const, warnings };
  });
  if (saved.outcome === 'not_found' || saved.outcome === 'conflict') return saved;
  const survey = await getSurvey(db, surveyId);
  if (!survey) return { outcome: 'not_found' }; // Deleted in the meantime.
  return { outcome: saved.outcome, survey, warnings: saved.warnings };
}

/**
 * What a manager should know before relying on the new version: a key whose type differs from
 * an earlier version's (analytics follow a key across versions, so its answers would mix), and
 * a question dropped (its earlier answers stay, new responses will not have it).
 */
async function warningsFor(
  trx: Transaction<Database>,
  surveyId: number,
  before: QuestionDefinition[],
  after: QuestionDefinition[],
): Promise<SaveWarning[]> {
  const earlier = await trx
    .selectFrom('survey_question as q')
    .innerJoin('survey_version as v', 'v.id', 'q.survey_version_id')
    .select(['q.key', 'q.type'])
    .distinct()
    .where('v.survey_id', '=', surveyId)
    .orderBy('q.key')
    .orderBy('q.type')
    .execute();
  const typesOf = new Map<string, QuestionType[]>();
  for (const row of earlier) typesOf.set(row.key, [...(typesOf.get(row.key) ?? []), row.type]);
  const warnings: SaveWarning[] = [];
  after.forEach((q, i) => {
    const others = (typesOf.get(q.key) ?? []).filter((type) => type !== q.type);
    if (others.length > 0) {
      warnings.push({
        path: `questions[${i}].type`,
        code: 'type_changed',
        key: q.key,
        message:
          `The key "${q.key}" was a ${others.join(' and ')} question in an earlier version and is now ${q.type}: ` +
          'analytics follow a question by its key, so its answers before and after this change will be counted together. ' +
          'Give the question a new key if it asks something different.',
      });
    }
  });
  const kept = new Set(after.map((q) => q.key));
  for (const q of before) {
    if (!kept.has(q.key)) {
      warnings.push({
        path: 'questions',
        code: 'dropped',
        key: q.key,
        message: `The question "${q.key}" is no longer asked: its earlier answers are kept, but new responses will not have it.`,
      });
    }
  }
  return warnings;
}
