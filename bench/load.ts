// Load: the dashboard's endpoints from many concurrent clients for a fixed time, alongside a
// steady stream of survey submissions, on the 200,000-participant demo on PostgreSQL, through the
// real HTTP server (Fastify listening on 127.0.0.1). The clients run in a worker thread
// (bench/load-clients.mjs), so they do not share the server's event loop.
//   pnpm --filter @ripple/api bench:load                 (PostgreSQL at DATABASE_URL, else 127.0.0.1/test)
//   … bench:load -- --clients 50 --seconds 60 --submitters 4 --submit-rate 20 --warmup 10 --rebuild
//   … bench:load -- --pages overview,reach,audiences,topics,loyalty   (leave pages out to isolate a cost)
// The database `ripple_load` is generated once (200,000 participants, 2,000 webinars; a few
// minutes) and reused by later runs; --rebuild generates it again. Each run adds invitations and
// responses of its own and deletes them at the end, so runs start from the same data.
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import app, { fastifyOptions } from '../apps/api/dist/app.js';
import { DEFAULT_COMPUTE_CONCURRENCY } from '../apps/api/dist/config.js';
import {
  generateDemo,
  isDatabaseEmpty,
  migrateToLatest,
  DEFAULT_POOL_MAX,
  openDatabase,
  waitForReplica,
} from '../packages/db/dist/index.js';
import { Fastify, pg, sql, type PgClient } from './deps.js';
import { managerSession } from './session.js';
import { dashboardViews, PAGE_NAMES, type LoadPlan, type Tally } from './load-plan.js';

const { values } = parseArgs({
  // pnpm passes the `--` before the script's own options through.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    clients: { type: 'string', default: '50' },
    think: { type: 'string', default: '0' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    submitters: { type: 'string', default: '4' },
    'submit-rate': { type: 'string', default: '20' },
    views: { type: 'string', default: '60' },
    pages: { type: 'string', default: PAGE_NAMES.join(',') },
    seed: { type: 'string', default: '7' },
    'pool-max': { type: 'string' },
    // Cold figures computed at once (RIPPLE_COMPUTE_CONCURRENCY); 1000 is in effect no gate.
    'compute-concurrency': { type: 'string' },
    participants: { type: 'string', default: '200000' },
    webinars: { type: 'string', default: '2000' },
    rebuild: { type: 'boolean', default: false },
    // Start the clients as the server starts listening, while it loads its in-memory snapshots
    // (a restart under load), instead of once GET /api/ready says it is ready (as a load
    // balancer's readiness check would hold traffic back).
    cold: { type: 'boolean', default: false },
    // Another database than the shared ripple_load, e.g. a copy made with
    // `create database ripple_load_mine template ripple_load` to try a migration on.
    database: { type: 'string', default: 'ripple_load' },
  },
});
const CLIENTS = Number(values.clients);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const SUBMITTERS = Number(values.submitters);
const SUBMIT_RATE = Number(values['submit-rate']);
const DATABASE = values.database;
if (!/^[a-z_][a-z0-9_]*$/.test(DATABASE))
  throw new Error(`--database: not a plain name: ${DATABASE}`);
const TOKEN_PREFIX = 'loadbench_';

const log = (text: string) => console.error(text);
const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ');

