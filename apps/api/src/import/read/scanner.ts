// Walks the records of an export and says what each one is: preamble, section title, header or
// person row. Both passes over a file use it, so detection and reading can never disagree.
import type { FormatId, GenericMapping } from '../types.js';
import {
  formatOfHeader,
  genericMatches,
  isPersonHeader,
  isPreambleKeyRow,
  mapColumns,
  mapGenericColumns,
  preambleKey,
  sectionTitle,
  type Column,
  type FormatGuess,
  type PreambleKey,
  type Section,
} from './layout.js';
import type { FileRecord } from './records.js';

export interface DataRow {
  record: FileRecord;
  columns: Column[];
  section: Section | null;
}

export interface HeaderSeen {
  cells: string[];
  columns: Column[];
  section: Section | null;
}

// A generic file's header is the row among the first ones with the most filled cells.
const GENERIC_HEADER_WINDOW = 50;

export class Scanner {
  readonly hints = new Set<string>();
  readonly preamble = new Map<PreambleKey, string>();
  guess: FormatGuess | null;
  /** Headers in file order, with the section each opened. */
  readonly headers: HeaderSeen[] = [];
  /** For the generic import: the most likely header row when no format was recognised. */
  candidateHeader: string[] | null = null;
  private candidateFilled = 0;
  private records = 0;
  private pendingKeys: string[] | null = null;
  private section: Section | null = null;
  private columns: Column[] | null = null;
  /** The previous record was a person row: a new header needs a blank line or title first. */
  private inData = false;

  constructor(
    forced: FormatId | null,
    private readonly mapping: GenericMapping | undefined,
  ) {
    this.guess = forced === null ? null : { format: forced, confidence: 'certain' };
  }

  private get generic(): boolean {
    return this.guess?.format === 'generic';
  }

  /** The person row this record is, or null for anything else. */
  feed(record: FileRecord): DataRow | null {
    const cells = record.cells;
    this.records += 1;
    if (cells.every((cell) => cell.trim() === '')) {
      this.inData = false;
      return null;
    }
    if (this.pendingKeys !== null) {
      this.takeHorizontalPreamble(this.pendingKeys, cells);
      this.pendingKeys = null;
      return null;
    }
    if (this.generic) return this.feedGeneric(record);

    const title = sectionTitle(cells);
    if (title !== null) {
      this.inData = false;
      if (title.hint !== null) this.hints.add(title.hint);
      if (title.section !== null) {
        this.section = title.section;
        this.columns = null;
      }
      return null;
    }
    if (this.headers.length === 0 && isPreambleKeyRow(cells)) {
      this.hints.add('zoom');
      this.pendingKeys = cells;
      return null;
    }
    // Every export puts a header after a title or a blank line, never straight after a person
    // row; not looking for one inside a run of person rows halves the scanner's cost per row.
    if (!this.inData && isPersonHeader(cells)) {
      this.guess ??= formatOfHeader(cells, this.hints);
      if (this.guess === null) {
        // A row naming people's columns beats any row merely wide enough to be a header.
        if (this.candidateFilled !== Infinity)
          this.candidateHeader = cells.map((cell) => cell.trim());
        this.candidateFilled = Infinity;
        return null;
      }
      this.columns = mapColumns(cells, this.guess.format);
      this.headers.push({
        cells: cells.map((cell) => cell.trim()),
        columns: this.columns,
        section: this.section,
      });
      return null;
    }
    if (this.headers.length === 0 && this.takeVerticalPreamble(cells)) return null;
    if (this.columns !== null) {
      this.inData = true;
      return { record, columns: this.columns, section: this.section };
    }
    this.considerCandidate(cells);
    return null;
  }

  private feedGeneric(record: FileRecord): DataRow | null {
    const cells = record.cells;
    const mapping = this.mapping ?? {};
    const needed = Math.min(2, Object.keys(mapping).length);
    if (needed > 0 && genericMatches(cells, mapping) >= needed) {
      this.columns = mapGenericColumns(cells, mapping);
      this.headers.push({
        cells: cells.map((cell) => cell.trim()),
        columns: this.columns,
        section: null,
      });
      return null;
    }
    if (this.columns !== null) return { record, columns: this.columns, section: null };
    this.considerCandidate(cells);
    return null;
  }

  private considerCandidate(cells: string[]): void {
    if (this.records > GENERIC_HEADER_WINDOW) return;
    const filled = cells.filter((cell) => cell.trim() !== '').length;
    if (filled >= 2 && filled > this.candidateFilled) {
      this.candidateFilled = filled;
      this.candidateHeader = cells.map((cell) => cell.trim());
    }
  }

  private takeHorizontalPreamble(keys: string[], values: string[]): void {
    keys.forEach((key, index) => {
      const name = preambleKey(key);
      const value = values[index]?.trim();
      if (name !== null && value !== undefined && value !== '' && !this.preamble.has(name)) {
        this.preamble.set(name, value);
      }
    });
  }

  /** `Meeting title<TAB>…` lines of a Teams summary (and similar key/value preambles). */
  private takeVerticalPreamble(cells: string[]): boolean {
    const filled = cells.filter((cell) => cell.trim() !== '');
    if (filled.length < 2) return false;
    const name = preambleKey(cells[0] ?? '');
    if (name === null) return false;
    if (!this.preamble.has(name)) this.preamble.set(name, (cells[1] ?? '').trim());
    return true;
  }
}
