// The contract between the readers (one per export format) and the import pipeline.
// A reader turns a file into metadata plus a stream of rows, one per row of the file that names a
// person; it decodes, finds headers, and parses values, but decides nothing about people or
// webinars: merging rejoins, matching and writing are the pipeline's job.
import type { Readable } from 'node:stream';

export const FORMAT_IDS = [
  'zoom-webinar-attendee',
  'zoom-webinar-registration',
  'zoom-meeting-participants',
  'zoom-meeting-unique',
  'teams-attendance',
  'webex-attendance',
  'goto-webinar-attendee',
  'generic',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

export type ExportPlatform = 'zoom' | 'teams' | 'webex' | 'goto' | 'other';

/** A wall-clock time as written in the file, with no zone: the pipeline applies the zone. */
export interface LocalDateTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** What the person was at the webinar. Anyone but an attendee becomes a speaker. */
export type ExportRole = 'attendee' | 'host' | 'panelist' | 'organiser' | 'presenter';

export interface ExportMetadata {
  format: FormatId;
  platform: ExportPlatform;
  /** Webinar title from the preamble/summary, if the file has one. */
  title: string | null;
  /** The platform's own id, digits only (e.g. Zoom "812 3456 7890" → "81234567890"). */
  platformId: string | null;
  startsAt: LocalDateTime | null;
  durationMinutes: number | null;
  /** Time zone named in the file itself (GoTo writes "CEST"), as an IANA name when known. */
  fileTimeZone: string | null;
  /** Day-first or month-first, as used to read this file's dates ('iso' when unambiguous). */
  dateOrder: 'dmy' | 'mdy' | 'iso' | null;
  /** Headers of the registration questions the file carries (custom columns), in file order. */
  questionHeaders: string[];
  /** The header row of the person rows, as found (for the generic import's saved mappings). */
  header: string[];
}

export interface ExportRow {
  /** 1-based line number in the decoded text (row number for .xlsx), for error reports. */
  line: number;
  role: ExportRole;
  /** Display name as the file gives it ("García Simón, Pedro" stays whole). */
  name: string | null;
  /** Trimmed and lower-cased; null when empty or a placeholder. Not further validated here. */
  email: string | null;
  /** True when the file says the person registered (registration/attendee sections). */
  registered: boolean;
  registeredAt: LocalDateTime | null;
  /** False for no-shows ("No", "--"). */
  attended: boolean;
  /** One join segment; rejoins are separate rows. Null for no-shows or summary-only formats. */
  joinAt: LocalDateTime | null;
  leaveAt: LocalDateTime | null;
  /** Time in session of this row in seconds (minutes × 60 where the file gives minutes). */
  seconds: number | null;
  /** Country/region text as written (e.g. "Hong Kong, China"); null when empty or "--". */
  country: string | null;
  organisation: string | null;
  /** Custom registration questions: header → answer, as written. */
  answers: Record<string, string>;
}

/** A problem with one cell or row: where, what was there, and why it could not be read. */
export interface RowIssue {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

export interface ReadOptions {
  /** Skip detection and read as this format. */
  format?: FormatId;
  /** How to read ambiguous dates like 03/05/25; default: inferred from the file, else asked. */
  dateOrder?: 'dmy' | 'mdy';
  /** For the generic format: file header (as found) → field. */
  mapping?: GenericMapping;
}

export const GENERIC_FIELDS = [
  'name',
  'first_name',
  'last_name',
  'email',
  'country',
  'organisation',
  'sector',
  'registered_at',
  'join_at',
  'leave_at',
  'minutes',
  'attended',
  'role',
  'ignore',
] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number];
export type GenericMapping = Record<string, GenericField>;

/** Re-opens the file from its first byte (files are read twice: detection/inference, then rows). */
export type Source = () => Readable;

export interface OpenedExport {
  metadata: ExportMetadata;
  /** Rows in file order. Memory stays bounded: rows are produced as the file streams. */
  rows: AsyncIterable<ExportRow>;
  /** Issues found so far; complete once `rows` has been iterated to the end. */
  issues: IssueLog;
}

/**
 * Row problems of one file: the first `keep` in full for the report, and counts of all of them,
 * so a million bad rows cost a counter rather than a million objects.
 */
export class IssueLog {
  readonly kept: RowIssue[] = [];
  /** All issues, kept or not. */
  count = 0;
  /** Distinct rows with at least one issue (a row's issues arrive together). */
  rows = 0;
  private lastLine = -1;

  constructor(private readonly keep = 200) {}

  push(issue: RowIssue): void {
    this.count++;
    if (issue.line !== this.lastLine) {
      this.rows++;
      this.lastLine = issue.line;
    }
    if (this.kept.length < this.keep) this.kept.push(issue);
  }
}

/**
 * Thrown when a file cannot be read at all (unknown format, no header, ambiguous date order that
 * the caller must settle, a generic file without a mapping). `code` says which, for the UI.
 */
export class ExportReadError extends Error {
  override name = 'ExportReadError';
  constructor(
    readonly code:
      'unknown_format' | 'no_header' | 'date_order_ambiguous' | 'mapping_required' | 'unreadable',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
