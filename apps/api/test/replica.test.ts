import {
  databaseConfigFromEnv,
  getOverview,
  openDatabase,
  RippleConfigError,
  type RippleDatabase,
} from '@ripple/db';
import {
  canRunPgCluster,
  createPgCluster,
  createPgReplica,
  freePort,
  type PgCluster,
  withAdminClient,
} from '@ripple/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';
import { fixtureBytes } from './import/fixtures.js';

// DATABASE_READ_URL sends the dashboard's reads to a streaming replica. Given a primary and a
// replica (from the environment, as .ci/run sets them, or a throwaway pair of this file's own),
// these tests write on the primary through the real import, and read the figures through the
// dashboard's endpoint: stale while the replica's replay is paused (so the read went to the
// replica, not the primary), current once it has caught up.

const given = Boolean(process.env.DATABASE_URL?.trim() && process.env.DATABASE_READ_URL?.trim());
const runnable = given || canRunPgCluster();

function multipart(name: string, bytes: Buffer) {
  const boundary = '----ripplereplica';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          'Content-Type: text/csv\r\n\r\n',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe.skipIf(!runnable)('dashboard reads on a streaming replica', () => {
  let primary: PgCluster | undefined;
  let replica: PgCluster | undefined;
  const savedEnv = {
    DATABASE_URL: process.env.DATABASE_URL,
    DATABASE_READ_URL: process.env.DATABASE_READ_URL,
  };
  let primaryUrl: string;
  let replicaUrl: string;
  let t: TestApp;
  /** A superuser query on the replica's server (to pause and resume its replay). */
  const onReplica = <R>(text: string) =>
    withAdminClient(replicaUrl, async (client) => (await client.query(text)).rows as R[]);

  beforeAll(async () => {
    if (!given) {
      primary = await createPgCluster();
      await primary.start();
      replica = await createPgReplica(primary);
      await replica.start();
      process.env.DATABASE_URL = primary.url;
      process.env.DATABASE_READ_URL = replica.url;
    }
    primaryUrl = process.env.DATABASE_URL!;
    replicaUrl = process.env.DATABASE_READ_URL!;
    t = await buildTestApp();
  });

  afterAll(async () => {
    await t?.close();
    process.env.DATABASE_URL = savedEnv.DATABASE_URL;
    process.env.DATABASE_READ_URL = savedEnv.DATABASE_READ_URL;
    if (savedEnv.DATABASE_URL === undefined) delete process.env.DATABASE_URL;
    if (savedEnv.DATABASE_READ_URL === undefined) delete process.env.DATABASE_READ_URL;
    await replica?.destroy();
    await primary?.destroy();
  });

  /** Pauses the replica's WAL replay (the primary goes on), runs `during`, and resumes. */
  async function withReplayPaused<T>(during: () => Promise<T>): Promise<T> {
    await onReplica('select pg_wal_replay_pause()');
    try {
      for (;;) {
        const rows = await onReplica<{ state: string }>(
          'select pg_get_wal_replay_pause_state() as state',
        );
        if (rows[0]!.state === 'paused') break;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return await during();
    } finally {
      await onReplica('select pg_wal_replay_resume()');
    }
  }

  it('is the database the dashboard reads, apart from the primary', async () => {
    expect(t.database.replica).toMatchObject({ inRecovery: true });
    expect(t.database.readDb).not.toBe(t.database.db);
    const { rows } = await sql<{
      recovery: boolean;
    }>`select pg_is_in_recovery() as recovery`.execute(t.database.readDb);
    expect(rows[0]!.recovery).toBe(true);
  });

  it('serves the figures the replica has replayed: old while paused, new once caught up', async () => {
    const before = await t.app.inject({ url: '/api/overview' });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json()).toMatchObject({ webinarsHeld: 0, attendances: 0 });

    const { imported, stale, health } = await withReplayPaused(async () => {
      // Written on the primary through the real import; read at once, with nothing waiting
      // for the replica: as a dashboard would in production.
      const imported = await t.inject({
        method: 'POST',
        url: '/api/imports?timeZone=America/New_York',
        ...multipart('zoom.csv', fixtureBytes('zoom-webinar-attendee-2025.csv')),
      });
      // A view not asked for before: computed now (a cache miss), on the replica.
      const stale = await t.inject({ url: '/api/overview?from=2000-01-01' });
      const health = await t.inject({ url: '/api/health' });
      return { imported, stale, health };
    });
    expect(imported.statusCode, imported.body).toBe(201);
    // The primary has the import; the replica, paused before it, answers the old figures.
    const onPrimary = await getOverview(t.database.db, { timeZone: 'UTC' });
    expect(onPrimary).toMatchObject({ webinarsHeld: 1, attendances: 3, registrations: 5 });
    expect(stale.statusCode, stale.body).toBe(200);
    expect(stale.headers['x-reach-cache']).toBe('miss');
    expect(stale.json()).toMatchObject({ webinarsHeld: 0, attendances: 0 });
    expect(health.json()).toMatchObject({ status: 'ok', replica: { status: 'ok' } });
    expect(health.json().replica.lagSeconds).toBeGreaterThan(0);

    // t.app.inject waits until the replica has replayed the primary's WAL (pg_last_wal_replay_lsn
    // ≥ pg_current_wal_lsn), then reads: the import is there, and the cache, keyed by the
    // replica's data version, computes afresh.
    const after = await t.app.inject({ url: '/api/overview' });
    expect(after.statusCode, after.body).toBe(200);
    expect(after.headers['x-reach-cache']).toBe('miss');
    expect(after.json()).toEqual(onPrimary);
    const since2000 = await t.app.inject({ url: '/api/overview?from=2000-01-01' });
    expect(since2000.json()).toMatchObject({ webinarsHeld: 1, attendances: 3, registrations: 5 });
  });

  it("runs the dashboard's queries on the replica's connections", async () => {
    const res = await t.app.inject({ url: '/api/breakdown/country' });
    expect(res.statusCode, res.body).toBe(200);
    const dbName = new URL(t.database.location).pathname.slice(1);
    const count = (url: string) =>
      withAdminClient(url, async (client) => {
        const { rows } = await client.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity
           where application_name = 'ripple-read' and datname = $1`,
          [dbName],
        );
        return rows[0]!.n;
      });
    expect(await count(replicaUrl)).toBeGreaterThan(0);
    expect(await count(primaryUrl)).toBe(0);
  });

  it('refuses a write sent to the read connections', async () => {
    await expect(
      t.database.readDb
        .insertInto('series')
        .values({ code: 'X', name: 'Written on a replica' })
        .execute(),
    ).rejects.toThrow(/read-only/);
  });

  it('says in /api/health that a replica is used and how far behind it is', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'ok', database: 'postgres', replica: { status: 'ok' } });
    expect(typeof body.replica.lagSeconds).toBe('number');
  });

  describe('at start', () => {
    let opened: RippleDatabase | undefined;
    afterAll(async () => {
      await opened?.close();
    });

    it('goes on without an unreachable replica, saying so in one line', async () => {
      const port = await freePort();
      opened = await openDatabase({
        kind: 'postgres',
        url: primaryUrl,
        readUrl: `postgres://postgres:secret@127.0.0.1:${port}/postgres`,
        connectionTimeoutMillis: 2_000,
      });
      expect(opened.replica).toBeNull();
      expect(opened.readDb).toBe(opened.db);
      expect(opened.warnings).toHaveLength(1);
      expect(opened.warnings[0]).toMatch(
        new RegExp(
          `^Read replica at postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${port}/postgres .*unreachable.*reads go to the primary`,
        ),
      );
      expect(opened.warnings[0]).not.toContain('secret');
      await opened.close();
      opened = undefined;
    });

    it('warns when the read URL is not a standby, and still refuses writes there', async () => {
      opened = await openDatabase({ kind: 'postgres', url: primaryUrl, readUrl: primaryUrl });
      expect(opened.replica).toMatchObject({ inRecovery: false });
      expect(opened.warnings).toEqual([
        expect.stringMatching(/is not a standby \(pg_is_in_recovery\(\) is false\)/),
      ]);
      await expect(
        sql`create temporary table written_here (id int)`.execute(opened.readDb),
      ).rejects.toThrow(/read-only/);
      await opened.close();
      opened = undefined;
    });
  });
});

