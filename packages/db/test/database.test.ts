import { sql } from 'kysely';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseConfigFromEnv,
  lockDataDir,
  migrateToLatest,
  openDatabase,
  RippleConfigError,
  type Database,
  type RippleDatabase,
} from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import { makeParticipant, makeWebinar } from './factories.js';

let database: RippleDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('the database', () => {
  it('returns int8 and numeric as numbers, dates as ISO strings', async () => {
    const row = await sql<{ big: number; avg: number; day: string }>`
      select 9007199254740::int8 as big, 2.5::numeric as avg, date '2015-03-01' as day
    `.execute(database.db);
    const { big, avg, day } = row.rows[0]!;
    expect(typeof big).toBe('number');
    expect(big).toBe(9007199254740);
    expect(typeof avg).toBe('number');
    expect(avg).toBe(2.5);
    expect(day).toBe('2015-03-01');
  });

  it('counts come back as numbers from count(*)', async () => {
    const { n } = await database.db
      .selectFrom('sector')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBe(8);
  });

  it('has a typed table for every table the migrations create, and no more', async () => {
    // `satisfies` makes the list exhaustive at compile time; the query checks it at run time.
    const typed = {
      sector: true,
      working_group: true,
      topic: true,
      series: true,
      app_user: true,
      user_session: true,
      sign_in_failure: true,
      share_link: true,
      share_session: true,
      share_link_view: true,
      data_import: true,
      webinar: true,
      webinar_topic: true,
      speaker: true,
      webinar_speaker: true,
      participant: true,
      attendance: true,
      survey: true,
      survey_version: true,
      survey_question: true,
      survey_invitation: true,
      survey_response: true,
      survey_answer: true,
      survey_open_link: true,
      import_replaced_attendance: true,
      import_column_mapping: true,
      country_alias: true,
      sector_mapping: true,
      series_default_topic: true,
      country_classification: true,
      participant_reach: true,
      webinar_cell: true,
      webinar_cell_dirty: true,
      reach_version: true,
      privacy_log: true,
      impact_version: true,
    } satisfies Record<keyof Database, true>;
    const { rows } = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
        and table_name not like 'kysely_migration%'
    `.execute(database.db);
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(typed).sort());
  });

  it('is migrated, and migrating again changes nothing', async () => {
    const results = await migrateToLatest(database.db);
    expect(results).toEqual([]);
  });

  it('keeps emails normalised and unique', async () => {
    await makeParticipant(database.db, { email: 'ana@example.org' });
    await expect(makeParticipant(database.db, { email: 'ana@example.org' })).rejects.toThrow();
    await expect(makeParticipant(database.db, { email: ' Bea@Example.org' })).rejects.toThrow();
    // people without email are allowed, several of them
    await makeParticipant(database.db, { email: null });
    await makeParticipant(database.db, { email: null });
  });

  it('refuses a country that is not an ISO alpha-2 code', async () => {
    await expect(makeParticipant(database.db, { country: 'Spain' })).rejects.toThrow();
    await expect(makeParticipant(database.db, { country: 'es' })).rejects.toThrow();
    const namibia = await makeParticipant(database.db, { country: 'NA' });
    expect(namibia.country).toBe('NA');
  });

  it('stores start times as UTC instants', async () => {
    const webinar = await makeWebinar(database.db, { starts_at: '2015-06-30T23:30:00-05:00' });
    expect(webinar.starts_at).toBeInstanceOf(Date);
    expect(webinar.starts_at.toISOString()).toBe('2015-07-01T04:30:00.000Z');
  });
});

describe('configuration', () => {
  it('defaults to the embedded database under .ripple/data', () => {
    expect(databaseConfigFromEnv({}, '/srv/ripple')).toEqual({
      kind: 'pglite',
      dataDir: '/srv/ripple/.ripple/data',
    });
    expect(databaseConfigFromEnv({ RIPPLE_DATA_DIR: '/var/lib/ripple' }, '/srv')).toEqual({
      kind: 'pglite',
      dataDir: '/var/lib/ripple',
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set, and rejects a malformed one clearly', () => {
    expect(databaseConfigFromEnv({ DATABASE_URL: 'postgres://u@db:5432/x' })).toMatchObject({
      kind: 'postgres',
    });
    expect(() => databaseConfigFromEnv({ DATABASE_URL: 'not a url' })).toThrow(RippleConfigError);
    expect(() => databaseConfigFromEnv({ DATABASE_URL: 'mysql://u@db/x' })).toThrow(
      /must start with postgres:\/\//,
    );
  });

  it('takes the pool size from DATABASE_POOL_MAX, and refuses a malformed one', () => {
    const url = 'postgres://u@db:5432/x';
    expect(databaseConfigFromEnv({ DATABASE_URL: url })).not.toHaveProperty('poolMax');
    expect(databaseConfigFromEnv({ DATABASE_URL: url, DATABASE_POOL_MAX: '40' })).toMatchObject({
      poolMax: 40,
    });
    for (const bad of ['0', 'ten', '2.5', '5000']) {
      expect(() => databaseConfigFromEnv({ DATABASE_URL: url, DATABASE_POOL_MAX: bad })).toThrow(
        `DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "${bad}"`,
      );
    }
  });

  it('reports an unreachable PostgreSQL in one line', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    await expect(
      openDatabase({
        kind: 'postgres',
        url: 'postgres://postgres@127.0.0.1:1/x',
        connectionTimeoutMillis: 2000,
      }),
    ).rejects.toThrow(
      /^Cannot connect to PostgreSQL at postgres:\/\/postgres@127\.0\.0\.1:1\/x: .*ECONNREFUSED/,
    );
  });
});

describe('the data directory lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ripple-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lets one holder in and turns the second away with a clear message', () => {
    const dataDir = join(dir, 'data');
    const lock = lockDataDir(dataDir);
    // A second holder in another process is simulated by the lock file naming a live pid (ours
    // is excluded, so use the parent's, which is alive while the test runs).
    lock.release();
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: process.ppid }));
    expect(() => lockDataDir(dataDir)).toThrow(/in use by another Ripple process \(pid \d+\)/);
    rmSync(`${dataDir}.lock`);
  });

  it('takes over a lock whose owner died', () => {
    const dataDir = join(dir, 'stale');
    // pid 2^22+1 is above Linux's default pid_max range used here, so no process has it.
    writeFileSync(`${dataDir}.lock`, JSON.stringify({ pid: 4194305 }));
    const lock = lockDataDir(dataDir);
    lock.release();
  });

  it('keeps data across a close and reopen of the embedded database', async () => {
    const dataDir = join(dir, 'persist');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await migrateToLatest(first.db);
    await makeWebinar(first.db, { title: 'Kept' });
    await first.close();
    const second = await openDatabase({ kind: 'pglite', dataDir });
    const titles = await second.db.selectFrom('webinar').select('title').execute();
    await second.close();
    expect(titles).toEqual([{ title: 'Kept' }]);
  });
});
