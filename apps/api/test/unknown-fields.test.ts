import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type RegisteredRoute, type TestApp } from './helpers.js';

// Every route's body and query string refuse a field they do not know, with a 400 naming it,
// rather than dropping it: a field dropped in silence may be an attempt to set what the caller
// may not, and is always a mistake the caller should hear about. Walks the whole route table, so
// a route added later without `additionalProperties: false` fails here.

type Schema = Record<string, unknown>;
const EXTRA = 'zzNotAField';

// As an admin, whom every route but the share links' lets through to validation.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ as: 'admin' });
});
afterAll(async () => {
  await t?.close();
});

/** Each method's route once (HEAD routes are GET's twin). */
const routes = () => t.routes.filter((r) => r.method !== 'HEAD');
const schemaOf = (route: RegisteredRoute, part: 'body' | 'querystring' | 'params') =>
  (route.schema as Record<string, Schema | undefined> | undefined)?.[part];

/** Where, inside `schema`, an object accepts properties it does not name. */
function openObjects(schema: unknown, path: string): string[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as Schema;
  const found: string[] = [];
  const isObject = s.type === 'object' || 'properties' in s || 'patternProperties' in s;
  // A typed record (additionalProperties: a schema) names what it takes too.
  if (isObject && s.additionalProperties !== false && typeof s.additionalProperties !== 'object') {
    found.push(path);
  }
  const children: Array<[string, unknown]> = [
    ...Object.entries((s.properties as Schema | undefined) ?? {}).map(
      ([k, v]): [string, unknown] => [`${path}.${k}`, v],
    ),
    ...Object.entries((s.patternProperties as Schema | undefined) ?? {}).map(
      ([k, v]): [string, unknown] => [`${path}[${k}]`, v],
    ),
    [`${path}[]`, s.items],
    [`${path}{}`, s.additionalProperties],
    ...(['anyOf', 'oneOf', 'allOf'] as const).flatMap((key) =>
      ((s[key] as unknown[] | undefined) ?? []).map((v, i): [string, unknown] => [
        `${path}|${i}`,
        v,
      ]),
    ),
  ];
  for (const [where, child] of children) found.push(...openObjects(child, where));
  return found;
}

// Valid values where TypeBox cannot make one up (patterns and formats have no default).
const SAMPLES: Record<string, { body?: unknown; params?: Record<string, string> }> = {
  'POST /api/webinars': {
    body: { title: 'Open contracting', startsAt: '2025-03-04T15:00:00Z', language: 'en' },
  },
  'POST /api/series': { body: { code: 'open-data', name: 'Open data' } },
  'PUT /api/country-aliases': { body: { alias: 'Ruritania', country: 'MX' } },
  'POST /api/users': {
    body: { email: 'new@example.org', name: 'New', role: 'funder', password: 'x' },
  },
  'POST /api/share-links': {
    body: { label: 'x', from: '2024-01-01', to: '2025-01-01', expiresAt: '2030-01-01T00:00:00Z' },
  },
  'POST /api/share-links/open': { body: { token: 'A'.repeat(43) } },
  'GET /api/responses/:token': { params: { token: 'A'.repeat(22) } },
  'POST /api/responses/:token': { params: { token: 'A'.repeat(22) } },
};

function sampleBody(key: string, schema: Schema): unknown {
  if (SAMPLES[key] && 'body' in SAMPLES[key]) return SAMPLES[key].body;
  if (schema.type === 'array') return [Value.Create(schema.items as never)];
  return Value.Create(schema as never);
}

function samplePath(key: string, route: RegisteredRoute): string {
  const given = SAMPLES[key]?.params;
  const params = schemaOf(route, 'params');
  const values = given ?? (params ? Value.Create(params as never) : {});
  return route.url.replace(/:(\w+)/g, (_, name: string) =>
    encodeURIComponent(String(values[name])),
  );
}

function queryString(values: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    for (const one of [value].flat()) query.append(name, String(one));
  }
  query.append(EXTRA, '1');
  return query.toString();
}

describe('unknown fields', () => {
  it('finds the routes that take a body or a query string', () => {
    const withInput = routes().filter((r) => schemaOf(r, 'body') ?? schemaOf(r, 'querystring'));
    // Enough of them that a broken walk (no routes collected) cannot pass for a clean one.
    expect(withInput.length).toBeGreaterThan(30);
  });

  it('has additionalProperties: false on every object of every body and query schema', () => {
    const open = routes().flatMap((route) =>
      (['body', 'querystring'] as const).flatMap((part) =>
        openObjects(schemaOf(route, part), `${route.method} ${route.url} ${part}`),
      ),
    );
    expect(open).toEqual([]);
  });

  it('answers 400 naming an extra field in any body', async () => {
    const checked: string[] = [];
    for (const route of routes()) {
      const body = schemaOf(route, 'body');
      if (!body) continue;
      const key = `${route.method} ${route.url}`;
      const sample = sampleBody(key, body);
      const payload = Array.isArray(sample)
        ? sample.map((item: object) => ({ ...item, [EXTRA]: 1 }))
        : { ...(sample as object), [EXTRA]: 1 };
      const res = await t.app.inject({
        method: route.method as 'POST',
        url: samplePath(key, route),
        payload,
      });
      expect({
        key,
        status: res.statusCode,
        message: res.json<{ message: string }>().message,
      }).toEqual({
        key,
        status: 400,
        message: expect.stringContaining(`unknown field "${EXTRA}"`),
      });
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThanOrEqual(10);
  });

  it('answers 400 naming an extra parameter in any query string', async () => {
    const checked: string[] = [];
    for (const route of routes()) {
      const query = schemaOf(route, 'querystring');
      if (!query) continue;
      const key = `${route.method} ${route.url}`;
      const body = schemaOf(route, 'body');
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: `${samplePath(key, route)}?${queryString(Value.Create(query as never))}`,
        ...(body && { payload: sampleBody(key, body) as object }),
      });
      expect({
        key,
        status: res.statusCode,
        message: res.json<{ message: string }>().message,
      }).toEqual({
        key,
        status: 400,
        message: `querystring must NOT have additional properties: unknown field "${EXTRA}"`,
      });
      checked.push(key);
    }
    expect(checked.length).toBeGreaterThanOrEqual(20);
  });
});
