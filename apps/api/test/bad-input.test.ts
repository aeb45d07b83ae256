import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import fc from 'fast-check';
import Fastify, { type FastifyInstance, type InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import app, { fastifyOptions } from '../src/app.js';
import type { Role } from '../src/auth/access.js';
import { buildTestApp, TEST_PASSWORD, type RegisteredRoute, type TestApp } from './helpers.js';
import { fixtureBytes } from './import/fixtures.js';
import { makePeople, type PeopleFixture } from './people-fixture.js';

// Bad input, everywhere: random and malformed query strings, path parameters, JSON bodies,
// headers and uploads thrown at every route of the route table, as a signed-in manager or admin
// (so the input reaches the handlers, not only the auth layer) and sometimes as a funder or
// nobody. Every answer must be below 500 and, when it is a 4xx, the app's error shape with a
// message that says what was wrong. What `inject` cannot send (a bad Content-Length, raw
// malformed HTTP) goes to a real listening server over a socket.
//
// Fixed seed by default; RIPPLE_FUZZ_RUNS=500 RIPPLE_FUZZ_SEED=<n> to look harder or replay.
// fast-check prints the seed and the shrunk counterexample of a failure.

const RUNS = Number(process.env.RIPPLE_FUZZ_RUNS ?? 20);
const SEED = Number(process.env.RIPPLE_FUZZ_SEED ?? 7_2026);
// The report's PDF takes a few hundred milliseconds to draw: fewer runs there keep the whole
// walk within a minute on a 2-core machine.
const SHARE_OF_RUNS: Record<string, number> = { '/api/report.pdf': 0.2, '/api/report': 0.5 };
/** Each test's time limit: two minutes at the default runs on a busy 2-core machine, more with more. */
const TIMEOUT = 120_000 * Math.max(1, RUNS / 20);
const fcOptions = (salt: number, url = '', share = 1): fc.Parameters<unknown> => ({
  seed: SEED + salt,
  numRuns: Math.max(2, Math.ceil(RUNS * share * (SHARE_OF_RUNS[url] ?? 1))),
  endOnFailure: false,
});

type Json = Record<string, unknown>;
type Caller = Role | 'anonymous';

let t: TestApp;
let f: PeopleFixture;
/** Real ids for path parameters, by `${url} ${name}`. */
const ids: Record<string, string> = {};
const sessions = new Map<Caller, Record<string, string>>();

beforeAll(async () => {
  t = await buildTestApp({ as: null });
  const db = t.database.db;
  for (const role of ['admin', 'manager', 'funder'] as const) {
    sessions.set(role, await t.sessionOf(role));
  }
  sessions.set('anonymous', {});
  f = await makePeople(db);
  const manager = sessions.get('manager')!;
  const admin = sessions.get('admin')!;
  const call = async (opts: InjectOptions, headers = manager) => {
    const res = await t.anonymous({ ...opts, headers: { ...headers, ...opts.headers } });
    if (res.statusCode >= 300) throw new Error(`seeding ${urlOf(opts)}: ${res.body}`);
    return res.json<Json>();
  };

  const imported = await call({
    method: 'POST',
    url: '/api/imports',
    ...multipartOf([
      {
        kind: 'file',
        name: 'file',
        filename: 'zoom.csv',
        bytes: fixtureBytes('zoom-webinar-attendee-2025.csv'),
      },
    ]),
  });
  const importId = (imported.imports as Array<{ importId: number }>)[0]!.importId;
  const share = await call({
    method: 'POST',
    url: '/api/share-links',
    payload: {
      label: 'fuzz',
      from: '2024-01-01',
      to: '2025-01-01',
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    },
  });
  const openLink = await call({
    method: 'POST',
    url: `/api/webinars/${f.webinars.march}/open-links`,
    payload: { wave: 'post' },
  });
  // Someone the fuzzed PATCH /api/users/:id may change without locking the test's own users out.
  const user = await call(
    {
      method: 'POST',
      url: '/api/users',
      payload: {
        email: 'fuzzed@test.example.org',
        name: 'Fuzzed',
        role: 'funder',
        password: TEST_PASSWORD,
      },
    },
    admin,
  );
  const token = randomBytes(18).toString('base64url');
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    values (${token}, ${f.webinars.june}, ${f.people.joseToo}, 'post',
            (select max(v.id) from survey_version v join survey s on s.id = v.survey_id
             where s.kind = 'post'),
            'en', now() + interval '30 days')
  `.execute(db);
  const survey = await db.selectFrom('survey').select('id').orderBy('id').executeTakeFirstOrThrow();

  Object.assign(ids, {
    '/api/users/:id id': String((user.user as { id: number } | undefined)?.id ?? user.id),
    '/api/share-links/:id/views id': String((share.link as { id: number }).id),
    '/api/share-links/:id/revoke id': String((share.link as { id: number }).id),
    '/api/webinars/:id id': String(f.webinars.march),
    '/api/webinars/:id/speakers id': String(f.webinars.march),
    '/api/webinars/:id/invitations id': String(f.webinars.june),
    '/api/webinars/:id/open-links id': String(f.webinars.june),
    '/api/participants/:id id': String(f.people.jose),
    '/api/responses/:token token': token,
    '/api/open-links/:id/revoke id': String(
      (openLink.link as { id: number } | undefined)?.id ?? openLink.id,
    ),
    '/api/surveys/:id id': String(survey.id),
    '/api/surveys/:id/versions/:version id': String(survey.id),
    '/api/surveys/:id/versions/:version version': '1',
    '/api/impact/testimonials/:responseId/approval responseId': String(f.responses.josePost),
    '/api/imports/:id id': String(importId),
    '/api/imports/:id/undo id': String(importId),
    '/api/breakdown/:dimension dimension': 'country',
    '/api/impact/breakdown/:dimension dimension': 'sector',
    '/api/docs/static/* *': 'index.html',
  });
}, 240_000);
afterAll(async () => {
  await t?.close();
});

// ---------------------------------------------------------------------------------------------
// What every answer must be

/** Messages that say nothing about what was wrong. */
const VAGUE =
  /^(bad request|client error|error|unsupported media type|invalid value|invalid input|something went wrong.*|undefined|null|\[object object\])$/i;

interface Outcome {
  statusCode: number;
  body: string;
  headers: Record<string, unknown>;
}

/** Throws (failing the property) unless the answer is a success or a clear 4xx. */
function checkAnswer(what: string, res: Outcome, allow: { importFailures?: boolean } = {}) {
  const test = expect.getState().currentTestName ?? '?';
  const counts = (tally[test] ??= {});
  const kind = res.statusCode < 400 ? '2xx' : String(res.statusCode);
  counts[kind] = (counts[kind] ?? 0) + 1;
  const where = `${what} → ${res.statusCode} ${res.body.slice(0, 400)}`;
  if (res.statusCode >= 500) throw new Error(`server error: ${where}`);
  if (res.statusCode < 400) return;
  const header = res.headers['content-type'];
  const type = typeof header === 'string' ? header : '';
  if (!type.startsWith('application/json')) throw new Error(`4xx not JSON: ${where}`);
  let body: Json;
  try {
    body = JSON.parse(res.body) as Json;
  } catch {
    throw new Error(`4xx body not JSON: ${where}`);
  }
  // An import of files that all failed answers 422 with each file's summary and reason.
  if (allow.importFailures && res.statusCode === 422 && Array.isArray(body.imports)) {
    for (const summary of body.imports as Json[]) {
      if (typeof summary.message !== 'string' || summary.message.length < 8) {
        throw new Error(`failed import without a reason: ${where}`);
      }
    }
    return;
  }
  if (body.statusCode !== res.statusCode || typeof body.error !== 'string') {
    throw new Error(`4xx not in the error shape: ${where}`);
  }
  const message = body.message;
  if (typeof message !== 'string' || message.trim().length < 8 || VAGUE.test(message.trim())) {
    throw new Error(`4xx without a clear message: ${where}`);
  }
  messages.add(`${res.statusCode} ${message.slice(0, 160)}`);
}

/** Every distinct 4xx message seen, for RIPPLE_FUZZ_MESSAGES=1 to print and read. */
const messages = new Set<string>();
/** Answers by test and status class, and time by route: how far the input got, and at what cost. */
const tally: Record<string, Record<string, number>> = {};
const timeByRoute: Record<string, number> = {};
afterAll(() => {
  if (!process.env.RIPPLE_FUZZ_MESSAGES) return;
  console.log([...messages].sort().join('\n'));
  console.log(tally);
  console.log(
    Object.entries(timeByRoute)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15),
  );
});

/** The app answers, and the shared sessions still work: a walk that lost them would pass on 401s. */
async function stillUp() {
  const res = await t.anonymous({ method: 'GET', url: '/api/health' });
  expect(res.statusCode).toBe(200);
  for (const role of ['admin', 'manager', 'funder'] as const) {
    const session = await t.anonymous({ url: '/api/session', headers: sessions.get(role) });
    expect({ role, status: session.statusCode }).toEqual({ role, status: 200 });
  }
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const NASTY_TEXT = [
  '',
  ' ',
  '0',
  '-1',
  '-0',
  '1.5',
  '1e3',
  '1e309',
  'NaN',
  'Infinity',
  'null',
  'true',
  'undefined',
  '[]',
  '{}',
  '2147483647',
  '2147483648',
  '4294967296',
  '9007199254740993',
  '9223372036854775807',
  '9223372036854775808',
  '-9223372036854775809',
  '99999999999999999999999999999',
  '0x1F',
  '٣',
  '１',
  '\u0000',
  '%',
  '..',
  '../../etc/passwd',
  'é',
  'ÿ',
  '😀',
  '\uD800',
  '<script>alert(1)</script>',
  "'; drop table participant; --",
  '1970-01-01',
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '2024-02-30',
  '2024-13-01',
  '275760-09-13',
  '2025-03-04T15:00:00Z',
  '2025-03-04T15:00:00+99:00',
  '-infinity',
  'infinity',
  'epoch',
  'Europe/Nowhere',
  'UTC',
  'America/New_York',
  'posix/Europe/Paris',
  'Etc/GMT+14',
  '+99:00',
  'EN',
  'en',
  'zz',
  'xx',
  'ZZ',
  'post',
  'followup',
];

const nastyText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_TEXT), weight: 6 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 1 },
  { arbitrary: fc.bigInt(-(2n ** 80n), 2n ** 80n).map(String), weight: 1 },
  { arbitrary: fc.double().map(String), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'é', '1', '%41'), fc.integer({ min: 100, max: 20_000 }))
      .map(([c, n]) => c.repeat(n)),
    weight: 1,
  },
);

const nastyJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: nastyText, weight: 4 },
  {
    arbitrary: fc.constantFrom(
      null,
      true,
      false,
      0,
      -1,
      -0,
      1.5,
      2 ** 31,
      2 ** 53,
      2 ** 63,
      -(2 ** 63),
      1e308,
      [],
      {},
      [null],
      { '': null },
      { __proto__: { polluted: 1 } },
    ),
    weight: 3,
  },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  {
    arbitrary: fc.integer({ min: 1, max: 3_000 }).map((depth) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
      return value;
    }),
    weight: 1,
  },
);

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

const dateArb = fc
  .date({ min: new Date('2019-01-01'), max: new Date('2027-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

/**
 * A value a schema might accept: enumerations, dates, ids near the seeded ones and the
 * edges of each range, so that a good share of the calls get past validation to the handler.
 */
function plausible(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return nastyJson;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((s) => plausible(s, depth + 1)));
  if (schema.allOf?.length) return plausible(schema.allOf[0], depth + 1);
  const type = [schema.type].flat()[0];
  switch (type) {
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1_000;
      const max = schema.maximum ?? 1_000_000;
      return fc.oneof(
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom(min, max, min - 1, max + 1),
        fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }),
      );
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(plausible(schema.items, depth + 1), { maxLength: 4 });
    case 'object': {
      const properties = Object.entries(schema.properties ?? {});
      if (properties.length === 0)
        return fc.dictionary(fc.string({ maxLength: 10 }), nastyText, { maxKeys: 3 });
      return fc.record(
        Object.fromEntries(
          properties.map(([key, value]) => [
            key,
            fc.oneof(
              { arbitrary: plausible(value, depth + 1), weight: 4 },
              { arbitrary: nastyJson, weight: 1 },
            ),
          ]),
        ),
        { requiredKeys: [] },
      );
    }
    case 'string':
    default:
      if (schema.format === 'date') return dateArb.map((d) => d.slice(0, 10));
      if (schema.format === 'date-time') return dateArb;
      if (schema.format === 'email') return fc.emailAddress();
      return fc.oneof(fc.constantFrom('en', 'es', 'MX', 'Open data', 'a'), nastyText);
  }
}

/** Plausible values as a query string carries them (a list as repeated keys). */
function queryValues(schema: JsonSchema | undefined): fc.Arbitrary<string[]> {
  return plausible(schema).map((value) =>
    [value].flat().map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))),
  );
}

/** encodeURIComponent, with a lone surrogate (which it refuses) as the bytes CESU-8 would send. */
function encode(value: string): string {
  let out = '';
  for (const ch of value) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      out += '%ED%A0%80';
    }
  }
  return out;
}

/** A value for a URL: encoded, sometimes with a broken percent-escape inside. */
const BROKEN_ESCAPES = ['%', '%G1', '%FF', '%C3%28', '%ED%A0%80', '%E2%82', '%00', '%u0041', '%%'];
function encodedArb(value: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: value.map(encode), weight: 4 },
    {
      arbitrary: fc
        .tuple(value, fc.constantFrom(...BROKEN_ESCAPES), fc.nat())
        .map(([v, broken, at]) => {
          const encoded = encode(v);
          const i = encoded.length ? at % (encoded.length + 1) : 0;
          return encoded.slice(0, i) + broken + encoded.slice(i);
        }),
      weight: 1,
    },
  );
}

/** A random query string for a route: its own parameters mostly, with strays, repeats, junk. */
function queryArb(route: RegisteredRoute): fc.Arbitrary<string> {
  const properties = (route.schema?.querystring as JsonSchema | undefined)?.properties ?? {};
  const known = Object.keys(properties);
  const pairOfKnown = known.length
    ? fc
        .constantFrom(...known)
        .chain((key) =>
          fc
            .oneof(
              { arbitrary: queryValues(properties[key]), weight: 3 },
              { arbitrary: fc.array(nastyText, { minLength: 1, maxLength: 3 }), weight: 2 },
            )
            .chain((values) =>
              fc
                .tuple(...values.map((v) => encodedArb(fc.constant(v))))
                .map((encoded) => encoded.map((v) => `${key}=${v}`)),
            ),
        )
    : fc.constant([] as string[]);
  const stray = fc
    .tuple(
      fc.oneof(
        fc.constantFrom('zz', '', '__proto__', 'constructor', 'toString', 'limit[]', 'a[b]', 'a.b'),
        fc.string({ maxLength: 12 }).map(encode),
      ),
      encodedArb(nastyText),
    )
    .map(([k, v]) => [`${k}=${v}`]);
  const junk = fc.constantFrom(['&'], ['&&'], ['='], ['=x'], ['x'], ['%'], ['?'], ['#']);
  return fc
    .array(
      fc.oneof(
        { arbitrary: pairOfKnown, weight: known.length ? 8 : 0 },
        { arbitrary: stray, weight: 1 },
        { arbitrary: junk, weight: 1 },
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.flat().join('&'));
}

/** Path segments a path parameter should refuse (or not find), and the real one sometimes. */
const nastySegment: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '0',
      '-1',
      '00001',
      '1.0',
      '1e2',
      '0x1',
      '+1',
      '%201',
      '1%20',
      '2147483648',
      '9223372036854775807',
      '9223372036854775808',
      '18446744073709551616',
      '99999999999999999999999999',
      'NaN',
      'null',
      '..',
      '.',
      '%2e%2e',
      '..%2f..%2fetc',
      '%2F',
      '%00',
      '%FF',
      '%C3%28',
      '%E2%82',
      '%',
      '%%',
      encodeURIComponent('é'),
      encodeURIComponent('😀'),
      encodeURIComponent('٣'),
      encodeURIComponent('１'),
      'a'.repeat(5_000),
    ),
    weight: 4,
  },
  { arbitrary: encodedArb(nastyText), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 1 },
);

function pathArb(route: RegisteredRoute, fuzz: boolean): fc.Arbitrary<string> {
  const names = [...route.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  if (names.length === 0) return fc.constant(route.url);
  const real = (name: string) => ids[`${route.url} ${name}`] ?? '1';
  // The user the fuzz may change is the only one it may reach: a real id of another (the test's
  // own admin) could be disabled by a plausible body.
  const guarded = route.url === '/api/users/:id';
  return fc
    .tuple(
      ...names.map((name) =>
        fuzz
          ? fc.oneof(
              {
                arbitrary: nastySegment.filter((s) => !guarded || !/^\+?0*\d+$/.test(s)),
                weight: 5,
              },
              { arbitrary: fc.constant(real(name)), weight: 1 },
            )
          : fc.constant(real(name)),
      ),
    )
    .map((values) => {
      let url = route.url;
      names.forEach((name, i) => {
        url = url.replace(name === '*' ? '*' : `:${name}`, values[i]!);
      });
      return url;
    });
}

const callerArb = (route: RegisteredRoute): fc.Arbitrary<Caller> => {
  const access = route.access;
  const main: Caller = access === 'public' || access?.includes('manager') ? 'manager' : 'admin';
  return fc.oneof(
    { arbitrary: fc.constant(main), weight: 8 },
    { arbitrary: fc.constantFrom<Caller>('funder', 'anonymous'), weight: 1 },
  );
};

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-1000',
  'APPLICATION/JSON',
  'application/json, text/plain',
  'application/problem+json',
  'text/plain',
  'text/csv',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=xyz',
  'application/octet-stream',
  ';;;',
  'application/',
  '/',
  '*/*',
  'json',
  'a'.repeat(2_000),
];

const INVALID_JSON = [
  '{',
  '}',
  '{"a":',
  '[1,2',
  'undefined',
  "{'a':1}",
  '{"a":1}garbage',
  '{"a":1,}',
  '\uFEFF{}',
  'NaN',
  '   ',
  '\u0000',
  '{"__proto__":{"x":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '"' + 'x'.repeat(10_000),
  '['.repeat(5_000),
  '{"a":"\\ud800"}',
  '{"a":"\\u00"}',
  '1e999999',
];

/** A body for a route: mostly its own fields with odd values, sometimes not an object at all. */
function bodyArb(
  route: RegisteredRoute,
): fc.Arbitrary<{ payload: string | undefined; type?: string }> {
  const schema = route.schema?.body as JsonSchema | undefined;
  const json = (value: fc.Arbitrary<unknown>) =>
    value.map((v) => ({ payload: JSON.stringify(v) ?? 'null', type: 'application/json' }));
  return fc.oneof(
    { arbitrary: json(plausible(schema)), weight: schema ? 8 : 1 },
    {
      arbitrary: json(
        fc.oneof(
          nastyJson,
          plausible(schema).map((v) => [v]),
          plausible(schema).map((v) => ({ ...(v as object), zzExtra: 1 })),
          fc.nat({ max: 1_200_000 }).map((n) => ({ name: 'x'.repeat(n) })),
        ),
      ),
      weight: 3,
    },
    {
      arbitrary: fc
        .constantFrom(...INVALID_JSON)
        .map((p) => ({ payload: p, type: 'application/json' })),
      weight: 2,
    },
    { arbitrary: fc.constant({ payload: '', type: 'application/json' }), weight: 1 },
    {
      arbitrary: fc
        .tuple(json(plausible(schema)), fc.constantFrom(...CONTENT_TYPES))
        .map(([b, type]) => ({ ...b, type })),
      weight: 2,
    },
    { arbitrary: fc.constant({ payload: undefined }), weight: 1 },
  );
}

/** Header values as HTTP can carry them (Latin-1, no control characters). */
const headerText = fc
  .oneof(nastyText, fc.string({ unit: 'binary-ascii', maxLength: 40 }))
  .map((s) => s.replace(/[^\t\x20-\x7e\x80-\xff]/g, ''));

function headersArb(caller: Caller): fc.Arbitrary<Record<string, string>> {
  const own = sessions.get(caller) ?? {};
  const cookie = fc.oneof(
    fc.constant(own.cookie ?? ''),
    headerText,
    fc.constantFrom(
      ';;;',
      '=',
      'ripple_session=',
      'ripple_session=%',
      'ripple_session=%FF%FE',
      'ripple_session="unterminated',
      'ripple_session=a; ripple_session=b',
      'ripple_share=x',
      `ripple_session=${'a'.repeat(10_000)}`,
    ),
    headerText.map((junk) => `${own.cookie ?? ''}; ${junk}`),
  );
  return fc.record(
    {
      cookie,
      'x-csrf-token': fc.oneof(
        fc.constant(own['x-csrf-token'] ?? ''),
        headerText,
        fc.constant(`${own['x-csrf-token'] ?? ''}x`),
        fc.constant(`${own['x-csrf-token'] ?? ''}, ${own['x-csrf-token'] ?? ''}`),
      ),
      'accept-language': fc.oneof(
        headerText,
        fc.constantFrom('*', 'es-MX;q=2', 'en;q=abc', ',,,', 'x-klingon', 'es;q=0.9,en;q=NaN'),
      ),
      'content-type': fc.constantFrom(...CONTENT_TYPES),
      accept: fc.oneof(headerText, fc.constantFrom('application/pdf', 'text/html', '*/*;q=x')),
      'sec-fetch-site': fc.constantFrom('same-origin', 'cross-site', 'none', '???'),
      'x-forwarded-for': fc.constantFrom('not an address', '::1, ::1', '999.1.1.1'),
    },
    { requiredKeys: [] },
  );
}

const urlOf = (opts: InjectOptions) => (typeof opts.url === 'string' ? opts.url : '');

async function send(
  caller: Caller,
  opts: InjectOptions & { headers?: Record<string, string> },
): Promise<Outcome> {
  // Signing out ends the session it is sent with: the shared ones must live on.
  const signOut = opts.method === 'DELETE' && urlOf(opts).split('?')[0] === '/api/session';
  let own = sessions.get(caller)!;
  let headers = opts.headers ?? {};
  if (signOut && caller !== 'anonymous') {
    // A fresh session instead, also where the fuzzed headers carry the shared one's values.
    const shared = own;
    own = await freshSession(caller);
    headers = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        value
          .replaceAll(shared.cookie!, own.cookie!)
          .replaceAll(shared['x-csrf-token']!, own['x-csrf-token']!),
      ]),
    );
  }
  const started = performance.now();
  const res = await t.anonymous({ ...opts, headers: { ...own, ...headers } });
  const key = `${opts.method} ${urlOf(opts).split('?')[0]!.replace(/\/\d+/g, '/:n')}`;
  timeByRoute[key] = (timeByRoute[key] ?? 0) + performance.now() - started;
  return res;
}

let freshCount = 0;
async function freshSession(role: Role): Promise<Record<string, string>> {
  const response = await t.anonymous({
    method: 'POST',
    url: '/api/session',
    // Fuzzed sign-ins count against 127.0.0.1's failure limit; these come from elsewhere.
    remoteAddress: `10.1.${Math.floor(++freshCount / 250)}.${freshCount % 250}`,
    payload: { email: `${role}@test.example.org`, password: TEST_PASSWORD },
  });
  if (response.statusCode !== 200) throw new Error(`fresh session: ${response.body}`);
  return {
    cookie: response.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
    'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken,
  };
}

// ---------------------------------------------------------------------------------------------
// Multipart uploads

type Part =
  | { kind: 'file'; name: string; filename: string; bytes: Buffer; type?: string }
  | { kind: 'field'; name: string; value: string };

function multipartOf(parts: Part[], boundary = '----ripplefuzz') {
  const chunks = parts.flatMap((part) =>
    part.kind === 'file'
      ? [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\n` +
              `Content-Type: ${part.type ?? 'text/csv'}\r\n\r\n`,
          ),
          part.bytes,
          Buffer.from('\r\n'),
        ]
      : [
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`,
          ),
        ],
  );
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

const fileBytes: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  fc.uint8Array({ maxLength: 3_000 }).map((b) => Buffer.from(b)),
  // A CSV with random bytes in it, and a header row an importer would recognise.
  fc
    .tuple(
      fc.constantFrom(
        'Name,Email\r\n',
        'Attendee Details\r\nUser Name (Original Name),Email,Time in Session (minutes)\r\n',
        'Timestamp,Email address,How useful was the webinar?\r\n',
        '\uFEFF"Name";"Email"\n',
        '',
      ),
      fc.uint8Array({ maxLength: 2_000 }),
    )
    .map(([head, tail]) => Buffer.concat([Buffer.from(head), Buffer.from(tail)])),
  fc
    .array(fc.array(nastyText, { maxLength: 6 }), { maxLength: 20 })
    .map((rows) => Buffer.from(['Name,Email,Country', ...rows.map((r) => r.join(','))].join('\n'))),
  // Something that starts like a spreadsheet (a ZIP) and is not one.
  fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.concat([Buffer.from('PK\x03\x04'), b])),
  fc.constant(Buffer.from('\xFF\xFEN\x00a\x00m\x00e\x00', 'latin1')),
);

/** A real export with damage: bytes changed, cut short, lines doubled, random bytes let in. */
function damagedExport(bytes: Buffer): fc.Arbitrary<Buffer> {
  return fc.oneof(
    fc.constant(bytes),
    fc
      .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
      .map((flips) => {
        const copy = Buffer.from(bytes);
        for (const [at, value] of flips) copy[at % copy.length] = value;
        return copy;
      }),
    fc.nat().map((at) => bytes.subarray(0, at % bytes.length)),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 200 })).map(([at, junk]) => {
      const i = at % bytes.length;
      return Buffer.concat([bytes.subarray(0, i), Buffer.from(junk), bytes.subarray(i)]);
    }),
    fc.tuple(fc.nat(), nastyText).map(([at, text]) => {
      const lines = bytes.toString('utf8').split('\n');
      const i = 1 + (at % Math.max(1, lines.length - 1));
      const cells = (lines[i] ?? '').split(',');
      cells[at % Math.max(1, cells.length)] = text;
      lines[i] = cells.join(',');
      return Buffer.from(lines.join('\n'));
    }),
  );
}

function partArb(
  fieldValues: Record<string, fc.Arbitrary<string>>,
  good: fc.Arbitrary<Buffer>,
): fc.Arbitrary<Part> {
  const fieldNames = Object.keys(fieldValues);
  const goodFile = good.map((bytes): Part => ({
    kind: 'file',
    name: 'file',
    filename: 'export.csv',
    bytes,
  }));
  const oddFile = fc.record({
    kind: fc.constant('file' as const),
    name: fc.constantFrom('file', 'files', 'upload', '', 'mapping', 'é'),
    filename: fc.constantFrom(
      'a.csv',
      'b.xlsx',
      '',
      '../../etc/passwd',
      'é😀.csv',
      'x'.repeat(300),
      'a.tsv',
    ),
    bytes: fileBytes,
    type: fc.constantFrom('text/csv', 'application/octet-stream', '', 'garbage'),
  });
  const field = fc.oneof(
    fieldNames.length
      ? fc
          .constantFrom(...fieldNames)
          .chain((name) =>
            fieldValues[name]!.map((value): Part => ({ kind: 'field', name, value })),
          )
      : fc.constant<Part>({ kind: 'field', name: 'x', value: 'y' }),
    fc
      .tuple(fc.constantFrom('x', '', 'file', 'webinarId[]', '__proto__'), nastyText)
      .map(([name, value]): Part => ({ kind: 'field', name, value })),
  );
  return fc.oneof(
    { arbitrary: goodFile, weight: 3 },
    { arbitrary: oddFile, weight: 1 },
    { arbitrary: field, weight: 1 },
  );
}

/** A multipart upload, mostly well-formed, sometimes cut short or with a lying boundary. */
function uploadArb(
  fieldValues: Record<string, fc.Arbitrary<string>>,
  good: fc.Arbitrary<Buffer>,
  fields: fc.Arbitrary<Part[]> = fc.constant([]),
  maxParts = 3,
) {
  return fc
    .tuple(
      fc
        .tuple(fields, fc.array(partArb(fieldValues, good), { minLength: 1, maxLength: maxParts }))
        .map(([a, b]) => [...a, ...b]),
      fc.constantFrom(
        'none',
        'none',
        'none',
        'truncate',
        'no-close',
        'wrong-boundary',
        'no-boundary',
        'lf-only',
      ),
      fc.nat(),
    )
    .map(([parts, damage, at]) => {
      const form = multipartOf(parts);
      let payload = form.payload;
      let type = form.headers['content-type'];
      if (damage === 'truncate') payload = payload.subarray(0, at % (payload.length + 1));
      if (damage === 'no-close')
        payload = payload.subarray(0, payload.length - '--\r\n'.length - 14);
      if (damage === 'wrong-boundary') type = 'multipart/form-data; boundary=----somethingelse';
      if (damage === 'no-boundary') type = 'multipart/form-data';
      if (damage === 'lf-only')
        payload = Buffer.from(payload.toString('latin1').replaceAll('\r\n', '\n'), 'latin1');
      return { parts, damage, payload, type };
    });
}

// ---------------------------------------------------------------------------------------------
// The walk

/** The API's routes, each method once; the documentation's static files are not ours. */
function apiRoutes(): RegisteredRoute[] {
  return t.routes.filter(
    (r) => r.url.startsWith('/api') && r.method !== 'HEAD' && !r.url.startsWith('/api/docs/static'),
  );
}
const hasBody = (r: RegisteredRoute) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
const MULTIPART = new Set([
  '/api/imports',
  '/api/feedback-imports',
  '/api/feedback-imports/preview',
]);

describe('bad input on every route', () => {
  it('walks enough of the route table to mean something', () => {
    expect(apiRoutes().length).toBeGreaterThan(60);
  });

  it(
    'answers random query strings with a success or a clear 4xx',
    async () => {
      let i = 0;
      for (const route of apiRoutes()) {
        await fc.assert(
          fc.asyncProperty(
            callerArb(route),
            pathArb(route, false),
            queryArb(route),
            bodyArb(route),
            async (caller, path, query, body) => {
              const url = query ? `${path}?${query}` : path;
              const res = await send(caller, {
                method: route.method,
                url,
                ...(hasBody(route) &&
                  !MULTIPART.has(route.url) && {
                    payload: body.payload,
                    headers: body.type ? { 'content-type': body.type } : {},
                  }),
              });
              checkAnswer(`${caller} ${route.method} ${url}`, res, { importFailures: true });
            },
          ),
          fcOptions(i++, route.url),
        );
      }
      await stillUp();
    },
    TIMEOUT,
  );

  it(
    'answers malformed path parameters with a clear 4xx',
    async () => {
      let i = 100;
      for (const route of apiRoutes().filter((r) => /[:*]/.test(r.url))) {
        await fc.assert(
          fc.asyncProperty(
            callerArb(route),
            pathArb(route, true),
            bodyArb(route),
            async (caller, url, body) => {
              const res = await send(caller, {
                method: route.method,
                url,
                ...(hasBody(route) && {
                  payload: body.payload,
                  headers: body.type ? { 'content-type': body.type } : {},
                }),
              });
              checkAnswer(`${caller} ${route.method} ${url}`, res);
            },
          ),
          fcOptions(i++, route.url),
        );
      }
      await stillUp();
    },
    TIMEOUT,
  );

  it(
    'answers random and malformed JSON bodies with a clear 4xx',
    async () => {
      let i = 200;
      for (const route of apiRoutes().filter((r) => hasBody(r) && !MULTIPART.has(r.url))) {
        await fc.assert(
          fc.asyncProperty(
            callerArb(route),
            pathArb(route, false),
            bodyArb(route),
            async (caller, url, body) => {
              const res = await send(caller, {
                method: route.method,
                url,
                payload: body.payload,
                headers: body.type ? { 'content-type': body.type } : {},
              });
              checkAnswer(
                `${caller} ${route.method} ${url} ${body.type ?? ''} ${String(body.payload).slice(0, 200)}`,
                res,
              );
            },
          ),
          fcOptions(i++, route.url),
        );
      }
      await stillUp();
    },
    TIMEOUT,
  );

  it(
    'answers malformed headers with a clear 4xx',
    async () => {
      let i = 300;
      for (const route of apiRoutes()) {
        const caller = callerArb(route);
        await fc.assert(
          fc.asyncProperty(
            caller.chain((c) => fc.tuple(fc.constant(c), headersArb(c))),
            pathArb(route, false),
            bodyArb(route),
            async ([c, headers], url, body) => {
              const res = await send(c, {
                method: route.method,
                url,
                ...(hasBody(route) && body.payload !== undefined && { payload: body.payload }),
                headers,
              });
              checkAnswer(
                `${c} ${route.method} ${url} ${JSON.stringify(headers).slice(0, 300)}`,
                res,
                {
                  importFailures: true,
                },
              );
            },
          ),
          fcOptions(i++, route.url, 0.5),
        );
      }
      await stillUp();
    },
    TIMEOUT,
  );
});

describe('bad uploads', () => {
  const attendanceExports = fc.oneof(
    damagedExport(fixtureBytes('zoom-webinar-attendee-2025.csv')),
    damagedExport(fixtureBytes('teams-attendance-2025.csv')),
  );
  const feedbackExport = damagedExport(
    readFileSync(new URL('./fixtures/feedback/google-forms-en.csv', import.meta.url)),
  );

  it(
    'answers broken uploads to the attendance import with a clear 4xx',
    async () => {
      const route = apiRoutes().find((r) => r.url === '/api/imports' && r.method === 'POST')!;
      const query = fc.oneof(
        {
          arbitrary: fc.constantFrom(
            '',
            'timeZone=America/Lima',
            'strict=true',
            `webinarId=${f.webinars.march}`,
            'format=generic&mapping=%7B%22Name%22%3A%22name%22%7D',
            'format=zoom_webinar_attendee',
            'dateOrder=dmy&language=es',
          ),
          weight: 3,
        },
        { arbitrary: queryArb(route), weight: 1 },
      );
      await fc.assert(
        fc.asyncProperty(
          uploadArb({ timeZone: fc.constantFrom('UTC', 'Nowhere/Else') }, attendanceExports),
          query,
          fc.boolean(),
          async (upload, query, dryRun) => {
            const url = `/api/imports?${dryRun ? 'dryRun=true&' : ''}${query}`;
            const res = await send('manager', {
              method: 'POST',
              url,
              payload: upload.payload,
              headers: { 'content-type': upload.type },
            });
            checkAnswer(`POST ${url} ${upload.damage} ${describeParts(upload.parts)}`, res, {
              importFailures: true,
            });
          },
        ),
        fcOptions(400),
      );
      await stillUp();
    },
    TIMEOUT,
  );

  it(
    'answers broken uploads to the feedback preview and import with a clear 4xx',
    async () => {
      const good = {
        webinarId: f.webinars.june,
        wave: 'post',
        columns: GOOGLE_FORMS_COLUMNS,
        emailColumn: 'Email address',
        submittedAtColumn: 'Timestamp',
        timeZone: 'America/New_York',
      };
      // The mapping that imports the Google Forms export, with one field changed or dropped.
      const mapping = fc.oneof(
        { arbitrary: fc.constant(JSON.stringify(good)), weight: 2 },
        {
          arbitrary: fc
            .tuple(
              fc.constantFrom(
                ...Object.keys(good),
                'language',
                'dateOrder',
                'languageColumn',
                'zz',
              ),
              fc.oneof(nastyJson, fc.constant(undefined)),
            )
            .map(([key, value]) => JSON.stringify({ ...good, [key]: value })),
          weight: 4,
        },
        {
          arbitrary: fc
            .tuple(fc.constantFrom(...Object.keys(GOOGLE_FORMS_COLUMNS)), nastyText, nastyText)
            .map(([column, key, extra]) =>
              JSON.stringify({
                ...good,
                columns: { ...GOOGLE_FORMS_COLUMNS, [column]: key, [extra]: 'comments' },
              }),
            ),
          weight: 2,
        },
        { arbitrary: nastyText, weight: 1 },
        { arbitrary: fc.constantFrom(...INVALID_JSON), weight: 1 },
      );
      const fieldValues = {
        webinarId: fc.oneof(
          { arbitrary: fc.constant(String(f.webinars.june)), weight: 3 },
          { arbitrary: nastyText, weight: 1 },
        ),
        wave: fc.oneof(
          { arbitrary: fc.constantFrom('post', 'followup'), weight: 3 },
          { arbitrary: nastyText, weight: 1 },
        ),
        mapping,
      };
      // The fields a request needs, first, mostly right; then more parts.
      const fields = fc
        .tuple(
          fieldValues.webinarId,
          fieldValues.wave,
          mapping,
          fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, fc.constant(false)),
        )
        .map(([webinarId, wave, m, all]): Part[] =>
          all
            ? [
                { kind: 'field', name: 'webinarId', value: webinarId },
                { kind: 'field', name: 'wave', value: wave },
                { kind: 'field', name: 'mapping', value: m },
              ]
            : [],
        );
      let i = 410;
      for (const url of ['/api/feedback-imports/preview', '/api/feedback-imports']) {
        await fc.assert(
          fc.asyncProperty(uploadArb(fieldValues, feedbackExport, fields, 2), async (upload) => {
            const res = await send('manager', {
              method: 'POST',
              url,
              payload: upload.payload,
              headers: { 'content-type': upload.type },
            });
            checkAnswer(`POST ${url} ${upload.damage} ${describeParts(upload.parts)}`, res);
          }),
          fcOptions(i++, url, 2),
        );
      }
      await stillUp();
    },
    TIMEOUT,
  );
});

const GOOGLE_FORMS_COLUMNS = {
  'Overall, how satisfied are you with this webinar?': 'satisfaction',
  'How relevant was the webinar to your work?': 'relevance',
  'How likely are you to recommend these webinars to a colleague?': 'recommend',
  'How do you plan to use what you learned?': 'intended_use',
  'Any comments on the webinar?': 'comments',
  'May we quote your answers, with your first name, initial and country?': 'consent_quote',
};

function describeParts(parts: Part[]): string {
  return JSON.stringify(
    parts.map((p) =>
      p.kind === 'file'
        ? {
            file: p.name,
            filename: p.filename.slice(0, 40),
            bytes: p.bytes.toString('latin1').slice(0, 60),
          }
        : { field: p.name, value: p.value.slice(0, 120) },
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// What only a real socket can send

describe('malformed HTTP on a real socket', () => {
  let server: FastifyInstance;
  let port: number;
  beforeAll(async () => {
    server = Fastify({ ...fastifyOptions(), logger: false });
    await server.register(app, { database: t.database });
    await server.listen({ port: 0, host: '127.0.0.1' });
    port = (server.server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await server?.close();
  });

  /**
   * Sends raw bytes and resolves with the answer's status, headers and body once it has arrived
   * whole. The socket stays open for writing unless `endAfter` (a body shorter than its
   * Content-Length is only noticed when the client stops sending).
   */
  function raw(
    request: string | Buffer,
    what: string,
    endAfter = false,
  ): Promise<{ status: number; headers: string; body: string }> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let received = '';
      let done = false;
      const parse = () => {
        const match = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(received);
        if (!match) return null;
        const length = /content-length: (\d+)/i.exec(match[2]!);
        const complete = length
          ? Buffer.byteLength(match[3]!, 'latin1') >= Number(length[1])
          : /\r\n0\r\n\r\n$/.test(match[3]!);
        return { complete, status: Number(match[1]), headers: match[2]!, body: match[3]! };
      };
      const finish = () => {
        if (done) return;
        done = true;
        socket.destroy();
        const answer = parse();
        if (answer) resolve(answer);
        else
          reject(new Error(`${what}: no HTTP answer: ${JSON.stringify(received.slice(0, 200))}`));
      };
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        if (parse()?.complete) finish();
      });
      socket.on('error', () => undefined);
      socket.on('close', finish);
      socket.setTimeout(10_000, finish);
      if (endAfter) socket.end(request);
      else socket.write(request);
    });
  }

  const manager = () => sessions.get('manager')!;
  const head = (line: string, headers: string[]) =>
    `${line}\r\nHost: localhost\r\nConnection: close\r\nCookie: ${manager().cookie}\r\n` +
    `X-CSRF-Token: ${manager()['x-csrf-token']}\r\n${headers.map((h) => `${h}\r\n`).join('')}\r\n`;

  /** What `check` found wrong, as a list, so one run shows every case. */
  function problems(check: () => void): string[] {
    try {
      check();
      return [];
    } catch (error) {
      return [(error as Error).message];
    }
  }

  function checkRaw(what: string, res: { status: number; headers: string; body: string }) {
    const type = /content-type: ([^\r]*)/i.exec(res.headers)?.[1] ?? '';
    // Chunked bodies: take the JSON out of the chunk framing.
    const body = /transfer-encoding: chunked/i.test(res.headers)
      ? res.body.replace(/^[0-9a-f]+\r\n/i, '').replace(/\r\n0\r\n\r\n$/, '')
      : res.body;
    checkAnswer(what, { statusCode: res.status, body, headers: { 'content-type': type } });
  }

  it('answers an absurd or lying Content-Length with a clear 4xx, and 413 when it is too large', async () => {
    const cases: Array<[string, string[], string, number]> = [
      [
        'huge',
        ['Content-Type: application/json', 'Content-Length: 99999999999999999999'],
        '{}',
        400,
      ],
      [
        '2^63',
        ['Content-Type: application/json', 'Content-Length: 9223372036854775808'],
        '{}',
        413,
      ],
      ['over the limit', ['Content-Type: application/json', 'Content-Length: 5000000'], '{}', 413],
      ['negative', ['Content-Type: application/json', 'Content-Length: -1'], '{}', 400],
      ['not a number', ['Content-Type: application/json', 'Content-Length: abc'], '{}', 400],
      [
        'two different',
        ['Content-Type: application/json', 'Content-Length: 2', 'Content-Length: 3'],
        '{}',
        400,
      ],
      [
        'with chunked',
        ['Content-Type: application/json', 'Content-Length: 2', 'Transfer-Encoding: chunked'],
        '{}',
        400,
      ],
      [
        'longer than sent',
        ['Content-Type: application/json', 'Content-Length: 100'],
        '{"code":"a"}',
        400,
      ],
    ];
    const wrong: string[] = [];
    for (const [what, headers, body, status] of cases) {
      const res = await raw(
        head('POST /api/series HTTP/1.1', headers) + body,
        what,
        what === 'longer than sent',
      );
      wrong.push(...problems(() => checkRaw(`Content-Length ${what}`, res)));
      if (res.status !== status) wrong.push(`Content-Length ${what}: ${res.status}, not ${status}`);
    }
    expect(wrong).toEqual([]);
    await stillUp();
  });

  it('answers 413 to a chunked JSON body past the limit, and stores nothing', async () => {
    const chunk = `{"code":"big","name":"${'x'.repeat(1_200_000)}"}`;
    const res = await raw(
      head('POST /api/series HTTP/1.1', [
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
      ]) + `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
      'chunked',
    );
    checkRaw('chunked', res);
    expect(res.status).toBe(413);
    const stored = await t.database.db
      .selectFrom('series')
      .select('code')
      .where('code', '=', 'big')
      .execute();
    expect(stored).toEqual([]);
  });

  it('answers malformed requests with a clear 4xx', async () => {
    const cases: Array<[string, string]> = [
      [
        'bad chunk size',
        head('POST /api/series HTTP/1.1', [
          'Content-Type: application/json',
          'Transfer-Encoding: chunked',
        ]) + 'zz\r\n{}\r\n0\r\n\r\n',
      ],
      ['bad header name', head('GET /api/overview HTTP/1.1', ['Bad Header: x'])],
      ['control character in a header', head('GET /api/overview HTTP/1.1', ['X-Thing: a\u0001b'])],
      ['bad method', head('FR🙂B /api/overview HTTP/1.1', [])],
      ['bad version', head('GET /api/overview HTTP/9.9', [])],
      ['space in the path', head('GET /api/webinars/1 2 HTTP/1.1', [])],
      ['invalid UTF-8 in the path', head('GET /api/webinars/%FF%FE HTTP/1.1', [])],
      ['invalid UTF-8 in the query', head('GET /api/participants?q=%C3%28%FF HTTP/1.1', [])],
      ['raw bytes in the path', head('GET /api/webinars/\xff\xfe HTTP/1.1', [])],
      ['headers too large', head('GET /api/overview HTTP/1.1', [`X-Big: ${'a'.repeat(20_000)}`])],
      ['bare LF', 'GET /api/overview HTTP/1.1\nHost: localhost\nConnection: close\n\n'],
      ['garbage', '\u0000\u0001\u0002 not http at all\r\n\r\n'],
    ];
    const wrong: string[] = [];
    for (const [what, request] of cases) {
      const res = await raw(Buffer.from(request, 'latin1'), what);
      wrong.push(...problems(() => checkRaw(what, res)));
    }
    expect(wrong).toEqual([]);
    await stillUp();
  });
});

