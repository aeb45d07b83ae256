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

/**
 * Reads DATABASE_URL, DATABASE_READ_URL and RIPPLE_DATA_DIR. A malformed URL, or a read URL
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
    return { kind: 'postgres', url, ...(readUrl && { readUrl }) };
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
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolMax ?? 10,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 30_000,
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
  // An idle client whose server went away emits 'error' on the pool; without a listener
  // Node treats it as unhandled and the process dies. The next query gets a fresh client.
  pool.on('error', (error) => {
    console.error(`[ripple] PostgreSQL connection lost (${error.message}); it will reconnect.`);
  });

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
  const pool = new pg.Pool({
    connectionString: url,
    max: config.poolMax ?? 10,
    connectionTimeoutMillis: config.connectionTimeoutMillis ?? 5_000,
    idleTimeoutMillis: 30_000,
    // Its own name, so the replica's pg_stat_activity shows Ripple's reads; read-only even when
    // the URL names a writable server by mistake, so a write sent here fails instead of forking
    // the data. The same session settings as the primary's pool.
    application_name: 'ripple-read',
    options: '-c jit=off -c work_mem=32MB -c default_transaction_read_only=on',
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary'): unknown =>
        PG_PARSERS[oid] ?? pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  pool.on('error', (error) => {
    console.error(`[ripple] read replica connection lost (${error.message}); it will reconnect.`);
  });
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
