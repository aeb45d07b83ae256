// Entry point of the attendance readers: sniff the file, recognise its format, settle how its
// dates read, then stream its person rows. The file is read twice (survey, then rows), so memory
// stays bounded however large the export.
import {
  ExportReadError,
  type ExportMetadata,
  type ExportPlatform,
  type ExportRow,
  type FormatId,
  type GenericMapping,
  type OpenedExport,
  type ReadOptions,
  type Source,
  IssueLog,
} from '../types.js';
import type { Section } from './layout.js';
import { readRecords, sniffContainer, type Container } from './records.js';
import { buildRow, dateColumns, parseHost, type RowContext } from './rows.js';
import { Scanner, type HeaderSeen } from './scanner.js';
import {
  clean,
  digitsOnly,
  numericDateFields,
  parseDuration,
  parseLocalDateTime,
  type DateOrder,
} from './values.js';

export { parseDuration, parseLocalDateTime, digitsOnly, numericDateFields } from './values.js';
export { sniffDelimiter, sniffEncoding } from './records.js';

// Zoom writes its numeric dates month-first whatever the locale, so a window of rows is enough
// to catch an Excel re-save that turned them day-first; other formats are surveyed whole.
const ZOOM_SURVEY_ROWS = 1000;

interface Survey {
  scanner: Scanner;
  /** First date that proves each order (a day above 12 in first or second place). */
  dmySample: string | null;
  mdySample: string | null;
  /** First numeric date whose order is not obvious. */
  numericSample: string | null;
  /** A date in an unambiguous form (month name, ISO) was seen. */
  unambiguousDates: boolean;
  zone: string | null;
  activityRows: number;
  firstRowTitle: string | null;
  firstRowStart: string | null;
}

function isZoom(format: FormatId | undefined): boolean {
  return format !== undefined && format.startsWith('zoom-');
}

function isMainSection(format: FormatId, section: Section | null): boolean {
  if (format === 'zoom-webinar-attendee' || format === 'zoom-webinar-registration') {
    return section === null || section === 'attendee' || section === 'registrant';
  }
  return true;
}

async function survey(
  source: Source,
  container: Container,
  forced: FormatId | null,
  mapping: GenericMapping | undefined,
): Promise<Survey> {
  const scanner = new Scanner(forced, mapping);
  const result: Survey = {
    scanner,
    dmySample: null,
    mdySample: null,
    numericSample: null,
    unambiguousDates: false,
    zone: null,
    activityRows: 0,
    firstRowTitle: null,
    firstRowStart: null,
  };
  const note = (text: string | null | undefined): void => {
    const value = clean(text ?? undefined);
    if (value === null) return;
    const fields = numericDateFields(value);
    if (fields !== null) {
      result.numericSample ??= value;
      if (fields[0] > 12) result.dmySample ??= value;
      if (fields[1] > 12) result.mdySample ??= value;
      return;
    }
    const parsed = parseLocalDateTime(value, null);
    if (parsed.ok) {
      result.unambiguousDates = true;
      result.zone ??= parsed.zone;
    }
  };

  let mainRows = 0;
  for await (const record of readRecords(source, container)) {
    const row = scanner.feed(record);
    if (row === null) continue;
    for (const column of dateColumns(row.columns)) note(record.cells[column.index]);
    if (row.section === 'activities') result.activityRows += 1;
    if (result.firstRowTitle === null && result.firstRowStart === null) {
      const title = row.columns.find((column) => column.field === 'meeting_title');
      const start = row.columns.find((column) => column.field === 'meeting_start');
      result.firstRowTitle = title === undefined ? null : clean(record.cells[title.index]);
      result.firstRowStart = start === undefined ? null : clean(record.cells[start.index]);
    }
    const format = scanner.guess?.format;
    if (format !== undefined && isMainSection(format, row.section)) mainRows += 1;
    if (isZoom(format) && mainRows >= ZOOM_SURVEY_ROWS) break;
    const settled = result.dmySample !== null || result.mdySample !== null;
    if (settled && format !== 'teams-attendance' && format !== undefined && format !== 'generic')
      break;
  }
  note(scanner.preamble.get('start'));
  note(result.firstRowStart);
  return result;
}

function platformOf(format: FormatId): ExportPlatform {
  if (format.startsWith('zoom-')) return 'zoom';
  if (format === 'teams-attendance') return 'teams';
  if (format === 'webex-attendance') return 'webex';
  if (format === 'goto-webinar-attendee') return 'goto';
  return 'other';
}

/** The header of the person rows: attendees over hosts, Teams' join segments over its summary. */
function mainHeader(headers: HeaderSeen[]): HeaderSeen | undefined {
  for (const section of ['attendee', 'registrant', 'activities', 'participants'] as const) {
    const found = headers.find((header) => header.section === section);
    if (found !== undefined) return found;
  }
  return headers.find((header) => header.section === null) ?? headers[0];
}

function settleDateOrder(found: Survey, format: FormatId, options: ReadOptions): DateOrder | null {
  if (options.dateOrder !== undefined) return options.dateOrder;
  if (found.dmySample !== null && found.mdySample !== null) {
    throw new ExportReadError(
      'date_order_ambiguous',
      'The file writes dates both day-first and month-first; say which to use.',
      { sample: found.dmySample, otherSample: found.mdySample },
    );
  }
  if (found.dmySample !== null) return 'dmy';
  if (found.mdySample !== null) return 'mdy';
  if (isZoom(format)) return 'mdy';
  if (found.numericSample !== null) {
    throw new ExportReadError(
      'date_order_ambiguous',
      `No date in the file shows whether "${found.numericSample}" is day-first or month-first.`,
      { sample: found.numericSample },
    );
  }
  return null;
}

