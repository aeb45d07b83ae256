import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressNetwork } from '../src/auth/share.js';
import { buildTestApp, type TestApp } from './helpers.js';

let t: TestApp;

const LAC = 'Latin America & Caribbean';
const SSA = 'Sub-Saharan Africa';
const inADay = () => new Date(Date.now() + 86_400_000).toISOString();
const PASSWORD = 'report for the board 2024';

// A programme whose figures are known by construction: in 2024 Q1, 6 people from Latin America
// (5 AR, 1 MX) and 7 from Sub-Saharan Africa (KE) attend one webinar each; in 2025 Q1, 8 more
// from Latin America (BR). A link for Latin America in 2024 must show 6 people, whatever is asked.
beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  const webinar = async (starts_at: string) =>
    db
      .insertInto('webinar')
      .values({ title: `W ${starts_at}`, starts_at, language: 'en', status: 'held' })
      .returning('id')
      .executeTakeFirstOrThrow();
  const w2024 = await webinar('2024-02-10T15:00:00Z');
  const w2025 = await webinar('2025-02-10T15:00:00Z');
  const people: Array<[string, number, { id: number }]> = [
    ['AR', 5, w2024],
    ['MX', 1, w2024],
    ['KE', 7, w2024],
    ['BR', 8, w2025],
  ];
  for (const [country, n, w] of people) {
    for (let i = 0; i < n; i++) {
      const p = await db
        .insertInto('participant')
        .values({ name: `${country} ${i}`, country, sector: 'government' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('attendance')
        .values({
          webinar_id: w.id,
          participant_id: p.id,
          registered: true,
          attended: true,
          minutes: 40,
        })
        .execute();
    }
  }
});
afterAll(() => t?.close());

interface Created {
  link: { id: number; status: string; views: number; hasPassword: boolean; scope: unknown };
  path: string;
  url: string;
}

async function createLink(payload: Record<string, unknown> = {}) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/share-links',
    payload: {
      label: 'Board report',
      from: '2024-01-01',
      to: '2025-01-01',
      region: LAC,
      expiresAt: inADay(),
      ...payload,
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json<Created>();
  return { ...body, token: body.path.slice('/r/'.length) };
}

async function open(token: string, password?: string, headers: Record<string, string> = {}) {
  return t.anonymous({
    method: 'POST',
    url: '/api/share-links/open',
    payload: password === undefined ? { token } : { token, password },
    headers,
  });
}

