import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
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
