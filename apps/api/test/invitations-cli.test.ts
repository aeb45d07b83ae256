import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { createTestDatabaseUrl } from '@ripple/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm ripple invitations …` as a manager runs it, on the embedded database or, in CI, on a
// throwaway PostgreSQL database, with a small demo programme in it.
const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ripple-invitations-cli-'));
let env: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | undefined;

async function cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'src/cli.ts', ...args],
      { cwd: apiDir, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  const pg = await createTestDatabaseUrl();
  env = { ...process.env, RIPPLE_DATA_DIR: join(dir, 'data') };
  delete env.RIPPLE_PUBLIC_URL;
  delete env.SMTP_URL;
  delete env.RIPPLE_MAIL_FROM;
  if (pg) {
    env.DATABASE_URL = pg.url;
    drop = () => pg.drop();
  } else {
    delete env.DATABASE_URL;
  }
  const demo = await cli(['demo', '--participants', '60', '--webinars', '2']);
  expect(demo.code, demo.stderr).toBe(0);
});
afterAll(async () => {
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

type Row = Record<string, string>;

describe('pnpm ripple invitations', () => {
  it('creates the follow-up wave for a webinar, once', async () => {
    const first = await cli(['invitations', 'create', '--webinar', '1', '--wave', 'followup']);
    expect(first.code, first.stderr).toBe(0);
    const [, created, existing, attendees] =
      /(\d+) invitations created, (\d+) already existed \((\d+) attendees\)/.exec(first.stdout)!;
    expect(Number(attendees)).toBeGreaterThan(0);
    expect(Number(created) + Number(existing)).toBe(Number(attendees));
    expect(Number(created)).toBeGreaterThan(0);

    const again = await cli(['invitations', 'create', '--webinar', '1', '--wave', 'followup']);
    expect(again.stdout).toContain(`0 invitations created, ${attendees} already existed`);
  });

  it('exports CSV to a file or to stdout, with links on RIPPLE_PUBLIC_URL', async () => {
    const out = join(dir, 'followup.csv');
    const res = await cli(
      ['invitations', 'export', '--webinar', '1', '--wave', 'followup', '--out', out],
      { RIPPLE_PUBLIC_URL: 'https://ripple.example.org/' },
    );
    expect(res.code, res.stderr).toBe(0);
    const rows = parse<Row>(readFileSync(out), { bom: true, columns: true });
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatchObject({ webinar_id: '1', wave: 'followup' });
      expect(row.link).toMatch(/^https:\/\/ripple\.example\.org\/s\/[A-Za-z0-9_-]{22,}$/);
      expect(['open', 'answered', 'expired']).toContain(row.status);
    }

    const all = await cli(['invitations', 'export']);
    expect(all.code, all.stderr).toBe(0);
    const everything = parse<Row>(all.stdout, { bom: true, columns: true });
    expect(everything.length).toBeGreaterThan(rows.length);
    expect(everything[0]!.link).toMatch(/^http:\/\/localhost:3000\/s\//);
    expect(new Set(everything.map((r) => r.invitation_id)).size).toBe(everything.length);
  });

  it('explains what is missing: SMTP, a webinar, a wave', async () => {
    const send = await cli(['invitations', 'send']);
    expect(send.code).toBe(1);
    expect(send.stderr).toMatch(/email is not configured: set SMTP_URL/);
    const create = await cli(['invitations', 'create', '--wave', 'post']);
    expect(create.code).toBe(1);
    expect(create.stderr).toMatch(/create needs --webinar ID and --wave/);
    const wave = await cli(['invitations', 'export', '--wave', 'later']);
    expect(wave.code).toBe(1);
    expect(wave.stderr).toMatch(/--wave must be post or followup, not "later"/);
    const missing = await cli(['invitations', 'create', '--webinar', '999', '--wave', 'post']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/There is no webinar #999/);
    const badSmtp = await cli(['invitations', 'send'], { SMTP_URL: 'mail.example.org' });
    expect(badSmtp.code).toBe(1);
    expect(badSmtp.stderr).toMatch(/SMTP_URL must look like smtp:\/\//);
  });
});
