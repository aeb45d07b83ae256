import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('system routes', () => {
  it('serves the OpenAPI document with every API route in it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/breakdown/{dimension}',
      '/api/country-aliases',
      '/api/crosstab',
      '/api/feedback-imports',
      '/api/feedback-imports/preview',
      '/api/health',
      '/api/impact',
      '/api/impact/breakdown/{dimension}',
      '/api/impact/comments',
      '/api/impact/testimonials',
      '/api/impact/testimonials/{responseId}/approval',
      '/api/impact/topics-requested',
      '/api/imports',
      '/api/imports/{id}',
      '/api/imports/{id}/undo',
      '/api/invitations',
      '/api/invitations.csv',
      '/api/invitations/remind',
      '/api/invitations/send',
      '/api/loyalty/cohorts',
      '/api/loyalty/distribution',
      '/api/loyalty/new-returning',
      '/api/open-links',
      '/api/open-links/{id}/revoke',
      '/api/overview',
      '/api/participants',
      '/api/participants/{id}',
      '/api/participants/{id}/export',
      '/api/reach/cumulative',
      '/api/ready',
      '/api/reference',
      '/api/reference/countries',
      '/api/report',
      '/api/report.pdf',
      '/api/responses/{token}',
      '/api/sector-mappings',
      '/api/series',
      '/api/session',
      '/api/share-links',
      '/api/share-links/open',
      '/api/share-links/session',
      '/api/share-links/{id}/revoke',
      '/api/share-links/{id}/views',
      '/api/surveys',
      '/api/surveys/summary',
      '/api/surveys/waves',
      '/api/surveys/{id}',
      '/api/surveys/{id}/versions/{version}',
      '/api/users',
      '/api/users/{id}',
      '/api/webinars',
      '/api/webinars/{id}',
      '/api/webinars/{id}/invitations',
      '/api/webinars/{id}/open-links',
      '/api/webinars/{id}/speakers',
    ]);
    // Any route may answer 503 while the database is away; the document says so for each.
    const operations = Object.entries(
      doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(
      operations
        .filter(({ operation }) => !operation.responses?.['503'])
        .map(({ method, path }) => `${method} ${path}`),
    ).toEqual([]);
    expect(doc.paths['/api/overview']).toMatchObject({
      get: {
        responses: {
          503: { description: expect.stringMatching(/busy for over [0-9.]+ s\b.*Retry-After/) },
        },
      },
    });

    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
  });

  it('answers an unknown API path with a JSON 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      statusCode: 404,
      message: 'No route GET /api/nothing-here',
    });
  });

  it('reports health 200 with the database, and 503 once it is gone', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(ok.statusCode).toBe(200);
    const empty = { results: 0, bytes: 0, hits: 0, misses: 0 };
    expect(ok.json()).toEqual({
      status: 'ok',
      database: t.database.kind,
      caches: { reach: empty, impact: empty },
      // Loaded at the first figure asked: this app is not told to load them at start.
      memory: { reach: 'none', impact: 'none' },
    });
    // The caches' counts, for sizing RIPPLE_CACHE_MB: one figure computed, then served again.
    for (let i = 0; i < 2; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/api/overview' })).statusCode).toBe(200);
    }
    const counted = (await t.app.inject({ method: 'GET', url: '/api/health' })).json<{
      caches: { reach: typeof empty };
    }>();
    expect(counted.caches.reach).toMatchObject({ results: 1, hits: 1, misses: 1 });
    expect(counted.caches.reach.bytes).toBeGreaterThan(100);

    await t.database.close();
    const down = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toEqual({ status: 'unavailable', database: t.database.kind });
    const unready = await t.app.inject({ method: 'GET', url: '/api/ready' });
    expect([unready.statusCode, unready.json()]).toEqual([503, { status: 'unavailable' }]);

    const overview = await t.app.inject({ method: 'GET', url: '/api/overview' });
    expect(overview.statusCode).toBe(503);
    expect(overview.headers['retry-after']).toBe('5');
    expect(overview.json()).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/database is unavailable/),
    });
  });
});
