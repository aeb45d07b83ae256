import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type SessionHeaders, type TestApp } from './helpers.js';

// Bad input: cases that answered 500 or an unclear 4xx, each kept as it was found so that it
// fails plainly if its fix is undone.

let t: TestApp;
let session: SessionHeaders;
beforeAll(async () => {
  t = await buildTestApp({ as: null });
  session = await t.sessionOf('manager');
});
afterAll(async () => {
  await t?.close();
});

describe('what the fuzz found', () => {
  const manager = (opts: InjectOptions) =>
    t.anonymous({ ...opts, headers: { ...session, ...opts.headers } });
  const count = async (table: 'series' | 'data_import') =>
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

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
});
