import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo, migrateToLatest, openDatabase, type DatabaseConfig } from '@ripple/db';
import { createTestDatabaseUrl } from '@ripple/db/testing';
import { serverEnv, startServer } from './server-process.js';

// SIGTERM under load, through the real server process: several keep-alive clients read the
// dashboard's endpoints and submit survey answers (each to a token of its own) without pause;
// mid-run the server gets SIGTERM.
//
// What counts as "not accepted": a connection refused at connect (ECONNREFUSED, the listener is
// closed), or an answer 503 with `Connection: close` (Fastify's answer to a request that reached
// an open connection after the drain; nothing was done, so a client may send it elsewhere).
// Every other request was accepted and must get a whole answer that is not a 5xx: no reset
// socket, no cut-off body. The process exits 0 within 10 s of the signal, and the submissions
// answered 2xx are exactly the responses in the database afterwards.

const READERS = 4;
const WRITERS = 4;
const LOAD_BEFORE_SIGNAL_MS = 3_000;
const ADMIN = { email: 'shutdown-admin@test.example.org', password: 'a long test password 42 %&' };
const READ_PATHS = [
  '/api/overview',
  '/api/breakdown/country',
  '/api/breakdown/sector',
  '/api/loyalty/distribution',
];

const dataRoot = mkdtempSync(join(tmpdir(), 'ripple-shutdown-'));
afterAll(() => rmSync(dataRoot, { recursive: true, force: true }));

type Outcome =
  | { kind: 'answer'; status: number; connection: string | undefined; body: string }
  | { kind: 'error'; code: string; message: string };

interface Sent {
  startedAt: number;
  endedAt: number;
  outcome: Outcome;
  token?: string;
}

function send(
  agent: Agent,
  base: URL,
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: base.hostname, port: base.port, method, path, agent, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        // 'end' only comes for a whole body; a socket cut mid-body is 'aborted'/'error'.
        res.on('end', () =>
          resolve({
            kind: 'answer',
            status: res.statusCode!,
            connection: res.headers.connection,
            body: text,
          }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ kind: 'error', code: error.code ?? 'body', message: error.message }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ kind: 'error', code: error.code ?? 'unknown', message: error.message }),
    );
    req.end(body);
  });
}

const refused = (o: Outcome) =>
  (o.kind === 'error' && o.code === 'ECONNREFUSED') ||
  (o.kind === 'answer' && o.status === 503 && o.connection === 'close');
const completed = (o: Outcome) => o.kind === 'answer' && o.status < 500;

/** A small programme, and `count` open post-webinar invitations with known tokens. */
async function prepare(config: DatabaseConfig, count: number): Promise<string[]> {
  const database = await openDatabase(config);
  try {
    await migrateToLatest(database.db);
    await generateDemo(database.db, { participants: 300, webinars: 6 });
    const tokens = Array.from({ length: count }, () => randomBytes(16).toString('base64url'));
    await sql`
      insert into survey_invitation (token, webinar_id, wave, survey_version_id, language, expires_at)
      select t, (select min(id) from webinar where status = 'held'), 'post',
             (select v.id from survey_version v join survey s on s.id = v.survey_id
              where s.kind = 'post' order by v.version desc limit 1),
             'en', now() + interval '30 days'
      from unnest(${tokens}::text[]) as t
    `.execute(database.db);
    return tokens;
  } finally {
    await database.close();
  }
}

async function storedResponses(config: DatabaseConfig, tokens: string[]): Promise<Set<string>> {
  const database = await openDatabase(config);
  try {
    const rows = await database.db
      .selectFrom('survey_response as r')
      .innerJoin('survey_invitation as i', 'i.id', 'r.invitation_id')
      .select('i.token')
      .where('i.token', 'in', tokens)
      .execute();
    return new Set(rows.map((r) => r.token));
  } finally {
    await database.close();
  }
}

