// Time from `node apps/api/dist/server.js` to the first answered /api/overview, on a database
// that already holds the demo (a built tree, the second and later `pnpm start`).
//   pnpm build && pnpm --filter @ripple/api bench
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_MANAGER, managerSession } from './session.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = join(mkdtempSync(join(tmpdir(), 'ripple-bench-')), 'data');
const RUNS = 5;

async function startOnce(): Promise<{ listening: number; firstAnswer: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['apps/api/dist/server.js'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      RIPPLE_DATA_DIR: dataDir,
      DATABASE_URL: '',
      // The first answer is a signed-in one, as in the dashboard: sign-in is part of the time.
      RIPPLE_ADMIN_EMAIL: BENCH_MANAGER.email,
      RIPPLE_ADMIN_PASSWORD: BENCH_MANAGER.password,
    },
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = /Ripple is running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearInterval(t);
        resolve(m[1]!);
      }
    }, 10);
    void exited.then(() => {
      clearInterval(t);
      reject(new Error(output));
    });
  });
  const listening = performance.now() - started;
  const res = await fetch(`${url}/api/overview`, { headers: await managerSession(null, url) });
  if (!res.ok) throw new Error(`overview answered ${res.status}`);
  await res.arrayBuffer();
  const firstAnswer = performance.now() - started;
  child.kill('SIGTERM');
  await exited;
  return { listening, firstAnswer };
}

console.error('first start (generates the demo programme)…');
const first = await startOnce();
console.log(
  `first start, demo generated: ${(first.firstAnswer / 1000).toFixed(1)} s to the first answer`,
);
const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await startOnce());
const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`restart on a filled database (median of ${RUNS}):`);
console.log(`  listening:       ${Math.round(median(runs.map((r) => r.listening)))} ms`);
console.log(
  `  first /api/overview answered: ${Math.round(median(runs.map((r) => r.firstAnswer)))} ms`,
);
rmSync(join(dataDir, '..'), { recursive: true, force: true });
