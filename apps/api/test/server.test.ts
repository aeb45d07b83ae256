import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runServer, serverEnv, startServer, stopServer } from './server-process.js';

// The real server process, run from its TypeScript source, as `pnpm start` runs it from dist.
const dataRoot = mkdtempSync(join(tmpdir(), 'ripple-server-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

describe('the server process', () => {
  it('serves, refuses a second process on the same data directory, and keeps data across restarts', async () => {
    const env = serverEnv({ RIPPLE_DATA_DIR: join(dataRoot, 'one') });
    const first = await startServer(env);
    const health = await fetch(`${first.url}/api/health`);
    expect(health.status).toBe(200);

    const second = runServer(env);
    const started = Date.now();
    expect((await second.exited).code).toBe(1);
    expect(Date.now() - started).toBeLessThan(15_000);
    const lines = second.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ripple: .* is in use by another Ripple process \(pid \d+\)/);

    expect(await stopServer(first)).toBe(0);
    expect(first.output()).toMatch(/Received SIGTERM/);

    // Restart: the lock was released and the schema is already there.
    const again = await startServer(env);
    expect((await fetch(`${again.url}/api/health`)).status).toBe(200);
    expect(await stopServer(again)).toBe(0);
    // Three starts on the embedded database: about 55 s on a machine running eight test suites.
  }, 120_000);

  it('gives one clear line and exit 1 for a malformed DATABASE_URL', async () => {
    const { exited, output } = runServer(serverEnv({ DATABASE_URL: 'localhost:5432/ripple' }));
    expect((await exited).code).toBe(1);
    expect(output().trim()).toMatch(/^ripple: DATABASE_URL must start with postgres:\/\/[^\n]*$/);
  });

  it('gives one clear line and exit 1 for an unreachable database', async () => {
    const { exited, output } = runServer(
      serverEnv({ DATABASE_URL: 'postgres://ripple:secret@127.0.0.1:1/ripple' }),
    );
    expect((await exited).code).toBe(1);
    const text = output().trim();
    expect(text).toMatch(
      /^ripple: Cannot connect to PostgreSQL at postgres:\/\/ripple:\*\*\*@127\.0\.0\.1:1\/ripple: [^\n]+$/,
    );
    expect(text).not.toContain('secret');
  });

  it('refuses a malformed PORT in one line', async () => {
    const { exited, output } = runServer(serverEnv({ PORT: 'eighty' }));
    expect((await exited).code).toBe(1);
    expect(output().trim()).toBe('ripple: PORT must be a number from 0 to 65535, not "eighty"');
  });
});
