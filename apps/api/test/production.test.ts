import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DatabaseConfig } from '@ripple/db';
import { canRunPgCluster, createPgCluster, createTestDatabaseUrl } from '@ripple/db/testing';
import { runServer, serverEnv, startServer } from './server-process.js';

// The production guard, through the real server process: NODE_ENV=production refuses the
// embedded database unless allowed, refuses a missing or short secret, warns about PostgreSQL
// settings that lose data, and the secret keys the client addresses Ripple stores.

const dataRoot = mkdtempSync(join(tmpdir(), 'ripple-production-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

const SECRET = 'a production secret of more than thirty-two bytes, for tests only';

async function exitOf(env: NodeJS.ProcessEnv) {
  const server = runServer(env);
  const { code } = await server.exited;
  return { code, lines: server.output().trim().split('\n') };
}

const keyed = (secret: string, address: string) =>
  'k1:' +
  createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(`client-address\0${address}`)
    .digest('base64url');

describe('NODE_ENV=production', () => {
  it('refuses the embedded database in one line that says what to set', async () => {
    const { code, lines } = await exitOf(
      serverEnv({
        NODE_ENV: 'production',
        RIPPLE_SECRET: SECRET,
        RIPPLE_DATA_DIR: join(dataRoot, 'refused'),
      }),
    );
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ripple: NODE_ENV=production and no DATABASE_URL: refusing to run on the embedded database .*set DATABASE_URL=postgres:\/\/…, or RIPPLE_ALLOW_EMBEDDED_DATABASE=1/,
    );
  });

  it('refuses to start without a secret, or with one shorter than 32 bytes, in one line', async () => {
    const base = {
      NODE_ENV: 'production',
      RIPPLE_ALLOW_EMBEDDED_DATABASE: '1',
      RIPPLE_DATA_DIR: join(dataRoot, 'no-secret'),
    };
    const missing = await exitOf(serverEnv(base));
    expect(missing.code).toBe(1);
    expect(missing.lines).toEqual([
      'ripple: NODE_ENV=production needs a secret: set RIPPLE_SECRET (or RIPPLE_SECRET_FILE, a file holding it) to at least 32 random bytes, e.g. `openssl rand -base64 48`',
    ]);

    const short = await exitOf(serverEnv({ ...base, RIPPLE_SECRET: 'too short' }));
    expect(short.code).toBe(1);
    expect(short.lines).toEqual([
      'ripple: RIPPLE_SECRET is 9 bytes; it must be at least 32, e.g. `openssl rand -base64 48`',
    ]);

    const file = join(dataRoot, 'short-secret');
    writeFileSync(file, 'still too short\n');
    const shortFile = await exitOf(serverEnv({ ...base, RIPPLE_SECRET_FILE: file }));
    expect(shortFile.code).toBe(1);
    expect(shortFile.lines).toEqual([
      `ripple: RIPPLE_SECRET_FILE (${file}) is 15 bytes; it must be at least 32, e.g. \`openssl rand -base64 48\``,
    ]);

    const absent = await exitOf(
      serverEnv({ ...base, RIPPLE_SECRET_FILE: join(dataRoot, 'no-such-file') }),
    );
    expect(absent.code).toBe(1);
    expect(absent.lines).toHaveLength(1);
    expect(absent.lines[0]).toMatch(/^ripple: RIPPLE_SECRET_FILE cannot be read \(.*\): ENOENT$/);
  });

  it('keys stored client addresses with the secret, old rows included', async () => {
    const pg = await createTestDatabaseUrl();
    const dataDir = join(dataRoot, 'keyed');
    const config: DatabaseConfig = pg
      ? { kind: 'postgres', url: pg.url }
      : { kind: 'pglite', dataDir };
    const secretFile = join(dataRoot, 'secret');
    writeFileSync(secretFile, `${SECRET}\n`);
    try {
      // A failed sign-in stored before addresses were keyed, as the address itself.
      const before = await openDatabase(config);
      await migrateToLatest(before.db);
      await sql`insert into sign_in_failure (email, address) values ('old@example.org', '203.0.113.9')`.execute(
        before.db,
      );
      await before.close();

      const env = serverEnv({
        NODE_ENV: 'production',
        RIPPLE_SECRET_FILE: secretFile,
        ...(pg
          ? { DATABASE_URL: pg.url }
          : { RIPPLE_ALLOW_EMBEDDED_DATABASE: '1', RIPPLE_DATA_DIR: dataDir }),
      });
      const server = await startServer(env);
      const wrong = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@example.org', password: 'wrong password' }),
      });
      expect(wrong.status).toBe(401);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      expect(server.output()).toMatch(/1 stored client address\(es\) replaced by their keyed hash/);

      const after = await openDatabase(config);
      const rows = await after.db
        .selectFrom('sign_in_failure')
        .select(['email', 'address'])
        .orderBy('id')
        .execute();
      await after.close();
      expect(rows).toEqual([
        { email: 'old@example.org', address: keyed(SECRET, '203.0.113.9') },
        { email: 'nobody@example.org', address: keyed(SECRET, '127.0.0.1') },
      ]);
    } finally {
      await pg?.drop();
    }
  });
});

