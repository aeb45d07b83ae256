// Demo generation at scale: time and peak memory of filling a fresh database.
//   pnpm bench                                  (200,000 participants, 2,000 webinars, PGlite in memory)
//   pnpm --filter @ripple/db bench -- --participants 50000 --webinars 500
//   DATABASE_URL=postgres://… pnpm --filter @ripple/db bench   (a throwaway database on that server)
import { parseArgs } from 'node:util';
import { generateDemo } from '../packages/db/src/demo/index.js';
import { createTestDatabase } from '../packages/db/src/testing.js';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '200000' },
    webinars: { type: 'string', default: '2000' },
  },
});
const participants = Number(values.participants);
const webinars = Number(values.webinars);

const database = await createTestDatabase();
const started = performance.now();
let lastPhase = '';
const summary = await generateDemo(database.db, {
  participants,
  webinars,
  onProgress: ({ phase }) => {
    if (phase !== lastPhase) {
      console.error(
        `  ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s  ${phase}`,
      );
      lastPhase = phase;
    }
  },
});
const seconds = (performance.now() - started) / 1000;
await database.close();

// maxRSS is the peak resident set of this whole process (Node, the driver and, on PGlite, the
// embedded Postgres in WebAssembly), in kilobytes.
const peakMiB = process.resourceUsage().maxRSS / 1024;
console.log(
  `demo generation on ${database.kind}: ${participants.toLocaleString('en')} participants, ${webinars.toLocaleString('en')} webinars`,
);
console.log(`  rows: ${JSON.stringify(summary)}`);
console.log(
  `  time: ${seconds.toFixed(1)} s   (${Math.round(summary.attendances / seconds).toLocaleString('en')} attendance rows/s)`,
);
console.log(`  peak RSS: ${peakMiB.toFixed(0)} MiB`);
