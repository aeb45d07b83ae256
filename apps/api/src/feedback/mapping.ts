// Which column answers which question: suggested by comparing the column titles with the
// questions' English and Spanish texts (accents, case and punctuation folded), and checked when a
// manager sends their own.
import { foldKey, type Instrument } from '@ripple/db';
import type { FeedbackTable } from './read.js';

/** Column name → question key. */
export type ColumnMapping = Record<string, string>;

function words(text: string): Set<string> {
  return new Set(
    foldKey(text)
      .split(' ')
      .filter((word) => word.length > 2),
  );
}

/** 1 for the same text (or the question's key), else the share of words they have in common. */
function similarity(title: string, question: Instrument['questions'][number]): number {
  const folded = foldKey(title);
  if (folded === '') return 0;
  if (folded === foldKey(question.key) || title.trim() === question.key) return 1;
  let best = 0;
  for (const text of [question.textEn, question.textEs]) {
    const target = foldKey(text);
    if (folded === target) return 1;
    if (target.includes(folded) && folded.length >= 12) best = Math.max(best, 0.9);
    const a = words(title);
    const b = words(text);
    if (a.size === 0 || b.size === 0) continue;
    let common = 0;
    for (const word of a) if (b.has(word)) common += 1;
    best = Math.max(best, (2 * common) / (a.size + b.size));
  }
  return best;
}

// Below this share of common words a title is not taken for a question.
const THRESHOLD = 0.6;

/**
 * The mapping a manager starts from: each question to the column most like it, each column to
 * one question at most, the surest pairs first. Bookkeeping columns (email, timestamp, ids) are
 * left out.
 */
export function suggestMapping(table: FeedbackTable, instrument: Instrument): ColumnMapping {
  const skip = new Set(
    [
      table.emailColumn,
      table.submittedAtColumn,
      table.sourceIdColumn,
      table.languageColumn,
      ...table.metaColumns,
    ].filter((name): name is string => name !== null),
  );
  const pairs: Array<{ column: string; key: string; score: number; order: number }> = [];
  table.columns.forEach((column, order) => {
    if (skip.has(column.name)) return;
    for (const question of instrument.questions) {
      const score = similarity(column.title, question);
      if (score >= THRESHOLD) pairs.push({ column: column.name, key: question.key, score, order });
    }
  });
  pairs.sort((a, b) => b.score - a.score || a.order - b.order);
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const pair of pairs) {
    if (pair.column in mapping || taken.has(pair.key)) continue;
    mapping[pair.column] = pair.key;
    taken.add(pair.key);
  }
  return mapping;
}

/** Which language the matched titles are written in, when they say. */
export function titlesLanguage(
  table: FeedbackTable,
  instrument: Instrument,
  mapping: ColumnMapping,
): 'en' | 'es' | null {
  let en = 0;
  let es = 0;
  for (const [name, key] of Object.entries(mapping)) {
    const column = table.columns.find((c) => c.name === name);
    const question = instrument.questions.find((q) => q.key === key);
    if (!column || !question) continue;
    const title = foldKey(column.title);
    const toEn = similarity(column.title, { ...question, textEs: '' });
    const toEs = similarity(column.title, { ...question, textEn: '' });
    if (title === foldKey(question.key)) continue;
    if (toEn > toEs) en += 1;
    else if (toEs > toEn) es += 1;
  }
  if (en === es) return table.spanishHeaders ? 'es' : null;
  return es > en ? 'es' : 'en';
}

/** What is wrong with a mapping sent by a client, one sentence per problem. */
export function mappingProblems(
  table: FeedbackTable,
  instrument: Instrument,
  mapping: ColumnMapping,
  special: Record<string, string | undefined>,
): string[] {
  const problems: string[] = [];
  const names = new Set(table.columns.map((c) => c.name));
  const keys = new Set(instrument.questions.map((q) => q.key));
  const used = new Map<string, string>();
  for (const [column, key] of Object.entries(mapping)) {
    if (!names.has(column)) problems.push(`There is no column '${column}' in the file.`);
    if (!keys.has(key)) {
      problems.push(
        `Column '${column}': '${key}' is not a question of the ${instrument.name} (version ${instrument.version}); ` +
          `its questions are ${[...keys].join(', ')}.`,
      );
    } else if (used.has(key)) {
      problems.push(`Question '${key}' is mapped twice: from '${used.get(key)}' and '${column}'.`);
    } else {
      used.set(key, column);
    }
  }
  for (const [field, column] of Object.entries(special)) {
    if (column !== undefined && !names.has(column))
      problems.push(`${field}: there is no column '${column}' in the file.`);
  }
  if (Object.keys(mapping).length === 0) problems.push('Map at least one column to a question.');
  return problems;
}
