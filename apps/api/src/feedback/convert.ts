// An export's cell text → the answer survey_answer stores, by question type, in the shapes the
// survey form stores (surveys/respond.ts): rating5/nps a number; yes_partly_no and consent
// 'yes' | 'partly' | 'no' as text; single the choice value as text (an unknown answer: choices
// ['other'] and the text); multi the sorted choice values with the "other" text beside them.
import { foldKey, type ImportedAnswer, type InstrumentQuestion } from '@ripple/db';

export type Converted = { ok: true; answer: ImportedAnswer | null } | { ok: false; reason: string };

const MAX_TEXT = 4000;

const YES = ['yes', 'si', 'y', 's', 'true', 'verdadero', '1', 'x', 'of course', 'claro', 'acepto'];
const PARTLY = ['partly', 'partially', 'in part', 'somewhat', 'parcialmente', 'en parte', 'algo'];
const NO = ['no', 'n', 'false', 'falso', '0', 'not yet', 'aun no', 'todavia no'];
// SurveyMonkey's label above the typed-in answer of a question with "other".
const OTHER_LABELS = [
  'other please specify',
  'other',
  'otro',
  'otra',
  'otro especifique',
  'otro por favor especifique',
  'otros',
];

/** The word a sentence starts with decides: "Yes, you may quote me" is yes. */
function startsWithAny(folded: string, words: string[]): boolean {
  return words.some((word) => folded === word || folded.startsWith(`${word} `));
}

function yesPartlyNo(text: string): 'yes' | 'partly' | 'no' | null {
  const folded = foldKey(text);
  if (startsWithAny(folded, PARTLY)) return 'partly';
  if (startsWithAny(folded, NO)) return 'no';
  if (startsWithAny(folded, YES)) return 'yes';
  return null;
}

/** A whole number, or the number a label starts with ("5 - Very satisfied", "9 (Likely)"). */
function leadingNumber(text: string): number | null {
  const match = /^\s*(\d{1,2})(?:[.,]0+)?(?=$|[^\d.,]|[.,]\D|[.,]$)/.exec(text);
  return match ? Number(match[1]) : null;
}

function isOtherLabel(label: string | null): boolean {
  return label !== null && OTHER_LABELS.includes(foldKey(label));
}

/** A choice by its value or its label in either language, compared folded. */
function choiceIndex(question: InstrumentQuestion): Map<string, string> {
  const index = new Map<string, string>();
  for (const choice of question.choices ?? []) {
    for (const text of [choice.value, choice.label_en, choice.label_es]) {
      const key = foldKey(text);
      if (key !== '' && !index.has(key)) index.set(key, choice.value);
    }
  }
  return index;
}

const choiceCache = new WeakMap<InstrumentQuestion, Map<string, string>>();
function choicesOf(question: InstrumentQuestion): Map<string, string> {
  let index = choiceCache.get(question);
  if (!index) choiceCache.set(question, (index = choiceIndex(question)));
  return index;
}

/**
 * Google Forms joins ticked boxes with ", " although labels may hold commas: the longest run of
 * parts that makes a known label wins, and what matches nothing is the "other" text. A Kobo
 * select_multiple is space-separated choice names, taken as such when every name is known.
 */
function splitChoices(
  text: string,
  known: Map<string, string>,
): { values: string[]; rest: string[] } {
  const whole = known.get(foldKey(text));
  if (whole !== undefined) return { values: [whole], rest: [] };
  const names = text.trim().split(/\s+/);
  if (names.length > 1 && names.every((name) => known.has(foldKey(name)))) {
    return { values: names.map((name) => known.get(foldKey(name))!), rest: [] };
  }
  const parts = text.split(/,\s*/);
  const values: string[] = [];
  const rest: string[] = [];
  let i = 0;
  while (i < parts.length) {
    let matched = false;
    for (let length = parts.length - i; length >= 1; length -= 1) {
      const value = known.get(foldKey(parts.slice(i, i + length).join(', ')));
      if (value !== undefined) {
        values.push(value);
        i += length;
        matched = true;
        break;
      }
    }
    if (!matched) {
      if (parts[i]!.trim() !== '') rest.push(parts[i]!.trim());
      i += 1;
    }
  }
  return { values, rest };
}

