import { isRecord } from '$lib/api/client';
import { isLocale, type Locale } from '$lib/i18n/locale';

// The respondent's form as GET /api/responses/<token> describes it, and the translation between
// an HTML form's fields and the answers POST /api/responses/<token> takes. Field names:
// `q<id>` holds a question's answer (several values for multiple choice), `q<id>_other` the text
// of its "Other", `quote_name` and `quote_country` how to quote the respondent, `website` the
// honeypot that only bots fill in.

export const QUESTION_TYPES = [
  'rating5',
  'nps',
  'single',
  'multi',
  'yes_partly_no',
  'text',
  'consent',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Choice {
  value: string;
  label: string;
}

export interface SurveyQuestion {
  id: number;
  key: string;
  type: QuestionType;
  required: boolean;
  text: string;
  choices: Choice[] | null;
  allowOther: boolean;
}

export interface SurveyForm {
  state: 'open' | 'answered' | 'expired';
  wave: 'post' | 'followup';
  language: Locale;
  expiresAt: string;
  webinar: { id: number; title: string; startsAt: string };
  questions: SurveyQuestion[];
  planned: { answeredAt: string; uses: Choice[]; other: string | null } | null;
}

function isChoice(value: unknown): value is Choice {
  return isRecord(value) && typeof value.value === 'string' && typeof value.label === 'string';
}

function isQuestion(value: unknown): value is SurveyQuestion {
  return (
    isRecord(value) &&
    Number.isInteger(value.id) &&
    typeof value.key === 'string' &&
    (QUESTION_TYPES as readonly unknown[]).includes(value.type) &&
    typeof value.required === 'boolean' &&
    typeof value.text === 'string' &&
    (value.choices === null || (Array.isArray(value.choices) && value.choices.every(isChoice))) &&
    typeof value.allowOther === 'boolean'
  );
}

export function isSurveyForm(body: unknown): body is SurveyForm {
  if (!isRecord(body) || !isRecord(body.webinar)) return false;
  const planned = body.planned;
  return (
    ['open', 'answered', 'expired'].includes(body.state as string) &&
    ['post', 'followup'].includes(body.wave as string) &&
    isLocale(body.language) &&
    typeof body.expiresAt === 'string' &&
    Number.isInteger(body.webinar.id) &&
    typeof body.webinar.title === 'string' &&
    typeof body.webinar.startsAt === 'string' &&
    Array.isArray(body.questions) &&
    body.questions.every(isQuestion) &&
    (planned === null ||
      (isRecord(planned) &&
        typeof planned.answeredAt === 'string' &&
        Array.isArray(planned.uses) &&
        planned.uses.every(isChoice) &&
        (planned.other === null || typeof planned.other === 'string')))
  );
}

/** What the form's fields held, by field name: given back with the errors, so nothing is lost. */
export type FieldValues = Record<string, string | string[]>;

export interface Submission {
  answers: Record<string, unknown>;
  language: Locale;
  quote?: { displayName?: string; country?: string };
  /** The honeypot, sent only when filled in (by a bot). */
  website?: string;
}

export const field = (question: { id: number }) => `q${question.id}`;
export const otherField = (question: { id: number }) => `q${question.id}_other`;

function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value : '';
}

/** Every field of the survey as submitted, to render the form again as the respondent left it. */
export function fieldValues(questions: SurveyQuestion[], data: FormData): FieldValues {
  const values: FieldValues = {};
  for (const question of questions) {
    values[field(question)] =
      question.type === 'multi'
        ? data.getAll(field(question)).filter((v): v is string => typeof v === 'string')
        : text(data, field(question));
    if (question.allowOther) values[otherField(question)] = text(data, otherField(question));
  }
  values.quote_name = text(data, 'quote_name');
  values.quote_country = text(data, 'quote_country');
  return values;
}

/**
 * The API's submission from the form's fields. Unanswered questions are left out (the API says
 * which are required); values go as typed so the API, not the form, decides what is valid.
 */
export function submissionFrom(
  questions: SurveyQuestion[],
  data: FormData,
  language: Locale,
): Submission {
  const answers: Record<string, unknown> = {};
  let consent = false;
  for (const question of questions) {
    const name = field(question);
    const other = text(data, otherField(question)).trim();
    switch (question.type) {
      case 'rating5':
      case 'nps': {
        const value = text(data, name).trim();
        if (value !== '') answers[question.id] = /^\d+$/.test(value) ? Number(value) : value;
        break;
      }
      case 'yes_partly_no':
      case 'text': {
        const value = text(data, name);
        if (value.trim() !== '') answers[question.id] = value;
        break;
      }
      case 'single': {
        const value = text(data, name);
        if (value === '') break;
        answers[question.id] =
          value === 'other' && question.allowOther ? { choice: value, other } : value;
        break;
      }
      case 'multi': {
        const values = data.getAll(name).filter((v): v is string => typeof v === 'string');
        if (values.length === 0) break;
        answers[question.id] =
          values.includes('other') && question.allowOther ? { choices: values, other } : values;
        break;
      }
      case 'consent': {
        const value = text(data, name);
        if (value === 'yes' || value === 'no') {
          answers[question.id] = value === 'yes';
          consent ||= value === 'yes';
        }
        break;
      }
    }
  }
  const submission: Submission = { answers, language };
  if (consent) {
    const displayName = text(data, 'quote_name').trim();
    const country = text(data, 'quote_country').trim();
    submission.quote = {
      ...(displayName && { displayName }),
      ...(country && { country }),
    };
  }
  const website = text(data, 'website');
  if (website !== '') submission.website = website;
  return submission;
}

/** An answer error as the API reports it (`errors[]` of a 400). */
export interface AnswerError {
  questionId: number | null;
  code: string;
}

export const ERROR_CODES = [
  'required',
  'not_a_number',
  'out_of_range',
  'unknown_choice',
  'other_text_missing',
  'too_long',
  'wrong_type',
  'unknown_question',
  'display_name_missing',
  'bad_country',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The errors by the field they concern: a question's `q<id>`, or `quote_name`/`quote_country`
 * for how to quote (the API files those under the consent question). Codes the form does not
 * know become `wrong_type`, so every error is shown.
 */
export function errorsByField(errors: AnswerError[]): Record<string, ErrorCode> {
  const byField: Record<string, ErrorCode> = {};
  for (const error of errors) {
    const code: ErrorCode = (ERROR_CODES as readonly string[]).includes(error.code)
      ? (error.code as ErrorCode)
      : 'wrong_type';
    const name =
      code === 'display_name_missing'
        ? 'quote_name'
        : code === 'bad_country'
          ? 'quote_country'
          : error.questionId === null
            ? 'form'
            : `q${error.questionId}`;
    byField[name] ??= code;
  }
  return byField;
}

export function isAnswerErrors(value: unknown): value is AnswerError[] {
  return (
    Array.isArray(value) &&
    value.every(
      (e) =>
        isRecord(e) &&
        (e.questionId === null || Number.isInteger(e.questionId)) &&
        typeof e.code === 'string',
    )
  );
}
