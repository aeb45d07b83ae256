import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { resolve } from 'node:path';
import { DatabaseUnavailableError, RippleConfigError } from './errors.js';
import { lockDataDir, type DirectoryLock } from './lock.js';
import type { Database } from './schema.js';

export type DatabaseConfig =
  | {
      kind: 'postgres';
      url: string;
      /** Upper bound on connections this process holds. */
      poolMax?: number;
      /** How long to wait for a connection before failing, in ms. */
      connectionTimeoutMillis?: number;
    }
  /** dataDir null: in memory, for tests. */
  | { kind: 'pglite'; dataDir: string | null };

export interface RippleDatabase {
  db: Kysely<Database>;
  kind: DatabaseConfig['kind'];
  /** Where the data lives, for messages: a directory, "memory" or a URL without its password. */
  location: string;
  /** Closes the connections and releases the data directory lock. Safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_DATA_DIR = '.ripple/data';
/** Default wait for a PostgreSQL connection (a new one, or a free pool slot), in ms. */
export const CONNECTION_TIMEOUT_MS = 1_500;

/** Reads DATABASE_URL and RIPPLE_DATA_DIR. A malformed URL is a RippleConfigError. */
export function databaseConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): DatabaseConfig {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RippleConfigError(
        'DATABASE_URL is not a valid URL; expected postgres://user:password@host:5432/database',
      );
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new RippleConfigError(
        `DATABASE_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`,
      );
    }
    if (!parsed.hostname && !parsed.searchParams.get('host')) {
      throw new RippleConfigError('DATABASE_URL names no host; expected postgres://user@host/db');
    }
    return { kind: 'postgres', url };
  }
  const dataDir = env.RIPPLE_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  return { kind: 'pglite', dataDir: resolve(cwd, dataDir) };
}

/** Hides the password when a URL is printed. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

// Numbers are numbers: counts (int8) and averages (numeric) come back as JS numbers on
// both drivers, and dates (no time) as 'YYYY-MM-DD' strings rather than local-midnight Dates.
const toNumber = (value: string) => Number(value);
const keepString = (value: string) => value;
const PG_PARSERS: Record<number, (value: string) => unknown> = {
  20: toNumber, // int8
  1700: toNumber, // numeric
  1082: keepString, // date
};

/**
 * Opens the database the config names, checks it answers, and returns a Kysely instance.
 * Fails with one clear error (RippleConfigError, DatabaseUnavailableError, DataDirLockedError).
 */
export async function openDatabase(config: DatabaseConfig): Promise<RippleDatabase> {
  return config.kind === 'postgres' ? openPostgres(config) : openPGlite(config.dataDir);
}

async function openPostgres(
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
): Promise<RippleDatabase> {
  const location = redactUrl(config.url);
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax ?? 10,
    // While the database is away a request must be answered (503) within 2 s: a connection
    // not made in 1.5 s, or a pool slot not free by then, is not coming in time.
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // Lets the operating system notice a server that vanished without closing its sockets.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'ripple',
    // Session settings for the dashboard's aggregates. JIT compilation costs 100–200 ms on each
    // large aggregate and gains nothing on a query that runs for under a second; hash aggregates
    // over a view's people (up to 200,000 groups) spill to disk at the 4 MB default. Both are
    // per connection (at most poolMax of them); `?options=` in DATABASE_URL overrides them.
    options: '-c jit=off -c work_mem=32MB',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        PG_PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  survivesLostConnections(pool);

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${location}: ${describeConnectError(error)}`,
    );
  }
  let closed = false;
  return {
    db,
    kind: 'postgres',
    location,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}

/**
 * A connection whose server went away (restart, failover, admin_shutdown) emits 'error'. Without
 * a listener Node treats it as unhandled and the process dies. An idle client's error reaches the
 * pool's listener, logged once here. A checked-out client between two queries (inside a
 * transaction) has no listener but its own: the one added at connect, which only keeps the
 * process alive; its next query fails ("not queryable"), the request gets a 503, and the pool
 * drops the client when it is released. The next query gets a fresh client. Every pool needs this.
 */
function survivesLostConnections(pool: pg.Pool): void {
  pool.on('error', (error) => {
    console.error(`[ripple] PostgreSQL connection lost (${error.message}); it will reconnect.`);
  });
  pool.on('connect', (client) => {
    // The error is the failing query's to report; this listener only keeps the process alive.
    client.on('error', () => undefined);
  });
}

async function openPGlite(dataDir: string | null): Promise<RippleDatabase> {
  let lock: DirectoryLock | undefined;
  if (dataDir !== null) lock = lockDataDir(dataDir);
  let pglite: PGlite;
  try {
    // Loaded only when used: a PostgreSQL deployment never pays for the embedded database.
    const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
    pglite = await PGlite.create(dataDir ?? undefined, {
      parsers: {
        [pgliteTypes.INT8]: toNumber,
        [pgliteTypes.NUMERIC]: toNumber,
        [pgliteTypes.DATE]: keepString,
      },
    });
  } catch (error) {
    lock?.release();
    throw new DatabaseUnavailableError(
      `Cannot open the embedded database at ${dataDir}: ${(error as Error).message}`,
    );
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location: dataDir ?? 'memory',
    async close() {
      if (closed) return;
      closed = true;
      try {
        await db.destroy(); // closes PGlite, flushing its files
      } finally {
        lock?.release();
      }
    },
  };
}

function describeConnectError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return describeConnectError(error.errors[0]);
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