describe('DATABASE_READ_URL', () => {
  const primary = 'postgres://ripple@db.example.org:5432/ripple';

  it('names the replica the dashboard reads from', () => {
    expect(
      databaseConfigFromEnv({
        DATABASE_URL: primary,
        DATABASE_READ_URL: ' postgres://ripple@replica.example.org/ripple ',
      }),
    ).toEqual({
      kind: 'postgres',
      url: primary,
      readUrl: 'postgres://ripple@replica.example.org/ripple',
    });
    expect(databaseConfigFromEnv({ DATABASE_URL: primary, DATABASE_READ_URL: '' })).toEqual({
      kind: 'postgres',
      url: primary,
    });
  });

  it.each([
    ['not a URL', 'replica at port 5432', /DATABASE_READ_URL is not a valid URL/],
    [
      'another scheme',
      'mysql://replica/ripple',
      /DATABASE_READ_URL must start with postgres:\/\/.*not mysql:\/\//,
    ],
    ['no host', 'postgres:///ripple', /DATABASE_READ_URL names no host/],
  ])('is refused at start when it is %s', (_case, readUrl, message) => {
    expect(() =>
      databaseConfigFromEnv({ DATABASE_URL: primary, DATABASE_READ_URL: readUrl }),
    ).toThrow(RippleConfigError);
    expect(() =>
      databaseConfigFromEnv({ DATABASE_URL: primary, DATABASE_READ_URL: readUrl }),
    ).toThrow(message);
  });

  it('is refused without a PostgreSQL primary', () => {
    expect(() =>
      databaseConfigFromEnv({ DATABASE_READ_URL: 'postgres://ripple@replica.example.org/ripple' }),
    ).toThrow(/DATABASE_READ_URL is set but DATABASE_URL is not/);
  });
});
