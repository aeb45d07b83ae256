import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, DataImport, Platform } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

export class ImportStateError extends Error {
  override name = 'ImportStateError';
}

export interface ImportRecordFields {
  fileName: string;
  contentHash: string;
  format: string | null;
  platform: Platform | null;
  timeZone: string | null;
  userId: number | null;
  options: Record<string, unknown>;
}

/**
 * Records an import, as 'running' or already 'failed' (refused before any work). A running
 * import is recorded with `startImport` instead, which locks it before it can be seen; this one
 * is for records written inside the import's own transaction (dry runs).
 */
export async function createImportRecord(
  db: Db,
  fields: ImportRecordFields,
  failed?: { errorReport: unknown },
): Promise<number> {
  const row = await db
    .insertInto('data_import')
    .values({
      ...recordValues(fields),
      ...(failed
        ? {
            status: 'failed',
            finished_at: new Date(),
            error_report: JSON.stringify(failed.errorReport),
          }
        : { status: 'running' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

const recordValues = (fields: ImportRecordFields) => ({
  file_name: fields.fileName,
  content_hash: fields.contentHash,
  format: fields.format,
  platform: fields.platform,
  time_zone: fields.timeZone,
  user_id: fields.userId,
  options: JSON.stringify(fields.options),
});

/** The import that already brought exactly this file in, if it still stands. */
export async function findStandingImportOfFile(db: Db, contentHash: string) {
  return db
    .selectFrom('data_import')
    .where('content_hash', '=', contentHash)
    .where('status', '=', 'succeeded')
    .selectAll()
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function finishImport(
  db: Db,
  id: number,
  fields: {
    status: 'succeeded' | 'failed';
    counts?: Record<string, number>;
    webinarId?: number | null;
    format?: string | null;
    platform?: Platform | null;
    timeZone?: string | null;
    errorReport?: unknown;
  },
): Promise<void> {
  await db
    .updateTable('data_import')
    .set({
      status: fields.status,
      finished_at: new Date(),
      ...(fields.counts && { counts: JSON.stringify(fields.counts) }),
      ...(fields.webinarId !== undefined && { webinar_id: fields.webinarId }),
      ...(fields.format !== undefined && { format: fields.format }),
      ...(fields.platform !== undefined && { platform: fields.platform }),
      ...(fields.timeZone !== undefined && { time_zone: fields.timeZone }),
      ...(fields.errorReport !== undefined && { error_report: JSON.stringify(fields.errorReport) }),
    })
    .where('id', '=', id)
    .execute();
}

// Advisory-lock key space of imports: a running import's connection holds (IMPORT_LOCK, id) from
// before its record is visible until it has finished, so a record that says 'running' while
// nobody holds its lock belongs to an import whose process (or connection) died.
const IMPORT_LOCK = 0x52_49_50; // "RIP"

/**
 * Records a real import as 'running' and runs `work` with its id, on one connection that holds
 * the import's lock throughout: the id is drawn and locked first, then the record inserted (and
 * committed on its own, so that it outlives a crash), so no sweep ever sees it unlocked while
 * its import is alive. A crash drops the connection and with it the lock.
 */
export async function startImport<T>(
  db: Kysely<Database>,
  fields: ImportRecordFields,
  work: (conn: Kysely<Database>, id: number) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ id: number }>`
      select nextval(pg_get_serial_sequence('data_import', 'id'))::int as id
    `.execute(conn);
    const id = rows[0]!.id;
    await sql`select pg_advisory_lock(${IMPORT_LOCK}, ${id})`.execute(conn);
    try {
      const v = recordValues(fields);
      await sql`
        insert into data_import (id, file_name, content_hash, format, platform, time_zone, user_id,
                                 options, status)
        overriding system value
        values (${id}, ${v.file_name}, ${v.content_hash}, ${v.format}, ${v.platform},
                ${v.time_zone}, ${v.user_id}, ${v.options}::jsonb, 'running')
      `.execute(conn);
      return await work(conn, id);
    } finally {
      // On a broken connection this fails, and the lock went with the connection anyway.
      await sql`select pg_advisory_unlock(${IMPORT_LOCK}, ${id})`.execute(conn).catch(() => {});
    }
  });
}

/**
 * In the import's transaction, on PostgreSQL: the server checks every second that the client is
 * still there, so a statement of an import whose process was killed is cancelled within a
 * second instead of running on (holding the import's lock) until it next talks to the client.
 * Not a setting the embedded database has; nothing changes there.
 */
export async function abortImportWithClient(trx: Transaction<Database>): Promise<void> {
  await sql`
    do $$ begin
      perform set_config('client_connection_check_interval', '1000', true);
    exception when others then null;
    end $$
  `.execute(trx);
}

/**
 * Marks failed every import left 'running' by a process that stopped (a crash, kill -9, power
 * loss) or lost its database connection mid-import: its transaction never committed, so nothing
 * of it is in the database. An import whose lock is held is in progress (in this process or
 * another one) and is left alone. One statement, so it also runs inside a caller's transaction.
 * The error report says 'interrupted', when the import started and when it was found.
 */
export async function sweepInterruptedImports(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    with gone as (
      update data_import i set
        status = 'failed',
        finished_at = now(),
        error_report = jsonb_build_object(
          'code', 'interrupted',
          'message', 'Interrupted: the import started at '
            || to_char(i.started_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC'
            || ' and its process stopped (or lost the database) before it finished, found at '
            || to_char(now() at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || ' UTC;'
            || ' nothing of it was kept. Run it again.'
        )
      where i.id in (
        select id from data_import
        where status = 'running' and pg_try_advisory_xact_lock(${IMPORT_LOCK}, id)
        for update skip locked
      )
      returning 1
    )
    select count(*)::int as n from gone
  `.execute(db);
  return rows[0]?.n ?? 0;
}

/** At start-up: how many imports were found interrupted (see sweepInterruptedImports). */
export async function markInterruptedImports(db: Kysely<Database>): Promise<number> {
  return sweepInterruptedImports(db);
}

export async function listImports(
  db: Db,
  { limit, offset }: { limit: number; offset: number },
): Promise<{ total: number; items: DataImport[] }> {
  await sweepInterruptedImports(db);
  const [items, total] = await Promise.all([
    db
      .selectFrom('data_import')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    db
      .selectFrom('data_import')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: total.n, items };
}

export async function getImport(db: Db, id: number): Promise<DataImport | undefined> {
  await sweepInterruptedImports(db);
  return db.selectFrom('data_import').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface UndoResult {
  attendanceRemoved: number;
  attendanceRestored: number;
  participantsRemoved: number;
  speakerLinksRemoved: number;
  webinarRemoved: boolean;
}

/**
 * Takes an import back out: its attendance and speaker links go, what it replaced comes back,
 * and the people and webinar it created go too unless something else now refers to them.
 */
export async function undoImport(db: Kysely<Database>, id: number): Promise<UndoResult> {
  return db.transaction().execute(async (trx) => {
    const record = await trx
      .selectFrom('data_import')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!record) throw new ImportStateError(`There is no import #${id}.`);
    if (record.status !== 'succeeded') {
      throw new ImportStateError(
        `Import #${id} is ${record.status}; only a completed import can be undone.`,
      );
    }
    const later = await trx
      .selectFrom('data_import')
      .select('id')
      .where('replaces_import_id', '=', id)
      .where('status', '=', 'succeeded')
      .executeTakeFirst();
    if (later) {
      throw new ImportStateError(
        `Import #${id} was replaced by the corrected file of import #${later.id}; undo #${later.id} first.`,
      );
    }

    const removed = await trx
      .deleteFrom('attendance')
      .where('import_id', '=', id)
      .executeTakeFirst();
    const restored = await sql<{ n: number }>`
      with back as (
        insert into attendance (webinar_id, participant_id, registered, registered_at, attended,
                                first_join_at, last_leave_at, minutes, import_id)
        select webinar_id, participant_id, registered, registered_at, attended,
               first_join_at, last_leave_at, minutes, previous_import_id
        from import_replaced_attendance where import_id = ${id}
        on conflict do nothing
        returning 1
      )
      select count(*)::int as n from back
    `.execute(trx);
    await trx.deleteFrom('import_replaced_attendance').where('import_id', '=', id).execute();
    const links = await trx
      .deleteFrom('webinar_speaker')
      .where('import_id', '=', id)
      .executeTakeFirst();

    const people = await sql<{ n: number }>`
      with gone as (
        delete from participant p
        where p.created_import_id = ${id}
          and not exists (select 1 from attendance a where a.participant_id = p.id)
          and not exists (select 1 from survey_response r where r.participant_id = p.id)
          and not exists (select 1 from survey_invitation i where i.participant_id = p.id)
        returning 1
      )
      select count(*)::int as n from gone
    `.execute(trx);
    await sql`
      delete from speaker s
      where s.created_import_id = ${id}
        and not exists (select 1 from webinar_speaker ws where ws.speaker_id = s.id)
    `.execute(trx);

    let webinarRemoved = false;
    const counts = record.counts;
    if (record.webinar_id !== null && counts.webinarCreated === 1) {
      const deleted = await sql<{ n: number }>`
        with gone as (
          delete from webinar w where w.id = ${record.webinar_id}
            and not exists (select 1 from attendance a where a.webinar_id = w.id)
            and not exists (select 1 from webinar_speaker ws where ws.webinar_id = w.id)
            and not exists (select 1 from survey_invitation i where i.webinar_id = w.id)
          returning 1
        )
        select count(*)::int as n from gone
      `.execute(trx);
      webinarRemoved = (deleted.rows[0]?.n ?? 0) > 0;
    }

    await trx
      .updateTable('data_import')
      .set({ status: 'undone', undone_at: new Date() })
      .where('id', '=', id)
      .execute();
    return {
      attendanceRemoved: Number(removed.numDeletedRows),
      attendanceRestored: restored.rows[0]?.n ?? 0,
      participantsRemoved: people.rows[0]?.n ?? 0,
      speakerLinksRemoved: Number(links.numDeletedRows),
      webinarRemoved,
    };
  });
}

/** Headers compare trimmed and case-insensitively: "First Name" and "first name " are one. */
function headerKey(header: string[]): string {
  return header.map((h) => h.trim().toLowerCase()).join('\u001f');
}

/** The column mapping saved for files with this header, if a manager mapped one before. */
export async function findColumnMapping(
  db: Db,
  header: string[],
): Promise<Record<string, string> | undefined> {
  const row = await db
    .selectFrom('import_column_mapping')
    .select('mapping')
    .where('header_key', '=', headerKey(header))
    .executeTakeFirst();
  return row?.mapping;
}

export async function saveColumnMapping(
  db: Db,
  header: string[],
  mapping: Record<string, string>,
): Promise<void> {
  await db
    .insertInto('import_column_mapping')
    .values({
      header_key: headerKey(header),
      header: JSON.stringify(header),
      mapping: JSON.stringify(mapping),
    })
    .onConflict((oc) =>
      oc
        .column('header_key')
        .doUpdateSet({ mapping: JSON.stringify(mapping), updated_at: new Date() }),
    )
    .execute();
}
