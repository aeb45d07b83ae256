// Import speed: generates a Zoom meeting participants report of ROWS join rows (default
// 1,000,000, from ROWS/2 people who each join twice on average; one in ten without an email) and
// imports it end to end, reading, merging, matching and writing, in a child process whose peak
// memory is its own (bench/import-worker.mjs, on the built code: the script builds first).
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

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
await main(Number(values.rows));

async function main(rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'ripple-bench-import-'));
  const file = join(dir, 'participants.csv');
  const started = performance.now();
  await writeReport(file, rows);
  const mb = statSync(file).size / 1_048_576;
  console.error(
    `generated ${rows.toLocaleString('en')} rows (${mb.toFixed(0)} MB) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  // The worker runs the built code with plain node, as `pnpm start` does (no TypeScript loader).
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL('./import-worker.mjs', import.meta.url)), file],
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
