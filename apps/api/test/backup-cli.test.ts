import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { migrateToLatest, openDatabase } from '@ripple/db';
import { runBackupCommand, runRestoreCommand } from '../src/backup-cli.js';

// `pnpm ripple backup` and `restore`, called as the CLI calls them, with the environment the
// CLI reads. The backup itself is tested table by table in packages/db/test/backup.test.ts.
const root = mkdtempSync(join(tmpdir(), 'ripple-backup-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const saved = { ...process.env };
let printed: string[];
beforeEach(() => {
  printed = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  process.env = { ...saved };
});

describe('pnpm ripple backup / restore', () => {
  it('writes a backup beside the data directory and restores it, keeping the old data', async () => {
    delete process.env.DATABASE_URL;
    process.env.RIPPLE_DATA_DIR = join(root, 'data');
    const database = await openDatabase({ kind: 'pglite', dataDir: join(root, 'data') });
    await migrateToLatest(database.db);
    await database.close();

    expect(await runBackupCommand([])).toBe(0);
    const [file] = readdirSync(join(root, 'backups'));
    expect(file).toMatch(/^ripple-backup-\d{8}-\d{6}\.tar\.gz$/);
    expect(printed.join('\n')).toMatch(
      /^Backup written to .*\(\d+\.\d MiB\): [\d,]+ rows in \d+ tables/,
    );

    printed = [];
    expect(await runRestoreCommand([join(root, 'backups', file!)])).toBe(0);
    expect(printed.join('\n')).toMatch(
      /The data that was there before is kept at .*before-restore/,
    );
    expect(existsSync(join(root, 'data', 'PG_VERSION'))).toBe(true);
  });

  it('points PostgreSQL deployments to pg_dump, without the password', async () => {
    process.env.DATABASE_URL = 'postgres://ripple:secret@db.example.org:5432/ripple';
    await expect(runBackupCommand([])).rejects.toThrow(
      /`backup` is for the embedded database; .*ripple:\*\*\*@db\.example\.org.*pg_dump/,
    );
    await expect(runRestoreCommand(['x.tar.gz'])).rejects.toThrow(/pg_restore/);
  });

  it('says how to call restore', async () => {
    await expect(runRestoreCommand([])).rejects.toThrow('Usage: pnpm ripple restore <backup file>');
  });
});