// Each case below is one the walk above found answering 500 or an unclear 4xx, kept as it was
// found so that it fails plainly if the fix is undone.
describe('what the fuzz found', () => {
  const manager = (opts: InjectOptions) =>
    t.anonymous({ ...opts, headers: { ...sessions.get('manager'), ...opts.headers } });
  const count = async (table: 'series' | 'data_import') =>
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('refuses a NUL character in a query or body with where it was (was 500)', async () => {
    const search = await manager({ method: 'GET', url: '/api/participants?q=%00es' });
    expect(search.statusCode).toBe(400);
    expect(search.json().message).toBe(
      'querystring/q contains a NUL character (\\u0000), which text cannot hold',
    );
    const before = await count('series');
    const created = await manager({
      method: 'POST',
      url: '/api/series',
      payload: { code: 'nul', name: 'Open\u0000data' },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().message).toBe(
      'body/name contains a NUL character (\\u0000), which text cannot hold',
    );
    expect(await count('series')).toBe(before);
  });

  it('answers a multipart body cut short or without a boundary with 400 (was 500)', async () => {
    const before = await count('data_import');
    const cut = await manager({
      method: 'POST',
      url: '/api/imports',
      payload: '--',
      headers: { 'content-type': 'multipart/form-data; boundary=----ripplefuzz' },
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().message).toMatch(/^The upload ended before its closing boundary/);
    for (const url of ['/api/imports', '/api/feedback-imports/preview', '/api/feedback-imports']) {
      const res = await manager({
        method: 'POST',
        url,
        payload: '------ripplefuzz--\r\n',
        headers: { 'content-type': 'multipart/form-data' },
      });
      expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
      expect(res.json().message).toMatch(/^The upload is multipart\/form-data without a boundary/);
    }
    expect(await count('data_import')).toBe(before);
  });

  it('reads a UTF-16 export that lost its byte-order mark, and NULs in any file (was 500)', async () => {
    const teams = fixtureBytes('teams-attendance-2025.csv');
    expect([...teams.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const dryRun = async (bytes: Buffer) => {
      const res = await manager({
        method: 'POST',
        url: '/api/imports?dryRun=true',
        ...multipartOf([{ kind: 'file', name: 'file', filename: 'teams.csv', bytes }]),
      });
      return { status: res.statusCode, body: res.json<Json>() };
    };
    const withMark = await dryRun(teams);
    const without = await dryRun(teams.subarray(2));
    expect(without.status).toBe(withMark.status);
    expect((without.body.imports as Json[])[0]!.counts).toEqual(
      (withMark.body.imports as Json[])[0]!.counts,
    );
    // The mark damaged, not removed: still no 500, and a failure says why.
    const damaged = await dryRun(Buffer.concat([Buffer.from('\uFFFD\uFFFD'), teams.subarray(2)]));
    expect(damaged.status).toBeLessThan(500);
    // NUL bytes in a UTF-8 file are dropped, not sent to the database.
    const nul = await dryRun(
      Buffer.from(
        'Attendee Details\r\nUser Name (Original Name),Email,Time in Session (minutes)\r\n' +
          'Ana\u0000 Pérez,ana@example.org,45\r\n',
      ),
    );
    expect(nul.status).toBeLessThan(500);
  });

  it('refuses Infinity and out-of-range offsets naming the parameter (was "Invalid value")', async () => {
    const cases: Array<[string, string]> = [
      ['/api/webinars/Infinity', 'params/id must be <= 2147483647'],
      ['/api/imports/-Infinity', 'params/id must be >= 1'],
      ['/api/imports?limit=Infinity', 'querystring/limit must be <= 200'],
      ['/api/overview?series=Infinity', 'querystring/series/0 must be <= 2147483647'],
      ['/api/imports?offset=Infinity', 'querystring/offset must be <= 10000000'],
      ['/api/webinars?offset=99999999999999999999', 'querystring/offset must be <= 10000000'],
      ['/api/invitations?offset=Infinity', 'querystring/offset must be <= 10000000'],
      ['/api/breakdown/country?offset=1e20', 'querystring/offset must be <= 10000000'],
    ];
    for (const [url, message] of cases) {
      const res = await manager({ method: 'GET', url });
      expect({ url, status: res.statusCode, message: res.json().message }).toEqual({
        url,
        status: 400,
        message,
      });
    }
  });

  it('says which Content-Type an endpoint reads when it gets another (was "Unsupported Media Type")', async () => {
    const json = await manager({
      method: 'POST',
      url: '/api/series',
      payload: 'code,name\nx,y',
      headers: { 'content-type': 'text/csv' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().message).toBe(
      'This endpoint reads application/json, not a body of Content-Type "text/csv".',
    );
    const upload = await manager({
      method: 'POST',
      url: '/api/imports',
      payload: 'x',
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(upload.statusCode).toBe(415);
    expect(upload.json().message).toBe(
      'This endpoint reads multipart/form-data, not a body of Content-Type "application/octet-stream".',
    );
  });
});