/** Waits until GET /api/ready answers 200, as a load balancer's readiness check would. */
async function waitUntilReady(base: string): Promise<void> {
  const deadline = performance.now() + 10 * 60_000;
  while ((await fetch(`${base}/api/ready`)).status !== 200) {
    if (performance.now() > deadline) {
      throw new Error(
        'the server was not ready within 10 minutes; --cold starts the clients at once',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function main() {
  const adminUrl = process.env.DATABASE_URL?.trim() || 'postgres://postgres@127.0.0.1:5432/test';
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [DATABASE]))
    .rowCount;
  if (values.rebuild || !exists) {
    await admin.query(`drop database if exists ${DATABASE} with (force)`);
    await admin.query(`create database ${DATABASE}`);
  }
  await admin.end();

  // With DATABASE_READ_URL (a streaming replica of DATABASE_URL's server), the dashboard's reads
  // go there, as in a deployment with a replica.
  const readBase = process.env.DATABASE_READ_URL?.trim();
  const readUrl = readBase ? new URL(readBase) : null;
  if (readUrl) readUrl.pathname = `/${DATABASE}`;
  const database = await openDatabase({
    kind: 'postgres',
    url: url.toString(),
    ...(readUrl && { readUrl: readUrl.toString() }),
    ...(values['pool-max'] && { poolMax: Number(values['pool-max']) }),
  });
  const client = new pg.Client({ connectionString: url.toString() });
  try {
    await migrateToLatest(database.db);
    if (await isDatabaseEmpty(database.db)) {
      log(`generating the demo in ${DATABASE} (reused by later runs; --rebuild to regenerate)…`);
      const started = performance.now();
      const summary = await generateDemo(database.db, {
        participants: Number(values.participants),
        webinars: Number(values.webinars),
      });
      log(`  ${JSON.stringify(summary)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      // What autovacuum does on a live database after a large load.
      await sql`vacuum (analyze)`.execute(database.db);
    }
    if (database.readDb !== database.db) {
      await waitForReplica(database.db, database.readDb, { timeoutMs: 600_000 });
      log(`reads from the replica at ${database.replica?.location}`);
    }
    await client.connect();
    // Leftovers of an interrupted run.
    await deleteBenchSubmissions(client);

    const size = (
      await client.query(
        `select (select count(*) from participant)::int as people, (select count(*) from webinar)::int as webinars,
                (select count(*) from attendance)::int as attendance, (select count(*) from survey_response)::int as responses`,
      )
    ).rows[0] as Record<string, number>;
    log(`${DATABASE}: ${JSON.stringify(size)}`);

    const tokens = await makeInvitations(client);
    const pages = values.pages.split(',');
    const unknown = pages.filter((p) => !PAGE_NAMES.includes(p));
    if (unknown.length > 0) {
      throw new Error(
        `--pages: unknown ${unknown.join(', ')}; the pages are ${PAGE_NAMES.join(', ')}`,
      );
    }
    const views = await dashboardViews(client, Number(values.views), Number(values.seed), pages);

    const fastify = Fastify({ ...fastifyOptions(), logger: false });
    await fastify.register(app, {
      database,
      loadMemoryAtStart: true,
      ...(values['compute-concurrency'] && {
        computeConcurrency: Number(values['compute-concurrency']),
      }),
    });
    const base = await fastify.listen({ host: '127.0.0.1', port: 0 });
    const listening = performance.now();
    // A session per client: the requests of one page view share their session's lookup, and
    // clients signed in as one session would share far more than separate people do.
    const sessions = [];
    for (let i = 0; i < CLIENTS; i++) sessions.push(await managerSession(database, base));
    const submission = await submissionBody(base, tokens[0]!);
    if (!values.cold) {
      await waitUntilReady(base);
      const health = (await (await fetch(`${base}/api/health`)).json()) as { memory?: unknown };
      log(
        `ready ${((performance.now() - listening) / 1000).toFixed(1)} s after the server began listening, in-memory figures ${JSON.stringify(health.memory)}; the clients start now (--cold: at once)`,
      );
    }

    // The server's event loop (this thread): how long a ready callback waited to run.
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    const loadStart = load();
    log(
      `load: ${CLIENTS} dashboard clients for ${WARMUP} s warm-up + ${SECONDS} s, ${SUBMITTERS} submitters at ${SUBMIT_RATE || 'full'} /s; load average ${loadStart}`,
    );
    const plan: LoadPlan = {
      base,
      sessions,
      views,
      clients: CLIENTS,
      think: Number(values.think),
      warmup: WARMUP,
      seconds: SECONDS,
      submitters: SUBMITTERS,
      submitRate: SUBMIT_RATE,
      tokens,
      submission,
      seed: Number(values.seed),
    };
    loopDelay.enable();
    const tally = await new Promise<Tally>((resolve, reject) => {
      const worker = new Worker(new URL('./load-clients.mjs', import.meta.url), {
        workerData: plan,
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    loopDelay.disable();
    const loop = `server event-loop delay: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`;
    const loadEnd = load();
    const health = (await (await fetch(`${base}/api/health`)).json()) as {
      caches: Record<string, { results: number; bytes: number; hits: number; misses: number }>;
    };
    const caches = Object.entries(health.caches)
      .map(
        ([name, c]) =>
          `${name} ${c.results.toLocaleString('en')} results (${(c.bytes / 2 ** 20).toFixed(1)} MiB of JSON), ${c.hits.toLocaleString('en')} hits, ${c.misses.toLocaleString('en')} misses`,
      )
      .join('; ');
    await fastify.close();

    const stored = Number(
      (
        await client.query(
          `select count(*)::int as n from survey_response r join survey_invitation i on i.id = r.invitation_id
           where i.token like '${TOKEN_PREFIX}%'`,
        )
      ).rows[0].n,
    );
    console.log(
      report(tally, {
        loadStart,
        loadEnd,
        stored,
        size,
        views: views.length,
        poolMax: values['pool-max'] ?? String(DEFAULT_POOL_MAX),
        computeConcurrency: values['compute-concurrency'] ?? String(DEFAULT_COMPUTE_CONCURRENCY),
      }),
    );
    console.log(
      `${loop}; server process RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB at the end`,
    );
    console.log(`result caches at the end (warm-up included): ${caches}`);
    await deleteBenchSubmissions(client);
  } finally {
    await client.end().catch(() => {});
    await database.close();
  }
}

/** Invitations to a held webinar's post-webinar survey: more than the run can use. */
async function makeInvitations(client: PgClient): Promise<string[]> {
  const count = SUBMIT_RATE > 0 ? Math.ceil(SUBMIT_RATE * (SECONDS + WARMUP) * 1.5) + 100 : 100_000;
  const tokens = Array.from(
    { length: count },
    () => TOKEN_PREFIX + randomBytes(16).toString('base64url'),
  );
  await client.query(
    `insert into survey_invitation (token, webinar_id, wave, survey_version_id, language, expires_at)
     select t, (select max(id) from webinar where status = 'held'), 'post',
            (select v.id from survey_version v join survey s on s.id = v.survey_id
             where s.kind = 'post' order by v.version desc limit 1),
            'en', now() + interval '30 days'
     from unnest($1::text[]) as t`,
    [tokens],
  );
  await client.query('analyze survey_invitation');
  return tokens;
}

async function deleteBenchSubmissions(client: PgClient): Promise<void> {
  await client.query(
    `delete from survey_response where invitation_id in
       (select id from survey_invitation where token like '${TOKEN_PREFIX}%')`,
  );
  await client.query(`delete from survey_invitation where token like '${TOKEN_PREFIX}%'`);
}

/** A valid post-webinar response, by the form's question ids. */
async function submissionBody(base: string, token: string): Promise<string> {
  const res = await fetch(`${base}/api/responses/${token}`);
  if (!res.ok) throw new Error(`GET the survey form: ${res.status} ${await res.text()}`);
  const form = (await res.json()) as { questions: Array<{ id: number; key: string }> };
  const id = (key: string) => String(form.questions.find((q) => q.key === key)!.id);
  return JSON.stringify({
    answers: {
      [id('satisfaction')]: 4,
      [id('relevance')]: 5,
      [id('recommend')]: 8,
      [id('intended_use')]: ['share_colleagues', 'inform_policy'],
      [id('comments')]: 'Useful examples from peers.',
      [id('consent_quote')]: false,
    },
  });
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}
const ms = (x: number) => (Number.isNaN(x) ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));

function report(
  tally: Tally,
  info: {
    loadStart: string;
    loadEnd: string;
    stored: number;
    size: Record<string, number>;
    views: number;
    poolMax: string;
    computeConcurrency: string;
  },
): string {
  const seconds = tally.measuredSeconds;
  const row = (name: string, latencies: number[], errors: number, hits: number, misses: number) => {
    const s = [...latencies].sort((a, b) => a - b);
    const cached = hits + misses > 0 ? `${((100 * hits) / (hits + misses)).toFixed(0)}%` : '';
    return `| ${name} | ${s.length.toLocaleString('en')} | ${(s.length / seconds).toFixed(1)} | ${ms(quantile(s, 0.5))} | ${ms(quantile(s, 0.95))} | ${ms(quantile(s, 0.99))} | ${ms(s.at(-1) ?? NaN)} | ${errors} | ${cached} |`;
  };
  const names = Object.keys(tally.endpoints).sort();
  const all = names.flatMap((n) => tally.endpoints[n]!.latencies);
  const sum = (pick: (e: Tally['endpoints'][string]) => number) =>
    names.reduce((acc, n) => acc + pick(tally.endpoints[n]!), 0);
  const sub = [...tally.submissions.latencies].sort((a, b) => a - b);
  const overallP99 = quantile(
    [...all].sort((a, b) => a - b),
    0.99,
  );
  const errors = sum((e) => e.errors);
  return [
    `Load on PostgreSQL (${DATABASE}: ${info.size.people!.toLocaleString('en')} participants, ${info.size.webinars!.toLocaleString('en')} webinars, ${info.size.attendance!.toLocaleString('en')} attendance rows, ${info.size.responses!.toLocaleString('en')} survey responses)`,
    `${CLIENTS} dashboard clients (${values.think} ms between page views) on ${values.pages}, ${seconds.toFixed(1)} s measured after ${WARMUP} s of warm-up, begun ${values.cold ? 'as the server began listening (--cold)' : 'once /api/ready said the server was ready'}; ${info.views} page views; pool max ${info.poolMax}; cold figures at once ${info.computeConcurrency}; ${SUBMITTERS} submitters at ${SUBMIT_RATE || 'full speed'}${SUBMIT_RATE ? ' /s' : ''}`,
    `load average (1, 5, 15 min): ${info.loadStart} at the start, ${info.loadEnd} at the end; ${os.cpus().length} CPUs`,
    '',
    '| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | cache hits |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...names.map((n) => {
      const e = tally.endpoints[n]!;
      return row(n, e.latencies, e.errors, e.hits, e.misses);
    }),
    row(
      '**all dashboard endpoints**',
      all,
      errors,
      sum((e) => e.hits),
      sum((e) => e.misses),
    ),
    '',
    // Whether the cached path alone would meet the target, and what the cold one costs. The
    // caches say 'hit' also for a request that joined a computation under way.
    `by cache outcome: ${(
      [
        ['hit', 'cached or joined'],
        ['miss', 'computed for the request'],
        ['uncached', 'endpoints without a cache'],
      ] as const
    )
      .map(([outcome, what]) => {
        const s = [...tally.byCache[outcome]].sort((a, b) => a - b);
        return `${what} ${s.length.toLocaleString('en')} (p50 ${ms(quantile(s, 0.5))} ms, p99 ${ms(quantile(s, 0.99))} ms)`;
      })
      .join('; ')}`,
    `by 10-second slice of the measured time: ${tally.bySlice
      .map((slice, i) => {
        const s = [...(slice ?? [])].sort((a, b) => a - b);
        return `${i * 10}–${i * 10 + 10} s ${s.length.toLocaleString('en')} (p50 ${ms(quantile(s, 0.5))}, p99 ${ms(quantile(s, 0.99))} ms)`;
      })
      .join('; ')}`,
    `misses computed by: ${
      Object.entries(tally.computedBy)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([by, n]) => `${by} ${n.toLocaleString('en')}`)
        .join('; ') || 'none'
    }`,
    `survey submissions: ${sub.length.toLocaleString('en')} (${(sub.length / seconds).toFixed(1)}/s), p50 ${ms(quantile(sub, 0.5))} ms, p95 ${ms(quantile(sub, 0.95))} ms, p99 ${ms(quantile(sub, 0.99))} ms, max ${ms(sub.at(-1) ?? NaN)} ms; errors ${tally.submissions.errors}; stored ${info.stored.toLocaleString('en')} of ${tally.submissions.ok.toLocaleString('en')} 2xx over the whole run (warm-up included)`,
    `errors: ${JSON.stringify(tally.errorSamples)}`,
    `warm-up (not counted above): ${tally.warmupRequests.toLocaleString('en')} dashboard requests, ${tally.warmupErrors} errors`,
    '',
    `target (p99 < 200 ms for the dashboard endpoints, zero errors): ${overallP99 < 200 && errors === 0 && tally.submissions.errors === 0 ? 'met' : 'NOT met'} (p99 ${ms(overallP99)} ms, ${errors + tally.submissions.errors} errors)`,
  ].join('\n');
}

await main();
