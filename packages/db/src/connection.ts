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
      /** A streaming replica for the dashboard's read queries (DATABASE_READ_URL). */
      readUrl?: string;
    }
  /** dataDir null: in memory, for tests. */
  | { kind: 'pglite'; dataDir: string | null };

export interface RippleDatabase {
  /** The primary: writes, transactions, sessions, and reads of what a request just wrote. */
  db: Kysely<Database>;
  /**
   * Where the dashboard's aggregate reads go: a streaming replica when DATABASE_READ_URL is set
   * and answered at start, else the same instance as `db` (always on PGlite). A replica lags
   * the primary by its replay delay: never read here what the same request or user just wrote.
   */
  readDb: Kysely<Database>;
  /** The replica `readDb` reads from, or null when it is `db`. */
  replica: ReadReplica | null;
  /** What the operator should know about the opened database (one line each), e.g. replica trouble. */
  warnings: string[];
  kind: DatabaseConfig['kind'];
  /** Where the data lives, for messages: a directory, "memory" or a URL without its password. */
  location: string;
  /** Closes the connections and releases the data directory lock. Safe to call twice. */
  close(): Promise<void>;
}

export interface ReadReplica {
  /** The replica's URL without its password. */
  location: string;
  /** Whether the server said it is in recovery (a standby) at start. */
  inRecovery: boolean;
}

const DEFAULT_DATA_DIR = '.ripple/data';
/** Default wait for a PostgreSQL connection (a new one, or a free pool slot), in ms. */
export const CONNECTION_TIMEOUT_MS = 1_500;
/**
 * Default connections per pool (DATABASE_POOL_MAX). More than the cores: while a few slow
 * aggregates hold connections, cheap requests (sessions, reference lists, submissions) still get
 * one instead of queueing behind them past the 1.5 s wait.
 */
export const DEFAULT_POOL_MAX = 20;

/**
 * Reads DATABASE_URL, DATABASE_READ_URL, DATABASE_POOL_MAX and RIPPLE_DATA_DIR. A malformed URL, or a read URL
 * without a PostgreSQL primary, is a RippleConfigError.
 */
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
    const readUrl = env.DATABASE_READ_URL?.trim();
    if (readUrl) checkReadUrl(readUrl);
    const rawPoolMax = env.DATABASE_POOL_MAX?.trim();
    if (rawPoolMax && (!/^\d+$/.test(rawPoolMax) || +rawPoolMax < 1 || +rawPoolMax > 1000)) {
      throw new RippleConfigError(
        `DATABASE_POOL_MAX must be a whole number from 1 to 1000, not "${rawPoolMax}"`,
      );
    }
    return {
      kind: 'postgres',
      url,
      ...(readUrl && { readUrl }),
      ...(rawPoolMax && { poolMax: Number(rawPoolMax) }),
    };
  }
  if (env.DATABASE_READ_URL?.trim()) {
    throw new RippleConfigError(
      'DATABASE_READ_URL is set but DATABASE_URL is not: a read replica needs a PostgreSQL primary (the embedded database has no replicas)',
    );
  }
  const dataDir = env.RIPPLE_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  return { kind: 'pglite', dataDir: resolve(cwd, dataDir) };
}

function checkReadUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RippleConfigError(
      'DATABASE_READ_URL is not a valid URL; expected postgres://user:password@replica-host:5432/database',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new RippleConfigError(
      `DATABASE_READ_URL must start with postgres:// or postgresql://, not ${parsed.protocol}//`,
    );
  }
  if (!parsed.hostname && !parsed.searchParams.get('host')) {
    throw new RippleConfigError(
      'DATABASE_READ_URL names no host; expected postgres://user@replica-host/db',
    );
  }
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
  const pool = newPool(config.url, config, { name: 'ripple' });

  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(
      `Cannot connect to PostgreSQL at ${location}: ${describeConnectError(error)}`,
    );
  }
  const read = config.readUrl
    ? await openReadReplica(config.readUrl, config, db)
    : { readDb: db, replica: null, warnings: [] };
  let closed = false;
  return {
    db,
    ...read,
    kind: 'postgres',
    location,
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (read.readDb !== db) await read.readDb.destroy();
      } finally {
        await db.destroy();
      }
    },
  };
}

/**
 * A pool with Ripple's settings, for the primary and for the read replica alike: bounded
 * connections, a 1.5 s wait for one, keepalives, the session settings for aggregates, numbers as
 * numbers, and listeners so that a lost connection never takes the process down.
 */
function newPool(
  url: string,
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
  { name, readOnly = false }: { name: string; readOnly?: boolean },
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: config.poolMax ?? DEFAULT_POOL_MAX,
    // While the database is away a request must be answered (503) within 2 s: a connection
    // not made in 1.5 s, or a pool slot not free by then, is not coming in time.
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? CONNECTION_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // Lets the operating system notice a server that vanished without closing its sockets.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: name,
    // Session settings for the dashboard's aggregates. JIT compilation costs 100–200 ms on each
    // large aggregate and gains nothing on a query that runs for under a second; hash aggregates
    // over a view's people (up to 200,000 groups) spill to disk at the 4 MB default. Both are
    // per connection (at most poolMax of them); `?options=` in DATABASE_URL overrides them.
    options: `-c jit=off -c work_mem=32MB${readOnly ? ' -c default_transaction_read_only=on' : ''}`,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        PG_PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  survivesLostConnections(pool);
  return pool;
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

/**
 * The replica's pool, checked once. A replica that does not answer at start is a warning and
 * reads go to the primary until the next start: the primary can serve them, and refusing to
 * start would also stop survey answers and imports. A server that is not in recovery is used
 * (it may be a replica of another kind) but warned about.
 */
async function openReadReplica(
  url: string,
  config: Extract<DatabaseConfig, { kind: 'postgres' }>,
  primary: Kysely<Database>,
): Promise<Pick<RippleDatabase, 'readDb' | 'replica' | 'warnings'>> {
  const location = redactUrl(url);
  // Its own name, so the replica's pg_stat_activity shows Ripple's reads; read-only even when
  // the URL names a writable server by mistake, so a write sent here fails instead of forking
  // the data.
  const pool = newPool(url, config, { name: 'ripple-read', readOnly: true });
  const readDb = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let inRecovery: boolean;
  try {
    const { rows } = await sql<{
      recovery: boolean;
    }>`select pg_is_in_recovery() as recovery`.execute(readDb);
    inRecovery = rows[0]?.recovery === true;
  } catch (error) {
    await readDb.destroy().catch(() => undefined);
    return {
      readDb: primary,
      replica: null,
      warnings: [
        `Read replica at ${location} (DATABASE_READ_URL) is unreachable: ${describeConnectError(error)}; dashboard reads go to the primary until Ripple restarts.`,
      ],
    };
  }
  const warnings = inRecovery
    ? []
    : [
        `DATABASE_READ_URL (${location}) is not a standby (pg_is_in_recovery() is false): dashboard reads go there, read-only, but it does not follow the primary unless replicated by other means.`,
      ];
  return { readDb, replica: { location, inRecovery }, warnings };
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
    readDb: db,
    replica: null,
    warnings: [],
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
