import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestDatabaseUrl } from '@ripple/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `pnpm ripple import-feedback` as a manager runs it, on the embedded database or, in CI, on a
// throwaway PostgreSQL database filled with a small demo programme (its surveys and webinars).
const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ripple-feedback-cli-'));
let env: NodeJS.ProcessEnv;
let drop: (() => Promise<void>) | undefined;

async function cli(args: string[]) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'src/cli.ts', ...args],
      { cwd: apiDir, env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const fixture = (name: string) =>
  fileURLToPath(new URL(`./fixtures/feedback/${name}`, import.meta.url));

beforeAll(async () => {
  const pg = await createTestDatabaseUrl();
  env = { ...process.env, RIPPLE_DATA_DIR: join(dir, 'data') };
  if (pg) {
    env.DATABASE_URL = pg.url;
    drop = () => pg.drop();
  } else {
    delete env.DATABASE_URL;
  }
  const demo = await cli(['demo', '--participants', '30', '--webinars', '2']);
  expect(demo.code, demo.stderr).toBe(0);
});
afterAll(async () => {
  await drop?.();
  rmSync(dir, { recursive: true, force: true });
});

describe('pnpm ripple import-feedback', () => {
  it('prints the suggested mapping, imports with it, and stores nothing twice', async () => {
    const args = ['import-feedback', fixture('google-forms-en.csv'), '--webinar', '1'];
    const first = await cli([...args, '--wave', 'post', '--tz', 'UTC']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('google-forms-en.csv: google_forms, 3 rows');
    expect(first.stdout).toContain(
      '--map "Overall, how satisfied are you with this webinar?=satisfaction"',
    );
    expect(first.stdout).toContain('not imported: Timestamp, Email address');
    expect(first.stdout).toContain('3 responses stored, 0 already imported');

    const again = await cli([...args, '--wave', 'post', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ stored: 0, alreadyImported: 3 });
  });

  it('takes --map pairs and lists every problem, storing nothing', async () => {
    const path = join(dir, 'bad.csv');
    writeFileSync(
      path,
      'Timestamp,Satisfaction,Recommend\n3/25/2025 10:00,five,9\n3/26/2025 10:00,4,12\n',
    );
    const result = await cli([
      'import-feedback',
      path,
      '--webinar',
      '2',
      '--wave',
      'post',
      '--map',
      'Satisfaction=satisfaction',
      '--map',
      'Recommend=recommend',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('bad.csv: 2 problems; nothing was imported.');
    expect(result.stderr).toContain(
      "row 2, column 'Satisfaction': 'five' is not a rating from 1 to 5",
    );
    expect(result.stderr).toContain("row 3, column 'Recommend': '12' is not a score from 0 to 10");

    const bad = await cli(['import-feedback', path, '--webinar', '2', '--wave', 'later']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--wave must be post or followup.');
  });
});
