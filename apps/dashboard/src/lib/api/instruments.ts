import { QUESTION_TYPES, SURVEY_WAVES } from '@ripple/db/schema';
import type { QuestionChoice, QuestionType, SurveyWave } from '@ripple/db/schema';
import { isCount, isRecord } from './client';

// Survey instruments as the API serves them (apps/api/src/routes/surveys.ts).

export { QUESTION_TYPES as questionTypes };
export type { QuestionChoice, QuestionType, SurveyWave };

export interface InstrumentQuestion {
  id: number;
  position: number;
  key: string;
  type: QuestionType;
  required: boolean;
  text_en: string;
  text_es: string;
  choices: QuestionChoice[] | null;
  allowOther: boolean;
}

/** `GET /api/surveys/:id/versions/:version` */
export interface InstrumentVersion {
  surveyId: number;
  code: string;
  kind: SurveyWave;
  name: string;
  version: number;
  createdAt: string;
  current: boolean;
  responses: number;
  questions: InstrumentQuestion[];
}

export interface VersionSummary {
  version: number;
  createdAt: string;
  questions: number;
  responses: number;
  invitations: number;
}

/** `GET /api/surveys/:id` */
export interface Instrument {
  id: number;
  code: string;
  kind: SurveyWave;
  name: string;
  createdAt: string;
  current: InstrumentVersion;
  versions: VersionSummary[];
}

/** `PUT /api/surveys/:id`, 200 or 201 */
export interface SavedInstrument {
  status: 'created' | 'unchanged';
  survey: Instrument;
  warnings: Array<{ path: string; code: 'type_changed' | 'dropped'; key: string; message: string }>;
}

/** One problem of a refused save (400), at its path in the body. */
export interface InstrumentProblem {
  path: string;
  code: string;
  message: string;
}

const isChoice = (value: unknown): value is QuestionChoice =>
  isRecord(value) &&
  typeof value.value === 'string' &&
  typeof value.label_en === 'string' &&
  typeof value.label_es === 'string';

function isQuestion(value: unknown): value is InstrumentQuestion {
  return (
    isRecord(value) &&
    isCount(value.id) &&
    typeof value.key === 'string' &&
    (QUESTION_TYPES as readonly unknown[]).includes(value.type) &&
    typeof value.required === 'boolean' &&
    typeof value.text_en === 'string' &&
    typeof value.text_es === 'string' &&
    (value.choices === null || (Array.isArray(value.choices) && value.choices.every(isChoice))) &&
    typeof value.allowOther === 'boolean'
  );
}

export function isInstrumentVersion(body: unknown): body is InstrumentVersion {
  return (
    isRecord(body) &&
    isCount(body.surveyId) &&
    typeof body.name === 'string' &&
    (SURVEY_WAVES as readonly unknown[]).includes(body.kind) &&
    isCount(body.version) &&
    typeof body.createdAt === 'string' &&
    typeof body.current === 'boolean' &&
    isCount(body.responses) &&
    Array.isArray(body.questions) &&
    body.questions.every(isQuestion)
  );
}

export function isInstrument(body: unknown): body is Instrument {
  return (
    isRecord(body) &&
    isCount(body.id) &&
    typeof body.name === 'string' &&
    isInstrumentVersion(body.current) &&
    Array.isArray(body.versions) &&
    body.versions.every(
      (v: unknown) =>
        isRecord(v) &&
        isCount(v.version) &&
        typeof v.createdAt === 'string' &&
        isCount(v.responses) &&
        isCount(v.invitations),
    )
  );
}

/** The problems of a 400 answer to a save, or none when the body is not one. */
export function problemsOf(body: unknown): InstrumentProblem[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(
    (e: unknown): e is InstrumentProblem =>
      isRecord(e) &&
      typeof e.path === 'string' &&
      typeof e.code === 'string' &&
      typeof e.message === 'string',
  );
}