describe('SIGTERM under load', () => {
  it('answers every accepted request in full, refuses the rest cleanly, stores exactly the 2xx submissions and exits 0 within 10 s', async () => {
    const pg = await createTestDatabaseUrl();
    const config: DatabaseConfig = pg
      ? { kind: 'postgres', url: pg.url }
      : { kind: 'pglite', dataDir: join(dataRoot, 'data') };
    try {
      const tokens = await prepare(config, 20_000);
      const server = await startServer(
        serverEnv({
          ...(pg ? { DATABASE_URL: pg.url } : { RIPPLE_DATA_DIR: join(dataRoot, 'data') }),
          RIPPLE_ADMIN_EMAIL: ADMIN.email,
          RIPPLE_ADMIN_PASSWORD: ADMIN.password,
          // Given, so a run on PostgreSQL does not make a development one in .ripple/secret.
          RIPPLE_SECRET: 'a test secret of more than thirty-two bytes, not used elsewhere',
        }),
      );
      const base = new URL(server.url);

      // Sign in, and learn the form's question ids.
      const signIn = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      expect(signIn.status).toBe(200);
      await signIn.text();
      const cookie = signIn.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const form = (await (await fetch(`${server.url}/api/responses/${tokens[0]}`)).json()) as {
        questions: Array<{ id: number; key: string }>;
      };
      const id = (key: string) => String(form.questions.find((q) => q.key === key)!.id);
      const submission = JSON.stringify({
        answers: {
          [id('satisfaction')]: 4,
          [id('relevance')]: 5,
          [id('recommend')]: 9,
          [id('intended_use')]: ['share_colleagues'],
          [id('consent_quote')]: false,
        },
      });

      const sent: Sent[] = [];
      let nextToken = 0;
      let signalAt = Infinity;
      const stopAt = Date.now() + 20_000; // a safety net; clients stop at their first refusal

      async function client(kind: 'read' | 'write', n: number) {
        // One keep-alive connection per client, reused from one request to the next.
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          for (let i = n; Date.now() < stopAt; i++) {
            const startedAt = Date.now();
            let outcome: Outcome;
            let token: string | undefined;
            if (kind === 'read') {
              outcome = await send(agent, base, 'GET', READ_PATHS[i % READ_PATHS.length]!, {
                cookie,
              });
            } else {
              token = tokens[nextToken++]!;
              outcome = await send(
                agent,
                base,
                'POST',
                `/api/responses/${token}`,
                { 'content-type': 'application/json' },
                submission,
              );
            }
            sent.push({ startedAt, endedAt: Date.now(), outcome, token });
            // After a 503 the next request opens a new connection, which must be refused.
            if (outcome.kind === 'error' || (!completed(outcome) && !refused(outcome))) break;
          }
        } finally {
          agent.destroy();
        }
      }

      const clients = [
        ...Array.from({ length: READERS }, (_, n) => client('read', n)),
        ...Array.from({ length: WRITERS }, (_, n) => client('write', n)),
      ];
      await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_SIGNAL_MS));
      signalAt = Date.now();
      server.child.kill('SIGTERM');
      await Promise.all(clients);
      const { code, at: exitedAt } = await server.exited;

      const accepted = sent.filter((s) => !refused(s.outcome));
      const failures = accepted.filter((s) => !completed(s.outcome));
      const inFlightAtSignal = accepted.filter(
        (s) => s.startedAt <= signalAt && s.endedAt > signalAt,
      );
      const writes = sent.filter((s) => s.token !== undefined);
      const answered2xx = writes.filter(
        (s) => s.outcome.kind === 'answer' && s.outcome.status >= 200 && s.outcome.status < 300,
      );
      const stored = await storedResponses(
        config,
        writes.map((s) => s.token!),
      );
      const counts = {
        database: config.kind,
        sent: sent.length,
        accepted: accepted.length,
        completed: accepted.length - failures.length,
        inFlightAtSignal: inFlightAtSignal.length,
        refusedAtConnect: sent.filter((s) => s.outcome.kind === 'error').length,
        refused503: sent.filter((s) => s.outcome.kind === 'answer' && refused(s.outcome)).length,
        failed: failures.length,
        submissions2xx: answered2xx.length,
        written: stored.size,
        exitCode: code,
        exitMsAfterSignal: exitedAt - signalAt,
      };
      console.log(`shutdown under load: ${JSON.stringify(counts)}`);

      expect(failures.map((f) => f.outcome)).toEqual([]);
      // The load really ran, and the signal caught requests in the middle.
      expect(accepted.filter((s) => s.startedAt < signalAt).length).toBeGreaterThan(20);
      expect(answered2xx.length).toBeGreaterThan(5);
      expect(inFlightAtSignal.length).toBeGreaterThan(0);
      // Every client ended on a clean refusal once the server was gone.
      expect(counts.refusedAtConnect + counts.refused503).toBeGreaterThanOrEqual(READERS + WRITERS);
      expect(code).toBe(0);
      expect(counts.exitMsAfterSignal).toBeLessThan(10_000);
      expect(server.output()).toMatch(/Received SIGTERM/);
      // Exactly the submissions answered 2xx are stored: none lost, none from a refused request.
      expect([...stored].sort()).toEqual(answered2xx.map((s) => s.token!).sort());
    } finally {
      await pg?.drop();
    }
  }, 90_000);
});
