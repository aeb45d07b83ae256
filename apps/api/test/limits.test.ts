import type { ServerOptions } from 'node:http';
import { connect, type Socket } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { RippleDatabase } from '@ripple/db';
import { createTestDatabase } from '@ripple/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import app from '../src/app.js';
import {
  DEFAULT_MAX_UPLOAD_BYTES,
  fastifyOptions,
  requestTimeoutFor,
} from '../src/fastify-options.js';
import { buildTestApp, type TestApp } from './helpers.js';

// Body and upload limits answer 413 with what was too large, and store nothing; a request whose
// body stalls or never ends is cut off by the server's timeouts, checked on a real socket.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

const countSeries = async (database: RippleDatabase) =>
  (
    await database.db
      .selectFrom('series')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;

/** multipart/form-data with `fields` text fields and `files` small CSV files. */
function form(fields: number, files: number) {
  const boundary = '----ripplelimits';
  const parts: string[] = [];
  for (let i = 0; i < fields; i++) {
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`);
  }
  for (let i = 0; i < files; i++) {
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a${i}.csv"\r\n` +
        `Content-Type: text/csv\r\n\r\nName,Email\r\nAna,ana${i}@example.org\r\n\r\n`,
    );
  }
  parts.push(`--${boundary}--\r\n`);
  return {
    payload: parts.join(''),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('body size limit', () => {
  it('refuses a JSON body over 1 MiB with a 413 that says the limit, and stores nothing', async () => {
    const before = await countSeries(t.database);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/series',
      payload: { code: 'big', name: 'x'.repeat(1_100_000) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'The request body is larger than the limit of 1 MiB; nothing was stored.',
    });
    expect(await countSeries(t.database)).toBe(before);
    // Just under the limit the same route answers on the content (the name is too long).
    const under = await t.app.inject({
      method: 'POST',
      url: '/api/series',
      payload: { code: 'big', name: 'x'.repeat(1_000_000) },
    });
    expect(under.statusCode).toBe(400);
    expect(under.json().message).toMatch(/name/);
  });
});

describe('upload limits', () => {
  it('refuses more files than an import takes, and imports none of them', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/imports', ...form(0, 21) });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe(
      'The upload has more files than this endpoint takes in one request; nothing was imported.',
    );
    const history = await t.app.inject({ url: '/api/imports' });
    expect(history.json().total).toBe(0);
  });

  it('refuses more form fields than an import takes', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/imports', ...form(21, 1) });
    expect(res.statusCode).toBe(413);
    expect(res.json().message).toBe(
      'The upload has more form fields than this endpoint takes; nothing was imported.',
    );
    expect((await t.app.inject({ url: '/api/imports' })).json().total).toBe(0);
  });

  it('refuses more form fields than a feedback import takes, and an oversized field', async () => {
    const many = await t.app.inject({
      method: 'POST',
      url: '/api/feedback-imports/preview',
      ...form(11, 1),
    });
    expect(many.statusCode).toBe(413);
    expect(many.json().message).toMatch(/more form fields than this endpoint takes/);

    const boundary = '----ripplefield';
    const long = await t.app.inject({
      method: 'POST',
      url: '/api/feedback-imports/preview',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload:
        `--${boundary}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n${'{'.repeat(100_001)}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nx\r\n` +
        `--${boundary}--\r\n`,
    });
    expect(long.statusCode).toBe(413);
    expect(long.json().message).toBe(
      'The field mapping is larger than the limit of 100,000 bytes; nothing was imported.',
    );
  });
});

describe('timeouts', () => {
  it('gives a 200 MiB import the time to arrive at 0.5 Mbit/s', () => {
    const seconds = (DEFAULT_MAX_UPLOAD_BYTES * 8) / 500_000;
    expect(fastifyOptions().requestTimeout).toBe(requestTimeoutFor(DEFAULT_MAX_UPLOAD_BYTES));
    expect(fastifyOptions().requestTimeout).toBeGreaterThanOrEqual(seconds * 1_000);
    // An idle connection is cut long before that, a stalled body too (below).
    expect(fastifyOptions().connectionTimeout).toBeLessThan(fastifyOptions().requestTimeout!);
    expect(requestTimeoutFor(1_024)).toBe(5 * 60_000);
  });

  let database: RippleDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  /** The real app, listening on a free loopback port, with the given options. */
  async function listening(
    options: FastifyServerOptions,
    http: ServerOptions = {},
  ): Promise<FastifyInstance> {
    const server = Fastify({ ...fastifyOptions(options), http, logger: false });
    await server.register(app, { database });
    await server.listen({ port: 0, host: '127.0.0.1' });
    return server;
  }

  /** Opens a socket, sends `head`, and resolves with everything received until it closes. */
  function rawRequest(server: FastifyInstance, head: string, drip?: (socket: Socket) => void) {
    const address = server.server.address();
    if (typeof address !== 'object' || !address) throw new Error('not listening');
    const socket = connect(address.port, '127.0.0.1');
    const started = Date.now();
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    socket.write(head);
    drip?.(socket);
    return new Promise<{ received: string; ms: number }>((resolve) => {
      socket.on('error', () => undefined);
      socket.on('close', () => resolve({ received, ms: Date.now() - started }));
    });
  }

  // The survey answer route: public, so the body is read without a session (a signed-in
  // route would refuse at once, before reading the body).
  const postHead = (length: number) =>
    `POST /api/responses/${'A'.repeat(22)} HTTP/1.1\r\nHost: localhost\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
  const countResponses = async () =>
    (
      await database.db
        .selectFrom('survey_response')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('closes a connection whose body stops arriving, storing nothing', async () => {
    const server = await listening({ connectionTimeout: 300 });
    try {
      const before = await countResponses();
      const { received, ms } = await rawRequest(server, `${postHead(200)}{"answers":{`);
      expect(received).toBe('');
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(10_000);
      expect(await countResponses()).toBe(before);
    } finally {
      await server.close();
    }
  });

  it('answers 408 to a body that keeps trickling in past the request timeout', async () => {
    // Node checks request deadlines every connectionsCheckingInterval (30 s by default), and
    // only while headersTimeout (60 s by default, below the real request timeout) is the shorter.
    const server = await listening(
      { requestTimeout: 500 },
      { connectionsCheckingInterval: 50, headersTimeout: 400 },
    );
    let timer: NodeJS.Timeout | undefined;
    try {
      const before = await countResponses();
      const { received, ms } = await rawRequest(server, postHead(10_000), (socket) => {
        // One byte every 100 ms: never idle, never finished.
        timer = setInterval(() => socket.writable && socket.write(' '), 100);
      });
      expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
      expect(ms).toBeGreaterThanOrEqual(450);
      expect(ms).toBeLessThan(10_000);
      expect(await countResponses()).toBe(before);
    } finally {
      clearInterval(timer);
      await server.close();
    }
  });
});