/**
 * One question's answer from its cells (one, or several for a SurveyMonkey question spread over
 * columns, each with its second-row label). Empty cells are no answer (null); text that does not
 * fit the question is a reason, said so a manager can find and fix it.
 */
export function convertAnswer(
  question: InstrumentQuestion,
  cells: string[],
  subLabels: Array<string | null>,
): Converted {
  const filled = cells
    .map((cell, i) => ({ text: cell.trim(), label: subLabels[i] ?? null }))
    .filter((cell) => cell.text !== '');
  if (filled.length === 0) return { ok: true, answer: null };
  const shown = filled.map((cell) => cell.text).join(', ');
  const base = { questionId: question.id, number: null, text: null, choices: null };

  switch (question.type) {
    case 'rating5':
    case 'nps': {
      const [min, max] = question.type === 'nps' ? [0, 10] : [1, 5];
      const n = filled.length === 1 ? leadingNumber(filled[0]!.text) : null;
      if (n === null || n < min || n > max) {
        return {
          ok: false,
          reason: `'${shown}' is not a ${question.type === 'nps' ? 'score' : 'rating'} from ${min} to ${max}`,
        };
      }
      return { ok: true, answer: { ...base, number: n } };
    }
    case 'yes_partly_no': {
      const value = yesPartlyNo(shown);
      if (value === null) return { ok: false, reason: `'${shown}' is not yes, partly or no` };
      return { ok: true, answer: { ...base, text: value } };
    }
    case 'consent': {
      const value = yesPartlyNo(shown);
      if (value === null || value === 'partly') {
        return { ok: false, reason: `'${shown}' is not yes or no` };
      }
      return { ok: true, answer: { ...base, text: value } };
    }
    case 'text': {
      if (shown.length > MAX_TEXT) {
        return { ok: false, reason: `the answer is longer than ${MAX_TEXT} characters` };
      }
      return { ok: true, answer: { ...base, text: shown } };
    }
    case 'single':
    case 'multi': {
      const known = choicesOf(question);
      const values: string[] = [];
      const rest: string[] = [];
      for (const cell of filled) {
        if (isOtherLabel(cell.label)) {
          // The typed-in "other" of a SurveyMonkey question.
          rest.push(cell.text);
          continue;
        }
        const fromLabel = cell.label !== null ? known.get(foldKey(cell.label)) : undefined;
        const split =
          question.type === 'single'
            ? {
                values: [known.get(foldKey(cell.text))].filter((v) => v !== undefined),
                rest: [] as string[],
              }
            : splitChoices(cell.text, known);
        if (question.type === 'single' && split.values.length === 0) split.rest.push(cell.text);
        if (split.values.length === 0 && fromLabel !== undefined) values.push(fromLabel);
        else {
          values.push(...split.values);
          rest.push(...split.rest);
        }
      }
      const chosen = [...new Set(values)];
      if (rest.length > 0 && !question.allowOther) {
        return {
          ok: false,
          reason: `'${rest.join(', ')}' is not one of the choices (${(question.choices ?? []).map((c) => c.label_en).join('; ')})`,
        };
      }
      const other = rest.length > 0 ? rest.join(', ') : null;
      if (other !== null && other.length > MAX_TEXT) {
        return { ok: false, reason: `the "other" answer is longer than ${MAX_TEXT} characters` };
      }
      if (other !== null && !chosen.includes('other')) chosen.push('other');
      if (question.type === 'single') {
        if (chosen.length > 1)
          return { ok: false, reason: `'${shown}' gives more than one choice` };
        return chosen[0] === 'other'
          ? { ok: true, answer: { ...base, text: other, choices: ['other'] } }
          : { ok: true, answer: { ...base, text: chosen[0]! } };
      }
      return { ok: true, answer: { ...base, text: other, choices: chosen.sort() } };
    }
  }
}
