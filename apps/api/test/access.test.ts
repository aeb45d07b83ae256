import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Access, type Audience } from '../src/auth/access.js';
import { buildTestApp, type SessionHeaders, type TestApp } from './helpers.js';

// The route table, walked: every route is called as every role and as nobody, and whether the
// auth layer let the call through is compared with what the route declares. A refusal is the
// auth layer's own answer (401 "Sign in first", 403 "may not"); anything else — a 400 for the
// empty body, a 404 for the made-up id — means the call got past it.

let t: TestApp;
let shareLinkToken: string;
beforeAll(async () => {
  t = await buildTestApp({ as: null });
  // A share link, opened afresh for each call as a funder's browser would (one caller more).
  // Two are made: the walk revokes link 1 (`/api/share-links/1/revoke`), the callers use link 2.
  for (const label of ['revoked by the walk', 'route walk']) {
    const created = await t.anonymous({
      method: 'POST',
      url: '/api/share-links',
      headers: await t.sessionOf('manager'),
      payload: {
        label,
        from: '2024-01-01',
        to: '2025-01-01',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    shareLinkToken = created.json<{ path: string }>().path.slice('/r/'.length);
  }
});
afterAll(() => t?.close());

const callers: Array<Audience | null> = [null, ...ROLES, 'share'];

function allowed(access: Access, caller: Audience | null): boolean {
  return access === 'public' || (caller !== null && access.includes(caller));
}

function concreteUrl(url: string): string {
  return url
    .replace(':token', 'not-a-real-token-0000000000')
    .replace(':dimension', 'country')
    .replace(/:[A-Za-z]+/g, '1')
    .replace('*', 'index.html');
}

describe('the route table', () => {
  it('declares access on every API route', () => {
    const api = t.routes.filter((r) => r.url.startsWith('/api'));
    expect(api.length).toBeGreaterThan(50);
    expect(api.filter((r) => r.access === undefined)).toEqual([]);
  });

  it('lets through exactly whom each route declares, and refuses everyone else', async () => {
    const mismatches: string[] = [];
    let calls = 0;
    for (const route of t.routes) {
      if (!route.url.startsWith('/api') || route.method === 'HEAD') continue;
      const access = route.access!;
      for (const caller of callers) {
        // Signing out ends the session: it gets one of its own each time.
        const fresh = route.method === 'DELETE' && route.url === '/api/session';
        let headers: Partial<SessionHeaders> = {};
        if (caller === 'share') {
          headers = { cookie: await shareSession() };
        } else if (caller) {
          headers = fresh ? await freshSession(caller) : await t.sessionOf(caller);
        }
        const response = await t.anonymous({
          method: route.method as 'GET',
          url: concreteUrl(route.url),
          headers,
        });
        calls++;
        const message = String(response.headers['content-type'] ?? '').includes('json')
          ? (response.json<{ message?: string }>().message ?? '')
          : '';
        const refused =
          (response.statusCode === 401 && message.startsWith('Sign in first')) ||
          (response.statusCode === 403 && message.startsWith('Your role'));
        if (refused === allowed(access, caller)) {
          mismatches.push(
            `${route.method} ${route.url} as ${caller ?? 'nobody'}: ${response.statusCode} ${message}`,
          );
        }
        if (!refused && response.statusCode === 500) {
          mismatches.push(`${route.method} ${route.url} as ${caller ?? 'nobody'}: 500`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(calls).toBeGreaterThan(250);
  });
});

async function freshSession(role: (typeof ROLES)[number]): Promise<SessionHeaders> {
  const response = await t.anonymous({
    method: 'POST',
    url: '/api/session',
    payload: { email: `${role}@test.example.org`, password: 'a test password nobody uses 7%' },
  });
  return {
    cookie: response.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken,
  };
}

async function shareSession(): Promise<string> {
  const response = await t.anonymous({
    method: 'POST',
    url: '/api/share-links/open',
    payload: { token: shareLinkToken },
  });
  if (response.statusCode !== 200) throw new Error(`opening the share link: ${response.body}`);
  return response.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}
