import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAllowed, type Viewer } from '../src/auth/access.js';
import { buildTestApp, TEST_PASSWORD, type TestApp } from './helpers.js';
import { makePeople, type PeopleFixture } from './people-fixture.js';
import { stepsOf, type PathValues, type QueryValues, type WalkStep } from './route-walk.js';

// A funder never receives a participant's name, email or organisation, nor any free text a
// participant wrote except an approved testimonial, whatever the route. On a database holding
// people with distinctive values (people-fixture.ts), every route the route table allows a funder
// is called as a funder, with each value of every enumerated parameter and real ids in the
// others, and every raw body is searched for each of those values. A refusal (403) passes. The
// same scan finds them as a manager on /api/participants, so it can fail.

let t: TestApp;
let f: PeopleFixture;
let paths: PathValues;
const queries: QueryValues = {};

const FUNDER: Viewer = {
  kind: 'user',
  userId: 0,
  role: 'funder',
  email: '',
  name: '',
  sessionId: '',
  csrfToken: '',
};

beforeAll(async () => {
  t = await buildTestApp({ as: 'funder' });
  const db = t.database.db;
  f = await makePeople(db);

  // A personal link not yet answered, to open the form as the route table allows anyone to. The
  // token is the respondent's own credential, so whoever holds it is taken for them.
  const token = randomBytes(18).toString('base64url');
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    values (${token}, ${f.webinars.june}, ${f.people.joseToo}, 'post',
            (select max(v.id) from survey_version v join survey s on s.id = v.survey_id
             where s.kind = 'post'),
            'en', now() + interval '30 days')
  `.execute(db);

  paths = {
    '/api/responses/:token token': token,
    '/api/docs/static/* *': 'index.html',
  };
});
afterAll(async () => {
  await t?.close();
});

/** The strings no funder may receive, as they may appear in a body (raw or JSON-escaped). */
function forbidden(): string[] {
  const values = [...f.personal, ...f.privateComments];
  return [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))];
}

/** Which forbidden values a body holds, compared without regard to case. */
function leaks(body: string): string[] {
  const lower = body.toLowerCase();
  return forbidden().filter((v) => lower.includes(v.toLowerCase()));
}

/** Every route the route table lets a funder call, in the order walked: sign-out last. */
function funderRoutes() {
  return t.routes
    .filter((r) => r.url.startsWith('/api') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    .filter((r) => r.access !== undefined && isAllowed(r.access, FUNDER))
    .sort((a, b) => Number(a.url === '/api/session') - Number(b.url === '/api/session'));
}

describe('what a funder receives', () => {
  it('the fixture gives the scan something to find: as a manager, /api/participants has it all', async () => {
    const manager = await t.sessionOf('manager');
    const found = new Set<string>();
    for (const url of ['/api/participants?limit=200', `/api/participants/${f.people.jose}`]) {
      const res = await t.anonymous({ method: 'GET', url, headers: manager });
      expect(res.statusCode, url).toBe(200);
      for (const leak of leaks(res.body)) found.add(leak);
    }
    for (const id of [f.people.literal, f.people.joseToo]) {
      const res = await t.anonymous({
        method: 'GET',
        url: `/api/participants/${id}`,
        headers: manager,
      });
      for (const leak of leaks(res.body)) found.add(leak);
    }
    // Every name, email and organisation, and each private text of the people whose records
    // were opened.
    expect([...found].sort()).toEqual(
      expect.arrayContaining([...f.personal, ...f.privateComments].sort()),
    );
  });

  it('holds no name, email, organisation or private comment, on any route a funder may call', async () => {
    const routes = funderRoutes();
    // The aggregate pages, the report's figures, the reference lists, the session, the survey
    // form, the documentation: more than a handful, or the walk is not walking.
    expect(routes.length).toBeGreaterThan(15);
    const steps: WalkStep[] = routes.flatMap((r) => stepsOf(r, paths, queries));

    const found: string[] = [];
    const seen: Record<string, number> = {};
    for (const step of steps) {
      const method = step.route.method;
      const signingOut = method === 'DELETE' && step.route.url === '/api/session';
      const res = signingOut
        ? await t.anonymous({ method, url: step.url, headers: await freshFunderSession() })
        : await t.app.inject({
            method,
            url: step.url,
            ...(method !== 'GET' && { payload: {} }),
          });
      seen[String(res.statusCode)] = (seen[String(res.statusCode)] ?? 0) + 1;
      expect(res.statusCode, `${method} ${step.url}: ${res.body.slice(0, 300)}`).not.toBe(500);
      for (const leak of leaks(res.body)) found.push(`${method} ${step.url}: ${leak}`);
    }
    expect(found).toEqual([]);
    // Most calls answered with data: a walk refused everywhere would prove nothing.
    expect(seen['200'] ?? 0).toBeGreaterThan(steps.length / 2);
  });

  it('finds what a manager may read on the same walk: the scan reaches into real answers', async () => {
    // The testimonials route, walked as a manager: its status=pending and status=all steps give
    // the comment consented to but not approved.
    const manager = await t.sessionOf('manager');
    const route = funderRoutes().find((r) => r.url === '/api/impact/testimonials')!;
    const found = new Set<string>();
    for (const step of stepsOf(route, paths, queries)) {
      const res = await t.anonymous({ method: 'GET', url: step.url, headers: manager });
      for (const leak of leaks(res.body)) found.add(leak);
    }
    expect([...found]).toEqual([f.privateComments[0]]);
  });

  it('includes the approved testimonial, which a funder may read', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/impact/testimonials?status=all' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(f.approvedComments[0]);
    expect(leaks(res.body)).toEqual([]);
  });
});

async function freshFunderSession() {
  const res = await t.anonymous({
    method: 'POST',
    url: '/api/session',
    payload: { email: 'funder@test.example.org', password: TEST_PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  return {
    cookie: res.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': res.json<{ csrfToken: string }>().csrfToken,
  };
}
