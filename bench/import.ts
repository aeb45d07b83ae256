// Import speed: generates a Zoom meeting participants report of ROWS join rows (default
// 1,000,000, from ROWS/2 people who each join twice on average; one in ten without an email) and
// imports it end to end, reading, merging, matching and writing, in a child process whose peak
// memory is its own.
//   pnpm --filter @ripple/api bench:import                      (PGlite, on a temporary data dir)
//   DATABASE_URL=postgres://… pnpm --filter @ripple/api bench:import   (a throwaway database)
//   … bench:import -- --rows 200000
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '1000000' }, worker: { type: 'string' } },
});

if (values.worker) {
  await worker(values.worker);
} else {
  await main(Number(values.rows));
}

async function main(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ripple-bench-import-'));
  const file = join(dir, 'participants.csv');
  const started = performance.now();
  await writeReport(file, rows);
  const mb = statSync(file).size / 1_048_576;
  console.error(
    `generated ${rows.toLocaleString('en')} rows (${mb.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const child = spawn(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--worker', file],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, RIPPLE_BENCH_DIR: dir } },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const [code] = (await once(child, 'exit')) as [number];
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`import worker failed (${code})`);
  const r = JSON.parse(out) as {
    kind: string;
    seconds: number;
    peakMiB: number;
    counts: Record<string, number>;
    status: string;
  };
  console.log(`import of a Zoom meeting participants report on ${r.kind}: ${r.status}`);
  console.log(
    `  rows: ${rows.toLocaleString('en')} (${mb.toFixed(0)} MB) → ${r.counts.attendees?.toLocaleString('en')} attendees`,
  );
  console.log(
    `  time: ${r.seconds.toFixed(1)} s end to end   (${Math.round(rows / r.seconds).toLocaleString('en')} rows/s)`,
  );
  console.log(`  peak RSS of the importing process: ${r.peakMiB.toFixed(0)} MiB`);
}

async function writeReport(file: string, rows: number) {
  const people = Math.max(1, Math.floor(rows / 2));
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n');
  await write(
    `Benchmark Webinar,88812345678,Bench Host (bench.host@example.org),180,"03/04/2025 02:00:00 PM","03/04/2025 05:00:00 PM",${people}\n\n`,
  );
  await write(
    'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest,In waiting room\n',
  );
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // Rows of one person are spread through the file, as rejoins are in real reports.
    const p = (i * 7919) % people;
    const email = p % 10 === 0 ? '' : `person${p}@example.org`;
    const joinMinute = (i * 13) % 120;
    const length = 5 + ((i * 31) % 50);
    const time = (m: number) => {
      const h = 14 + Math.floor(m / 60);
      const hh = h > 12 ? h - 12 : h;
      return `03/04/2025 ${String(hh).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}:00 PM`;
    };
    chunk += `Person ${p},${email},${time(joinMinute)},${time(joinMinute + length)},${length},Yes,No\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
}

async function worker(file: string) {
  const { createReadStream } = await import('node:fs');
  const { openDatabase, migrateToLatest } = await import('../packages/db/src/index.js');
  const { createTestDatabase } = await import('../packages/db/src/testing.js');
  const { importAttendance } = await import('../apps/api/src/import/pipeline.js');
  const { hashFile } = await import('../apps/api/src/import/files.js');

  const database = process.env.DATABASE_URL
    ? await createTestDatabase()
    : await openDatabase({ kind: 'pglite', dataDir: join(process.env.RIPPLE_BENCH_DIR!, 'data') });
  await migrateToLatest(database.db);

  const started = performance.now();
  let last = 0;
  const summary = await importAttendance(database.db, {
    fileName: 'participants.csv',
    source: () => createReadStream(file),
    contentHash: await hashFile(file),
    timeZone: 'UTC',
    onProgress: ({ phase, rows }) => {
      const now = performance.now();
      if (now - last > 2000 || phase === 'writing') {
        last = now;
        console.error(
          `  ${((now - started) / 1000).toFixed(1).padStart(6)} s  ${phase} ${rows.toLocaleString('en')} rows`,
        );
      }
    },
  });
  const seconds = (performance.now() - started) / 1000;
  await database.close();
  process.stdout.write(
    JSON.stringify({
      kind: database.kind,
      status:
        summary.status === 'succeeded' ? 'succeeded' : `${summary.status}: ${summary.message}`,
      seconds,
      peakMiB: process.resourceUsage().maxRSS / 1024,
      counts: summary.counts ?? {},
    }),
  );
}
