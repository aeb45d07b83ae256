import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type RippleDatabase } from './connection.js';
import { migrateToLatest } from './migrate.js';

/**
 * A freshly migrated database for one test file: in-memory PGlite by default, or, when
 * DATABASE_URL is set (CI), a new database on that PostgreSQL server, dropped on close.
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
  const database = await openDatabase({ kind: 'postgres', url: testUrl.toString(), poolMax: 4 });
  await migrateToLatest(database.db);
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
    drop: () =>
      withAdminClient(url, (client) =>
        client.query(`drop database if exists "${name}" with (force)`),
      ),
  };
}

async function withAdminClient(url: string, run: (client: pg.Client) => Promise<unknown>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await run(client);
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