async function sniff(source: Source, fileName: string): Promise<Container> {
  try {
    return await sniffContainer(source);
  } catch (error) {
    throw new ExportReadError('unreadable', `${fileName}: the file cannot be read.`, {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

async function surveySafely(
  source: Source,
  container: Container,
  forced: FormatId | null,
  mapping: GenericMapping | undefined,
  fileName: string,
): Promise<Survey> {
  try {
    return await survey(source, container, forced, mapping);
  } catch (error) {
    if (error instanceof ExportReadError) throw error;
    throw new ExportReadError('unreadable', `${fileName}: the file cannot be read.`, {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Recognises the export's format from its content (the file name is not trusted). */
export async function detectFormat(
  source: Source,
  fileName: string,
): Promise<{ format: FormatId; confidence: 'certain' | 'likely' } | null> {
  try {
    const container = await sniff(source, fileName);
    const found = await survey(source, container, null, undefined);
    if (found.scanner.guess !== null && found.scanner.headers.length > 0)
      return found.scanner.guess;
    // Any table with a header row can still be imported with a column mapping.
    if (found.scanner.candidateHeader !== null) return { format: 'generic', confidence: 'likely' };
    return null;
  } catch {
    return null;
  }
}

/**
 * Opens an attendance export: metadata now, rows as they stream. Throws ExportReadError when the
 * file cannot be read without the caller's help (see its `code`).
 */
export async function openExport(
  source: Source,
  fileName: string,
  options: ReadOptions = {},
): Promise<OpenedExport> {
  const container = await sniff(source, fileName);
  const forced = options.format ?? null;
  let found = await surveySafely(
    source,
    container,
    forced,
    forced === 'generic' ? options.mapping : undefined,
    fileName,
  );
  let format = found.scanner.headers.length > 0 ? (found.scanner.guess?.format ?? null) : null;
  if (forced === 'generic' || format === null) {
    if (options.mapping === undefined || Object.keys(options.mapping).length === 0) {
      const header = found.scanner.candidateHeader;
      if (header === null)
        throw new ExportReadError('no_header', `${fileName}: no header row found.`);
      throw new ExportReadError(
        'mapping_required',
        `${fileName}: the format is not recognised; say what each column holds.`,
        { header: header.filter((cell) => cell !== '') },
      );
    }
    if (forced !== 'generic') {
      found = await surveySafely(source, container, 'generic', options.mapping, fileName);
    }
    format = 'generic';
  }
  const scanner = found.scanner;
  const header = mainHeader(scanner.headers);
  if (header === undefined) {
    throw new ExportReadError('no_header', `${fileName}: no header row of people found.`);
  }

  const order = settleDateOrder(found, format, options);
  const startText = scanner.preamble.get('start') ?? found.firstRowStart;
  const start =
    startText === null || startText === undefined ? null : parseLocalDateTime(startText, order);
  const durationText = clean(scanner.preamble.get('duration'));
  const durationSeconds = durationText === null ? null : parseDuration(durationText, 'minutes');

  const questionHeaders: string[] = [];
  for (const seen of scanner.headers) {
    for (const column of seen.columns) {
      if (column.field === 'question' && !questionHeaders.includes(column.header)) {
        questionHeaders.push(column.header);
      }
    }
  }

  const metadata: ExportMetadata = {
    format,
    platform: platformOf(format),
    title: clean(scanner.preamble.get('title')) ?? found.firstRowTitle,
    platformId: digitsOnly(scanner.preamble.get('id')),
    startsAt: start?.ok === true ? start.value : null,
    durationMinutes: durationSeconds === null ? null : Math.round(durationSeconds / 60),
    fileTimeZone: found.zone ?? (start?.ok === true ? start.zone : null),
    dateOrder:
      found.numericSample !== null
        ? order
        : found.unambiguousDates
          ? 'iso'
          : (options.dateOrder ?? null),
    questionHeaders,
    header: header.cells.filter((cell) => cell !== ''),
  };

  const issues = new IssueLog();
  const context: RowContext = {
    format,
    order,
    issues,
    host: format.startsWith('zoom-meeting')
      ? (parseHost(scanner.preamble.get('host')) ?? parseHost(scanner.preamble.get('hostEmail')))
      : null,
    skipParticipantsSection: format === 'teams-attendance' && found.activityRows > 0,
  };
  const mapping = format === 'generic' ? options.mapping : undefined;
  return { metadata, rows: readRows(source, container, format, mapping, context), issues };
}

async function* readRows(
  source: Source,
  container: Container,
  format: FormatId,
  mapping: GenericMapping | undefined,
  context: RowContext,
): AsyncGenerator<ExportRow> {
  const scanner = new Scanner(format, mapping);
  for await (const record of readRecords(source, container, context.issues)) {
    const data = scanner.feed(record);
    if (data === null) continue;
    const row = buildRow(data, context);
    if (row !== null) yield row;
  }
}
