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
}

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
  return {
    port,
    host: env.HOST?.trim() || 'localhost',
    demo,
    logLevel,
    maxImportBytes: Number(rawLimit) * 1_048_576,
    minCellSize: Number(rawK),
  };
}
