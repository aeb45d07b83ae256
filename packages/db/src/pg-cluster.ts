import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * A PostgreSQL cluster of a test's own: `initdb` in a temporary directory, served on a spare
 * port, started, stopped and removed by the test. Tests that break the database on purpose
 * (restart it under load, start it with fsync off, replicate it) use one of these, never the
 * machine's shared server.
 *
 * PostgreSQL refuses to run as root: when the test runs as root, the server's commands run as
 * the `postgres` user, and the cluster's directory belongs to that user.
 */
export interface PgCluster {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Starts the server and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops the server: 'fast' ends sessions and checkpoints; 'immediate' is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** The server's log so far, for failure messages. */
  log(): string;
  /** Stops the server if running and deletes the directory. Safe to call twice. */
  destroy(): Promise<void>;
}

export interface PgClusterOptions {
  /** Extra server settings, e.g. { fsync: 'off' } or { wal_level: 'replica' }. */
  settings?: Record<string, string>;
  /** Port to serve on; default: a free one. */
  port?: number;
}

/** The directory of PostgreSQL's server programs (initdb, pg_ctl, pg_basebackup), or null. */
export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0]!, 'bin') : null;
}

/** Whether this machine can run a throwaway cluster: the programs exist and a user may run them. */
export function canRunPgCluster(): boolean {
  if (pgBinDir() === null) return false;
  return userInfo().uid !== 0 || postgresUser() !== null;
}

function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** A free TCP port on 127.0.0.1, as the kernel hands one out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function runAs(): { uid?: number; gid?: number } {
  if (userInfo().uid !== 0) return {};
  const user = postgresUser();
  if (!user) throw new Error('running as root and there is no postgres user to run PostgreSQL');
  return user;
}

function run(bin: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { ...runAs(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`${bin} ${args.join(' ')} exited with ${code}:\n${output}`));
    });
  });
}

function newDirectory(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const user = runAs();
  if (user.uid !== undefined) chownSync(dir, user.uid, user.gid!);
  return dir;
}

function cluster(dataDir: string, root: string, port: number, bin: string): PgCluster {
  const logFile = join(root, 'server.log');
  let running = false;
  let destroyed = false;
  const self: PgCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async start() {
      // The socket goes in the cluster's own directory: /var/run/postgresql is the shared server's.
      await run(join(bin, 'pg_ctl'), [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -k ${root} -c listen_addresses=127.0.0.1`,
        'start',
      ]);
      running = true;
    },
    async stop(mode = 'fast') {
      if (!running) return;
      await run(join(bin, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', '-t', '60', 'stop']);
      running = false;
    },
    log() {
      try {
        return execFileSync('cat', [logFile], { encoding: 'utf8' });
      } catch {
        return '';
      }
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await self.stop('immediate').catch(() => undefined);
      rmSync(root, { recursive: true, force: true });
    },
  };
  return self;
}

/** initdb in a new temporary directory (trust auth for local and loopback, user postgres). */
export async function createPgCluster(options: PgClusterOptions = {}): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL server programs not found under /usr/lib/postgresql');
  const root = newDirectory('ripple-pg-');
  const dataDir = join(root, 'data');
  await run(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const settings = { ...options.settings };
  if (Object.keys(settings).length > 0) {
    const lines = Object.entries(settings)
      .map(([name, value]) => `${name} = '${value.replace(/'/g, "''")}'`)
      .join('\n');
    const file = join(dataDir, 'postgresql.auto.conf');
    appendFileSync(file, `${lines}\n`);
    const user = runAs();
    if (user.uid !== undefined) chownSync(file, user.uid, user.gid!);
  }
  return cluster(dataDir, root, options.port ?? (await freePort()), bin);
}

/**
 * A streaming replica of a running cluster: `pg_basebackup -R` (which writes the standby
 * settings), served on its own port. Read-only; it follows the primary's WAL.
 */
export async function createPgReplica(
  primary: PgCluster,
  options: { port?: number } = {},
): Promise<PgCluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error('PostgreSQL server programs not found under /usr/lib/postgresql');
  const root = newDirectory('ripple-pg-replica-');
  const dataDir = join(root, 'data');
  await run(join(bin, 'pg_basebackup'), [
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '--no-sync',
  ]);
  return cluster(dataDir, root, options.port ?? (await freePort()), bin);
}
