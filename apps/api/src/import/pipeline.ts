import {
  applyStagedImport,
  assignParticipants,
  createImportRecord,
  createStagingTable,
  finishImport,
  findColumnMapping,
  findStandingImportOfFile,
  saveColumnMapping,
  abortImportWithClient,
  startImport,
  insertStagingRows,
  mergeStagedPeople,
  stagedCounts,
  stagedPeopleWithoutEmail,
  webinarParticipantsWithoutEmail,
  type Database,
  type Platform,
  type SectorCode,
  type StagedCounts,
  type StagingRow,
} from '@ripple/db';
import type { Kysely, Transaction } from 'kysely';
import { createCountryMatcher, foldKey } from './countries.js';
import { openExport } from './read/index.js';
import { findSectorQuestion, sectorFromAnswer } from './sectors.js';
import { isIanaZone, utcConverter } from './time.js';
import {
  ExportReadError,
  type ExportMetadata,
  type ExportRow,
  type FormatId,
  type GenericMapping,
  type RowIssue,
  type Source,
} from './types.js';
import {
  ImportRefused,
  resolveWebinar,
  type WebinarAnswers,
  type WebinarResolution,
} from './webinar.js';

export interface ImportRequest {
  fileName: string;
  source: Source;
  /** SHA-256 of the file's bytes, hex. */
  contentHash: string;
  format?: FormatId;
  /** IANA zone the file's times are in; default the webinar's, else the file's own, else UTC. */
  timeZone?: string;
  dateOrder?: 'dmy' | 'mdy';
  /** Import into this webinar, whatever the file says. */
  webinarId?: number;
  /** What exports do not carry: language, series, working group, topics (for a new webinar). */
  webinar?: WebinarAnswers;
  mapping?: GenericMapping;
  /** Work everything out, then write nothing. */
  dryRun?: boolean;
  /** Refuse the whole file when any row has a problem (default: keep good rows, report the rest). */
  strict?: boolean;
  userId?: number | null;
  onProgress?: (progress: { phase: 'reading' | 'writing'; rows: number }) => void;
  /** Called once the import is recorded (not for dry runs), with its id. */
  onStarted?: (importId: number) => void;
}

export interface ImportSummary {
  /** 'unchanged': this exact file is already imported; nothing was done. */
  status: 'dry_run' | 'succeeded' | 'unchanged' | 'failed';
  importId: number | null;
  fileName: string;
  contentHash: string;
  format: FormatId | null;
  platform: Platform | null;
  timeZone: string | null;
  webinar: WebinarResolution | null;
  /** What the file did not say and nobody answered; stays unknown until edited. */
  missing: string[];
  counts:
    | (StagedCounts & {
        newParticipants: number;
        matchedParticipants: number;
        newSpeakers: number;
        rowsWithIssues: number;
      })
    | null;
  unmatchedCountries: Array<{ text: string; rows: number }>;
  issues: RowIssue[];
  issueCount: number;
  replaced: { importId: number; added: number; removed: number; changed: number } | null;
  message: string;
  error?: { code: string; details?: Record<string, unknown> };
}

const BATCH_ROWS = 5_000;

class DryRunComplete extends Error {
  constructor(readonly summary: ImportSummary) {
    super('dry run');
  }
}

class StrictModeRefusal extends Error {
  constructor(readonly summary: ImportSummary) {
    super('strict mode');
  }
}

/**
 * Imports one attendance export as one transaction: nothing of it is kept unless all of it is.
 * The same file twice changes nothing; a corrected file for the same webinar and platform
 * replaces the earlier one's attendance and says what changed.
 */
