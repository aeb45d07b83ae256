import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS } from '../src/plugins/security.js';
import { buildTestApp, type TestApp } from './helpers.js';

// The headers every API answer carries, whatever the route and whatever the outcome, and the
// two places where they differ: the docs page's own CSP, and HSTS only over HTTPS.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A CSP header as a map of directive → sources. */
function directives(header: unknown): Map<string, string[]> {
  expect(typeof header).toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

const COMMON = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'x-permitted-cross-domain-policies': 'none',
};

describe('security headers on API answers', () => {
  it.each([
    ['a 200', 'GET', '/api/health', 200],
    ['a 200 with personal data', 'GET', '/api/invitations', 200],
    ['a 400', 'GET', '/api/overview?from=yesterday', 400],
    ['a 404 for an unknown route', 'GET', '/api/no-such-thing', 404],
    ['a 404 for an unknown record', 'GET', '/api/webinars/999999', 404],
    ['a 415 for an upload sent as JSON', 'POST', '/api/imports', 415],
    ['a 401 without a session', 'GET', '/api/overview', 401],
  ] as const)('carries every header on %s', async (_label, method, url, status) => {
    const request = {
      method,
      url,
      ...(method === 'POST' && { payload: { file: 'x' } }),
    };
    const res = await (status === 401 ? t.anonymous(request) : t.app.inject(request));
    expect(res.statusCode).toBe(status);
    expect(res.headers).toMatchObject(COMMON);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('says no-store even where a route set a cache header of its own', async () => {
    // The survey answers set no-store themselves; the CSV export too. Both stay no-store.
    const csv = await t.app.inject({ url: '/api/invitations.csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['cache-control']).toBe('no-store');
    expect(csv.headers['x-content-type-options']).toBe('nosniff');
  });

  it('lets public reference data be stored, and nothing else', async () => {
    const countries = await t.anonymous({ url: '/api/reference/countries' });
    expect(countries.statusCode).toBe(200);
    expect(countries.headers['cache-control']).toBeUndefined();
    expect(countries.headers['x-content-type-options']).toBe('nosniff');
    // The programme's vocabulary is for signed-in readers; manager-kept mappings are not
    // published data either.
    for (const url of ['/api/reference', '/api/country-aliases']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });
});

describe('HSTS', () => {
  it('is sent when a proxy on this machine says the request came over HTTPS', async () => {
    const res = await t.app.inject({
      url: '/api/health',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(res.headers['strict-transport-security']).toBe(HSTS);
    expect(HSTS).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    // On errors and 404s as well.
    const missing = await t.app.inject({
      url: '/api/no-such-thing',
      remoteAddress: '::1',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['strict-transport-security']).toBe(HSTS);
  });

  it('is not sent over plain HTTP, nor when anyone else claims HTTPS', async () => {
    const plain = await t.app.inject({ url: '/api/health', remoteAddress: '127.0.0.1' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const claimed = await t.app.inject({
      url: '/api/health',
      remoteAddress: '203.0.113.7',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(claimed.statusCode).toBe(200);
    expect(claimed.headers['strict-transport-security']).toBeUndefined();
  });
});

describe('the API documentation', () => {
  it('serves its page under a CSP that lets it run and nothing else in', async () => {
    const page = await t.app.inject({ url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers).toMatchObject(COMMON);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    // The page has no inline script, so script-src 'self' is enough: every script is a file.
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\ssrc="/);
      expect(content!.trim()).toBe('');
    }
    // Which the page loads, under the same policy.
    const src = /src="\.\/(static\/swagger-initializer\.js)"/.exec(page.body)?.[1];
    expect(src).toBeDefined();
    const script = await t.app.inject({ url: `/api/docs/${src}` });
    expect(script.statusCode).toBe(200);
    expect(script.headers['x-content-type-options']).toBe('nosniff');
    expect(script.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
  });

  it('lets the documentation be stored: it holds no personal data', async () => {
    const json = await t.app.inject({ url: '/api/docs/json' });
    expect(json.statusCode).toBe(200);
    expect(json.headers['cache-control']).toBeUndefined();
    expect(json.headers['x-content-type-options']).toBe('nosniff');
  });
});
