// Reach endpoints: every dashboard endpoint × the filters of a typical session and a few others,
// timed warm (answered from the cache) and cold (the first request after a write), through the
// real HTTP server (Fastify listening on 127.0.0.1, requests with fetch), each beside the plain SQL
// of the same figure run straight on the database with pg.
//   pnpm --filter @ripple/api bench:reach                 (PostgreSQL at DATABASE_URL, else 127.0.0.1/test)
//   … bench:reach -- --warm 20 --cold 5 --sql-runs 3 --skip-pglite --skip-postgres --fresh
//   … bench:reach -- --only loyalty/cohorts,loyalty/distribution
// The PostgreSQL database `ripple_bench_reach` is generated once (200,000 participants, 2,000
// webinars, about 2,000,000 attendance rows; several minutes) and reused by later runs; --fresh
// regenerates it. Then the default demo (the real programme's size) on PGlite in memory.
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import app, { fastifyOptions } from '../apps/api/dist/app.js';
import {
  generateDemo,
  isDatabaseEmpty,
  migrateToLatest,
  openDatabase,
  type RippleDatabase,
} from '../packages/db/dist/index.js';

import { Fastify, pg, sql, type PgClient } from './deps.js';
import { managerSession, type SessionHeaders } from './session.js';

const { values } = parseArgs({
  // pnpm passes the `--` before the script's own options through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    warm: { type: 'string', default: '20' },
    cold: { type: 'string', default: '5' },
    'sql-runs': { type: 'string', default: '3' },
    only: { type: 'string' },
    participants: { type: 'string', default: '200000' },
    webinars: { type: 'string', default: '2000' },
    'attendance-scale': { type: 'string', default: '3.7' },
    fresh: { type: 'boolean', default: false },
    'skip-pglite': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
  },
});
const WARM = Number(values.warm);
const COLD = Number(values.cold);
const SQL_RUNS = Number(values['sql-runs']);
const DATABASE = 'ripple_bench_reach';

const log = (text: string) => console.error(text);

interface FilterSet {
  name: string;
  typical: boolean;
  query: Record<string, string | string[]>;
}

interface Endpoint {
  name: string;
  path: string;
  extra?: Record<string, string>;
  /** The plain SQL of the endpoint's figure, given the WHERE conditions of the filters. */
  sql: (where: string, f: FilterSet['query']) => string;
}

/** The same filters as SQL conditions, written out by hand the way one would in psql. */
function whereOf(q: FilterSet['query']): string {
  const tz = (q.tz as string | undefined) ?? 'UTC';
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());
  const quoted = (v: string | string[] | undefined) =>
    list(v)
      .map((x) => `'${x.replace(/'/g, "''")}'`)
      .join(',');
  const c = [`w.status = 'held'`];
  if (q.from) c.push(`w.starts_at >= ('${String(q.from)}'::timestamp at time zone '${tz}')`);
  if (q.to) c.push(`w.starts_at < ('${String(q.to)}'::timestamp at time zone '${tz}')`);
  if (q.topic) {
    c.push(
      `w.id in (select webinar_id from webinar_topic where topic_id in (${list(q.topic).join(',')}))`,
    );
  }
  if (q.series) c.push(`w.series_id in (${list(q.series).join(',')})`);
  if (q.language) c.push(`w.language in (${quoted(q.language)})`);
  if (q.country) c.push(`p.country in (${quoted(q.country)})`);
  if (q.sector) c.push(`p.sector in (${quoted(q.sector)})`);
  if (q.region) c.push(`cc.region in (${quoted(q.region)})`);
  if (q.incomeGroup) c.push(`cc.income_group in (${quoted(q.incomeGroup)})`);
  return c.join(' and ');
}

const FROM = `attendance a join webinar w on w.id = a.webinar_id join participant p on p.id = a.participant_id
  left join country_classification cc on cc.iso2 = p.country`;
const measures = (
  key: string,
) => `select ${key} as key, count(distinct a.participant_id) filter (where a.attended) as participants,
  count(*) filter (where a.attended) as attendances, count(*) filter (where a.registered) as registrations,
  sum(a.minutes) filter (where a.attended) as minutes`;
const tzOf = (q: FilterSet['query']) => (q.tz as string | undefined) ?? 'UTC';

