import type {
  InstrumentProblem,
  InstrumentQuestion,
  QuestionChoice,
  QuestionType,
} from '$lib/api/instruments';

// The instrument editor's working copy: questions and choices as typed, each with a local id
// so Svelte keeps their inputs while they are reordered, added and removed.

export interface DraftChoice extends QuestionChoice {
  uid: number;
}

export interface DraftQuestion {
  uid: number;
  key: string;
  type: QuestionType;
  required: boolean;
  text_en: string;
  text_es: string;
  /** Kept while the type is switched back and forth; sent only for single and multi. */
  choices: DraftChoice[];
  allowOther: boolean;
}

export const choiceTypes: readonly QuestionType[] = ['single', 'multi'];
export const takesChoices = (type: QuestionType) => choiceTypes.includes(type);

let nextUid = 0;
const uid = () => ++nextUid;

export function toDraft(questions: readonly InstrumentQuestion[]): DraftQuestion[] {
  return questions.map((q) => ({
    uid: uid(),
    key: q.key,
    type: q.type,
    required: q.required,
    text_en: q.text_en,
    text_es: q.text_es,
    choices: (q.choices ?? []).map((c) => ({ uid: uid(), ...c })),
    allowOther: q.allowOther,
  }));
}

export function newQuestion(): DraftQuestion {
  return {
    uid: uid(),
    key: '',
    type: 'text',
    required: false,
    text_en: '',
    text_es: '',
    choices: [],
    allowOther: false,
  };
}

export function newChoice(): DraftChoice {
  return { uid: uid(), value: '', label_en: '', label_es: '' };
}

/** `items` with the item at `index` moved by `by` places; unchanged when that leaves the list. */
export function moved<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const target = index + by;
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) {
    return [...items];
  }
  const copy = [...items];
  [copy[index], copy[target]] = [copy[target]!, copy[index]!];
  return copy;
}

/** The body of `PUT /api/surveys/:id`. */
export function saveBody(questions: readonly DraftQuestion[], baseVersion: number) {
  return {
    baseVersion,
    questions: questions.map((q) => ({
      key: q.key.trim(),
      type: q.type,
      required: q.required,
      text_en: q.text_en,
      text_es: q.text_es,
      choices: takesChoices(q.type)
        ? q.choices.map((c) => ({
            value: c.value.trim(),
            label_en: c.label_en,
            label_es: c.label_es,
          }))
        : null,
      allowOther: takesChoices(q.type) && q.allowOther,
    })),
  };
}

/** Problems by path (`questions[2].choices[1].label_es`), several per path possible. */
export function problemsByPath(
  problems: readonly InstrumentProblem[],
): Map<string, InstrumentProblem[]> {
  const byPath = new Map<string, InstrumentProblem[]>();
  for (const problem of problems) {
    byPath.set(problem.path, [...(byPath.get(problem.path) ?? []), problem]);
  }
  return byPath;
}
