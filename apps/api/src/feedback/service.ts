// Past feedback import, shared by the API and the CLI: read the export, suggest or check the
// mapping, convert every row (all problems collected, by row and column), then store the file
// in one transaction — or nothing when any row is wrong.
import type { Kysely } from 'kysely';
import {
  foldKey,
  latestInstrument,
  storeImportedResponses,
  type Database,
  type ImportedAnswer,
  type ImportedResponse,
  type Instrument,
  type SurveyWave,
} from '@ripple/db';
import { numericDateFields, parseLocalDateTime, type DateOrder } from '../import/read/values.js';
import { isIanaZone, utcConverter } from '../import/time.js';
import type { Source } from '../import/types.js';
import { convertAnswer } from './convert.js';
import { mappingProblems, suggestMapping, titlesLanguage, type ColumnMapping } from './mapping.js';
import {
  cellOf,
  readFeedbackFile,
  samplesOf,
  sourceKeyOf,
  type FeedbackTable,
  type FeedbackTool,
} from './read.js';

export type FeedbackLanguage = 'en' | 'es';

/** A request the caller got wrong (unknown webinar, bad mapping, unreadable file): a 400. */
export class FeedbackRequestError extends Error {}

export interface RowProblem {
  /** Line of the file, as a spreadsheet numbers it. */
  row: number;
  column: string;
  value: string;
  /** "'muy' is not a rating from 1 to 5" */
  reason: string;
  /** "row 14, column 'Satisfaction': 'muy' is not a rating from 1 to 5" */
  message: string;
}

/** The first problems are listed; the count says how many there were. */
export class FeedbackRowsError extends Error {
  constructor(
    readonly problems: RowProblem[],
    readonly total: number,
  ) {
    super(
      `${total} ${total === 1 ? 'problem' : 'problems'} in the file; nothing was imported. ` +
        problems
          .slice(0, 3)
          .map((p) => p.message)
          .join('; ') +
        (total > 3 ? '; …' : '.'),
    );
  }
}

const MAX_PROBLEMS = 500;

export interface FeedbackPreview {
  tool: FeedbackTool;
  rows: number;
  columns: Array<{ name: string; samples: string[]; suggested: string | null }>;
  mapping: ColumnMapping;
  emailColumn: string | null;
  submittedAtColumn: string | null;
  sourceIdColumn: string | null;
  languageColumn: string | null;
  suggestedLanguage: FeedbackLanguage;
  instrument: {
    surveyId: number;
    name: string;
    versionId: number;
    version: number;
    questions: Array<{ key: string; type: string; textEn: string; textEs: string }>;
  };
}

export interface FeedbackMapping {
  webinarId: number;
  wave: SurveyWave;
  language?: FeedbackLanguage;
  columns: ColumnMapping;
  emailColumn?: string;
  submittedAtColumn?: string;
  languageColumn?: string;
  /** IANA zone of the export's times (default: UTC for KoboToolbox, else the webinar's). */
  timeZone?: string;
  dateOrder?: DateOrder;
}

export interface FeedbackImportResult {
  tool: FeedbackTool;
  rows: number;
  stored: number;
  alreadyImported: number;
  linked: number;
  /** Rows that answered none of the mapped questions. */
  empty: number;
  versionId: number;
}

interface WebinarRow {
  id: number;
  starts_at: Date;
  timezone: string;
  language: string;
}

async function context(db: Kysely<Database>, webinarId: number, wave: SurveyWave) {
  const webinar: WebinarRow | undefined = await db
    .selectFrom('webinar')
    .select(['id', 'starts_at', 'timezone', 'language'])
    .where('id', '=', webinarId)
    .executeTakeFirst();
  if (!webinar) throw new FeedbackRequestError(`There is no webinar #${webinarId}.`);
  const instrument = await latestInstrument(db, wave);
  if (!instrument) {
    throw new FeedbackRequestError(
      `There is no ${wave === 'post' ? 'post-webinar' : 'follow-up'} survey to import answers into.`,
    );
  }
  return { webinar, instrument };
}

