import { QUESTION_TYPES, type QuestionChoice, type QuestionType } from '../schema.js';
import type { QuestionDefinition } from './instruments.js';

// The rules an instrument's version must follow before it is stored. Every problem is reported
// with its path in the request (`questions[2].choices[1].label_es`), so an editor can show each
// next to its field, and a machine-readable code the editor can translate.

/** As a manager sends it: the type is any string until checked; optional fields default off. */
export interface QuestionInput {
  key: string;
  type: string;
  required?: boolean;
  text_en: string;
  text_es: string;
  choices?: QuestionChoice[] | null;
  allowOther?: boolean;
}

export const INSTRUMENT_PROBLEM_CODES = [
  'no_questions',
  'too_many',
  'bad_key',
  'duplicate_key',
  'unknown_type',
  'empty_text',
  'too_long',
  'choices_required',
  'choices_not_allowed',
  'bad_value',
  'duplicate_value',
  'duplicate_label',
  'other_not_allowed',
  'other_choice_missing',
  'duplicate_consent',
] as const;
export type InstrumentProblemCode = (typeof INSTRUMENT_PROBLEM_CODES)[number];

export interface InstrumentProblem {
  /** Where in the request: `questions`, `questions[2].text_es`, `questions[3].choices[1].value`. */
  path: string;
  code: InstrumentProblemCode;
  message: string;
}

/** Keys and choice values: short, lower-case identifiers (choice values travel comma-joined). */
export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
export const MAX_QUESTIONS = 100;
export const MAX_CHOICES = 50;
export const MAX_QUESTION_TEXT = 1000;
export const MAX_CHOICE_LABEL = 300;

const CHOICE_TYPES: readonly QuestionType[] = ['single', 'multi'];
const isQuestionType = (type: string): type is QuestionType =>
  (QUESTION_TYPES as readonly string[]).includes(type);

/**
 * Checks and normalises a version's questions (texts trimmed, defaults filled, choices null for
 * types without choices). Returns every problem, or the questions ready to store.
 */