describe('development without a secret', () => {
  it('makes one, keeps it in the data directory, and uses the same one after a restart', async () => {
    const dataDir = join(dataRoot, 'dev');
    const env = serverEnv({ RIPPLE_DATA_DIR: dataDir });
    const first = await startServer(env);
    first.child.kill('SIGTERM');
    expect((await first.exited).code).toBe(0);
    const path = join(dataDir, 'ripple-secret');
    expect(first.output()).toContain(
      `No RIPPLE_SECRET: made one for development and kept it in ${path}`,
    );
    const secret = readFileSync(path, 'utf8').trim();
    expect(Buffer.byteLength(secret)).toBeGreaterThanOrEqual(32);

    const second = await startServer(env);
    const wrong = await fetch(`${second.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.org', password: 'wrong password' }),
    });
    expect(wrong.status).toBe(401);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
    expect(second.output()).not.toContain('No RIPPLE_SECRET');
    expect(readFileSync(path, 'utf8').trim()).toBe(secret);

    const database = await openDatabase({ kind: 'pglite', dataDir });
    const rows = await database.db.selectFrom('sign_in_failure').select('address').execute();
    await database.close();
    expect(rows).toEqual([{ address: keyed(secret, '127.0.0.1') }]);
  });
});

describe.skipIf(!canRunPgCluster())(
  'PostgreSQL durability settings (a throwaway cluster; skipped where PostgreSQL cannot be run)',
  () => {
    it('warns in one line each for fsync, full_page_writes and synchronous_commit off', async () => {
      const cluster = await createPgCluster({
        settings: { fsync: 'off', full_page_writes: 'off' },
      });
      try {
        await cluster.start();
        const env = { NODE_ENV: 'production', RIPPLE_SECRET: SECRET };
        const warnings = (output: string) =>
          output.split('\n').filter((line) => line.startsWith('ripple: warning:'));

        const unsafe = await startServer(serverEnv({ ...env, DATABASE_URL: cluster.url }));
        unsafe.child.kill('SIGTERM');
        expect((await unsafe.exited).code).toBe(0);
        expect(warnings(unsafe.output())).toEqual([
          expect.stringMatching(
            /^ripple: warning: PostgreSQL runs with fsync=off: a crash .* can corrupt the database and lose data .*; set fsync=on in postgresql\.conf\.$/,
          ),
          expect.stringMatching(
            /^ripple: warning: PostgreSQL runs with full_page_writes=off: .*torn pages.*; set full_page_writes=on in postgresql\.conf\.$/,
          ),
        ]);

        const asyncCommit = await startServer(
          serverEnv({
            ...env,
            DATABASE_URL: `${cluster.url}?options=-c%20synchronous_commit%3Doff`,
          }),
        );
        asyncCommit.child.kill('SIGTERM');
        expect((await asyncCommit.exited).code).toBe(0);
        expect(warnings(asyncCommit.output())).toHaveLength(3);
        expect(warnings(asyncCommit.output())[2]).toMatch(
          /^ripple: warning: PostgreSQL runs with synchronous_commit=off: a crash of the database server loses .*; set synchronous_commit=on .*\(and remove it from options in DATABASE_URL\)\.$/,
        );
      } finally {
        await cluster.destroy();
      }
    });
  },
);

describe.skipIf(!process.env.DATABASE_URL)('a durable PostgreSQL (DATABASE_URL)', () => {
  it('gives no warning', async () => {
    const pg = (await createTestDatabaseUrl())!;
    try {
      const server = await startServer(
        serverEnv({ NODE_ENV: 'production', RIPPLE_SECRET: SECRET, DATABASE_URL: pg.url }),
      );
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      expect(server.output()).not.toContain('warning');
    } finally {
      await pg.drop();
    }
  });
});
