// Past-feedback import speed: generates a Google Forms export of ROWS responses (default 10,000)
// to the post-webinar survey — timestamp, email (half of them known participants), ratings, a
// recommend score, checkbox answers joined with ", " (labels with commas, some "other" text),
// comments and consent — and imports it end to end with the built code: read, convert every
// row, store in one transaction. Then imports it again (nothing new is stored).
//   pnpm --filter @ripple/api bench:feedback                              (PGlite, in memory)
//   DATABASE_URL=postgres://… pnpm --filter @ripple/api bench:feedback    (a throwaway database)
//   … bench:feedback -- --rows 50000
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateDemo } from '../packages/db/dist/index.js';
import { createTestDatabase } from '../packages/db/dist/testing.js';
import { importFeedback, previewFeedback } from '../apps/api/dist/feedback/service.js';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '10000' } } });
const rows = Number(values.rows);

const USES = [
  'Brief my leadership or minister',
  'Inform a policy, law or action plan',
  'Share it with colleagues',
  'Design or improve a programme or service',
  'Follow up with a peer met in the webinar',
  'Train others',
];

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

function generate(path: string, emails: string[]) {
  const lines = [
    [
      'Timestamp',
      'Email address',
      'Overall, how satisfied are you with this webinar?',
      'How relevant was the webinar to your work?',
      'How likely are you to recommend these webinars to a colleague?',
      'How do you plan to use what you learned?',
      'Any comments on the webinar?',
      'May we quote your answers, with your first name, initial and country?',
    ]
      .map(quote)
      .join(','),
  ];
  const start = Date.UTC(2025, 2, 22, 19, 0, 0);
  for (let i = 0; i < rows; i += 1) {
    const t = new Date(start + i * 37_000);
    const stamp = `${t.getUTCMonth() + 1}/${t.getUTCDate()}/${t.getUTCFullYear()} ${t.getUTCHours()}:${String(t.getUTCMinutes()).padStart(2, '0')}:${String(t.getUTCSeconds()).padStart(2, '0')}`;
    const email =
      i % 2 === 0 && emails.length > 0 ? emails[i % emails.length]! : `r${i}@example.net`;
    const uses = [USES[i % USES.length]!, USES[(i * 7 + 3) % USES.length]!];
    if (i % 10 === 0) uses.push('Write a blog post');
    lines.push(
      [
        stamp,
        email,
        i % 5 === 0 ? '5 - Very satisfied' : String(1 + (i % 5)),
        String(1 + ((i * 3) % 5)),
        String(i % 11),
        quote([...new Set(uses)].join(', ')),
        i % 3 === 0 ? quote(`Useful session, thanks (${i}).`) : '',
        i % 4 === 0 ? 'Yes' : 'No',
      ].join(','),
    );
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

const dir = mkdtempSync(join(tmpdir(), 'ripple-bench-feedback-'));
const database = await createTestDatabase();
try {
  await generateDemo(database.db, { participants: 2000, webinars: 5 });
  const known = await database.db
    .selectFrom('participant')
    .select('email')
    .where('email', 'is not', null)
    .limit(5000)
    .execute();
  const webinar = await database.db
    .selectFrom('webinar')
    .select('id')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const file = join(dir, 'google-forms.csv');
  generate(
    file,
    known.map((p) => p.email!),
  );
  const mb = statSync(file).size / 1_048_576;
  const source = () => createReadStream(file);

  const previewStarted = performance.now();
  const preview = await previewFeedback(database.db, source, 'google-forms.csv', {
    webinarId: webinar.id,
    wave: 'post',
  });
  const previewSeconds = (performance.now() - previewStarted) / 1000;

  const request = {
    webinarId: webinar.id,
    wave: 'post' as const,
    columns: preview.mapping,
    timeZone: 'UTC',
  };
  const started = performance.now();
  const result = await importFeedback(database.db, source, 'google-forms.csv', request);
  const seconds = (performance.now() - started) / 1000;
  const againStarted = performance.now();
  const again = await importFeedback(database.db, source, 'google-forms.csv', request);
  const againSeconds = (performance.now() - againStarted) / 1000;

  console.log(`past-feedback import of a Google Forms export on ${database.kind}`);
  console.log(
    `  file: ${rows.toLocaleString('en')} rows (${mb.toFixed(1)} MB), ${Object.keys(preview.mapping).length} columns mapped`,
  );
  console.log(`  preview: ${previewSeconds.toFixed(2)} s`);
  console.log(
    `  import: ${seconds.toFixed(2)} s (${Math.round(rows / seconds).toLocaleString('en')} rows/s): ` +
      `${result.stored} stored, ${result.linked} linked to participants`,
  );
  console.log(
    `  again:  ${againSeconds.toFixed(2)} s (${Math.round(rows / againSeconds).toLocaleString('en')} rows/s): ` +
      `${again.stored} stored, ${again.alreadyImported} already imported`,
  );
  console.log(`  peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
}
