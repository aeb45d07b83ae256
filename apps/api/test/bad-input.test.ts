import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type SessionHeaders, type TestApp } from './helpers.js';
import { fixtureBytes } from './import/fixtures.js';

// Bad input: cases that answered 500 or an unclear 4xx, each kept as it was found so that it
// fails plainly if its fix is undone.

type Json = Record<string, unknown>;

let t: TestApp;
let session: SessionHeaders;
beforeAll(async () => {
  t = await buildTestApp({ as: null });
  session = await t.sessionOf('manager');
});
afterAll(async () => {
  await t?.close();
});

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
