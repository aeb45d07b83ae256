import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupEmbeddedDatabase, restoreEmbeddedDatabase } from '../src/backup.js';
import { openDatabase } from '../src/connection.js';
import { generateDemo } from '../src/demo/index.js';
import { migrateToLatest } from '../src/migrate.js';
import type { Database } from '../src/schema.js';

// Backups are of the embedded database, so this runs on PGlite on disk in both CI passes.
const root = mkdtempSync(join(tmpdir(), 'ripple-backup-'));
const dataDir = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Snapshot = Record<string, string[]>;

/**
 * Every row of every table, as sorted JSON text: two snapshots are equal when the data is.
 * Except reach_version, the reach cache's change counter: the reference-data sync that follows
 * every migration run (a restore runs them, for backups of older versions) moves it on, which
 * only tells in-memory caches to recompute.
 */
async function snapshot(db: Kysely<Database>): Promise<Snapshot> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'reach_version'
    order by 1`.execute(db);
  const result: Snapshot = {};
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`
      select to_jsonb(t)::text as row from ${sql.table(name)} as t`.execute(db);
    result[name] = rows.rows.map((r) => r.row).sort();
  }
  return result;
}

async function withDatabase<T>(dir: string, run: (db: Kysely<Database>) => Promise<T>) {
  const database = await openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    return await run(database.db);
  } finally {
    await database.close();
  }
}

describe('backup and restore of the embedded database', () => {
  let original: Snapshot;
  const backupFile = join(root, 'ripple.tar.gz');

  beforeAll(async () => {
    original = await withDatabase(dataDir, async (db) => {
      await migrateToLatest(db);
      await generateDemo(db, { participants: 300, webinars: 8 });
      return snapshot(db);
    });
  });

  it('backs up, and a restore after changes gives back every table as it was', async () => {
    const summary = await backupEmbeddedDatabase(dataDir, backupFile);
    expect(summary.bytes).toBeGreaterThan(10_000);
    expect(summary.rows.participant).toBe(original.participant!.length);
    expect(summary.rows.attendance).toBe(original.attendance!.length);

    // Change the data in every way: delete, update, insert.
    const changed = await withDatabase(dataDir, async (db) => {
      await db.deleteFrom('survey_answer').execute();
      await db.deleteFrom('survey_response').execute();
      await db.updateTable('webinar').set({ title: 'Renamed after the backup' }).execute();
      const person = await db.selectFrom('participant').select('id').executeTakeFirstOrThrow();
      await db.deleteFrom('attendance').where('participant_id', '=', person.id).execute();
      await db
        .insertInto('working_group')
        .values({ code: 'after-backup', label_en: 'After', label_es: 'Después' })
        .execute();
      return snapshot(db);
    });
    expect(changed).not.toEqual(original);

    const restored = await restoreEmbeddedDatabase(dataDir, backupFile);
    expect(restored.migrated).toBe(0);
    expect(restored.previous).not.toBeNull();
    expect(await withDatabase(dataDir, snapshot)).toEqual(original);
    // The data that was replaced is kept, whole, beside it.
    expect(await withDatabase(restored.previous!, snapshot)).toEqual(changed);
  });

  it('refuses a file that is not a backup, and leaves the data as it was', async () => {
    const bogus = join(root, 'not-a-backup.tar.gz');
    writeFileSync(bogus, 'Name,Email\nAda,ada@example.org\n');
    await expect(restoreEmbeddedDatabase(dataDir, bogus)).rejects.toThrow(
      /is not a Ripple backup .*nothing was changed/,
    );
    // gzip, but not a database: unpacking fails and the current data stays.
    const { gzipSync } = await import('node:zlib');
    writeFileSync(bogus, gzipSync(Buffer.from('hello')));
    await expect(restoreEmbeddedDatabase(dataDir, bogus)).rejects.toThrow(
      /Cannot restore .*The current data was not changed/,
    );
    expect(await withDatabase(dataDir, snapshot)).toEqual(original);
    expect(existsSync(join(root, 'data'))).toBe(true);
  });

  it('refuses while a Ripple process has the database open, and will not overwrite a file', async () => {
    // Another process (here a sleeping child) holds the data directory's lock.
    const holder = spawn('sleep', ['30']);
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: holder.pid }));
    try {
      await expect(backupEmbeddedDatabase(dataDir, join(root, 'other.tar.gz'))).rejects.toThrow(
        `is in use by another Ripple process (pid ${holder.pid})`,
      );
      await expect(restoreEmbeddedDatabase(dataDir, backupFile)).rejects.toThrow(
        'is in use by another Ripple process',
      );
    } finally {
      holder.kill();
      rmSync(`${dataDir}.lock`, { force: true });
    }
    expect(existsSync(join(root, 'other.tar.gz'))).toBe(false);
    await expect(backupEmbeddedDatabase(dataDir, backupFile)).rejects.toThrow(/already exists/);
    await expect(
      backupEmbeddedDatabase(join(root, 'nothing'), join(root, 'x.tar.gz')),
    ).rejects.toThrow(/no Ripple database/);
  });
});
