import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  backupEmbeddedDatabase,
  databaseConfigFromEnv,
  defaultBackupName,
  redactUrl,
  restoreEmbeddedDatabase,
} from '@ripple/db';

export const BACKUP_USAGE = `Backups (the embedded database; for PostgreSQL use pg_dump, see the README):
  pnpm ripple backup [--out FILE]   Write the whole database to FILE (default
                                    .ripple/backups/ripple-backup-<date>-<time>.tar.gz, beside
                                    the data directory). Stop the server first.
  pnpm ripple restore FILE          Replace the database with a backup. The current data is kept
                                    beside it as <data dir>.before-restore-<time>.`;

function embeddedDataDir(command: string): string {
  const config = databaseConfigFromEnv();
  if (config.kind === 'postgres') {
    throw new Error(
      `\`${command}\` is for the embedded database; DATABASE_URL points at PostgreSQL ` +
        `(${redactUrl(config.url)}). Use pg_dump -Fc and pg_restore (README, "Backups").`,
    );
  }
  return config.dataDir!;
}

const total = (rows: Record<string, number>) =>
  Object.values(rows)
    .reduce((sum, n) => sum + n, 0)
    .toLocaleString('en');

function keyCounts(rows: Record<string, number>): string {
  const n = (table: string) => (rows[table] ?? 0).toLocaleString('en');
  return (
    `${n('webinar')} webinars, ${n('participant')} participants, ${n('attendance')} attendances, ` +
    `${n('survey_response')} survey responses, ${n('app_user')} accounts`
  );
}

export async function runBackupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } }, strict: true });
  const dataDir = embeddedDataDir('backup');
  // By default beside the data directory (.ripple/backups/), which is already out of git.
  const file = values.out ?? join(dirname(dataDir), 'backups', defaultBackupName());
  mkdirSync(dirname(resolve(file)), { recursive: true });
  console.error(`Backing up ${dataDir}…`);
  const summary = await backupEmbeddedDatabase(dataDir, file);
  console.log(
    `Backup written to ${summary.file} (${(summary.bytes / 1_048_576).toFixed(1)} MiB): ` +
      `${total(summary.rows)} rows in ${Object.keys(summary.rows).length} tables — ${keyCounts(summary.rows)}.`,
  );
  return 0;
}

export async function runRestoreCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, options: {}, allowPositionals: true, strict: true });
  if (positionals.length !== 1) throw new Error('Usage: pnpm ripple restore <backup file>');
  const dataDir = embeddedDataDir('restore');
  console.error(`Restoring ${positionals[0]} into ${dataDir}…`);
  const summary = await restoreEmbeddedDatabase(dataDir, positionals[0]!);
  console.log(
    `Restored ${total(summary.rows)} rows in ${Object.keys(summary.rows).length} tables — ${keyCounts(summary.rows)}` +
      (summary.migrated > 0 ? `; ${summary.migrated} migration(s) brought it up to date` : '') +
      '.',
  );
  if (summary.previous)
    console.log(`The data that was there before is kept at ${summary.previous}.`);
  return 0;
}
