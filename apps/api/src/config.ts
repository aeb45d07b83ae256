import { readFileSync } from 'node:fs';
import { RippleConfigError } from '@ripple/db';

export interface ServerConfig {
  port: number;
  host: string;
  /** Fill the demo programme into an empty database at start. */
  demo: boolean;
  logLevel: string;
  /** Largest attendance file accepted by POST /api/imports, in bytes. */
  maxImportBytes: number;
  /** Smallest count of people shown to funders and share links as it is (k). */
  minCellSize: number;
  /** NODE_ENV=production: no embedded database unless allowed, a secret is required. */
  production: boolean;
  /**
   * RIPPLE_SECRET or the contents of RIPPLE_SECRET_FILE: keys the hashes of client addresses
   * Ripple keeps (sign-in limits, sessions). Null when neither is set, which only development
   * allows (the server then makes one and keeps it; see secret.ts).
   */
  secret: Buffer | null;
  /** Figures computed at once (cache misses); the rest wait their turn (ComputeGate in @ripple/db). */
  computeConcurrency: number;
  /** Attendance rows up to which the reach figures are computed in memory; 0: always in SQL. */
  reachMemoryRows: number;
  /** Megabytes of cached results (their JSON), reach and impact together. */
  cacheMb: number;
}

/** Default of RIPPLE_COMPUTE_CONCURRENCY: a fifth of the default pool of 20 connections. */
export const DEFAULT_COMPUTE_CONCURRENCY = 4;

/**
 * Default of RIPPLE_REACH_MEMORY_ROWS. Five million attendance rows take about 60 MB in memory
 * (bench/README.md, "Reach figures in memory"): ten times the 200,000-person benchmark programme.
 */
export const DEFAULT_REACH_MEMORY_ROWS = 5_000_000;

/**
 * Default of RIPPLE_CACHE_MB: the cached results' JSON, reach and impact together. The load
 * benchmark's 50 dashboards over 60 views held about 10 MiB (bench/README.md, "Comments,
 * testimonials and versions in memory").
 */
export const DEFAULT_CACHE_MB = 64;

