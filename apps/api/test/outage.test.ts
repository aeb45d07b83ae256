import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@ripple/db';
import { isDatabaseUnavailable } from '../src/plugins/errors.js';
import { canRunPgCluster, createPgCluster, type PgCluster } from '@ripple/db/testing';
import { serverEnv, startServer, stopServer, type ServerProcess } from './server-process.js';

// PostgreSQL stopped and started again under load, on a throwaway cluster of this test's own
// (never the shared server at DATABASE_URL): while it is away every request gets a 503 with
// Retry-After within 2 s, the server process survives and recovers by itself once the database
// is back, and every survey response that got a 2xx answer is stored, whole.
//
// It runs in the PostgreSQL pass only (DATABASE_URL set): the PGlite pass must not require
// PostgreSQL's server programs (initdb, pg_ctl), which the cluster needs.

const apiDir = fileURLToPath(new URL('..', import.meta.url));
const tsx = join(apiDir, 'node_modules/.bin/tsx');
const ADMIN = { email: 'outage-admin@test.example.org', password: 'an outage test password 9%' };
const ANSWER_WITHIN_MS = 2_000;
const RECOVER_WITHIN_MS = 5_000;
// How long the database stays away in each cycle: longer than the 2 s answer budget, so a
// request that waited for the database to come back would show.
const OUTAGE_MS = 4_000;
const READERS = 4;
const WRITERS = 4;

const skipReason = !process.env.DATABASE_URL
  ? 'it runs in the PostgreSQL pass only (DATABASE_URL unset), so the PGlite pass needs no PostgreSQL programs'
  : !canRunPgCluster()
    ? 'this machine cannot run a throwaway PostgreSQL cluster (no /usr/lib/postgresql/*/bin/initdb, or root without a postgres user)'
    : null;

interface Answer {
  kind: 'read' | 'write' | 'health';
  path: string;
  sentAt: number;
  ms: number;
  /** HTTP status, or 0 when the connection to Ripple itself failed. */
  status: number;
  retryAfter: string | null;
  body: string;
}

function cli(url: string, args: string[]) {
  const result = spawnSync(tsx, ['--conditions=source', 'src/cli.ts', ...args], {
    cwd: apiDir,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`ripple ${args.join(' ')} exited with ${result.status}: ${result.stderr}`);
  }
  return result.stdout;
}

const WEBINAR_TITLE = 'Open contracting under pressure';

