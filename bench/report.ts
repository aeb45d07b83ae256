// The impact report: GET /api/report (JSON) and /api/report.pdf (the PDF drawn in memory) for the
// whole demo programme and for one year, timed through the real app (Fastify inject: routing,
// validation, SQL, PDF drawing, serialisation), with the PDF's size, on PGlite in memory and on
// PostgreSQL (a fresh database, dropped afterwards). Nothing is cached: each request runs its SQL.
//   pnpm --filter @ripple/api bench:report                       (PostgreSQL at DATABASE_URL, else 127.0.0.1/test)
//   … bench:report -- --runs 5 --participants 4800 --webinars 63 --skip-postgres
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import app, { fastifyOptions } from '../apps/api/dist/app.js';
import {
  generateDemo,
  migrateToLatest,
  openDatabase,
  type RippleDatabase,
} from '../packages/db/dist/index.js';
import { Fastify, pg } from './deps.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    runs: { type: 'string', default: '5' },
    participants: { type: 'string', default: '4800' },
    webinars: { type: 'string', default: '63' },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const log = (text: string) => console.error(text);

async function timeReport(database: RippleDatabase, label: string): Promise<void> {
  const fastify = Fastify({ ...fastifyOptions(), logger: false });
  await fastify.register(app, { database });
  await fastify.ready();
  const { last } = await database.db
    .selectFrom('webinar')
    .select((eb) => eb.fn.max('starts_at').as('last'))
    .where('status', '=', 'held')
    .executeTakeFirstOrThrow();
  // The last full calendar year of the programme.
  const year = new Date(last as unknown as string).getUTCFullYear() - 1;
  const views = [
    { name: 'whole programme, en', query: 'lang=en' },
    { name: 'whole programme, es', query: 'lang=es' },
    { name: `${year}, en`, query: `from=${year}-01-01&to=${year + 1}-01-01&lang=en` },
  ];
  for (const view of views) {
    for (const path of ['/api/report', '/api/report.pdf']) {
      const url = `${path}?${view.query}`;
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS + 1; i++) {
        const start = performance.now();
        const res = await fastify.inject({ method: 'GET', url });
        const elapsed = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        bytes = res.rawPayload.length;
        if (i > 0) times.push(elapsed); // the first run warms the plans and the fonts
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      console.log(
        `| ${label} | ${view.name} | \`${path}\` | ${median.toFixed(0)} ms | ${times.at(-1)!.toFixed(0)} ms | ${(bytes / 1024).toFixed(1)} KiB |`,
      );
    }
  }
  await fastify.close();
}

async function withPostgres(run: (db: RippleDatabase) => Promise<void>): Promise<void> {
  const url = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `ripple_bench_report_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: target.toString() });
  try {
    await run(database);
  } finally {
    await database.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

const participants = Number(values.participants);
const webinars = Number(values.webinars);
console.log('| database | view | endpoint | median | slowest | size |');
console.log('| --- | --- | --- | ---: | ---: | ---: |');
const fill = async (database: RippleDatabase, kind: string) => {
  await migrateToLatest(database.db);
  const start = performance.now();
  const summary = await generateDemo(database.db, { participants, webinars });
  log(
    `${kind}: ${summary.participants} participants, ${summary.attendances} attendances, ` +
      `${summary.responses} responses, generated in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
  await timeReport(database, `${kind}, ${participants.toLocaleString('en')} people`);
};
if (!values['skip-pglite']) {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    await fill(database, 'PGlite');
  } finally {
    await database.close();
  }
}
if (!values['skip-postgres']) await withPostgres((database) => fill(database, 'PostgreSQL'));
