// Reads a survey tool's export into columns and rows, and says which tool wrote it. Decoding,
// delimiters and .xlsx are the attendance readers' (import/read/records.ts); what is particular
// to survey exports is here: Google Forms' timestamp and email columns, KoboToolbox's group paths
// and meta columns, SurveyMonkey's second header row that spreads a question over columns.
import { createHash } from 'node:crypto';
import { foldKey } from '@ripple/db';
import { readRecords, sniffContainer, type FileRecord } from '../import/read/records.js';
import type { Source } from '../import/types.js';

export const FEEDBACK_TOOLS = ['google_forms', 'kobo', 'surveymonkey', 'csv'] as const;
export type FeedbackTool = (typeof FEEDBACK_TOOLS)[number];

export interface FeedbackColumn {
  /** Unique within the file: what a mapping names. */
  name: string;
  /** The text compared with the questions: a Kobo path's last part, else the name. */
  title: string;
  /** Cells of the column; several for a SurveyMonkey question spread over columns. */
  indices: number[];
  /** SurveyMonkey's second header row under each cell ('Response', a choice label…). */
  subLabels: Array<string | null>;
}

export interface FeedbackRow {
  /** Line of the file (1-based), as a spreadsheet numbers it. */
  line: number;
  cells: string[];
}

export interface FeedbackTable {
  tool: FeedbackTool;
  columns: FeedbackColumn[];
  rows: FeedbackRow[];
  emailColumn: string | null;
  submittedAtColumn: string | null;
  /** The tool's own id of a submission (Kobo `_uuid`, SurveyMonkey `Respondent ID`). */
  sourceIdColumn: string | null;
  languageColumn: string | null;
  /** Columns that are the tool's bookkeeping, not answers (Kobo `_id`, SurveyMonkey `IP Address`). */
  metaColumns: string[];
  /** Spanish header words were seen (Google Forms `Marca temporal`…). */
  spanishHeaders: boolean;
}

export class FeedbackReadError extends Error {}

const fold = (text: string): string => foldKey(text);

const TIMESTAMP = new Set(['timestamp', 'marca temporal']);
const EMAIL = new Set([
  'email address',
  'email',
  'e mail',
  'correo',
  'correo electronico',
  'direccion de correo electronico',
  'direccion de correo',
  'email adress',
]);
const SUBMITTED = new Set([
  'timestamp',
  'marca temporal',
  'submission time',
  'submitted at',
  'submitted',
  'end date',
  'fecha de finalizacion',
  'completed',
  'fecha',
  'date',
]);
const SOURCE_ID = new Set([
  'uuid',
  'respondent id',
  'id del encuestado',
  'response id',
  'submission id',
  'id',
]);
const LANGUAGE = new Set(['language', 'idioma', 'lang', 'lengua']);
const KOBO_META = new Set([
  'start',
  'end',
  'today',
  'deviceid',
  'username',
  'simserial',
  'subscriberid',
  'phonenumber',
  'audit',
  'meta instanceid',
  'meta instancename',
  'meta deprecatedid',
  'instanceid',
  'id',
  'uuid',
  'submission time',
  'validation status',
  'notes',
  'status',
  'submitted by',
  'version',
  'tags',
  'index',
  'parent table name',
  'parent index',
  'xform id string',
]);
const SURVEYMONKEY_META = new Set([
  'respondent id',
  'collector id',
  'start date',
  'end date',
  'ip address',
  'email address',
  'first name',
  'last name',
  'custom data 1',
  'custom data',
  'id del encuestado',
  'id del recopilador',
  'fecha de inicio',
  'fecha de finalizacion',
  'direccion ip',
  'direccion de correo electronico',
  'nombre',
  'apellido',
]);
const SURVEYMONKEY_SUB = new Set([
  'response',
  'open ended response',
  'respuesta',
  'respuesta abierta',
]);

function blank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** Names made unique: a repeated title gets " (2)", " (3)"… */
function uniqueNames(titles: string[]): string[] {
  const used = new Map<string, number>();
  return titles.map((title, index) => {
    const base = title === '' ? `Column ${index + 1}` : title;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  });
}

function detectTool(header: string[], second: string[] | undefined): FeedbackTool {
  const folded = header.map(fold);
  if (folded.includes('uuid') && folded.includes('submission time')) return 'kobo';
  if (
    second !== undefined &&
    (folded.includes('respondent id') || folded.includes('id del encuestado')) &&
    second.some((cell) => SURVEYMONKEY_SUB.has(fold(cell)))
  ) {
    return 'surveymonkey';
  }
  if (TIMESTAMP.has(folded[0] ?? '')) return 'google_forms';
  return 'csv';
}