/** A Zoom webinar attendee report of a webinar held a week ago, with `people` attendees. */
function zoomReport(people: number): string {
  const held = new Date(Date.now() - 7 * 86_400_000);
  const day = held.toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const lines = [
    'Attendee Report,,,,,,,,,,,,,',
    `Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,Total Users,Max Concurrent Views,Enable Registration,,,,`,
    `${WEBINAR_TITLE},812 0000 0001,"${day} 2:00 PM",90,${people},0,${people},${people},${people},Yes,,,,`,
    'Attendee Details,,,,,,,,,,,,,',
    'Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Organisation type,Country/Region Name',
  ];
  for (let i = 1; i <= people; i++) {
    lines.push(
      `Yes,Person ${i} Outage,Person ${i},Outage,person${i}@outage.example.org,,,approved,"${day} 14:01:00","${day} 15:20:00",79,Yes,Government,Kenya`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('which errors mean the database is away', () => {
  it('takes what node-postgres and PostgreSQL say when the server stops, restarts or is absent', () => {
    const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });
    for (const error of [
      coded('ECONNREFUSED'),
      coded('57P01', 'terminating connection due to administrator command'),
      coded('57P02', 'terminating connection due to immediate shutdown command'),
      coded('57P03', 'the database system is starting up'),
      coded('08006'),
      new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(true);
    }
    for (const error of [
      coded('23505', 'duplicate key value violates unique constraint'),
      coded('42P01', 'relation "nothing" does not exist'),
      new Error('Cannot read properties of undefined'),
      null,
    ]) {
      expect(isDatabaseUnavailable(error), String(error)).toBe(false);
    }
  });
});

if (skipReason) {
  describe.skip(`a database outage under load: skipped because ${skipReason}`, () => {
    it('needs a throwaway PostgreSQL cluster', () => undefined);
  });
}

describe.runIf(skipReason === null)('a database outage under load', () => {
  let cluster: PgCluster;
  let server: ServerProcess & { url: string };
  let base: string;
  let headers: Record<string, string>;
  const tokens: string[] = [];
  let submission: string;
  let answersPerResponse: number;

  beforeAll(async () => {
    cluster = await createPgCluster();
    await cluster.start();
    // A small programme with attendees to invite: the demo, made by the command line.
    cli(cluster.url, ['demo', '--participants', '300', '--webinars', '4', '--seed', '7']);
    // …and last week's webinar, whose attendees the writers answer for: a Zoom attendee report
    // of 4,000 people, imported by the command line.
    const report = join(cluster.dataDir, '..', 'zoom-attendees.csv');
    writeFileSync(report, zoomReport(4_000));
    cli(cluster.url, ['import', '--tz', 'UTC', report]);
    server = await startServer(
      serverEnv({
        DATABASE_URL: cluster.url,
        RIPPLE_ADMIN_EMAIL: ADMIN.email,
        RIPPLE_ADMIN_PASSWORD: ADMIN.password,
        LOG_LEVEL: 'error',
      }),
    );
    base = server.url.replace('localhost', '127.0.0.1');

    const signIn = await fetch(`${base}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers.getSetCookie().map((c) => c.split(';')[0]!);
    const csrf = cookies.find((c) => c.startsWith('ripple_csrf='))!.split('=')[1]!;
    headers = { cookie: cookies.join('; '), 'x-csrf-token': csrf };

    // Its attendees invited to the post-webinar survey, through the API; their links from the CSV.
    const webinars = (await (
      await fetch(`${base}/api/webinars?q=${encodeURIComponent(WEBINAR_TITLE)}`, { headers })
    ).json()) as { items: Array<{ id: number }> };
    expect(webinars.items).toHaveLength(1);
    const webinar = webinars.items[0]!.id;
    const created = await fetch(`${base}/api/webinars/${webinar}/invitations`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ wave: 'post' }),
    });
    expect(created.status).toBe(201);
    const csv = await (
      await fetch(`${base}/api/invitations.csv?wave=post&webinar=${webinar}`, { headers })
    ).text();
    for (const match of csv.matchAll(/\/s\/([A-Za-z0-9_-]{16,128}),.*,open\r?$/gm)) {
      tokens.push(match[1]!);
    }
    expect(tokens).toHaveLength(4_000);

    const form = (await (await fetch(`${base}/api/responses/${tokens[0]}`)).json()) as {
      questions: Array<{ id: number; key: string }>;
    };
    const id = (key: string) => String(form.questions.find((q) => q.key === key)!.id);
    const answers = {
      [id('satisfaction')]: 4,
      [id('relevance')]: 5,
      [id('recommend')]: 8,
      [id('intended_use')]: ['share_colleagues', 'inform_policy'],
      [id('comments')]: 'Useful examples from peers.',
    };
    answersPerResponse = Object.keys(answers).length;
    submission = JSON.stringify({ answers });
  }, 180_000);

  afterAll(async () => {
    if (server?.child.exitCode === null) await stopServer(server);
    await cluster?.destroy();
  });

  it('answers 503 fast while PostgreSQL is away, recovers by itself, and loses no answered write', async () => {
    const answers: Answer[] = [];
    const t0 = performance.now();
    const now = () => performance.now() - t0;

    async function timed(kind: Answer['kind'], path: string, init?: RequestInit) {
      const sentAt = now();
      let status = 0;
      let retryAfter: string | null = null;
      let body: string;
      try {
        const res = await fetch(`${base}${path}`, init);
        status = res.status;
        retryAfter = res.headers.get('retry-after');
        body = await res.text();
      } catch (error) {
        body = String(error);
      }
      const answer = { kind, path, sentAt, ms: now() - sentAt, status, retryAfter, body };
      answers.push(answer);
      return answer;
    }

    let running = true;
    const readPaths = [
      '/api/overview',
      '/api/breakdown/country',
      '/api/loyalty/new-returning',
      '/api/webinars?limit=20',
      `/api/responses/${tokens.at(-1)}`,
    ];
    const readers = Array.from({ length: READERS }, async (_, r) => {
      for (let i = r; running; i++) {
        await timed('read', readPaths[i % readPaths.length]!, { headers });
        await sleep(20);
      }
    });

    // Writers behave as a survey form does: a submission that got a 503 is sent again (the
    // same token) until it gets its answer, so each token is answered 2xx exactly once or more.
    // They retry after 100 ms, not Retry-After's 5 s, to keep the server busy during the outage.
    // Any other answer ends the token's retries; the status checks below report it.
    let nextToken = 0;
    const answered = new Map<string, number>(); // token → the 2xx status it got first
    const failedFirst = new Set<string>(); // tokens whose earlier attempts got a 503
    let writesStopped = false;
    const writers = Array.from({ length: WRITERS }, async () => {
      while (!writesStopped && nextToken < tokens.length) {
        const token = tokens[nextToken++]!;
        for (;;) {
          const answer = await timed('write', `/api/responses/${token}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: submission,
          });
          if (answer.status === 200 || answer.status === 201) {
            answered.set(token, answer.status);
            break;
          }
          if (answer.status !== 503) break;
          failedFirst.add(token);
          await sleep(100);
        }
        await sleep(10);
      }
    });

    async function health() {
      return timed('health', '/api/health');
    }

    const cycles: Array<Record<string, number | string>> = [];
    // When the database is up and the server has recovered: every request then gets a 2xx.
    const steady: Array<{ from: number; to: number }> = [{ from: 0, to: Infinity }];
    await sleep(2_000);
    for (const mode of ['fast', 'immediate'] as const) {
      const stopCalled = now();
      steady.at(-1)!.to = stopCalled;
      await cluster.stop(mode);
      const downFrom = now();
      const duringHealth = await health();
      expect(duringHealth.status, `${duringHealth.body}\n${server.output().slice(-3000)}`).toBe(
        503,
      );
      await sleep(OUTAGE_MS);
      const downUntil = now();
      await cluster.start();
      const upAt = now();
      // Recovery: how long after PostgreSQL accepts connections again until the API answers
      // each kind of request with a 2xx.
      let healthyAt = -1;
      while (now() - upAt < 30_000) {
        if ((await health()).status === 200) {
          healthyAt = now();
          break;
        }
        await sleep(50);
      }
      expect(healthyAt, 'health never returned to 200').toBeGreaterThan(0);
      const firstOk = (kind: Answer['kind']) =>
        answers.find((a) => a.kind === kind && a.sentAt >= upAt && a.status < 300);
      for (let i = 0; i < 100 && (!firstOk('read') || !firstOk('write')); i++) await sleep(50);
      const readOk = firstOk('read');
      const writeOk = firstOk('write');
      expect(readOk && writeOk, 'reads and writes came back').toBeTruthy();

      const during = answers.filter((a) => a.sentAt >= downFrom && a.sentAt < downUntil);
      const transition = answers.filter((a) => a.sentAt >= stopCalled && a.sentAt < downFrom);
      cycles.push({
        mode,
        stopMs: Math.round(downFrom - stopCalled),
        requestsDuringOutage: during.length,
        answered503: during.filter((a) => a.status === 503).length,
        maxAnswerMs: Math.round(Math.max(...during.map((a) => a.ms))),
        requestsWhileStopping: transition.length,
        recoveryHealthMs: Math.round(healthyAt - upAt),
        recoveryReadMs: Math.round(readOk!.sentAt + readOk!.ms - upAt),
        recoveryWriteMs: Math.round(writeOk!.sentAt + writeOk!.ms - upAt),
      });

      expect(during.length).toBeGreaterThan(20);
      // Each kind of request met the outage: the reach cache's figures, the session lookup of
      // signed-in readers (a 503, not a 401), the public survey form and the submissions.
      for (const path of [...readPaths, '/api/health']) {
        expect(during.filter((a) => a.path === path).length, path).toBeGreaterThan(0);
      }
      expect(during.filter((a) => a.kind === 'write').length).toBeGreaterThan(0);
      for (const a of during) {
        expect({ path: a.path, status: a.status, body: a.body }).toMatchObject({ status: 503 });
        expect(a.ms, `${a.path} took ${a.ms} ms`).toBeLessThan(ANSWER_WITHIN_MS);
        expect(a.retryAfter, `${a.path} has Retry-After`).toMatch(/^\d+$/);
        if (a.kind !== 'health') {
          expect(JSON.parse(a.body)).toMatchObject({
            statusCode: 503,
            error: 'Service Unavailable',
            message: expect.stringMatching(/database is unavailable.*try again/i),
          });
        }
      }
      expect(healthyAt - upAt).toBeLessThan(RECOVER_WITHIN_MS);
      expect(readOk!.sentAt + readOk!.ms - upAt).toBeLessThan(RECOVER_WITHIN_MS);
      expect(writeOk!.sentAt + writeOk!.ms - upAt).toBeLessThan(RECOVER_WITHIN_MS);
      steady.push({ from: now(), to: Infinity });
      await sleep(2_000);
    }

    running = false;
    writesStopped = true;
    await Promise.all([...readers, ...writers]);

    // Nothing but a 2xx or a 503, at any moment, on any request: no 500, no 401 for a session
    // that could not be looked up, no dropped connection from a crashed process.
    const statuses: Record<string, number> = {};
    for (const a of answers)
      statuses[`${a.kind} ${a.status}`] = (statuses[`${a.kind} ${a.status}`] ?? 0) + 1;
    const inSteadyState = answers.filter((a) =>
      steady.some((w) => a.sentAt >= w.from && a.sentAt < w.to),
    );
    expect(inSteadyState.length).toBeGreaterThan(100);
    expect(
      inSteadyState.filter((a) => a.status >= 300).map((a) => `${a.path} ${a.status} ${a.body}`),
    ).toEqual([]);
    const unexpected = answers.filter(
      (a) => !(a.status >= 200 && a.status < 300) && a.status !== 503,
    );
    expect(unexpected.map((a) => `${a.path} ${a.status} ${a.body.slice(0, 200)}`)).toEqual([]);
    expect(answers.filter((a) => a.status === 503 && a.ms >= ANSWER_WITHIN_MS)).toEqual([]);
    const slowest503 = Math.max(...answers.filter((a) => a.status === 503).map((a) => a.ms));
    expect(server.child.exitCode).toBeNull();

    // Every token that got a 2xx has its response stored, and nothing else is stored: the
    // submissions whose first answer was a 503 and that were stored anyway (the commit happened,
    // the answer was lost with the connection) were answered 200 "repeat" on the retry.
    const database = await openDatabase({ kind: 'postgres', url: cluster.url, poolMax: 1 });
    try {
      const sent = tokens.slice(0, nextToken);
      const { rows } = await sql<{ token: string; answers: number }>`
        select i.token, (select count(*)::int from survey_answer a where a.response_id = r.id) as answers
        from survey_response r join survey_invitation i on i.id = r.invitation_id
        where i.token = any(${sent}::text[])
      `.execute(database.db);
      const stored = new Set(rows.map((r) => r.token));
      const counts = {
        submissions: answered.size,
        created201: [...answered.values()].filter((s) => s === 201).length,
        repeat200AfterA503: [...answered].filter(([t, s]) => s === 200 && failedFirst.has(t))
          .length,
        storedRows: rows.length,
        wholeRows: rows.filter((r) => r.answers === answersPerResponse).length,
      };
      console.log(
        [
          `database outage under load: ${READERS} readers, ${WRITERS} writers, ${answers.length} requests`,
          ...cycles.map((c) => `  ${JSON.stringify(c)}`),
          `  answers: ${JSON.stringify(statuses)}; slowest 503: ${Math.round(slowest503)} ms; ` +
            `sent while up and recovered: ${inSteadyState.length}, all 2xx`,
          `  writes: ${JSON.stringify(counts)}`,
        ].join('\n'),
      );
      expect([...answered.keys()].filter((t) => !stored.has(t))).toEqual([]);
      expect([...stored].filter((t) => !answered.has(t))).toEqual([]);
      expect(rows.length).toBe(answered.size);
      expect(counts.wholeRows).toBe(rows.length);
    } finally {
      await database.close();
    }
    expect(server.output()).not.toMatch(/unhandled|uncaught/i);
  }, 180_000);
});
