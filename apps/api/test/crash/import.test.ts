import { once } from 'node:events';
import { createWriteStream, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { tableCounts } from '../import/fixtures.js';
import {
  crashDatabase,
  killLeftovers,
  runCli,
  signIn,
  startServer,
  waitFor,
  type CrashDatabase,
  type ServerProcess,
  type Session,
} from './harness.js';

// kill -9 in the middle of an import, from the command line and through the running server,
// on the embedded database or on PostgreSQL (DATABASE_URL): after a restart nothing of the
// import is there, the import is listed as failed ("interrupted", and when), and the same file
// imports cleanly when run again.

// Large enough that an import is still running when it is killed, small enough that the clean
// re-run takes seconds.
const ROWS = 12_000;

const databases: CrashDatabase[] = [];
afterEach(() => killLeftovers());
afterAll(async () => {
  killLeftovers();
  for (const database of databases) await database.remove();
});

async function writeMeetingReport(path: string, rows: number) {
  const out = createWriteStream(path);
  out.write('Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n');
  out.write(
    'Crash Test,77700011122,Host (host@example.org),60,"05/06/2025 10:00:00 AM","05/06/2025 11:00:00 AM",1\n\n',
  );
  out.write('Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n');
  for (let i = 0; i < rows; i++) {
    const line = `Person ${i},p${i}@example.org,05/06/2025 10:01:00 AM,05/06/2025 10:41:00 AM,40,Yes\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function setUp() {
  const database = await crashDatabase();
  databases.push(database);
  const file = join(database.scratch, 'crash-report.csv');
  await writeMeetingReport(file, ROWS);
  return { database, file };
}

interface ImportItem {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  errorReport: { code?: string; message?: string } | null;
}

async function getJson<T>(server: ServerProcess, session: Session, path: string): Promise<T> {
  const response = await fetch(`${server.url}${path}`, { headers: session });
  expect(response.status, `${path}: ${response.status}`).toBe(200);
  return (await response.json()) as T;
}

/** Restarts the server as a user would and reads the import history through the API. */
async function historyAfterRestart(database: CrashDatabase) {
  const server = await startServer(database);
  expect(server.output()).toMatch(/1 import\(s\) had been interrupted and are now marked failed/);
  const session = await signIn(server.url);
  const list = await getJson<{ total: number; items: ImportItem[] }>(
    server,
    session,
    '/api/imports',
  );
  const one = list.items[0]
    ? await getJson<ImportItem & { progress: unknown }>(
        server,
        session,
        `/api/imports/${list.items[0].id}`,
      )
    : null;
  expect(await server.stop()).toBe(0);
  return { list, one };
}

function expectInterrupted(item: ImportItem | null | undefined) {
  expect(item).toMatchObject({
    status: 'failed',
    errorReport: { code: 'interrupted', message: expect.stringMatching(/^Interrupted/) },
  });
  // When: it started, and when the restart found it interrupted (to the second, in UTC).
  const started = /started at (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/.exec(
    item!.errorReport!.message!,
  );
  expect(started, item!.errorReport!.message).not.toBeNull();
  const startedMs = Date.parse(`${started![1]!.replace(' ', 'T')}Z`);
  expect(Math.abs(startedMs - Date.parse(item!.startedAt))).toBeLessThan(1_000);
  expect(item!.finishedAt).not.toBeNull();
  expect(Date.parse(item!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(item!.startedAt));
}

/** Nothing of the import in the database: no rows, no staging tables left behind. */
async function expectNothingImported(database: CrashDatabase) {
  const opened = await database.open();
  try {
    expect(await tableCounts(opened.db)).toEqual({
      webinars: 0,
      participants: 0,
      attendance: 0,
      minutes: 0,
      speakers: 0,
      speakerLinks: 0,
    });
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_class
      where relname in ('import_row', 'import_person') and relpersistence = 't'
    `.execute(opened.db);
    expect(rows[0]!.n).toBe(0);
    const imports = await opened.db.selectFrom('data_import').select('status').execute();
    expect(imports).toEqual([{ status: 'failed' }]);
  } finally {
    await opened.close();
  }
}

async function expectImportedOnce(database: CrashDatabase) {
  const opened = await database.open();
  try {
    expect(await tableCounts(opened.db)).toEqual({
      webinars: 1,
      participants: ROWS,
      attendance: ROWS,
      minutes: ROWS * 40,
      speakers: 0, // a meeting report names its host in the header only
      speakerLinks: 0,
    });
    const imports = await opened.db
      .selectFrom('data_import')
      .select('status')
      .orderBy('id')
      .execute();
    expect(imports.map((i) => i.status)).toEqual(['failed', 'succeeded']);
  } finally {
    await opened.close();
  }
}

describe('kill -9 during an import', () => {
  it('from the command line, while rows are staged: nothing kept, listed as interrupted, the re-run imports', async () => {
    const { database, file } = await setUp();

    const cli = runCli(database, ['import', '--tz', 'UTC', file]);
    // The first progress line: the import is recorded as running and its transaction is
    // writing rows to the staging table.
    await waitFor(cli, () => /\d+%, [\d,]+ rows/.test(cli.output()), 90_000, 'rows to be read');
    await cli.kill9();

    const { list, one } = await historyAfterRestart(database);
    expect(list.total).toBe(1);
    expectInterrupted(list.items[0]);
    expect(one).toMatchObject({ ...list.items[0], progress: null });
    await expectNothingImported(database);

    const again = runCli(database, ['import', '--tz', 'UTC', file]);
    expect(await again.exited, again.output()).toBe(0);
    expect(again.output()).toMatch(/: imported \(import #\d+\)/);
    await expectImportedOnce(database);
  }, 240_000);

  it('through the server, an upload killed while its rows are written: nothing kept, listed as interrupted, the re-upload imports', async () => {
    const { database, file } = await setUp();
    const bytes = await readFile(file);
    const upload = async (server: ServerProcess, session: Session) => {
      const form = new FormData();
      form.append('file', new Blob([bytes], { type: 'text/csv' }), 'crash-report.csv');
      return fetch(`${server.url}/api/imports?timeZone=UTC`, {
        method: 'POST',
        headers: session,
        body: form,
      });
    };

    // info: the server logs each import's phases, which is how the test knows when to kill.
    const server = await startServer(database, { LOG_LEVEL: 'info' });
    const session = await signIn(server.url);
    const answer = upload(server, session).then(
      (response) => `answered ${response.status}`,
      (error: Error) => `no answer (${error.message})`,
    );
    // The writing phase: every row is staged and the set-based merge into participants and
    // attendance is under way, in the import's one transaction.
    await waitFor(
      server,
      () => /"phase":"writing".*"msg":"import progress"/.test(server.output()),
      90_000,
      'the import to reach its writing phase',
    );
    const uploads = () =>
      readdirSync(tmpdir()).filter((name) => name.startsWith(`ripple-upload-${server.child.pid}-`));
    expect(uploads()).toHaveLength(1); // the upload's file, being imported
    await server.kill9();
    expect(await answer).toMatch(/^no answer/);

    const { list } = await historyAfterRestart(database);
    // The restarted server removed the file the dead one left: it held people's data.
    expect(uploads()).toEqual([]);
    expect(list.total).toBe(1);
    expectInterrupted(list.items[0]);
    await expectNothingImported(database);

    const again = await startServer(database);
    const response = await upload(again, await signIn(again.url));
    const body = (await response.json()) as {
      imports: Array<{ status: string; counts: { attendees: number } }>;
    };
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body.imports[0]).toMatchObject({ status: 'succeeded', counts: { attendees: ROWS } });
    expect(await again.stop()).toBe(0);
    await expectImportedOnce(database);
  }, 240_000);
});
