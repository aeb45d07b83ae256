import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isAlive } from '@ripple/db';
import type { Source } from './types.js';

/** SHA-256 of a file, streamed: the same bytes give the same hash, whatever the file is called. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

export function fileSource(path: string): Source {
  return () => createReadStream(path);
}

const UPLOAD_PREFIX = 'ripple-upload-';

/**
 * A private directory for one request's uploads. Its name carries this process's id, so that a
 * later process can tell one left behind by a crash (the request's own clean-up never ran).
 */
export async function makeUploadDir(): Promise<string> {
  const dir = join(tmpdir(), `${UPLOAD_PREFIX}${process.pid}-${randomUUID()}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/**
 * Removes the upload directories of Ripple processes that are gone (kill -9, power loss): the
 * attendance files in them are personal data nobody will read again. Those of live processes,
 * this one's included, are theirs. Returns how many were removed.
 */
export async function removeOrphanedUploads(dir: string = tmpdir()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(/^ripple-upload-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    try {
      await rm(join(dir, name), { recursive: true, force: true });
      removed++;
    } catch {
      /* another user's, or removed meanwhile */
    }
  }
  return removed;
}