const ENDPOINTS: Endpoint[] = [
  {
    name: 'overview',
    path: '/api/overview',
    sql: (where) =>
      `${measures('null')}, count(distinct p.country) filter (where a.attended) from ${FROM} where ${where}`,
  },
  {
    name: 'overview compare=year',
    path: '/api/overview',
    extra: { compare: 'year' },
    sql: (where) =>
      `${measures('null')}, count(distinct p.country) filter (where a.attended) from ${FROM} where ${where}`,
  },
  {
    name: 'breakdown/country',
    path: '/api/breakdown/country',
    sql: (where) => `${measures('p.country')} from ${FROM} where ${where} group by 1`,
  },
  {
    name: 'breakdown/sector',
    path: '/api/breakdown/sector',
    sql: (where) => `${measures('p.sector')} from ${FROM} where ${where} group by 1`,
  },
  {
    name: 'breakdown/topic',
    path: '/api/breakdown/topic',
    sql: (where) =>
      `${measures('wt.topic_id')} from ${FROM} join webinar_topic wt on wt.webinar_id = w.id where ${where} group by 1`,
  },
  {
    name: 'breakdown/month',
    path: '/api/breakdown/month',
    sql: (where, q) =>
      `${measures(`date_trunc('month', w.starts_at at time zone '${tzOf(q)}')`)} from ${FROM} where ${where} group by 1`,
  },
  {
    name: 'crosstab sector×topic',
    path: '/api/crosstab',
    extra: { rows: 'sector', columns: 'topic' },
    sql: (where) =>
      `${measures('p.sector')}, wt.topic_id from ${FROM} join webinar_topic wt on wt.webinar_id = w.id where ${where} group by 1, wt.topic_id`,
  },
  {
    name: 'reach/cumulative',
    path: '/api/reach/cumulative',
    sql: (where, q) =>
      `select period, count(*) from (select a.participant_id, date_trunc('month', min(w.starts_at) at time zone '${tzOf(q)}') as period
        from ${FROM} where ${where} and a.attended group by 1) f group by 1`,
  },
  {
    name: 'loyalty/new-returning',
    path: '/api/loyalty/new-returning',
    sql: (where) =>
      `with fe as (select a.participant_id, min(w.starts_at) as first_at from attendance a join webinar w on w.id = a.webinar_id
         where a.attended and w.status = 'held' group by 1)
       select w.id, count(*), count(*) filter (where fe.first_at = w.starts_at) from ${FROM}
       join fe on fe.participant_id = a.participant_id where ${where} and a.attended group by w.id`,
  },
  {
    name: 'loyalty/cohorts',
    path: '/api/loyalty/cohorts',
    sql: (where, q) =>
      `with fe as (select a.participant_id, min(w.starts_at) as first_at from attendance a join webinar w on w.id = a.webinar_id
         where a.attended and w.status = 'held' group by 1),
       seen as (select distinct a.participant_id, date_trunc('quarter', w.starts_at at time zone '${tzOf(q)}') as quarter
         from ${FROM} where ${where} and a.attended)
       select date_trunc('quarter', fe.first_at at time zone '${tzOf(q)}'), s.quarter, count(*)
       from seen s join fe using (participant_id) group by 1, 2`,
  },
  {
    name: 'loyalty/distribution',
    path: '/api/loyalty/distribution',
    sql: (where) =>
      `select n, count(*) from (select a.participant_id, count(*) as n from ${FROM}
        where ${where} and a.attended group by 1) x group by 1`,
  },
];

async function filterSets(client: PgClient): Promise<FilterSet[]> {
  // The busiest topic, country and sector, and a region and income group with people in them.
  const one = async (text: string) => String((await client.query(text)).rows[0]?.v);
  const topic = await one(
    'select topic_id as v from webinar_topic group by 1 order by count(*) desc, 1 limit 1',
  );
  const country = await one(
    'select country as v from participant where country is not null group by 1 order by count(*) desc, 1 limit 1',
  );
  const year = await one(
    `select extract(year from starts_at)::int as v from webinar where status = 'held' group by 1 order by count(*) desc, 1 limit 1`,
  );
  const region = await one(
    `select cc.region as v from participant p join country_classification cc on cc.iso2 = p.country
     group by 1 order by count(*) desc, 1 limit 1`,
  );
  const y = Number(year);
  const yearRange = { from: `${y}-01-01`, to: `${y + 1}-01-01` };
  return [
    { name: 'none', typical: true, query: {} },
    { name: `topic ${topic}`, typical: true, query: { topic } },
    { name: `year ${y}`, typical: true, query: yearRange },
    { name: `country ${country}`, typical: true, query: { country } },
    { name: 'sector government', typical: true, query: { sector: 'government' } },
    { name: `topic ${topic} + year ${y}`, typical: true, query: { topic, ...yearRange } },
    {
      name: `region + income group + language`,
      typical: false,
      query: {
        region,
        incomeGroup: ['Upper middle income', 'Lower middle income'],
        language: 'es',
      },
    },
    {
      name: '3 months in America/Los_Angeles',
      typical: false,
      query: { from: `${y}-03-01`, to: `${y}-06-01`, tz: 'America/Los_Angeles' },
    },
    {
      name: 'sector + country + language',
      typical: false,
      query: { sector: ['government', 'civil_society'], country, language: 'en' },
    },
  ];
}

