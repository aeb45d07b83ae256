import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RippleConfigError, type RippleDatabase } from '@ripple/db';
import { MIN_SECRET_BYTES } from './config.js';

/**
 * The secret of a development server started without RIPPLE_SECRET: made once and kept with the
 * data, so the hashes it keyed still match after a restart. The embedded database keeps it in
 * its data directory (it goes wherever the data goes); PostgreSQL in `.ripple/secret` where
 * Ripple is started. Production never comes here: it must be given (config.ts).
 */
export function developmentSecret(
  database: RippleDatabase,
  cwd: string = process.cwd(),
): { secret: Buffer; path: string; created: boolean } {
  const path =
    database.kind === 'pglite' && database.location !== 'memory'
      ? join(database.location, 'ripple-secret')
      : resolve(cwd, '.ripple/secret');
  let text: string | null = null;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== null) {
    const secret = Buffer.from(text, 'utf8');
    if (secret.length < MIN_SECRET_BYTES) {
      throw new RippleConfigError(
        `The secret kept in ${path} is ${secret.length} bytes, fewer than ${MIN_SECRET_BYTES}; delete the file to make a new one, or set RIPPLE_SECRET`,
      );
    }
    return { secret, path, created: false };
  }
  const made = randomBytes(48).toString('base64url');
  mkdirSync(dirname(path), { recursive: true });
  // wx: two processes starting at once never overwrite each other's secret.
  writeFileSync(path, `${made}\n`, { mode: 0o600, flag: 'wx' });
  return { secret: Buffer.from(made, 'utf8'), path, created: true };
}
