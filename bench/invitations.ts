// Invitations at programme scale: creating a wave for one webinar and for every webinar, and the
// CSV export of one webinar and of the whole programme, on a fresh demo database.
//   cd apps/api && pnpm exec tsx --conditions=source ../../bench/invitations.ts [--participants N] [--webinars N]
//   DATABASE_URL=postgres://… (same) for a throwaway database on that server
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createInvitations, generateDemo } from '../packages/db/src/index.js';
import { createTestDatabase } from '../packages/db/src/testing.js';
import { invitationsCsv } from '../apps/api/src/surveys/csv.js';
import { sql } from './deps.js';

const { values } = parseArgs({
  options: {
    participants: { type: 'string', default: '4800' },
    webinars: { type: 'string', default: '63' },
  },
});
const database = await createTestDatabase();
const db = database.db;
await generateDemo(db, {
  participants: Number(values.participants),
  webinars: Number(values.webinars),
});

const time = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await run();
  console.log(`${what}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
};

async function exportRows(filters: { webinarId?: number }) {
  let bytes = 0;
  let rows = -1; // the header
  await pipeline(
    invitationsCsv(db, filters, 'https://ripple.example.org'),
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        for (const byte of chunk) if (byte === 10) rows += 1;
        done();
      },
    }),
  );
  return { rows, bytes };
}

const { rows: biggest } = await sql<{ id: number; attendees: number }>`
  select webinar_id as id, count(*)::int as attendees from attendance where attended
  group by webinar_id order by attendees desc limit 1`.execute(db);
const top = biggest[0]!;
const webinars = await db.selectFrom('webinar').select('id').where('status', '=', 'held').execute();
console.log(
  `${database.kind}: ${values.participants} participants, ${webinars.length} held webinars; largest has ${top.attendees} attendees`,
);

const one = await time(`follow-up wave, webinar #${top.id}`, () =>
  createInvitations(db, { webinarId: top.id, wave: 'followup' }),
);
console.log(`  ${one.created} created, ${one.existing} existing`);
let created = 0;
await time(`follow-up wave, all ${webinars.length} webinars`, async () => {
  for (const w of webinars)
    created += (await createInvitations(db, { webinarId: w.id, wave: 'followup' })).created;
});
console.log(`  ${created} created`);
await time(`both waves again, all webinars (idempotent, nothing new)`, async () => {
  for (const w of webinars) {
    for (const wave of ['post', 'followup'] as const)
      await createInvitations(db, { webinarId: w.id, wave });
  }
});
const single = await time(`CSV export, webinar #${top.id}`, () =>
  exportRows({ webinarId: top.id }),
);
console.log(`  ${single.rows} rows, ${(single.bytes / 1024).toFixed(0)} KiB`);
const all = await time('CSV export, whole programme', () => exportRows({}));
console.log(`  ${all.rows} rows, ${(all.bytes / 1_048_576).toFixed(1)} MiB`);
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
await database.close();