async function read(source: Source, fileName: string): Promise<FeedbackTable> {
  try {
    return await readFeedbackFile(source, fileName);
  } catch (error) {
    throw new FeedbackRequestError(error instanceof Error ? error.message : String(error));
  }
}

function suggestedLanguage(
  table: FeedbackTable,
  instrument: Instrument,
  mapping: ColumnMapping,
  webinar: WebinarRow,
): FeedbackLanguage {
  return titlesLanguage(table, instrument, mapping) ?? (webinar.language === 'es' ? 'es' : 'en');
}

/** What the file is and how its columns would be mapped; nothing is stored. */
export async function previewFeedback(
  db: Kysely<Database>,
  source: Source,
  fileName: string,
  { webinarId, wave }: { webinarId: number; wave: SurveyWave },
): Promise<FeedbackPreview> {
  const { webinar, instrument } = await context(db, webinarId, wave);
  const table = await read(source, fileName);
  const mapping = suggestMapping(table, instrument);
  return {
    tool: table.tool,
    rows: table.rows.length,
    columns: table.columns.map((column) => ({
      name: column.name,
      samples: samplesOf(table, column),
      suggested: mapping[column.name] ?? null,
    })),
    mapping,
    emailColumn: table.emailColumn,
    submittedAtColumn: table.submittedAtColumn,
    sourceIdColumn: table.sourceIdColumn,
    languageColumn: table.languageColumn,
    suggestedLanguage: suggestedLanguage(table, instrument, mapping, webinar),
    instrument: {
      surveyId: instrument.surveyId,
      name: instrument.name,
      versionId: instrument.versionId,
      version: instrument.version,
      questions: instrument.questions.map((q) => ({
        key: q.key,
        type: q.type,
        textEn: q.textEn,
        textEs: q.textEs,
      })),
    },
  };
}

function languageOf(text: string): FeedbackLanguage | null {
  const folded = foldKey(text);
  if (['en', 'eng', 'english', 'ingles', 'en us', 'en gb'].includes(folded)) return 'en';
  if (['es', 'spa', 'spanish', 'espanol', 'castellano', 'es es', 'es mx'].includes(folded))
    return 'es';
  return null;
}

/** Day or month first, as the column's own values show; else the tool's habit. */
function dateOrderOf(table: FeedbackTable, column: string | null): DateOrder | null {
  if (column === null) return null;
  let dmy = false;
  let mdy = false;
  let numeric = false;
  for (const row of table.rows) {
    const fields = numericDateFields(cellOf(table, row, column));
    if (fields === null) continue;
    numeric = true;
    if (fields[0] > 12) dmy = true;
    if (fields[1] > 12) mdy = true;
  }
  if (dmy !== mdy) return dmy ? 'dmy' : 'mdy';
  if (!numeric) return null;
  // Google Forms writes the sheet's locale: month first in English, day first in Spanish.
  if (table.tool === 'google_forms') return table.spanishHeaders ? 'dmy' : 'mdy';
  if (table.tool === 'surveymonkey') return 'mdy';
  return null;
}

/**
 * Imports the answers of an export into a webinar's wave. Every row is converted first; any
 * problem refuses the whole file (FeedbackRowsError, nothing stored). Importing the same export
 * again stores nothing new.
 */
