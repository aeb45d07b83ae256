// Survey submissions: POST /api/responses/<token> with a distinct token per request, through the
// real HTTP server (Fastify listening on 127.0.0.1), from concurrent clients for a fixed time, on
// PostgreSQL. Then the stored responses are counted against the 2xx answers: they must be equal.
// The clients run in a worker thread (bench/submissions-load.mjs), so they do not share the
// server's event loop.
//   pnpm --filter @ripple/api bench:submissions            (PostgreSQL at DATABASE_URL, else 127.0.0.1/test)
//   … bench:submissions -- --seconds 30 --clients 64
// A bare one-row insert per request is the ceiling to compare with: --bare runs the same load
// against a route that inserts one row and does nothing else.
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { randomBytes } from 'node:crypto';

interface Load {
  base: string;
  seconds: number;
  clients: number;
  tokens: string[];
  body: string;
  path: string;
}
interface Tally {
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  latencies: number[];
}

await main();

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      seconds: { type: 'string', default: '30' },
      clients: { type: 'string', default: '64' },
      bare: { type: 'boolean', default: false },
    },
  });
  const seconds = Number(values.seconds);
  const clients = Number(values.clients);

  const { default: app, fastifyOptions } = await import('../apps/api/dist/app.js');
  const { generateDemo, migrateToLatest, openDatabase } =
    await import('../packages/db/dist/index.js');
  const { Fastify, pg, sql } = await import('./deps.js');

  // A throwaway database with the demo's surveys and one webinar's worth of invitations.
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `ripple_bench_submissions_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  try {
    await migrateToLatest(database.db);
    await generateDemo(database.db, { participants: 100, webinars: 2 });
    // More tokens than the run can use: 6,000 a second at most.
    const count = seconds * 6000;
    const tokens = Array.from({ length: count }, () => randomBytes(16).toString('base64url'));
    for (let i = 0; i < count; i += 20_000) {
      await sql`
        insert into survey_invitation (token, webinar_id, wave, survey_version_id, language, expires_at)
        select t, (select min(id) from webinar), 'post',
               (select v.id from survey_version v join survey s on s.id = v.survey_id
                where s.kind = 'post' order by v.version desc limit 1),
               'en', now() + interval '30 days'
        from unnest(${tokens.slice(i, i + 20_000)}::text[]) as t
      `.execute(database.db);
    }
    await sql`vacuum analyze survey_invitation`.execute(database.db);

    const fastify = Fastify({ ...fastifyOptions(), logger: false });
    await fastify.register(app, { database });
    if (values.bare) {
      // The ceiling: the same request, parsed, answered after one single-row insert.
      await sql`create table bench_bare (token text primary key, body jsonb)`.execute(database.db);
      fastify.post<{ Params: { token: string } }>('/bench/bare/:token', async (request, reply) => {
        await sql`insert into bench_bare values (${request.params.token}, ${JSON.stringify(request.body)})`.execute(
          database.db,
        );
        return reply.status(201).send({ status: 'stored' });
      });
    }
    const base = await fastify.listen({ host: '127.0.0.1', port: 0 });

    const form = (await (await fetch(`${base}/api/responses/${tokens[0]}`)).json()) as {
      questions: Array<{ id: number; key: string }>;
    };
    const id = (key: string) => String(form.questions.find((q) => q.key === key)!.id);
    const body = JSON.stringify({
      answers: {
        [id('satisfaction')]: 4,
        [id('relevance')]: 5,
        [id('recommend')]: 8,
        [id('intended_use')]: ['share_colleagues', 'inform_policy'],
        [id('comments')]: 'Useful examples from peers.',
        [id('consent_quote')]: false,
      },
    });

    console.error(
      `${values.bare ? 'bare one-row insert' : 'submissions'}: ${clients} clients for ${seconds} s…`,
    );
    const started = performance.now();
    const tally = await new Promise<Tally>((resolve, reject) => {
      const worker = new Worker(new URL('./submissions-load.mjs', import.meta.url), {
        workerData: {
          base,
          seconds,
          clients,
          tokens,
          body,
          path: values.bare ? '/bench/bare/:token' : '/api/responses/:token',
        } satisfies Load,
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const elapsed = (performance.now() - started) / 1000;
    await fastify.close();

    const stored = Number(
      (
        await sql<{ n: string }>`
          select count(*) as n from ${sql.table(values.bare ? 'bench_bare' : 'survey_response')}
          ${values.bare ? sql`` : sql`where invitation_id is not null and participant_id is null`}
        `.execute(database.db)
      ).rows[0]!.n,
    );
    const sorted = tally.latencies.sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
    console.log(
      [
        `${values.bare ? 'bare one-row insert' : 'survey submissions'} on PostgreSQL, ${clients} clients, ${elapsed.toFixed(1)} s`,
        `  requests: ${(tally.ok + tally.failed).toLocaleString('en')}, ${((tally.ok + tally.failed) / elapsed).toFixed(0)}/s`,
        `  2xx: ${tally.ok.toLocaleString('en')} (${(tally.ok / elapsed).toFixed(0)}/s); other: ${tally.failed} ${JSON.stringify(tally.statuses)}`,
        `  latency: p50 ${at(0.5).toFixed(1)} ms, p99 ${at(0.99).toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`,
        `  stored rows: ${stored.toLocaleString('en')} — ${stored === tally.ok ? 'equal to' : 'NOT equal to'} the 2xx answers`,
      ].join('\n'),
    );
  } finally {
    await database.close();
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}
