import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PASSWORD, type TestApp } from './helpers.js';

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp({ as: null });
  // Accounts for each role, made through the admin API as an admin would.
  await t.sessionOf('admin');
});
afterAll(() => t?.close());

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return t.anonymous({
    method: 'POST',
    url: '/api/session',
    payload: { email, password },
    headers,
  });
}

function cookieHeader(response: Awaited<ReturnType<typeof signIn>>) {
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

async function addUser(email: string, role: 'admin' | 'manager' | 'funder' = 'manager') {
  const admin = await t.sessionOf('admin');
  const response = await t.anonymous({
    method: 'POST',
    url: '/api/users',
    headers: admin,
    payload: { email, name: email.split('@')[0], role, password: TEST_PASSWORD },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: number }>();
}

describe('sign-in', () => {
  it('opens a session in an HttpOnly, SameSite cookie and answers the CSRF token', async () => {
    await addUser('ana@example.org');
    const response = await signIn('  Ana@Example.org ', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json<{ user: { email: string; role: string }; csrfToken: string }>();
    expect(body.user).toMatchObject({ email: 'ana@example.org', role: 'manager' });
    const session = response.cookies.find((c) => c.name === 'ripple_session');
    const csrf = response.cookies.find((c) => c.name === 'ripple_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session?.secure).toBeFalsy();
    expect(csrf?.value).toBe(body.csrfToken);
    expect(csrf?.httpOnly).toBeFalsy();
    expect(response.headers['cache-control']).toBe('no-store');

    const me = await t.anonymous({
      url: '/api/session',
      headers: { cookie: cookieHeader(response) },
    });
    expect(me.json()).toMatchObject({ user: { email: 'ana@example.org' } });
  });

  it('uses __Host- cookies with Secure when served over HTTPS', async () => {
    const response = await signIn('ana@example.org', TEST_PASSWORD, {
      'x-forwarded-proto': 'https',
    });
    expect(response.statusCode).toBe(200);
    const session = response.cookies.find((c) => c.name === '__Host-ripple_session');
    expect(session).toMatchObject({ secure: true, httpOnly: true, path: '/' });
    expect(session?.domain).toBeUndefined();
    expect(response.cookies.find((c) => c.name === '__Host-ripple_csrf')?.secure).toBe(true);
  });

  it('gives an unknown email and a wrong password the same answer', async () => {
    const unknown = await signIn('nobody@example.org', TEST_PASSWORD, {
      'x-forwarded-for': '10.0.0.1',
    });
    const wrong = await signIn('ana@example.org', 'not the password at all', {
      'x-forwarded-for': '10.0.0.1',
    });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    expect(unknown.cookies).toEqual([]);
  });

  it('refuses the 11th wrong password within 15 minutes, even when it is right', async () => {
    await addUser('locked@example.org');
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await signIn('locked@example.org', `wrong guess number ${attempt}`, {
        'x-forwarded-for': `10.1.0.${attempt}`,
      });
      expect(response.statusCode, `attempt ${attempt}`).toBe(401);
    }
    const eleventh = await signIn('locked@example.org', 'wrong guess number 11', {
      'x-forwarded-for': '10.1.0.11',
    });
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.headers['retry-after']).toBe('900');
    expect(eleventh.json<{ message: string }>().message).toMatch(/try again in 15 minutes/);
    const right = await signIn('locked@example.org', TEST_PASSWORD, {
      'x-forwarded-for': '10.1.0.12',
    });
    expect(right.statusCode).toBe(429);

    // Fifteen minutes later the account opens again.
    await sql`update sign_in_failure set failed_at = now() - interval '16 minutes'
      where email = 'locked@example.org'`.execute(t.database.db);
    expect((await signIn('locked@example.org', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('limits failures per address too, whatever the accounts tried', async () => {
    for (let attempt = 1; attempt <= 50; attempt++) {
      const response = await signIn(`guess${attempt}@example.org`, 'wrong password here', {
        'x-forwarded-for': '10.2.0.1',
      });
      expect(response.statusCode).toBe(401);
    }
    const blocked = await signIn('ana@example.org', TEST_PASSWORD, {
      'x-forwarded-for': '10.2.0.1',
    });
    expect(blocked.statusCode).toBe(429);
    const elsewhere = await signIn('ana@example.org', TEST_PASSWORD, {
      'x-forwarded-for': '10.2.0.2',
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('refuses unknown fields and sign-in from another site', async () => {
    const extra = await t.anonymous({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'ana@example.org', password: TEST_PASSWORD, role: 'admin' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json<{ message: string }>().message).toMatch(/additional properties/i);
    const crossSite = await signIn('ana@example.org', TEST_PASSWORD, {
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.statusCode).toBe(403);
  });
});

describe('sessions', () => {
  it('refuses a state-changing request without the CSRF token, and accepts it with', async () => {
    const response = await signIn('ana@example.org', TEST_PASSWORD);
    const cookie = cookieHeader(response);
    const csrfToken = response.json<{ csrfToken: string }>().csrfToken;
    const payload = { code: 'csrf-test', name: 'CSRF test series' };

    const without = await t.anonymous({
      method: 'POST',
      url: '/api/series',
      headers: { cookie },
      payload,
    });
    expect(without.statusCode).toBe(403);
    expect(without.json<{ message: string }>().message).toMatch(/CSRF token/);
    const wrong = await t.anonymous({
      method: 'POST',
      url: '/api/series',
      headers: { cookie, 'x-csrf-token': csrfToken.slice(1) + 'x' },
      payload,
    });
    expect(wrong.statusCode).toBe(403);
    expect(
      await t.database.db
        .selectFrom('series')
        .where('code', '=', 'csrf-test')
        .select('id')
        .execute(),
    ).toEqual([]);

    const withToken = await t.anonymous({
      method: 'POST',
      url: '/api/series',
      headers: { cookie, 'x-csrf-token': csrfToken },
      payload,
    });
    expect(withToken.statusCode, withToken.body).toBeLessThan(300);
  });

  it('refuses the old cookie after sign-out', async () => {
    const response = await signIn('ana@example.org', TEST_PASSWORD);
    const headers = {
      cookie: cookieHeader(response),
      'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken,
    };
    expect((await t.anonymous({ url: '/api/overview', headers })).statusCode).toBe(200);
    const out = await t.anonymous({ method: 'DELETE', url: '/api/session', headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'ripple_session')?.value).toBe('');
    const after = await t.anonymous({ url: '/api/overview', headers });
    expect(after.statusCode).toBe(401);
  });

  it('gives every sign-in a new session id and ends the one the browser still had', async () => {
    const first = await signIn('ana@example.org', TEST_PASSWORD);
    const firstCookie = cookieHeader(first);
    const second = await signIn('ana@example.org', TEST_PASSWORD, { cookie: firstCookie });
    const secondCookie = cookieHeader(second);
    expect(secondCookie).not.toBe(firstCookie);
    expect(
      (await t.anonymous({ url: '/api/session', headers: { cookie: firstCookie } })).statusCode,
    ).toBe(401);
    expect(
      (await t.anonymous({ url: '/api/session', headers: { cookie: secondCookie } })).statusCode,
    ).toBe(200);
  });

  it('ends the sessions of a disabled user at once, and refuses their sign-in', async () => {
    const { id } = await addUser('leaving@example.org', 'funder');
    const response = await signIn('leaving@example.org', TEST_PASSWORD);
    const cookie = cookieHeader(response);
    expect((await t.anonymous({ url: '/api/session', headers: { cookie } })).statusCode).toBe(200);

    const admin = await t.sessionOf('admin');
    const disabled = await t.anonymous({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: admin,
      payload: { disabled: true },
    });
    expect(disabled.json()).toMatchObject({ disabled: true });
    expect((await t.anonymous({ url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    const again = await signIn('leaving@example.org', TEST_PASSWORD);
    expect(again.statusCode).toBe(401);
    expect(again.body).toBe((await signIn('nobody@example.org', TEST_PASSWORD)).body);
  });

  it('stores only a hash of the session token', async () => {
    const response = await signIn('ana@example.org', TEST_PASSWORD);
    const token = response.cookies.find((c) => c.name === 'ripple_session')!.value;
    const rows = await t.database.db.selectFrom('user_session').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
  });
});

describe('accounts', () => {
  it('refuses short, common and self-describing passwords with the reason', async () => {
    const admin = await t.sessionOf('admin');
    const attempt = (password: string) =>
      t.anonymous({
        method: 'POST',
        url: '/api/users',
        headers: admin,
        payload: { email: 'maria.lopez@example.org', name: 'María', role: 'funder', password },
      });
    const cases: Array<[string, RegExp]> = [
      ['short1!', /at least 12 characters/],
      ['password1234', /most common passwords/],
      ['1q2w3e4r5t6y', /most common passwords/],
      ['PasswordPassword', /most common passwords/],
      ['abcabcabcabcabc', /most common passwords/],
      ['maria.lopez-2026!', /must not contain the email/],
    ];
    for (const [password, reason] of cases) {
      const response = await attempt(password);
      expect(response.statusCode, password).toBe(400);
      expect(response.json<{ message: string }>().message, password).toMatch(reason);
    }
    expect((await attempt('tres tristes tigres comen trigo')).statusCode).toBe(201);
    expect((await attempt('tres tristes tigres comen trigo')).statusCode).toBe(409);
  });

  it('keeps at least one active admin', async () => {
    const admin = await t.sessionOf('admin');
    const me = await t.anonymous({ url: '/api/session', headers: admin });
    const { id } = me.json<{ user: { id: number } }>().user;
    const demote = await t.anonymous({
      method: 'PATCH',
      url: `/api/users/${id}`,
      headers: admin,
      payload: { role: 'manager' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json<{ message: string }>().message).toMatch(/only active admin/);
  });

  it('lets only admins manage accounts', async () => {
    const manager = await t.sessionOf('manager');
    expect((await t.anonymous({ url: '/api/users', headers: manager })).statusCode).toBe(403);
    expect((await t.anonymous({ url: '/api/users' })).statusCode).toBe(401);
    const list = await t.anonymous({ url: '/api/users', headers: await t.sessionOf('admin') });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toMatch(/argon2|password/);
  });
});