export async function importFeedback(
  db: Kysely<Database>,
  source: Source,
  fileName: string,
  request: FeedbackMapping,
): Promise<FeedbackImportResult> {
  const { webinar, instrument } = await context(db, request.webinarId, request.wave);
  const table = await read(source, fileName);
  const emailColumn = request.emailColumn ?? table.emailColumn;
  const submittedAtColumn = request.submittedAtColumn ?? table.submittedAtColumn;
  const languageColumn = request.languageColumn ?? table.languageColumn;
  const problems = mappingProblems(table, instrument, request.columns, {
    emailColumn: request.emailColumn,
    submittedAtColumn: request.submittedAtColumn,
    languageColumn: request.languageColumn,
  });
  if (problems.length > 0) throw new FeedbackRequestError(problems.join(' '));
  const zone = request.timeZone ?? (table.tool === 'kobo' ? 'UTC' : webinar.timezone);
  if (!isIanaZone(zone)) {
    throw new FeedbackRequestError(`timeZone: '${zone}' is not an IANA time zone name.`);
  }
  const toUtc = utcConverter(zone);
  const order = request.dateOrder ?? dateOrderOf(table, submittedAtColumn);
  const language =
    request.language ?? suggestedLanguage(table, instrument, request.columns, webinar);

  const mapped = Object.entries(request.columns).map(([name, key]) => ({
    column: table.columns.find((c) => c.name === name)!,
    question: instrument.questions.find((q) => q.key === key)!,
    // Ratings, choices and yes/no repeat from row to row: each distinct cell text is read once.
    seen: new Map<string, ReturnType<typeof convertAnswer>>(),
  }));
  const consentQuestion = instrument.questions.find((q) => q.type === 'consent');
  const scope = `${request.webinarId}/${request.wave}`;
  const errors: RowProblem[] = [];
  let total = 0;
  const fail = (row: number, column: string, value: string, reason: string) => {
    total += 1;
    if (errors.length < MAX_PROBLEMS) {
      errors.push({
        row,
        column,
        value,
        reason,
        message: `row ${row}, column '${column}': ${reason}`,
      });
    }
  };

  const responses: ImportedResponse[] = [];
  let empty = 0;
  for (const row of table.rows) {
    const answers: ImportedAnswer[] = [];
    for (const { column, question, seen } of mapped) {
      const cells = column.indices.map((index) => row.cells[index] ?? '');
      const memo = question.type !== 'text';
      const cacheKey = memo ? cells.join('\u001f') : '';
      let converted = memo ? seen.get(cacheKey) : undefined;
      if (converted === undefined) {
        converted = convertAnswer(question, cells, column.subLabels);
        if (memo) seen.set(cacheKey, converted);
      }
      if (!converted.ok) fail(row.line, column.name, cells.join(', ').trim(), converted.reason);
      else if (converted.answer !== null) answers.push(converted.answer);
    }
    if (answers.length === 0) {
      empty += 1;
      continue;
    }

    let submittedAt = new Date(webinar.starts_at);
    const when = cellOf(table, row, submittedAtColumn);
    if (when !== '') {
      const parsed = parseLocalDateTime(when, order);
      if (!parsed.ok) {
        const why =
          parsed.reason === 'day/month order unknown'
            ? 'the dates do not show whether the day or the month comes first; give dateOrder'
            : parsed.reason;
        fail(row.line, submittedAtColumn!, when, `'${when}' is not a date and time (${why})`);
      } else {
        // A zone or offset written in the text (an ISO time with Z) beats the one chosen.
        submittedAt = (parsed.zone === null ? toUtc : converterFor(parsed.zone))(parsed.value);
      }
    }

    let rowLanguage = language;
    const languageText = cellOf(table, row, languageColumn);
    if (languageText !== '') {
      const found = languageOf(languageText);
      if (found === null)
        fail(
          row.line,
          languageColumn!,
          languageText,
          `'${languageText}' is not English or Spanish`,
        );
      else rowLanguage = found;
    }

    const email = cellOf(table, row, emailColumn).toLowerCase();
    const consent = consentQuestion
      ? answers.find((a) => a.questionId === consentQuestion.id)?.text === 'yes'
      : false;
    responses.push({
      sourceKey: sourceKeyOf(table, row, scope),
      email: email.includes('@') ? email : null,
      submittedAt,
      language: rowLanguage,
      consentToQuote: consent,
      answers,
    });
  }
  if (total > 0) throw new FeedbackRowsError(errors, total);

  const stored = await storeImportedResponses(db, {
    webinarId: request.webinarId,
    wave: request.wave,
    versionId: instrument.versionId,
    source: table.tool,
    responses,
  });
  return {
    tool: table.tool,
    rows: table.rows.length,
    ...stored,
    empty,
    versionId: instrument.versionId,
  };
}

const converters = new Map<string, ReturnType<typeof utcConverter>>();
function converterFor(zone: string): ReturnType<typeof utcConverter> {
  let converter = converters.get(zone);
  if (!converter) converters.set(zone, (converter = utcConverter(zone)));
  return converter;
}