export async function importAttendance(
  db: Kysely<Database>,
  request: ImportRequest,
): Promise<ImportSummary> {
  const base = emptySummary(request);

  if (request.timeZone !== undefined && !isIanaZone(request.timeZone)) {
    return fail(db, request, base, null, {
      code: 'invalid_time_zone',
      message: `Unknown time zone "${request.timeZone}"; use an IANA name such as Europe/Madrid.`,
    });
  }

  const standing = await findStandingImportOfFile(db, request.contentHash);
  if (standing) {
    return {
      ...base,
      status: 'unchanged',
      importId: standing.id,
      format: standing.format as FormatId | null,
      platform: standing.platform,
      message: `This file was already imported as import #${standing.id} (${standing.file_name}); nothing changed.`,
    };
  }
  let opened: Awaited<ReturnType<typeof openExport>>;
  const readOptions = {
    ...(request.format && { format: request.format }),
    ...(request.dateOrder && { dateOrder: request.dateOrder }),
    ...(request.mapping && { mapping: request.mapping }),
  };
  try {
    try {
      opened = await openExport(request.source, request.fileName, readOptions);
    } catch (error) {
      // A file of a kind mapped before: its header's saved mapping is used again.
      const header =
        error instanceof ExportReadError && error.code === 'mapping_required'
          ? error.details.header
          : null;
      const saved = Array.isArray(header)
        ? await findColumnMapping(db, header.map(String))
        : undefined;
      if (!saved) throw error;
      opened = await openExport(request.source, request.fileName, {
        ...readOptions,
        mapping: saved as GenericMapping, // saved only after it was validated on the way in
      });
    }
  } catch (error) {
    if (error instanceof ExportReadError) {
      return fail(db, request, base, null, {
        code: error.code,
        message: error.message,
        details: error.details,
      });
    }
    throw error;
  }
  const { metadata } = opened;

  // A real import is recorded before any work, in its own statement, and locked while it runs:
  // if the process dies during the transaction, the record stays 'running' with nobody holding
  // its lock, and the next start-up (or look at the history) marks it failed, with nothing kept.
  const recordFields = {
    fileName: request.fileName,
    contentHash: request.contentHash,
    format: metadata.format,
    platform: metadata.platform,
    timeZone: request.timeZone ?? null,
    userId: request.userId ?? null,
    options: {
      ...(request.webinarId !== undefined && { webinarId: request.webinarId }),
      ...(request.dryRun && { dryRun: true }),
      ...(request.strict && { strict: true }),
      ...(request.dateOrder && { dateOrder: request.dateOrder }),
    },
  };
  if (request.dryRun) {
    // Recorded inside the transaction, which a dry run always rolls back: no trace of it stays.
    return importInTransaction(db, null, request, opened, base, (trx) =>
      createImportRecord(trx, recordFields),
    );
  }
  return startImport(db, recordFields, (conn, importId) => {
    request.onStarted?.(importId);
    return importInTransaction(conn, importId, request, opened, base, async () => importId);
  });
}

/**
 * The import's one transaction, and what its failures leave in the history. `db` is the
 * connection holding the import's lock for a real import (`importId`), the pool for a dry run.
 */
async function importInTransaction(
  db: Kysely<Database>,
  importId: number | null,
  request: ImportRequest,
  opened: Awaited<ReturnType<typeof openExport>>,
  base: ImportSummary,
  recordId: (trx: Transaction<Database>) => Promise<number>,
): Promise<ImportSummary> {
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await recordId(trx);
      if (importId !== null) await abortImportWithClient(trx);
      const summary = await runImport(trx, id, request, opened, base);
      if (request.strict && summary.issueCount > 0) throw new StrictModeRefusal(summary);
      if (request.dryRun)
        throw new DryRunComplete({ ...summary, status: 'dry_run', importId: null });
      if (request.mapping && opened.metadata.format === 'generic') {
        await saveColumnMapping(trx, opened.metadata.header, request.mapping);
      }
      await finishImport(trx, id, {
        status: 'succeeded',
        counts: {
          ...summary.counts!,
          webinarCreated: summary.webinar?.action === 'created' ? 1 : 0,
        },
        webinarId: summary.webinar?.id ?? null,
        timeZone: summary.timeZone,
        errorReport:
          summary.issueCount > 0 || summary.unmatchedCountries.length > 0
            ? {
                issues: summary.issues,
                issueCount: summary.issueCount,
                unmatchedCountries: summary.unmatchedCountries,
              }
            : null,
      });
      return { ...summary, status: 'succeeded' as const, importId: id };
    });
  } catch (error) {
    if (error instanceof DryRunComplete) return error.summary;
    if (error instanceof StrictModeRefusal) {
      return fail(db, request, error.summary, importId, {
        code: 'strict_mode',
        message: `Strict mode: ${error.summary.issueCount} row problem(s), so nothing was imported.`,
      });
    }
    if (error instanceof ExportReadError || error instanceof ImportRefused) {
      return fail(db, request, base, importId, {
        code: error.code,
        message: error.message,
        details: error.details,
      });
    }
    if (importId !== null) {
      await finishImport(db, importId, {
        status: 'failed',
        errorReport: { message: error instanceof Error ? error.message : String(error) },
      }).catch(() => undefined);
    }
    throw error;
  }
}

