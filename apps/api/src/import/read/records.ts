// Turns an uploaded file into records (arrays of cell text with their line number), whatever
// its encoding, delimiter or container: the format readers above never see bytes.
import { pipeline, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { IssueLog, Source } from '../types.js';
import { formatLocalDateTime } from './values.js';

export type Encoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252';
export type Delimiter = ',' | ';' | '\t';

export type Container =
  { kind: 'xlsx' } | { kind: 'text'; encoding: Encoding; delimiter: Delimiter };

export interface FileRecord {
  /** 1-based line of the record's first line in the decoded text (row number in .xlsx). */
  line: number;
  cells: string[];
}

const SNIFF_BYTES = 64 * 1024;

/** The first bytes of the file (up to 64 KiB), for sniffing. */
async function readPrefix(source: Source): Promise<Buffer> {
  const stream = source();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      chunks.push(buffer);
      size += buffer.length;
      if (size >= SNIFF_BYTES) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, SNIFF_BYTES);
}

export function sniffEncoding(prefix: Buffer): Encoding {
  if (prefix[0] === 0xff && prefix[1] === 0xfe) return 'utf16le';
  if (prefix[0] === 0xfe && prefix[1] === 0xff) return 'utf16be';
  if (prefix[0] === 0xef && prefix[1] === 0xbb && prefix[2] === 0xbf) return 'utf8';
  // UTF-16 without its byte-order mark: a NUL byte beside most characters (text never has one).
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < prefix.length; i += 1) {
    if (prefix[i] === 0) {
      if (i % 2 === 0) evenNul += 1;
      else oddNul += 1;
    }
  }
  if (oddNul > prefix.length / 4) return 'utf16le';
  if (evenNul > prefix.length / 4) return 'utf16be';
  try {
    // `stream: true` tolerates a character cut in half at the end of the prefix.
    new TextDecoder('utf-8', { fatal: true }).decode(prefix, { stream: true });
    return 'utf8';
  } catch {
    // Latin-1 exports from older Excel: every byte decodes, accented names survive.
    return 'win1252';
  }
}

/**
 * Counts each candidate outside quotes on the first non-empty lines and takes the one that
 * appears most consistently: a header row of a TAB file may hold commas inside names, but
 * never more commas than tabs on every line.
 */
export function sniffDelimiter(text: string): Delimiter {
  const lines = text
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trim() !== '')
    .slice(0, 30);
  const candidates: Delimiter[] = ['\t', ';', ','];
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const candidate of candidates) {
    const counts = lines.map((line) => countOutsideQuotes(line, candidate));
    const linesWith = counts.filter((count) => count > 0).length;
    const total = counts.reduce((sum, count) => sum + count, 0);
    // Lines that carry the delimiter matter most (preamble lines like "Attendee Report" have
    // none); the total breaks ties.
    const score = linesWith * 1000 + Math.min(total, 999);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

function countOutsideQuotes(line: string, delimiter: string): number {
  let count = 0;
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === delimiter && !quoted) count += 1;
  }
  return count;
}

export async function sniffContainer(source: Source): Promise<Container> {
  const prefix = await readPrefix(source);
  // .xlsx is a ZIP archive; its signature says so whatever the file is called.
  if (prefix.length >= 4 && prefix.readUInt32BE(0) === 0x504b0304) return { kind: 'xlsx' };
  const encoding = sniffEncoding(prefix);
  const text = iconv.decode(prefix, encoding);
  return { kind: 'text', encoding, delimiter: sniffDelimiter(text) };
}

/** Every record of the file, streamed; breaking out of the loop closes the file. */
export function readRecords(
  source: Source,
  container: Container,
  issues?: IssueLog,
): AsyncGenerator<FileRecord> {
  return container.kind === 'xlsx'
    ? readSheet(source)
    : readDelimited(source, container.encoding, container.delimiter, issues);
}

async function* readDelimited(
  source: Source,
  encoding: Encoding,
  delimiter: Delimiter,
  issues: IssueLog | undefined,
): AsyncGenerator<FileRecord> {
  const parser = parse({
    delimiter,
    relax_column_count: true,
    // Zoom writes custom answers like `Say "hi"` unquoted; keep them as text, not errors.
    relax_quotes: true,
    skip_empty_lines: false,
    // A broken record is reported and skipped so one bad line cannot sink an import.
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      issues?.push({
        line: typeof error?.lines === 'number' ? error.lines : 0,
        column: null,
        value: raw?.slice(0, 200) ?? null,
        reason: error?.message ?? 'unreadable record',
      });
      return undefined;
    },
  });
  // iconv-lite strips the byte-order mark and joins characters split across chunks.
  const decoder = iconv.decodeStream(encoding);
  const input: Readable = source();
  pipeline(input, decoder, parser, () => {
    // Errors reach the loop below through the parser; an early break is not an error.
  });
  // csv-parse's own line counter counts a CRLF inside quotes twice, so lines are counted here
  // from the records themselves: each record starts on the line after the previous one ended.
  let line = 1;
  for await (const cells of parser as AsyncIterable<string[]>) {
    yield { line, cells: withoutNul(cells) };
    line += 1;
    for (const cell of cells) {
      if (cell.includes('\n') || cell.includes('\r'))
        line += (cell.match(/\r\n|\r|\n/g) ?? []).length;
    }
  }
}

/**
 * The cells with any NUL character taken out. A NUL means nothing in an export (a damaged file,
 * or binary read as text), and PostgreSQL text cannot hold one: a header or a name with one would
 * fail in the database instead of being read or refused with a reason.
 */
function withoutNul(cells: string[]): string[] {
  return cells.some((cell) => cell.includes('\u0000'))
    ? cells.map((cell) => cell.replaceAll('\u0000', ''))
    : cells;
}

async function* readSheet(source: Source): AsyncGenerator<FileRecord> {
  const input = source();
  // Styles are needed to tell date cells from numbers.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  try {
    for await (const sheet of workbook) {
      for await (const row of sheet) {
        const values = Array.isArray(row.values) ? row.values : [];
        const cells: string[] = [];
        // exceljs row arrays are 1-based and sparse.
        for (let index = 1; index < values.length; index += 1) cells.push(cellText(values[index]));
        yield { line: row.number, cells: withoutNul(cells) };
      }
      // Attendance lives on the first sheet; the rest are summaries.
      break;
    }
  } finally {
    input.destroy();
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel stores wall time; exceljs hands it over as if it were UTC.
    return formatLocalDateTime({
      year: value.getUTCFullYear(),
      month: value.getUTCMonth() + 1,
      day: value.getUTCDate(),
      hour: value.getUTCHours(),
      minute: value.getUTCMinutes(),
      second: value.getUTCSeconds(),
    });
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
  if ('error' in value) return '';
  if ('result' in value) return cellText(value.result);
  return '';
}
