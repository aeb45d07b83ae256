import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, markInterruptedImports, migrateToLatest } from '@ripple/db';
import { tableCounts } from './fixtures.js';

// kill -9 in the middle of an import, on the embedded database: after restart nothing of the
// import is there, and the import shows as failed with its reason.
const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ripple-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeMeetingReport(path: string, rows: number) {
  const out = createWriteStream(path);
  out.write('Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n');
  out.write(
    'Crash Test,77700011122,Host (host@example.org),60,"05/06/2025 10:00:00 AM","05/06/2025 11:00:00 AM",1\n\n',
  );
  out.write('Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n');
  for (let i = 0; i < rows; i++) {
    if (
      !out.write(
        `Person ${i},p${i}@example.org,05/06/2025 10:01:00 AM,05/06/2025 10:41:00 AM,40,Yes\n`,
      )
    ) {
      await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

describe('kill -9 during an import', () => {
  it('leaves nothing of the import behind, and marks it failed at the next start', async () => {
    const file = join(dir, 'big.csv');
    await writeMeetingReport(file, 300_000);
    const dataDir = join(dir, 'data');
    const env: NodeJS.ProcessEnv = { ...process.env, RIPPLE_DATA_DIR: dataDir };
    delete env.DATABASE_URL;

    const setup = await openDatabase({ kind: 'pglite', dataDir });
    await migrateToLatest(setup.db);
    await setup.close();

    // node itself runs the CLI (tsx as a loader, not a wrapper process), so the kill reaches it.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'src/cli.ts', 'import', '--tz', 'UTC', file],
      { cwd: apiDir, env },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = once(child, 'exit');

    // Wait for the first progress line: the import is recorded as running and its transaction
    // is writing rows.
    const started = Date.now();
    while (!/\d+%, [\d,]+ rows/.test(output)) {
      if (child.exitCode !== null)
        throw new Error(`import ended before it could be killed:\n${output}`);
      if (Date.now() - started > 90_000) throw new Error(`the import never got going:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await exited;

    const after = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await migrateToLatest(after.db);
      expect(await markInterruptedImports(after.db)).toBe(1);
      const record = await after.db.selectFrom('data_import').selectAll().executeTakeFirstOrThrow();
      expect(record.status).toBe('failed');
      expect(JSON.stringify(record.error_report)).toMatch(/Interrupted/);
      expect(await tableCounts(after.db)).toEqual({
        webinars: 0,
        participants: 0,
        attendance: 0,
        minutes: 0,
        speakers: 0,
        speakerLinks: 0,
      });
    } finally {
      await after.close();
    }
  });
});
