import {
  INSTRUMENT_PROBLEM_CODES,
  MAX_CHOICE_LABEL,
  MAX_QUESTION_TEXT,
  QUESTION_TYPES,
  SURVEY_WAVES,
} from '@ripple/db';
import { Type } from 'typebox';
import { RowId } from './common.js';

// Instruments (surveys) and their versions, as managers read and edit them. Field names of the
// stored JSON keep their language suffix (text_en, label_es), so an error path names the field
// the editor shows.

const Instant = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });

const ChoiceIn = Type.Object(
  {
    value: Type.String({
      maxLength: 200,
      description: 'Stable identifier stored with answers: 1–40 of a-z, 0-9 and _',
    }),
    label_en: Type.String({ maxLength: MAX_CHOICE_LABEL * 4 }),
    label_es: Type.String({ maxLength: MAX_CHOICE_LABEL * 4 }),
  },
  { additionalProperties: false },
);

// Lengths and types are checked generously here and exactly by saveSurveyVersion, which reports
// every problem at once with its path (this schema would stop at the first).
const QuestionIn = Type.Object(
  {
    key: Type.String({
      maxLength: 200,
      description:
        'Stable across versions (analytics follow a question by it): 1–40 of a-z, 0-9 and _',
    }),
    type: Type.String({ maxLength: 100, description: `One of ${QUESTION_TYPES.join(', ')}` }),
    required: Type.Optional(Type.Boolean({ default: false })),
    text_en: Type.String({ maxLength: MAX_QUESTION_TEXT * 4 }),
    text_es: Type.String({ maxLength: MAX_QUESTION_TEXT * 4 }),
    choices: Type.Optional(
      Type.Union([Type.Array(ChoiceIn, { maxItems: 200 }), Type.Null()], {
        description: 'For single and multi (at least two); none for other types',
      }),
    ),
    allowOther: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'single and multi: the choice valued "other" takes a free text',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SaveVersionBody = Type.Object(
  {
    baseVersion: Type.Integer({
      minimum: 1,
      maximum: 2_147_483_647,
      description:
        'The version the edit started from; 409 when another version was saved since then',
    }),
    questions: Type.Array(QuestionIn, { maxItems: 500, description: 'In the order asked' }),
  },
  { additionalProperties: false },
);

const Choice = Type.Object({
  value: Type.String(),
  label_en: Type.String(),
  label_es: Type.String(),
});

const Question = Type.Object({
  id: RowId,
  position: Type.Integer({ minimum: 1 }),
  key: Type.String(),
  type: Type.Enum(QUESTION_TYPES),
  required: Type.Boolean(),
  text_en: Type.String(),
  text_es: Type.String(),
  choices: Type.Union([Type.Array(Choice), Type.Null()]),
  allowOther: Type.Boolean(),
});

export const SurveyVersionSchema = Type.Object({
  surveyId: RowId,
  code: Type.String(),
  kind: Type.Enum(SURVEY_WAVES),
  name: Type.String(),
  version: Type.Integer({ minimum: 1 }),
  createdAt: Instant,
  current: Type.Boolean({ description: 'Whether new invitations use this version' }),
  responses: Count,
  questions: Type.Array(Question),
});

export const SurveyDetailSchema = Type.Object({
  id: RowId,
  code: Type.String(),
  kind: Type.Enum(SURVEY_WAVES),
  name: Type.String(),
  createdAt: Instant,
  current: SurveyVersionSchema,
  versions: Type.Array(
    Type.Object({
      version: Type.Integer({ minimum: 1 }),
      createdAt: Instant,
      questions: Count,
      responses: Count,
      invitations: Type.Integer({
        minimum: 0,
        description: 'Invitations made with this version, answered or not',
      }),
    }),
    { description: 'Newest first' },
  ),
});

export const SurveyListSchema = Type.Array(
  Type.Object({
    id: RowId,
    code: Type.String(),
    kind: Type.Enum(SURVEY_WAVES),
    name: Type.String(),
    currentVersion: Type.Integer({ minimum: 1 }),
    updatedAt: Instant,
    questions: Count,
    responses: Type.Integer({ minimum: 0, description: 'Responses to every version' }),
  }),
);

const Warning = Type.Object({
  path: Type.String(),
  code: Type.Enum(['type_changed', 'dropped']),
  key: Type.String(),
  message: Type.String(),
});

export const SavedSchema = Type.Object({
  status: Type.Enum(['created', 'unchanged']),
  survey: SurveyDetailSchema,
  warnings: Type.Array(Warning, {
    description: 'Said but not refused: a key that changed type, a question no longer asked',
  }),
});

export const InvalidVersionSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  // Absent when the body itself is malformed (the request schema's own 400).
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        path: Type.String({ description: 'e.g. questions[2].choices[1].label_es' }),
        code: Type.Enum(INSTRUMENT_PROBLEM_CODES),
        message: Type.String(),
      }),
    ),
  ),
});

export const ConflictSchema = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  currentVersion: Type.Integer({ minimum: 1 }),
});
