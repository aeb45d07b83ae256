// The importing process of bench/import.ts: imports one file with the built code and prints
// { kind, status, seconds, peakMiB, counts } as JSON. Progress goes to stderr.
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '../packages/db/dist/index.js';
import { createTestDatabase } from '../packages/db/dist/testing.js';
import { hashFile } from '../apps/api/dist/import/files.js';
import { importAttendance } from '../apps/api/dist/import/pipeline.js';

const file = process.argv[2];
const database = process.env.DATABASE_URL
  ? await createTestDatabase()
  : await openDatabase({ kind: 'pglite', dataDir: join(process.env.RIPPLE_BENCH_DIR, 'data') });
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
      const seconds = ((now - started) / 1000).toFixed(1).padStart(6);
      console.error(`  ${seconds} s  ${phase} ${rows.toLocaleString('en')} rows`);
    }
  },
});
const seconds = (performance.now() - started) / 1000;
await database.close();
process.stdout.write(
  JSON.stringify({
    kind: database.kind,
    status: summary.status === 'succeeded' ? 'succeeded' : `${summary.status}: ${summary.message}`,
    seconds,
    peakMiB: process.resourceUsage().maxRSS / 1024,
    counts: summary.counts ?? {},
  }),
);
