import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The real server process, run from its TypeScript source, as `pnpm start` runs it from dist.
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const dataRoot = mkdtempSync(join(tmpdir(), 'ripple-server-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    RIPPLE_DEMO: '0',
    ...extra,
  };
  if (!('DATABASE_URL' in extra)) delete env.DATABASE_URL;
  return env;
}

function run(env: NodeJS.ProcessEnv) {
  // One node process with tsx's loader, as in server-process.ts: the `tsx` command SIGKILLs a
  // child that has not acknowledged SIGTERM within 30 ms, which a loaded machine can exceed.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'src/server.ts'],
    { cwd: apiDir, env },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function start(env: NodeJS.ProcessEnv): Promise<Started> {
  const { child, exited, output } = run(env);
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /Ripple is running at (http:\/\/\S+)/.exec(output());
      if (match) {
        clearInterval(timer);
        resolve(match[1]!);
      }
    }, 50);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`server exited with ${code}: ${output()}`));
    });
  });
  return { child, url, output };
}

async function stop(server: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) =>
    server.child.on('exit', (code) => resolve(code)),
  );
  server.child.kill('SIGTERM');
  return exited;
}

describe('the server process', () => {
  it('serves, refuses a second process on the same data directory, and keeps data across restarts', async () => {
    const env = baseEnv({ RIPPLE_DATA_DIR: join(dataRoot, 'one') });
    const first = await start(env);
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);

    const second = run(env);
    const started = Date.now();
    expect(await second.exited).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const lines = second.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ripple: .* is in use by another Ripple process \(pid \d+\)/);

    expect(await stop(first)).toBe(0);
    expect(first.output()).toMatch(/Received SIGTERM/);

    // Restart: the lock was released and the schema is already there.
    const again = await start(env);
    expect((await fetch(`${again.url}/api/health`)).status).toBe(200);
    expect(await stop(again)).toBe(0);
    // Three starts on the embedded database: about 55 s on a machine running eight test suites.
  }, 120_000);

  it('gives one clear line and exit 1 for a malformed DATABASE_URL', async () => {
    const { exited, output } = run(baseEnv({ DATABASE_URL: 'localhost:5432/ripple' }));
    expect(await exited).toBe(1);
    expect(output().trim()).toMatch(/^ripple: DATABASE_URL must start with postgres:\/\/[^\n]*$/);
  });

  it('gives one clear line and exit 1 for an unreachable database', async () => {
    const { exited, output } = run(
      baseEnv({ DATABASE_URL: 'postgres://ripple:secret@127.0.0.1:1/ripple' }),
    );
    expect(await exited).toBe(1);
    const text = output().trim();
    expect(text).toMatch(
      /^ripple: Cannot connect to PostgreSQL at postgres:\/\/ripple:\*\*\*@127\.0\.0\.1:1\/ripple: [^\n]+$/,
    );
    expect(text).not.toContain('secret');
  });

  it('refuses a malformed PORT in one line', async () => {
    const { exited, output } = run(baseEnv({ PORT: 'eighty' }));
    expect(await exited).toBe(1);
    expect(output().trim()).toBe('ripple: PORT must be a number from 0 to 65535, not "eighty"');
  });
});