/** The shortest secret accepted: 256 bits, the size of the HMAC-SHA256 key it becomes. */
export const MIN_SECRET_BYTES = 32;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads PORT, HOST, RIPPLE_DEMO and LOG_LEVEL; anything malformed is one clear error. */
export function serverConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const rawPort = env.PORT?.trim() || '3000';
  const port = Number(rawPort);
  if (!/^\d+$/.test(rawPort) || port > 65_535) {
    throw new RippleConfigError(`PORT must be a number from 0 to 65535, not "${rawPort}"`);
  }
  const demoSetting = env.RIPPLE_DEMO?.trim();
  if (demoSetting !== undefined && demoSetting !== '' && !['0', '1'].includes(demoSetting)) {
    throw new RippleConfigError(`RIPPLE_DEMO must be 0 or 1, not "${demoSetting}"`);
  }
  // A production database is never filled with invented people unless asked for explicitly.
  const demo = demoSetting ? demoSetting === '1' : env.NODE_ENV !== 'production';
  const logLevel = env.LOG_LEVEL?.trim() || 'warn';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new RippleConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  }
  const rawLimit = env.RIPPLE_MAX_UPLOAD_MB?.trim() || '200';
  if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) {
    throw new RippleConfigError(
      `RIPPLE_MAX_UPLOAD_MB must be a whole number of megabytes, not "${rawLimit}"`,
    );
  }
  const rawK = env.RIPPLE_MIN_CELL_SIZE?.trim() || '5';
  // k = 2 would show "<2", which is 1: no protection at all.
  if (!/^\d+$/.test(rawK) || Number(rawK) < 3 || Number(rawK) > 100) {
    throw new RippleConfigError(
      `RIPPLE_MIN_CELL_SIZE must be a whole number from 3 to 100, not "${rawK}"`,
    );
  }
  const rawConcurrency =
    env.RIPPLE_COMPUTE_CONCURRENCY?.trim() || String(DEFAULT_COMPUTE_CONCURRENCY);
  if (
    !/^\d+$/.test(rawConcurrency) ||
    Number(rawConcurrency) < 1 ||
    Number(rawConcurrency) > 1000
  ) {
    throw new RippleConfigError(
      `RIPPLE_COMPUTE_CONCURRENCY must be a whole number from 1 to 1000, not "${rawConcurrency}"`,
    );
  }
  const rawMemoryRows = env.RIPPLE_REACH_MEMORY_ROWS?.trim() || String(DEFAULT_REACH_MEMORY_ROWS);
  if (!/^\d+$/.test(rawMemoryRows)) {
    throw new RippleConfigError(
      `RIPPLE_REACH_MEMORY_ROWS must be a whole number of attendance rows (0 to compute every reach figure in SQL), not "${rawMemoryRows}"`,
    );
  }
  const rawCacheMb = env.RIPPLE_CACHE_MB?.trim() || String(DEFAULT_CACHE_MB);
  if (!/^\d+$/.test(rawCacheMb) || Number(rawCacheMb) < 1) {
    throw new RippleConfigError(
      `RIPPLE_CACHE_MB must be a whole number of megabytes, 1 or more, not "${rawCacheMb}"`,
    );
  }
  const production = env.NODE_ENV === 'production';
  const allowEmbedded = env.RIPPLE_ALLOW_EMBEDDED_DATABASE?.trim();
  if (allowEmbedded && !['0', '1'].includes(allowEmbedded)) {
    throw new RippleConfigError(
      `RIPPLE_ALLOW_EMBEDDED_DATABASE must be 0 or 1, not "${allowEmbedded}"`,
    );
  }
  if (production && !env.DATABASE_URL?.trim() && allowEmbedded !== '1') {
    throw new RippleConfigError(
      'NODE_ENV=production and no DATABASE_URL: refusing to run on the embedded database ' +
        '(one process, no replica, no point-in-time recovery); set DATABASE_URL=postgres://…, ' +
        'or RIPPLE_ALLOW_EMBEDDED_DATABASE=1 to use the embedded one anyway',
    );
  }
  const secret = secretFromEnv(env);
  if (production && secret === null) {
    throw new RippleConfigError(
      `NODE_ENV=production needs a secret: set RIPPLE_SECRET (or RIPPLE_SECRET_FILE, a file holding it) to at least ${MIN_SECRET_BYTES} random bytes, e.g. \`openssl rand -base64 48\``,
    );
  }
  return {
    port,
    host: env.HOST?.trim() || 'localhost',
    demo,
    logLevel,
    maxImportBytes: Number(rawLimit) * 1_048_576,
    minCellSize: Number(rawK),
    production,
    secret,
    computeConcurrency: Number(rawConcurrency),
    reachMemoryRows: Number(rawMemoryRows),
    cacheMb: Number(rawCacheMb),
  };
}

/** RIPPLE_SECRET, or RIPPLE_SECRET_FILE's contents (a final newline dropped); null if neither. */
export function secretFromEnv(env: NodeJS.ProcessEnv = process.env): Buffer | null {
  const value = env.RIPPLE_SECRET;
  const file = env.RIPPLE_SECRET_FILE?.trim();
  if (value && file) {
    throw new RippleConfigError('Set RIPPLE_SECRET or RIPPLE_SECRET_FILE, not both');
  }
  let secret: string;
  let source: string;
  if (file) {
    try {
      secret = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new RippleConfigError(
        `RIPPLE_SECRET_FILE cannot be read (${file}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      );
    }
    source = `RIPPLE_SECRET_FILE (${file})`;
  } else if (value) {
    secret = value;
    source = 'RIPPLE_SECRET';
  } else {
    return null;
  }
  const bytes = Buffer.from(secret, 'utf8');
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new RippleConfigError(
      `${source} is ${bytes.length} bytes; it must be at least ${MIN_SECRET_BYTES}, e.g. \`openssl rand -base64 48\``,
    );
  }
  return bytes;
}