/** Opens the link and answers the share session's cookie header. */
async function shareCookie(token: string, password?: string): Promise<string> {
  const response = await open(token, password);
  expect(response.statusCode, response.body).toBe(200);
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

function asShare(cookie: string, url: string) {
  return t.anonymous({ url, headers: { cookie } });
}

async function listLinks() {
  const response = await t.app.inject({ url: '/api/share-links' });
  expect(response.statusCode).toBe(200);
  return response.json<Array<Created['link'] & { lastViewedAt: string | null }>>();
}

describe('creating, listing and revoking', () => {
  it('gives the link once, and lists it without its token, with status and views', async () => {
    const { link, path, url, token } = await createLink({ label: 'Funder A' });
    expect(path).toMatch(/^\/r\/[A-Za-z0-9_-]{43}$/);
    // The request's origin, as inject gives it (RIPPLE_PUBLIC_URL when set).
    expect(url).toBe(`http://localhost:80${path}`);
    expect(link).toMatchObject({
      status: 'active',
      views: 0,
      hasPassword: false,
      scope: { from: '2024-01-01', to: '2025-01-01', region: LAC },
    });
    const listed = await listLinks();
    const row = listed.find((l) => l.id === link.id);
    expect(row).toMatchObject({ label: 'Funder A', status: 'active', lastViewedAt: null });
    expect(JSON.stringify(listed)).not.toContain(token);
    // Only its hash is stored.
    const { rows } = await sql<{ token_hash: string }>`select token_hash from share_link
      where id = ${link.id}`.execute(t.database.db);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.token_hash).not.toContain(token);
  });

  it('revokes a link, and a revoked link answers 410 with the date', async () => {
    const { link, token } = await createLink();
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/share-links/${link.id}/revoke`,
    });
    expect(revoked.statusCode).toBe(200);
    const body = revoked.json<{ status: string; revokedAt: string }>();
    expect(body.status).toBe('revoked');
    const again = await t.app.inject({ method: 'POST', url: `/api/share-links/${link.id}/revoke` });
    expect(again.json<{ revokedAt: string }>().revokedAt).toBe(body.revokedAt);

    const opened = await open(token);
    expect(opened.statusCode).toBe(410);
    expect(opened.json()).toMatchObject({ reason: 'revoked', at: body.revokedAt });
    expect(opened.cookies).toEqual([]);

    const missing = await t.app.inject({ method: 'POST', url: '/api/share-links/99999/revoke' });
    expect(missing.statusCode).toBe(404);
  });

  it('ends an open shared view at once when its link is revoked', async () => {
    const { link, token } = await createLink();
    const cookie = await shareCookie(token);
    expect((await asShare(cookie, '/api/overview')).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: `/api/share-links/${link.id}/revoke` });
    const after = await asShare(cookie, '/api/overview');
    expect(after.statusCode).toBe(401);
    expect((await asShare(cookie, '/api/session')).statusCode).toBe(401);
  });

  it('answers 410 for an expired link, and an open shared view stops when the link expires', async () => {
    const { link, token } = await createLink();
    const cookie = await shareCookie(token);
    const past = new Date(Date.now() - 60_000);
    await t.database.db
      .updateTable('share_link')
      .set({ expires_at: past })
      .where('id', '=', link.id)
      .execute();
    const opened = await open(token);
    expect(opened.statusCode).toBe(410);
    expect(opened.json()).toMatchObject({ reason: 'expired', at: past.toISOString() });
    expect((await asShare(cookie, '/api/overview')).statusCode).toBe(401);
    expect((await listLinks()).find((l) => l.id === link.id)?.status).toBe('expired');
  });

  it('answers 404 for a link that does not exist', async () => {
    const response = await open('A'.repeat(43));
    expect(response.statusCode).toBe(404);
  });

  it('lets neither a funder nor nobody create, list or revoke links', async () => {
    const payload = { label: 'x', from: '2024-01-01', to: '2025-01-01', expiresAt: inADay() };
    const funder = await t.sessionOf('funder');
    const byFunder = await t.anonymous({
      method: 'POST',
      url: '/api/share-links',
      headers: funder,
      payload,
    });
    expect(byFunder.statusCode).toBe(403);
    const byNobody = await t.anonymous({ method: 'POST', url: '/api/share-links', payload });
    expect(byNobody.statusCode).toBe(401);
    expect((await t.anonymous({ url: '/api/share-links', headers: funder })).statusCode).toBe(403);
    expect((await t.anonymous({ url: '/api/share-links' })).statusCode).toBe(401);
  });
});

describe('refusing bad input, storing nothing', () => {
  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    ['an unknown field', { audience: 'everyone' }, /additional propert|audience/],
    ['a period not of whole quarters', { from: '2024-02-01' }, /body\/from: .*quarter/],
    ['an end not on a quarter', { to: '2024-12-31' }, /body\/to: .*quarter/],
    ['an end before the start', { from: '2025-01-01', to: '2024-01-01' }, /must be after from/],
    ['a past expiry', { expiresAt: '2020-01-01T00:00:00Z' }, /expiresAt: .*not in the future/],
    [
      'an expiry over a year away',
      { expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() },
      /at most 366 days/,
    ],
    ['an unknown region', { region: 'Atlantis' }, /body\/region: "Atlantis" is not a region/],
    ['an unknown topic', { topic: 4242 }, /body\/topic: there is no topic 4242/],
    ['a common password', { password: 'password1234' }, /body\/password: .*common/],
    ['a short password', { password: 'short' }, /body\/password: .*12 characters/],
    ['a blank label', { label: '   ' }, /body\/label/],
  ];
  it.each(cases)('refuses %s with a 400 that says what and where', async (_name, change, why) => {
    const before = (await listLinks()).length;
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/share-links',
      payload: {
        label: 'Bad',
        from: '2024-01-01',
        to: '2025-01-01',
        expiresAt: inADay(),
        ...change,
      },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json<{ message: string }>().message).toMatch(why);
    expect((await listLinks()).length).toBe(before);
  });

  it('refuses an unknown field when opening a link', async () => {
    const { token } = await createLink();
    const response = await t.anonymous({
      method: 'POST',
      url: '/api/share-links/open',
      payload: { token, scope: { region: SSA } },
    });
    expect(response.statusCode).toBe(400);
  });
});

describe('a shared view', () => {
  it('sets an HttpOnly, SameSite cookie, __Host- and Secure over HTTPS', async () => {
    const { token } = await createLink();
    const plain = await open(token);
    const cookie = plain.cookies.find((c) => c.name === 'ripple_share');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(new Date(cookie!.expires!).getTime()).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect(plain.headers['cache-control']).toBe('no-store');
    const secure = await open(token, undefined, { 'x-forwarded-proto': 'https' });
    const host = secure.cookies.find((c) => c.name === '__Host-ripple_share');
    expect(host).toMatchObject({ secure: true, httpOnly: true, path: '/' });
    expect(host?.domain).toBeUndefined();
  });

  it("sees the link's region and period, whatever the address asks for", async () => {
    const { token } = await createLink({ region: LAC });
    const cookie = await shareCookie(token);
    const manager = (query: string) =>
      t.app
        .inject({ url: `/api/overview?${query}` })
        .then((r) => r.json<{ uniqueParticipants: number }>().uniqueParticipants);
    expect(await manager(`from=2024-01-01&to=2025-01-01&region=${encodeURIComponent(LAC)}`)).toBe(
      6,
    );

    const wider = await asShare(
      cookie,
      `/api/overview?from=2020-01-01&to=2026-01-01&region=${encodeURIComponent(SSA)}`,
    );
    expect(wider.statusCode, wider.body).toBe(200);
    expect(wider.json<{ uniqueParticipants: number }>().uniqueParticipants).toBe(6);
    const plain = await asShare(cookie, '/api/overview');
    expect(plain.json<{ uniqueParticipants: number }>().uniqueParticipants).toBe(6);
    // Another time zone would move both ends of the period: it is pinned to UTC.
    const shifted = await asShare(cookie, '/api/overview?tz=Pacific%2FKiritimati');
    expect(shifted.json<{ uniqueParticipants: number }>().uniqueParticipants).toBe(6);

    // A filter the link does not name still narrows the view.
    const narrower = await asShare(cookie, '/api/overview?country=AR');
    expect(narrower.json<{ uniqueParticipants: number }>().uniqueParticipants).toBe(5);
    const countries = await asShare(cookie, '/api/breakdown/country');
    expect(countries.statusCode, countries.body).toBe(200);
    expect(JSON.stringify(countries.json())).not.toMatch(/"KE"|"BR"/);
  });

  it('keeps the manage routes and the rest of the programme out of reach', async () => {
    const { token } = await createLink();
    const cookie = await shareCookie(token);
    for (const url of ['/api/share-links', '/api/webinars', '/api/surveys', '/api/users']) {
      expect((await asShare(cookie, url)).statusCode, url).toBe(403);
    }
    const create = await t.anonymous({
      method: 'POST',
      url: '/api/share-links',
      headers: { cookie },
      payload: { label: 'wider', from: '2020-01-01', to: '2026-01-01', expiresAt: inADay() },
    });
    expect(create.statusCode).toBe(403);
  });

  it('answers GET /api/session with the link, and logs every view with its page', async () => {
    const { link, token } = await createLink({ label: 'Logged' });
    const cookie = await shareCookie(token);
    const first = await asShare(cookie, '/api/session?path=%2Freach%3Fyear%3D2024');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({
      share: {
        label: 'Logged',
        scope: { from: '2024-01-01', to: '2025-01-01', region: LAC },
        expiresAt: expect.any(String) as string,
      },
    });
    expect(first.headers['cache-control']).toBe('no-store');
    await t.anonymous({
      url: '/api/session?path=/',
      headers: { cookie, 'user-agent': 'Funder browser' },
    });

    const views = await t.app.inject({ url: `/api/share-links/${link.id}/views` });
    expect(views.statusCode).toBe(200);
    const body = views.json<{
      link: { views: number; lastViewedAt: string };
      views: Array<{ path: string; address: string; userAgent: string | null }>;
    }>();
    expect(body.views.map((v) => v.path)).toEqual(['/', '/reach?year=2024']);
    expect(body.views[0]).toMatchObject({ address: '127.0.0.0/24', userAgent: 'Funder browser' });
    expect(body.link.views).toBe(2);
    const listed = (await listLinks()).find((l) => l.id === link.id);
    expect(listed?.views).toBe(2);
    expect(listed?.lastViewedAt).not.toBeNull();

    const unknown = await t.app.inject({ url: '/api/share-links/99999/views' });
    expect(unknown.statusCode).toBe(404);
  });

  it('is closed by its viewer, and the cookie opens nothing afterwards', async () => {
    const { token } = await createLink();
    const cookie = await shareCookie(token);
    const closed = await t.anonymous({
      method: 'DELETE',
      url: '/api/share-links/session',
      headers: { cookie },
    });
    expect(closed.statusCode).toBe(204);
    expect(closed.cookies.find((c) => c.name === 'ripple_share')?.value).toBe('');
    expect((await asShare(cookie, '/api/overview')).statusCode).toBe(401);
  });

  it('leaves a signed-in user as themselves when a share cookie is also present', async () => {
    const { token } = await createLink();
    const cookie = await shareCookie(token);
    const manager = await t.sessionOf('manager');
    const me = await t.anonymous({
      url: '/api/session',
      headers: { ...manager, cookie: `${manager.cookie}; ${cookie}` },
    });
    expect(me.json()).toMatchObject({ user: { role: 'manager' } });
  });
});

describe('a password', () => {
  it('is asked for, refused when wrong, and opens the link when right', async () => {
    const { link, token } = await createLink({ password: PASSWORD });
    expect(link.hasPassword).toBe(true);
    const none = await open(token);
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ reason: 'password-required' });
    const wrong = await open(token, 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ reason: 'password-wrong' });
    expect(wrong.cookies).toEqual([]);
    const right = await open(token, PASSWORD);
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ label: 'Board report', scope: { region: LAC } });
    const { rows } = await sql<{ password_hash: string }>`select password_hash from share_link
      where id = ${link.id}`.execute(t.database.db);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses the 11th wrong password for a link within 15 minutes, even the right one', async () => {
    const { token } = await createLink({ password: PASSWORD });
    const from = { 'x-forwarded-for': '10.1.2.3' };
    for (let i = 0; i < 10; i++) {
      const response = await open(token, `wrong guess number ${i}`, from);
      expect(response.statusCode).toBe(401);
    }
    const limited = await open(token, PASSWORD, { 'x-forwarded-for': '10.9.9.9' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('900');
    // Another link is not held back by this one's failures.
    const other = await createLink({ password: PASSWORD });
    expect((await open(other.token, PASSWORD)).statusCode).toBe(200);
  });
});

describe('addressNetwork', () => {
  it('keeps the network of an address, not the device', () => {
    expect(addressNetwork('203.0.113.77')).toBe('203.0.113.0/24');
    expect(addressNetwork('::ffff:203.0.113.77')).toBe('203.0.113.0/24');
    expect(addressNetwork('2001:db8:85a3:8d3:1319:8a2e:370:7348')).toBe('2001:db8:85a3::/48');
    expect(addressNetwork('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(addressNetwork('::1')).toBe('0:0:0::/48');
    expect(addressNetwork('not an address')).toBeNull();
  });
});
