import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type RippleDatabase } from './connection.js';
import { migrateToLatest } from './migrate.js';
import { waitForReplica } from './replica.js';

/**
 * A freshly migrated database for one test file: in-memory PGlite by default, or, when
 * DATABASE_URL is set (CI), a new database on that PostgreSQL server, dropped on close.
 * With DATABASE_READ_URL too (a streaming replica of DATABASE_URL's server), its `readDb` reads
 * the same database on the replica, which is waited for until it has replayed the migrations.
 */
export async function createTestDatabase(): Promise<RippleDatabase> {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    const database = await openDatabase({ kind: 'pglite', dataDir: null });
    await migrateToLatest(database.db);
    return database;
  }

  const name = `ripple_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create database "${name}"`));
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  const readUrl = process.env.DATABASE_READ_URL?.trim();
  let replicaUrl: URL | undefined;
  if (readUrl) {
    // The new database reaches the replica by replaying the primary's WAL: wait for it before
    // connecting, or the replica would be skipped as unreachable.
    await waitForServers(url, readUrl);
    replicaUrl = new URL(readUrl);
    replicaUrl.pathname = `/${name}`;
  }
  const database = await openDatabase({
    kind: 'postgres',
    url: testUrl.toString(),
    poolMax: 4,
    ...(replicaUrl && { readUrl: replicaUrl.toString() }),
  });
  if (readUrl && !database.replica) {
    await database.close();
    throw new Error(
      `DATABASE_READ_URL is set but the replica was not used: ${database.warnings.join(' ')}`,
    );
  }
  await migrateToLatest(database.db);
  if (database.replica) await waitForReplica(database.db, database.readDb);
  return {
    ...database,
    async close() {
      await database.close();
      await withAdminClient(url, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}

/**
 * For tests that run Ripple in a child process: a DATABASE_URL of a fresh, empty PostgreSQL
 * database when DATABASE_URL is set (dropped by `drop`), else null (use an embedded data dir).
 */
export async function createTestDatabaseUrl(): Promise<{
  url: string;
  drop(): Promise<void>;
} | null> {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) return null;
  const name = `ripple_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create database "${name}"`));
  const testUrl = new URL(url);
  testUrl.pathname = `/${name}`;
  return {
    url: testUrl.toString(),
    drop: async () => {
      await withAdminClient(url, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}

/** Waits until the replica at readUrl has replayed what the primary at url had written. */
async function waitForServers(url: string, readUrl: string): Promise<void> {
  const primary = new pg.Client({ connectionString: url });
  const replica = new pg.Client({ connectionString: readUrl });
  await primary.connect();
  try {
    await replica.connect();
    try {
      const target = (
        await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')
      ).rows[0]!.lsn;
      const deadline = Date.now() + 10_000;
      for (;;) {
        const { rows } = await replica.query<{ done: boolean | null }>(
          'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done',
          [target],
        );
        if (rows[0]?.done) return;
        if (Date.now() > deadline)
          throw new Error(`the replica at ${readUrl} did not catch up in 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    } finally {
      await replica.end();
    }
  } finally {
    await primary.end();
  }
}

/** Runs `run` on a new connection to `url` (for tests that talk to a server beside Ripple's pools). */
export async function withAdminClient<T>(
  url: string,
  run: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export {
  canRunPgCluster,
  createPgCluster,
  createPgReplica,
  freePort,
  pgBinDir,
  type PgCluster,
  type PgClusterOptions,
} from './pg-cluster.js';
export { waitForReplica } from './replica.js';