function queryString(q: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const x of [v].flat()) params.append(k, x);
  const text = params.toString();
  return text ? `?${text}` : '';
}

const median = (xs: number[]) => quantile(xs, 0.5);
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (i - lo);
}
const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

interface Row {
  endpoint: string;
  filters: string;
  typical: boolean;
  warmMedian: number;
  warmP95: number;
  coldMedian: number;
  coldP95: number;
  sqlMedian: number | null;
}

let headers: SessionHeaders | undefined;

async function time(url: string): Promise<{ ms: number; cache: string }> {
  const started = performance.now();
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(600_000) });
  await res.arrayBuffer();
  const elapsed = performance.now() - started;
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return { ms: elapsed, cache: res.headers.get('x-reach-cache') ?? '?' };
}

async function runSuite(
  database: RippleDatabase,
  sqlClient: PgClient | null,
  sets: FilterSet[],
): Promise<Row[]> {
  const fastify: FastifyInstance = Fastify({ ...fastifyOptions(), logger: false });
  await fastify.register(app, { database });
  const base = await fastify.listen({ host: '127.0.0.1', port: 0 });
  headers = await managerSession(database, base);
  const write = async () => {
    // A real write that changes no figure: any statement on webinar bumps the reach version.
    await database.db
      .updateTable('webinar')
      .set((eb) => ({ title: eb.ref('title') }))
      .where('id', '=', (eb) => eb.selectFrom('webinar').select((e) => e.fn.min('id')))
      .execute();
  };
  const rows: Row[] = [];
  try {
    const only = values.only?.split(',');
    for (const endpoint of ENDPOINTS.filter((e) => !only || only.includes(e.name))) {
      for (const set of sets) {
        const url = `${base}${endpoint.path}${queryString({ ...set.query, ...endpoint.extra })}`;
        const cold: number[] = [];
        for (let i = 0; i < COLD; i++) {
          await write();
          const r = await time(url);
          if (r.cache !== 'miss')
            throw new Error(`${url}: expected a miss after a write, got ${r.cache}`);
          cold.push(r.ms);
        }
        const warm: number[] = [];
        for (let i = 0; i < WARM; i++) {
          const r = await time(url);
          if (r.cache !== 'hit') throw new Error(`${url}: expected a hit, got ${r.cache}`);
          warm.push(r.ms);
        }
        let sqlMedian: number | null = null;
        if (sqlClient) {
          const text = endpoint.sql(whereOf(set.query), set.query);
          const runs: number[] = [];
          for (let i = 0; i < SQL_RUNS; i++) {
            const started = performance.now();
            await sqlClient.query(text);
            runs.push(performance.now() - started);
          }
          sqlMedian = median(runs);
        }
        const row: Row = {
          endpoint: endpoint.name,
          filters: set.name,
          typical: set.typical,
          warmMedian: median(warm),
          warmP95: quantile(warm, 0.95),
          coldMedian: median(cold),
          coldP95: quantile(cold, 0.95),
          sqlMedian,
        };
        rows.push(row);
        log(
          `  ${row.endpoint.padEnd(24)} ${row.filters.padEnd(36)} warm ${ms(row.warmMedian)}/${ms(row.warmP95)} ms  cold ${ms(row.coldMedian)}/${ms(row.coldP95)} ms` +
            (sqlMedian === null ? '' : `  sql ${ms(sqlMedian)} ms`),
        );
      }
    }
  } finally {
    await fastify.close();
  }
  return rows;
}

