import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type RippleDatabase } from '@ripple/db';
import { createTestDatabaseUrl } from '@ripple/db/testing';

// Crash tests run Ripple as a user does, in real processes (the server and the CLI), and kill
// them with SIGKILL: no handler runs, nothing is flushed or closed. Node itself runs the
// TypeScript (tsx as a loader, not a wrapper process), so the signal reaches Ripple's process.

const apiDir = fileURLToPath(new URL('../..', import.meta.url));

export const ADMIN_EMAIL = 'crash-admin@test.example.org';
export const ADMIN_PASSWORD = 'crash tests keep their own admin 7%';

/**
 * The database a crash test's processes share: an embedded data directory of its own, or, with
 * DATABASE_URL set, a fresh database on that PostgreSQL server.
 */
export interface CrashDatabase {
  kind: 'pglite' | 'postgres';
  /** RIPPLE_DATA_DIR or DATABASE_URL for the child processes. */
  env: Record<string, string>;
  /** Opens it from the test; on the embedded database, only while no Ripple process runs. */
  open(): Promise<RippleDatabase>;
  /** A directory for the test's own files (exports to import), removed by `remove`. */
  scratch: string;
  remove(): Promise<void>;
}

export async function crashDatabase(): Promise<CrashDatabase> {
  const scratch = mkdtempSync(join(tmpdir(), 'ripple-crash-'));
  const postgres = await createTestDatabaseUrl();
  if (postgres) {
    return {
      kind: 'postgres',
      env: { DATABASE_URL: postgres.url },
      open: () => openDatabase({ kind: 'postgres', url: postgres.url, poolMax: 4 }),
      scratch,
      async remove() {
        await postgres.drop();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  }
  const dataDir = join(scratch, 'data');
  return {
    kind: 'pglite',
    env: { RIPPLE_DATA_DIR: dataDir },
    open: () => openDatabase({ kind: 'pglite', dataDir }),
    scratch,
    async remove() {
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

export interface RippleProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGKILL, and wait until it is gone. */
  kill9(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** Kills whatever a failed test left running (only processes the harness started). */
export function killLeftovers(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}

function baseEnv(database: CrashDatabase, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RIPPLE_DEMO: '0',
    RIPPLE_ADMIN_EMAIL: ADMIN_EMAIL,
    RIPPLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    ...database.env,
    ...extra,
  };
  if (database.kind === 'pglite') delete env.DATABASE_URL;
  return env;
}

function launch(
  script: string,
  args: string[],
  database: CrashDatabase,
  extra: Record<string, string>,
): RippleProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', script, ...args],
    { cwd: apiDir, env: baseEnv(database, extra) },
  );
  running.add(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    running.delete(child);
    return code as number | null;
  });
  return {
    child,
    output: () => output,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** `pnpm ripple <args>`, from source. */
export function runCli(
  database: CrashDatabase,
  args: string[],
  extra: Record<string, string> = {},
): RippleProcess {
  return launch('src/cli.ts', args, database, extra);
}

export interface ServerProcess extends RippleProcess {
  url: string;
  /** SIGTERM, the way an operator stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The real server (`pnpm start`), listening on a free port; resolves once it serves. */
export async function startServer(
  database: CrashDatabase,
  extra: Record<string, string> = {},
): Promise<ServerProcess> {
  const process_ = launch('src/server.ts', [], database, extra);
  const url = await waitFor(
    process_,
    () => /Ripple is running at (http:\/\/\S+)/.exec(process_.output())?.[1],
    60_000,
    'the server to start',
  );
  return {
    ...process_,
    url,
    async stop() {
      if (process_.child.exitCode === null) process_.child.kill('SIGTERM');
      return process_.exited;
    },
  };
}

/**
 * Polls `check` until it returns a value; fails with the process's output if the process ends
 * first or the time runs out.
 */
export async function waitFor<T>(
  process_: RippleProcess,
  check: () => T | undefined | null | false,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = check();
    if (value) return value;
    if (process_.child.exitCode !== null || process_.child.signalCode !== null) {
      throw new Error(`the process ended while waiting for ${what}:\n${process_.output()}`);
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out waiting for ${what}:\n${process_.output()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type Session = { cookie: string; 'x-csrf-token': string };

/** Signs in as the admin the harness gives every server, as a browser would. */
export async function signIn(url: string): Promise<Session> {
  const response = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) {
    throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  }
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}