async function runImport(
  trx: Transaction<Database>,
  importId: number,
  request: ImportRequest,
  opened: Awaited<ReturnType<typeof openExport>>,
  base: ImportSummary,
): Promise<ImportSummary> {
  const { metadata } = opened;
  const missing: string[] = [];

  const resolution = await resolveWebinar(trx, metadata, request);
  missing.push(...resolution.missing);
  const timeZone = resolution.timeZone;
  if (resolution.timeZoneGuessed) missing.push('time_zone');

  const toUtc = utcConverter(timeZone);
  const remembered = await rememberedMappings(trx);
  const countries = createCountryMatcher(remembered.countries);
  const sectorQuestion = findSectorQuestion(metadata.questionHeaders);
  const unmatched = new Map<string, number>();

  await createStagingTable(trx);
  let batch: StagingRow[] = [];
  let rows = 0;
  // One batch is written while the next is parsed: the database and the parser work at once,
  // and at most two batches are ever held.
  let writing: Promise<void> = Promise.resolve();
  for await (const row of opened.rows) {
    rows++;
    batch.push(
      stagingRow(row, toUtc, countries.match, sectorQuestion, remembered.sectors, unmatched),
    );
    if (batch.length >= BATCH_ROWS) {
      await writing;
      writing = insertStagingRows(trx, batch);
      // Observed at the next await; until then a failure must not count as unhandled.
      writing.catch(() => undefined);
      batch = [];
      request.onProgress?.({ phase: 'reading', rows });
    }
  }
  await writing;
  await insertStagingRows(trx, batch);
  request.onProgress?.({ phase: 'writing', rows });

  await mergeStagedPeople(trx);
  await matchPeopleWithoutEmail(trx, resolution.webinar.id);
  const staged = await stagedCounts(trx);
  const applied = await applyStagedImport(trx, {
    importId,
    webinarId: resolution.webinar.id,
    platform: metadata.platform,
  });

  const issues = opened.issues;
  const unmatchedCountries = [...unmatched.entries()]
    .map(([text, count]) => ({ text, rows: count }))
    .sort((a, b) => b.rows - a.rows || a.text.localeCompare(b.text));

  return {
    ...base,
    status: 'succeeded',
    importId,
    format: metadata.format,
    platform: metadata.platform,
    timeZone,
    webinar: resolution.webinar,
    missing,
    counts: {
      ...staged,
      newParticipants: applied.newParticipants,
      matchedParticipants: applied.matchedParticipants,
      newSpeakers: applied.newSpeakers,
      rowsWithIssues: issues.rows,
    },
    unmatchedCountries,
    issues: issues.kept,
    issueCount: issues.count,
    replaced: applied.replaced,
    message: describe(metadata, resolution.webinar, staged, applied, issues.count),
  };
}

function stagingRow(
  row: ExportRow,
  toUtc: (t: NonNullable<ExportRow['joinAt']>) => Date,
  matchCountry: (text: string) => string | null,
  sectorQuestion: string | null,
  sectorMappings: ReadonlyMap<string, SectorCode>,
  unmatched: Map<string, number>,
): StagingRow {
  const country = row.country === null ? null : matchCountry(row.country);
  if (row.country !== null && country === null) {
    unmatched.set(row.country, (unmatched.get(row.country) ?? 0) + 1);
  }
  const answer = sectorQuestion ? row.answers[sectorQuestion] : undefined;
  return {
    role: row.role,
    personKey: row.email ?? personKeyWithoutEmail(row),
    name: row.name,
    email: row.email,
    registered: row.registered,
    registeredAt: row.registeredAt && toUtc(row.registeredAt),
    attended: row.attended,
    joinAt: row.joinAt && toUtc(row.joinAt),
    leaveAt: row.leaveAt && toUtc(row.leaveAt),
    seconds: row.seconds,
    country,
    organisation: row.organisation,
    sector: answer ? sectorFromAnswer(answer, sectorMappings) : 'unknown',
  };
}