/** Reads the whole export (survey exports are small: thousands of rows, not millions). */
export async function readFeedbackFile(source: Source, fileName: string): Promise<FeedbackTable> {
  let records: FileRecord[] = [];
  try {
    const container = await sniffContainer(source);
    for await (const record of readRecords(source, container)) records.push(record);
  } catch (error) {
    throw new FeedbackReadError(
      `${fileName}: the file cannot be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  records = records.filter((record) => !blank(record.cells));
  const header = records[0];
  if (header === undefined || header.cells.filter((c) => c.trim() !== '').length < 2) {
    throw new FeedbackReadError(`${fileName}: no header row with at least two columns found.`);
  }
  const headerCells = header.cells.map((cell) => cell.trim());
  const tool = detectTool(headerCells, records[1]?.cells);
  const dataFrom = tool === 'surveymonkey' ? 2 : 1;

  let columns: FeedbackColumn[];
  if (tool === 'surveymonkey') {
    columns = surveyMonkeyColumns(
      headerCells,
      (records[1]?.cells ?? []).map((c) => c.trim()),
    );
  } else {
    const titles = headerCells.map((cell) =>
      tool === 'kobo' && cell.includes('/') ? (cell.split('/').pop() ?? cell) : cell,
    );
    const names = uniqueNames(headerCells);
    columns = headerCells
      .map((_, index) => ({
        name: names[index]!,
        title: titles[index] === '' ? names[index]! : titles[index]!,
        indices: [index],
        subLabels: [null],
      }))
      .filter((column) => headerCells[column.indices[0]!] !== '');
  }

  const find = (names: Set<string>): string | null =>
    columns.find((c) => names.has(fold(c.title)) || names.has(fold(c.name)))?.name ?? null;
  const metaColumns =
    tool === 'kobo'
      ? columns.filter((c) => KOBO_META.has(fold(c.title))).map((c) => c.name)
      : tool === 'surveymonkey'
        ? columns.filter((c) => SURVEYMONKEY_META.has(fold(c.name))).map((c) => c.name)
        : [];
  const submittedAtColumn =
    tool === 'kobo'
      ? (columns.find((c) => fold(c.title) === 'submission time')?.name ?? null)
      : tool === 'google_forms'
        ? columns[0]!.name
        : find(SUBMITTED);
  const sourceIdColumn =
    tool === 'kobo'
      ? (columns.find((c) => fold(c.title) === 'uuid')?.name ?? null)
      : tool === 'google_forms'
        ? null
        : find(SOURCE_ID);
  const spanishWords = ['marca temporal', 'correo', 'id del encuestado', 'respuesta', 'idioma'];
  const spanishHeaders = [...headerCells, ...(records[1]?.cells ?? [])].some((cell) =>
    spanishWords.some((word) => fold(cell).startsWith(word)),
  );

  return {
    tool,
    columns,
    rows: records.slice(dataFrom).map((record) => ({ line: record.line, cells: record.cells })),
    emailColumn: find(EMAIL),
    submittedAtColumn,
    sourceIdColumn,
    languageColumn: find(LANGUAGE),
    metaColumns,
    spanishHeaders,
  };
}

/**
 * SurveyMonkey: a question's title stands above its first cell; the cells to its right with an
 * empty title belong to it, each labelled by the second row (a choice, or "Other (please
 * specify)").
 */
function surveyMonkeyColumns(header: string[], second: string[]): FeedbackColumn[] {
  const groups: Array<{ title: string; indices: number[]; subLabels: Array<string | null> }> = [];
  const width = Math.max(header.length, second.length);
  for (let index = 0; index < width; index += 1) {
    const title = header[index] ?? '';
    const sub = second[index] ?? '';
    const label = sub === '' ? null : sub;
    const last = groups.at(-1);
    if (title === '' && last !== undefined) {
      last.indices.push(index);
      last.subLabels.push(label);
    } else if (title !== '') {
      groups.push({ title, indices: [index], subLabels: [label] });
    }
  }
  const names = uniqueNames(groups.map((g) => g.title));
  return groups.map((group, index) => ({
    name: names[index]!,
    title: group.title,
    indices: group.indices,
    subLabels: group.subLabels,
  }));
}

/** A cell of a column (the first cell for a multi-cell column), trimmed. */
export function cellOf(table: FeedbackTable, row: FeedbackRow, columnName: string | null): string {
  if (columnName === null) return '';
  const column = table.columns.find((c) => c.name === columnName);
  if (column === undefined) return '';
  return (row.cells[column.indices[0]!] ?? '').trim();
}

/** What a column shows: up to `count` distinct non-empty values, for the mapping screen. */
export function samplesOf(table: FeedbackTable, column: FeedbackColumn, count = 3): string[] {
  const samples: string[] = [];
  for (const row of table.rows) {
    const values = column.indices
      .map((index) => (row.cells[index] ?? '').trim())
      .filter((value) => value !== '');
    const text = values.join(' | ');
    if (text !== '' && !samples.includes(text)) samples.push(text.slice(0, 120));
    if (samples.length >= count) break;
  }
  return samples;
}

/**
 * The submission's identity in its tool: the id column where there is one; Google Forms'
 * timestamp and email; else a hash of the row's place and cells within this file imported into
 * this webinar and wave (`scope`): the same file imported again gives the same keys, while two
 * respondents who gave identical answers, or identical rows of files for other webinars, do not
 * collide.
 */
export function sourceKeyOf(table: FeedbackTable, row: FeedbackRow, scope: string): string {
  const id = cellOf(table, row, table.sourceIdColumn);
  if (id !== '') return id;
  if (table.tool === 'google_forms') {
    const email = cellOf(table, row, table.emailColumn).toLowerCase();
    const time = cellOf(table, row, table.submittedAtColumn);
    if (email !== '' && time !== '') return `${time}|${email}`;
  }
  const hash = createHash('sha256').update(`${scope}\u001f${row.line}\u001f`);
  for (const cell of row.cells) hash.update(cell.trim()).update('\u001f');
  return `sha256:${hash.digest('base64url')}`;
}
