import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabaseUrl } from '@ripple/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './fixtures.js';

// `pnpm ripple import` as a programme manager runs it, on the embedded database or, in CI, on a
// throwaway PostgreSQL database. stdin is not a terminal here: the CLI must not wait for input.
const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ripple-cli-'));
let env: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const pg = await createTestDatabaseUrl();
  env = { ...process.env, RIPPLE_DATA_DIR: join(dir, 'data') };
  if (pg) {
    env.DATABASE_URL = pg.url;
    drop = () => pg.drop();
  } else {
    delete env.DATABASE_URL;
  }
});
afterAll(async () => {
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'src/cli.ts', ...args],
      {
        cwd: apiDir,
        env,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const fixture = (name: string) => fileURLToPath(new URL(name, FIXTURES));

describe('pnpm ripple import', () => {
  it('imports the sample exports and prints the summaries as JSON', async () => {
    const result = await cli([
      'import',
      '--json',
      '--tz',
      'America/New_York',
      fixture('zoom-webinar-attendee-2025.csv'),
      fixture('zoom-webinar-attendee-2020.csv'),
      fixture('zoom-meeting-participants-2023.csv'),
    ]);
    expect(result.code, result.stderr).toBe(0);
    const summaries = JSON.parse(result.stdout) as Array<{
      status: string;
      counts: Record<string, number>;
    }>;
    expect(summaries.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(summaries[0]!.counts).toMatchObject({
      registered: 5,
      attendees: 3,
      noShows: 2,
      speakers: 2,
    });
    expect(summaries[1]!.counts).toMatchObject({
      registered: 3,
      attendees: 3,
      noShows: 1,
      speakers: 2,
    });
    expect(summaries[2]!.counts).toMatchObject({ attendees: 2, speakers: 1, minutes: 135 });
  });

  it('asks for the date order of the Teams sample in words, without waiting for input, then imports it', async () => {
    const teams = fixture('teams-attendance-2025.csv');
    const asked = await cli(['import', '--tz', 'Europe/Lisbon', teams]);
    expect(asked.code).toBe(1);
    expect(asked.stdout).toMatch(/FAILED/);
    expect(asked.stdout).toMatch(/day-first or month-first/);
    expect(asked.stdout).toMatch(/--date-order/);

    const done = await cli([
      'import',
      '--json',
      '--tz',
      'Europe/Lisbon',
      '--date-order',
      'mdy',
      teams,
    ]);
    expect(done.code, done.stderr).toBe(0);
    const [summary] = JSON.parse(done.stdout) as Array<{
      status: string;
      counts: Record<string, number>;
      missing: string[];
    }>;
    expect(summary).toMatchObject({
      status: 'succeeded',
      counts: { attendees: 2, minutes: 83, speakers: 1 },
    });
    // What the CLI would have asked stays unknown, and the summary says so.
    expect(summary!.missing).toEqual(expect.arrayContaining(['language', 'series', 'topics']));
  });

  it('says nothing changed when a file comes again', async () => {
    const again = await cli([
      'import',
      '--tz',
      'America/New_York',
      fixture('zoom-webinar-attendee-2025.csv'),
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already imported, nothing changed/);
  });

  it('explains bad arguments in one line', async () => {
    const bad = await cli([
      'import',
      '--date-order',
      'ymd',
      fixture('zoom-webinar-attendee-2025.csv'),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('ripple: --date-order must be dmy or mdy');
    const missing = await cli(['import', join(dir, 'nope.csv')]);
    expect(missing.stderr).toMatch(/Cannot read .*nope\.csv: no such file/);
  });
});

describe('pnpm ripple demo', () => {
  it('refuses an attendance scale outside 1 to 10, saying which values it takes', async () => {
    for (const value of ['11', '0.5', 'lots']) {
      const result = await cli(['demo', '--attendance-scale', value]);
      expect(result.code, value).toBe(1);
      expect(result.stderr, value).toContain(
        `--attendance-scale must be a number from 1 to 10, not "${value}"`,
      );
    }
  });
});