/** Rejoins of someone without an email share their (folded) name; a row with neither stands alone. */
function personKeyWithoutEmail(row: ExportRow): string {
  const nameKey = row.name ? foldKey(row.name) : '';
  return nameKey ? `name:${nameKey}` : `line:${row.line}`;
}

/** A person without email is the same person as a nameless-email attendee of this webinar by name. */
async function matchPeopleWithoutEmail(trx: Transaction<Database>, webinarId: number) {
  const staged = await stagedPeopleWithoutEmail(trx);
  if (staged.length === 0) return;
  const existing = new Map<string, number>();
  for (const p of await webinarParticipantsWithoutEmail(trx, webinarId)) {
    if (p.name) existing.set(`name:${foldKey(p.name)}`, p.id);
  }
  const pairs = staged.flatMap((s) => {
    const id = existing.get(s.personKey);
    return id === undefined ? [] : [{ personKey: s.personKey, participantId: id }];
  });
  await assignParticipants(trx, pairs);
}

async function rememberedMappings(trx: Transaction<Database>) {
  const [countries, sectors] = await Promise.all([
    trx.selectFrom('country_alias').select(['alias_key', 'country']).execute(),
    trx.selectFrom('sector_mapping').select(['answer_key', 'sector']).execute(),
  ]);
  return {
    countries: new Map(countries.map((c) => [c.alias_key, c.country])),
    sectors: new Map(sectors.map((s) => [s.answer_key, s.sector])),
  };
}

function describe(
  metadata: ExportMetadata,
  webinar: WebinarResolution,
  staged: { attendees: number; noShows: number; speakers: number },
  applied: { newParticipants: number; replaced: ImportSummary['replaced'] },
  issueCount: number,
): string {
  const parts = [
    `${webinar.action === 'created' ? 'New webinar' : 'Webinar'} "${webinar.title}": ${staged.attendees} attended, ${staged.noShows} did not come, ${staged.speakers} speaker(s)`,
    `${applied.newParticipants} new participant(s)`,
  ];
  if (applied.replaced) {
    const r = applied.replaced;
    parts.push(
      `replaces import #${r.importId} (${r.added} added, ${r.removed} removed, ${r.changed} changed)`,
    );
  }
  if (issueCount > 0) parts.push(`${issueCount} problem(s) in rows`);
  return `${metadata.format}: ${parts.join('; ')}.`;
}

function emptySummary(request: ImportRequest): ImportSummary {
  return {
    status: 'failed',
    importId: null,
    fileName: request.fileName,
    contentHash: request.contentHash,
    format: request.format ?? null,
    platform: null,
    timeZone: request.timeZone ?? null,
    webinar: null,
    missing: [],
    counts: null,
    unmatchedCountries: [],
    issues: [],
    issueCount: 0,
    replaced: null,
    message: '',
  };
}

async function fail(
  db: Kysely<Database>,
  request: ImportRequest,
  summary: ImportSummary,
  importId: number | null,
  error: { code: string; message: string; details?: Record<string, unknown> },
): Promise<ImportSummary> {
  const errorReport = {
    code: error.code,
    message: error.message,
    ...(error.details && { details: error.details }),
    ...(summary.issueCount > 0 && { issues: summary.issues, issueCount: summary.issueCount }),
  };
  let id = importId;
  if (id !== null) {
    await finishImport(db, id, { status: 'failed', errorReport });
  } else if (!request.dryRun) {
    // Refused before any work began: still recorded, so the history shows the attempt and why
    // (recorded failed at once: it never runs, so it is never 'running').
    id = await createImportRecord(
      db,
      {
        fileName: summary.fileName,
        contentHash: summary.contentHash,
        format: summary.format,
        platform: summary.platform,
        timeZone: summary.timeZone,
        userId: null,
        options: {},
      },
      { errorReport },
    );
  }
  return {
    ...summary,
    status: 'failed',
    importId: id,
    message: error.message,
    error: { code: error.code, ...(error.details && { details: error.details }) },
  };
}