export function validateQuestions(
  questions: readonly QuestionInput[],
): { ok: true; questions: QuestionDefinition[] } | { ok: false; problems: InstrumentProblem[] } {
  const problems: InstrumentProblem[] = [];
  const problem = (path: string, code: InstrumentProblemCode, message: string) =>
    problems.push({ path, code, message });

  if (questions.length === 0) {
    problem('questions', 'no_questions', 'An instrument needs at least one question.');
  } else if (questions.length > MAX_QUESTIONS) {
    problem('questions', 'too_many', `An instrument takes at most ${MAX_QUESTIONS} questions.`);
  }

  const firstWithKey = new Map<string, number>();
  let consentAt: number | null = null;
  const normalised: QuestionDefinition[] = [];
  questions.forEach((input, i) => {
    const at = `questions[${i}]`;
    if (!KEY_PATTERN.test(input.key)) {
      problem(
        `${at}.key`,
        'bad_key',
        `"${input.key}" is not a valid key: use 1–40 lower-case letters, digits and _, starting with a letter.`,
      );
    } else if (firstWithKey.has(input.key)) {
      problem(
        `${at}.key`,
        'duplicate_key',
        `The key "${input.key}" is already used by questions[${firstWithKey.get(input.key)}]; keys must be unique.`,
      );
    } else {
      firstWithKey.set(input.key, i);
    }

    const typed = isQuestionType(input.type);
    if (!typed) {
      problem(
        `${at}.type`,
        'unknown_type',
        `"${input.type}" is not a question type; use one of ${QUESTION_TYPES.join(', ')}.`,
      );
    } else if (input.type === 'consent') {
      if (consentAt === null) consentAt = i;
      else {
        problem(
          `${at}.type`,
          'duplicate_consent',
          `questions[${consentAt}] already asks for consent; an instrument asks it at most once.`,
        );
      }
    }

    const textEn = text(input.text_en, `${at}.text_en`, MAX_QUESTION_TEXT, problem);
    const textEs = text(input.text_es, `${at}.text_es`, MAX_QUESTION_TEXT, problem);

    const takesChoices = typed && CHOICE_TYPES.includes(input.type as QuestionType);
    const given = input.choices ?? [];
    let choices: QuestionChoice[] | null = null;
    if (takesChoices) {
      choices = checkChoices(given, at, problem);
    } else if (typed && given.length > 0) {
      problem(
        `${at}.choices`,
        'choices_not_allowed',
        `A ${input.type} question has no choices; remove them or make it single or multi.`,
      );
    }

    const allowOther = input.allowOther ?? false;
    if (allowOther && typed && !takesChoices) {
      problem(
        `${at}.allowOther`,
        'other_not_allowed',
        `Only single and multi questions take an "other" text; a ${input.type} question does not.`,
      );
    } else if (allowOther && takesChoices && !given.some((c) => c.value === 'other')) {
      problem(
        `${at}.allowOther`,
        'other_choice_missing',
        'An "other" text needs a choice whose value is "other"; add one or turn "other" off.',
      );
    }

    normalised.push({
      key: input.key,
      type: input.type as QuestionType,
      required: input.required ?? false,
      text_en: textEn,
      text_es: textEs,
      choices,
      allowOther: takesChoices && allowOther,
    });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, questions: normalised };
}

type Report = (path: string, code: InstrumentProblemCode, message: string) => void;

/** A trimmed text, reporting an empty or too long one. */
function text(value: string, path: string, max: number, problem: Report): string {
  const trimmed = value.trim();
  if (trimmed === '') problem(path, 'empty_text', 'Write this text; it cannot be empty.');
  else if (trimmed.length > max) {
    problem(path, 'too_long', `Keep this under ${max} characters (it has ${trimmed.length}).`);
  }
  return trimmed;
}

function checkChoices(
  given: readonly QuestionChoice[],
  at: string,
  problem: Report,
): QuestionChoice[] {
  if (given.length < 2) {
    problem(
      `${at}.choices`,
      'choices_required',
      'A single or multi question needs at least two choices.',
    );
  } else if (given.length > MAX_CHOICES) {
    problem(`${at}.choices`, 'too_many', `A question takes at most ${MAX_CHOICES} choices.`);
  }
  const firstValue = new Map<string, number>();
  const firstLabel = { en: new Map<string, number>(), es: new Map<string, number>() };
  return given.map((choice, j) => {
    const path = `${at}.choices[${j}]`;
    if (!KEY_PATTERN.test(choice.value)) {
      problem(
        `${path}.value`,
        'bad_value',
        `"${choice.value}" is not a valid choice value: use 1–40 lower-case letters, digits and _, starting with a letter.`,
      );
    } else if (firstValue.has(choice.value)) {
      problem(
        `${path}.value`,
        'duplicate_value',
        `The value "${choice.value}" is already used by choices[${firstValue.get(choice.value)}].`,
      );
    } else {
      firstValue.set(choice.value, j);
    }
    const labels = {
      en: text(choice.label_en, `${path}.label_en`, MAX_CHOICE_LABEL, problem),
      es: text(choice.label_es, `${path}.label_es`, MAX_CHOICE_LABEL, problem),
    };
    for (const lang of ['en', 'es'] as const) {
      const folded = labels[lang].toLocaleLowerCase(lang);
      if (folded === '') continue;
      const first = firstLabel[lang].get(folded);
      if (first !== undefined) {
        problem(
          `${path}.label_${lang}`,
          'duplicate_label',
          `choices[${first}] already reads "${labels[lang]}"; respondents could not tell them apart.`,
        );
      } else {
        firstLabel[lang].set(folded, j);
      }
    }
    return { value: choice.value, label_en: labels.en, label_es: labels.es };
  });
}
