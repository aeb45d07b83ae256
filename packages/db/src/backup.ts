import { existsSync, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Kysely, PGliteDialect, sql } from 'kysely';
import { RippleConfigError } from './errors.js';
import { lockDataDir } from './lock.js';
import { migrateToLatest } from './migrate.js';
import type { Database } from './schema.js';

/**
 * Backups of the embedded database. A backup is PGlite's own dump of its data directory: a
 * gzipped tar of the PostgreSQL files, taken while no other process has the directory open (the
 * data directory lock guarantees it), so it is an exact, consistent copy. PostgreSQL deployments
 * use pg_dump instead (README, "Backups").
 */

export interface BackupSummary {
  file: string;
  bytes: number;
  /** Rows per table in the backup, for the message and for checking a restore. */
  rows: Record<string, number>;
}

export interface RestoreSummary {
  dataDir: string;
  /** Where the data that was there before went, or null when there was none. */
  previous: string | null;
  rows: Record<string, number>;
  /** Migrations the restored database needed to reach this version of Ripple. */
  migrated: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/** The default backup file name: ripple-backup-20261130-061500.tar.gz */
export function defaultBackupName(date = new Date()): string {
  return `ripple-backup-${stamp(date)}.tar.gz`;
}

function isPGliteDataDir(dataDir: string): boolean {
  return existsSync(join(dataDir, 'PG_VERSION'));
}

async function openPGliteAt(dataDir: string, loadDataDir?: Blob) {
  const { PGlite, types } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dataDir, {
    ...(loadDataDir ? { loadDataDir } : {}),
    parsers: { [types.INT8]: (value: string) => Number(value) },
  });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return { pglite, db };
}

/** Row counts of every table in the public schema (the migrations' own tables included). */
export async function countRowsPerTable(db: Kysely<Database>): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  const rows: Record<string, number> = {};
  for (const { name } of tables.rows) {
    const result = await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(name)}`.execute(db);
    rows[name] = result.rows[0]!.n;
  }
  return rows;
}

/**
 * Writes a backup of the embedded database at `dataDir` to `file` (written beside it under a
 * temporary name and renamed, so a failed backup never leaves a truncated file behind).
 * Refuses while a Ripple process holds the directory.
 */
export async function backupEmbeddedDatabase(
  dataDir: string,
  file: string,
): Promise<BackupSummary> {
  const dir = resolve(dataDir);
  if (!isPGliteDataDir(dir)) {
    throw new RippleConfigError(`There is no Ripple database at ${dir} to back up.`);
  }
  const target = resolve(file);
  if (existsSync(target)) {
    throw new RippleConfigError(`${target} already exists; choose another file name.`);
  }
  const lock = lockDataDir(dir);
  try {
    const { pglite, db } = await openPGliteAt(dir);
    try {
      const rows = await countRowsPerTable(db);
      // A checkpoint first, so the dump holds the data files as of now rather than relying on
      // replaying the write-ahead log at restore.
      await pglite.exec('CHECKPOINT');
      const dump = await pglite.dumpDataDir('gzip');
      const partial = join(dirname(target), `.${basename(target)}.partial`);
      try {
        await writeFile(partial, Buffer.from(await dump.arrayBuffer()), { flag: 'wx' });
        renameSync(partial, target);
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
      return { file: target, bytes: statSync(target).size, rows };
    } finally {
      await db.destroy();
    }
  } finally {
    lock.release();
  }
}

function looksLikeGzip(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return (
      readSync(fd, head, 0, 2, 0) === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]
    );
  } finally {
    closeSync(fd);
  }
}

/**
 * Replaces the embedded database at `dataDir` with the backup in `file`. The backup is first
 * unpacked into a new directory and opened, checked and migrated there; only then is the current
 * data moved aside (to `<dataDir>.before-restore-<time>`, never deleted) and the restored
 * directory put in its place. A bad backup leaves the current data as it was.
 */
export async function restoreEmbeddedDatabase(
  dataDir: string,
  file: string,
): Promise<RestoreSummary> {
  const dir = resolve(dataDir);
  const source = resolve(file);
  if (!existsSync(source)) throw new RippleConfigError(`No backup file at ${source}.`);
  if (!looksLikeGzip(source)) {
    throw new RippleConfigError(
      `${source} is not a Ripple backup (a .tar.gz made by \`pnpm ripple backup\`); nothing was changed.`,
    );
  }
  const lock = lockDataDir(dir);
  const staging = `${dir}.restoring-${stamp()}`;
  try {
    let rows: Record<string, number>;
    let migrated: number;
    try {
      const blob = new Blob([await readFile(source)]);
      const { db } = await openPGliteAt(staging, blob);
      try {
        const before = await sql<{ n: number }>`
          select count(*)::int as n from information_schema.tables
          where table_schema = 'public' and table_name = 'kysely_migration'`.execute(db);
        if (before.rows[0]!.n === 0) {
          throw new Error('it holds no Ripple schema');
        }
        migrated = (await migrateToLatest(db)).length;
        rows = await countRowsPerTable(db);
      } finally {
        await db.destroy();
      }
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new RippleConfigError(
        `Cannot restore ${source}: ${(error as Error).message}. The current data was not changed.`,
      );
    }
    let previous: string | null = null;
    if (existsSync(dir)) {
      previous = `${dir}.before-restore-${stamp()}`;
      renameSync(dir, previous);
    }
    renameSync(staging, dir);
    return { dataDir: dir, previous, rows, migrated };
  } finally {
    lock.release();
  }
}
