import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataDirLockedError } from './errors.js';

export interface DirectoryLock {
  readonly path: string;
  release(): void;
}

/** Whether a process with this id is running (a lock's or a leftover file's owner). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(lockPath: string): number | null {
  try {
    const owner = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown };
    return typeof owner.pid === 'number' ? owner.pid : null;
  } catch {
    return null;
  }
}

/**
 * PGlite has no lock of its own, and two processes writing one data directory corrupt it.
 * The lock is a file created exclusively (O_EXCL) beside the directory, holding the owner's pid.
 * A lock left by a process that died (kill -9, power loss) is taken over, since its pid is gone.
 */
export function lockDataDir(dataDir: string, description = 'the Ripple database'): DirectoryLock {
  const lockPath = `${dataDir.replace(/[\\/]+$/, '')}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });

  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = readOwner(lockPath);
      if (pid !== null && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLockedError(
          `${description} at ${dataDir} is in use by another Ripple process (pid ${pid}). ` +
            `Stop that process first, or set RIPPLE_DATA_DIR to another directory. ` +
            `If no such process is running, delete ${lockPath}.`,
        );
      }
      // Stale: its owner is gone. Remove it and try once more; a racing process may win.
      try {
        unlinkSync(lockPath);
      } catch {
        /* another process removed it first */
      }
      continue;
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    closeSync(fd);

    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      process.off('exit', release);
      if (readOwner(lockPath) === process.pid) unlinkSync(lockPath);
    };
    process.on('exit', release);
    return { path: lockPath, release };
  }
  throw new DataDirLockedError(
    `Could not lock ${description} at ${dataDir}: another process keeps taking the lock at ${lockPath}.`,
  );
}
