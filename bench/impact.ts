// Impact endpoints: every /api/impact* GET, unfiltered and with a person filter and a webinar
// filter, timed through the real app (Fastify inject: routing, validation, SQL, serialisation),
// on the default demo (4,800 participants, 63 webinars) and a larger one, on PGlite in memory and
// on PostgreSQL (a fresh database per size, dropped afterwards). Nothing is cached: each request
// runs its SQL.
//   pnpm --filter @ripple/api bench:impact                       (PostgreSQL at DATABASE_URL, else 127.0.0.1/test)
//   … bench:impact -- --runs 7 --sizes 4800x63,20000x250 --skip-pglite --skip-postgres
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
import { managerSession } from './session.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    runs: { type: 'string', default: '7' },
    sizes: { type: 'string', default: '4800x63,20000x250' },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const log = (text: string) => console.error(text);

const ENDPOINTS = [
  '/api/impact',
  '/api/impact/breakdown/topic',
  '/api/impact/breakdown/country',
  '/api/impact/breakdown/webinar',
  '/api/impact/topics-requested',
  '/api/impact/comments?q=informacion',
  '/api/impact/testimonials',
];

async function timeEndpoints(database: RippleDatabase, label: string): Promise<void> {
  const fastify = Fastify({ ...fastifyOptions(), logger: false });
  await fastify.register(app, { database });
  const headers = await managerSession(
    database,
    await fastify.listen({ host: '127.0.0.1', port: 0 }),
  );
  const first = await database.db
    .selectFrom('webinar')
    .select('id')
    .where('status', '=', 'held')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const filters = [
    { name: 'all', query: '' },
    { name: 'sector=government', query: 'sector=government' },
    { name: `webinar=${first.id}`, query: `webinar=${first.id}` },
  ];
  for (const filter of filters) {
    for (const endpoint of ENDPOINTS) {
      const url = filter.query
        ? `${endpoint}${endpoint.includes('?') ? '&' : '?'}${filter.query}`
        : endpoint;
      const times: number[] = [];
      for (let i = 0; i < RUNS + 1; i++) {
        const start = performance.now();
        const res = await fastify.inject({ method: 'GET', url, headers });
        const elapsed = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        if (i > 0) times.push(elapsed); // the first run warms the plan and the page cache
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      console.log(
        `| ${label} | ${filter.name} | \`${endpoint}\` | ${median.toFixed(1)} ms | ${times.at(-1)!.toFixed(1)} ms |`,
      );
    }
  }
  await fastify.close();
}

async function withPostgres(run: (db: RippleDatabase) => Promise<void>): Promise<void> {
  const url = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
  const name = `ripple_bench_impact_${randomBytes(4).toString('hex')}`;
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

console.log('| database | filters | endpoint | median | slowest |');
console.log('| --- | --- | --- | ---: | ---: |');
for (const size of values.sizes.split(',')) {
  const [participants, webinars] = size.split('x').map(Number) as [number, number];
  const fill = async (database: RippleDatabase, kind: string) => {
    await migrateToLatest(database.db);
    const start = performance.now();
    const summary = await generateDemo(database.db, { participants, webinars });
    log(
      `${kind} ${size}: ${summary.participants} participants, ${summary.attendances} attendances, ` +
        `${summary.responses} responses, generated in ${((performance.now() - start) / 1000).toFixed(1)} s`,
    );
    await timeEndpoints(database, `${kind}, ${participants.toLocaleString('en')} people`);
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
}