function table(title: string, rows: Row[], withSql: boolean): string {
  const head = withSql
    ? '| endpoint | filters | warm median | warm p95 | cold median | cold p95 | plain SQL median | cold ÷ SQL |\n|---|---|---:|---:|---:|---:|---:|---:|'
    : '| endpoint | filters | warm median | warm p95 | cold median | cold p95 |\n|---|---|---:|---:|---:|---:|';
  const lines = rows.map((r) => {
    const cells = [
      r.endpoint,
      r.filters + (r.typical ? '' : ' *'),
      ms(r.warmMedian),
      ms(r.warmP95),
      ms(r.coldMedian),
      ms(r.coldP95),
    ];
    if (withSql) {
      cells.push(r.sqlMedian === null ? '' : ms(r.sqlMedian));
      cells.push(r.sqlMedian ? `${(r.coldMedian / r.sqlMedian).toFixed(2)}×` : '');
    }
    return `| ${cells.join(' | ')} |`;
  });
  const worst = (pick: (r: Row) => number, typical: boolean | null) =>
    Math.max(...rows.filter((r) => typical === null || r.typical === typical).map(pick));
  return [
    `### ${title}`,
    '',
    head,
    ...lines,
    '',
    `Times in ms. * marks "other combinations". Worst warm p95: ${ms(worst((r) => r.warmP95, true))} ms (no filter and typical), ` +
      `${ms(worst((r) => r.warmP95, false))} ms (other); worst cold p95: ${ms(worst((r) => r.coldP95, null))} ms.`,
    '',
  ].join('\n');
}

async function postgresSuite(): Promise<string> {
  const adminUrl = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [DATABASE]))
    .rowCount;
  if (values.fresh || !exists) {
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.query(`create database ${DATABASE}`);
  }
  await admin.end();

  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await migrateToLatest(database.db);
  if (await isDatabaseEmpty(database.db)) {
    log(`generating the demo in ${DATABASE} (reused by later runs)…`);
    const started = performance.now();
    let last = 0;
    const summary = await generateDemo(database.db, {
      participants: Number(values.participants),
      webinars: Number(values.webinars),
      attendanceScale: Number(values['attendance-scale']),
      onProgress: ({ phase, done, total }) => {
        const now = performance.now();
        if (now - last > 5000) {
          last = now;
          log(`  ${((now - started) / 1000).toFixed(0).padStart(5)} s  ${phase} ${done}/${total}`);
        }
      },
    });
    log(
      `  generated ${JSON.stringify(summary)} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
    );
    // What autovacuum does on a live database after a large load: statistics, and the visibility
    // map that lets the attendance indexes answer without reading the table.
    await sql`vacuum (analyze)`.execute(database.db);
  }
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const size = (
    await client.query(
      `select (select count(*) from attendance)::int as rows, (select count(*) from participant)::int as people,
            (select count(*) from webinar)::int as webinars`,
    )
  ).rows[0] as { rows: number; people: number; webinars: number };
  const sets = await filterSets(client);
  log(
    `PostgreSQL: ${size.rows} attendance rows, ${size.people} participants, ${size.webinars} webinars`,
  );
  const rows = await runSuite(database, client, sets);
  await client.end();
  await database.close();
  return table(
    `PostgreSQL 15, ${size.rows.toLocaleString('en')} attendance rows, ${size.people.toLocaleString('en')} participants, ${size.webinars.toLocaleString('en')} webinars`,
    rows,
    true,
  );
}

async function pgliteSuite(): Promise<string> {
  const database = await openDatabase({ kind: 'pglite', dataDir: null });
  await migrateToLatest(database.db);
  const summary = await generateDemo(database.db);
  log(`PGlite: default demo ${JSON.stringify(summary)}`);
  // The same filter choices, read through the app's database rather than a second client.
  const client = {
    query: async (text: string) => ({ rows: (await sql.raw(text).execute(database.db)).rows }),
  } as unknown as PgClient;
  const sets = await filterSets(client);
  const rows = await runSuite(database, null, sets);
  await database.close();
  return table(
    `PGlite (in memory, sharing the server's event loop), default demo: ${summary.registrations.toLocaleString('en')} attendance rows, ${summary.participants.toLocaleString('en')} participants, ${summary.webinars} webinars`,
    rows,
    false,
  );
}

const out: string[] = [
  `Warm: ${WARM} requests after one that fills the cache; cold: ${COLD} first requests, each after a write that bumps the reach version. Through the real HTTP server (fetch to Fastify on 127.0.0.1). Plain SQL: the same figure written by hand, run with pg (median of ${SQL_RUNS}).`,
  '',
];
if (!values['skip-postgres']) out.push(await postgresSuite());
if (!values['skip-pglite']) out.push(await pgliteSuite());
console.log(out.join('\n'));
