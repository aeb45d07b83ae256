import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedWindowLimiter } from '../src/surveys/rate-limit.js';
import { buildTestApp, type TestApp } from './helpers.js';
import { attendee, makeWebinar, withInstruments } from './surveys/fixtures.js';

// Open links for webinars whose attendees are unknown: the same respondent endpoints as a
// personal link, but every submission a new response; a honeypot field; a per-address limit
// that personal links never meet; revoking.

let t: TestApp;
let webinarId: number;

beforeAll(async () => {
  t = await buildTestApp({
    surveys: { publicUrl: 'https://ripple.example.org', mail: null },
    openLinkRateLimit: { max: 3, windowMs: 60_000 },
  });
  await withInstruments(t.database.db);
  webinarId = (await makeWebinar(t.database.db, { language: 'es', title: 'Datos abiertos' })).id;
});
afterAll(async () => {
  await t?.close();
});

interface Form {
  language: string;
  questions: Array<{ id: number; key: string }>;
}

interface Link {
  id: number;
  link: string;
  state: string;
  responses: number;
}

async function newLink(body: object = { wave: 'post' }): Promise<{ link: Link; token: string }> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/webinars/${webinarId}/open-links`,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  const link = res.json<Link>();
  return { link, token: link.link.split('/s/')[1]! };
}

async function answers(token: string) {
  const form = (await t.app.inject({ method: 'GET', url: `/api/responses/${token}` })).json<Form>();
  const id = (key: string) => String(form.questions.find((q) => q.key === key)!.id);
  return { answers: { [id('satisfaction')]: 4, [id('comments')]: 'Muy útil' } };
}

const submit = (token: string, body: object, ip = '203.0.113.7') =>
  t.app.inject({
    method: 'POST',
    url: `/api/responses/${token}`,
    payload: body,
    remoteAddress: ip,
  });

async function responsesOf(linkId: number) {
  return t.database.db
    .selectFrom('survey_response')
    .select(['invitation_id', 'participant_id', 'webinar_id', 'wave', 'language'])
    .where('open_link_id', '=', linkId)
    .execute();
}

describe('open links', () => {
  it('serves a blank form in the webinar language and stores every submission', async () => {
    const { link, token } = await newLink();
    expect(link.link).toMatch(/^https:\/\/ripple\.example\.org\/s\/[A-Za-z0-9_-]{22,}$/);
    expect(link).toMatchObject({ state: 'open', responses: 0, language: 'es', wave: 'post' });

    const form = await t.app.inject({ method: 'GET', url: `/api/responses/${token}` });
    expect(form.statusCode).toBe(200);
    expect(form.json()).toMatchObject({ state: 'open', language: 'es', planned: null });
    expect(form.headers['cache-control']).toBe('no-store');

    const body = await answers(token);
    const first = await submit(token, body);
    const second = await submit(token, body, '198.51.100.9');
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const rows = await responsesOf(link.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      invitation_id: null,
      participant_id: null,
      webinar_id: webinarId,
      wave: 'post',
      language: 'es',
    });

    const invalid = await submit(token, { answers: {} }, '198.51.100.10');
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().errors[0]).toMatchObject({ key: 'satisfaction', code: 'required' });

    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/open-links?webinar=${webinarId}`,
    });
    expect(listed.json<{ items: Link[] }>().items.find((l) => l.id === link.id)!.responses).toBe(2);
  });

  it('thanks a bot that fills the honeypot, and stores nothing', async () => {
    const { link, token } = await newLink();
    const res = await submit(token, { ...(await answers(token)), website: 'http://spam.example' });
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('stored');
    expect(await responsesOf(link.id)).toHaveLength(0);
    // An empty honeypot is a person.
    expect((await submit(token, { ...(await answers(token)), website: '' })).statusCode).toBe(201);
    expect(await responsesOf(link.id)).toHaveLength(1);
  });

  it('limits submissions per address and link with 429 and Retry-After', async () => {
    const { link, token } = await newLink();
    const body = await answers(token);
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await submit(token, body, '192.0.2.50')).statusCode);
    expect(codes).toEqual([201, 201, 201, 429, 429]);
    const limited = await submit(token, body, '192.0.2.50');
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json().message).toMatch(/Too many answers from this address/);
    expect(await responsesOf(link.id)).toHaveLength(3);
    // Another address, and another link from the same address, are not held back.
    expect((await submit(token, body, '192.0.2.51')).statusCode).toBe(201);
    const other = await newLink();
    expect((await submit(other.token, await answers(other.token), '192.0.2.50')).statusCode).toBe(
      201,
    );
  });

  it('counts by the forwarded address only when the request comes from the loopback', async () => {
    const { token } = await newLink();
    const body = await answers(token);
    const through = (forwardedFor: string, ip: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/responses/${token}`,
        payload: body,
        remoteAddress: ip,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // The dashboard's form, on this machine, passes on each respondent's address.
    const fromForm = [];
    for (let i = 0; i < 4; i++)
      fromForm.push((await through('198.51.100.1', '127.0.0.1')).statusCode);
    expect(fromForm).toEqual([201, 201, 201, 429]);
    expect((await through('198.51.100.2', '127.0.0.1')).statusCode).toBe(201);
    // A client elsewhere cannot escape its limit by claiming other addresses.
    const direct = [];
    for (let i = 0; i < 4; i++)
      direct.push((await through(`198.51.100.${10 + i}`, '192.0.2.60')).statusCode);
    expect(direct).toEqual([201, 201, 201, 429]);
  });

  it('never limits a personal link', async () => {
    const person = await attendee(t.database.db, webinarId);
    await t.app.inject({
      method: 'POST',
      url: `/api/webinars/${webinarId}/invitations`,
      payload: { wave: 'post' },
    });
    const { token } = await t.database.db
      .selectFrom('survey_invitation')
      .select('token')
      .where('participant_id', '=', person.id)
      .executeTakeFirstOrThrow();
    const body = await answers(token);
    const codes = [];
    for (let i = 0; i < 6; i++) codes.push((await submit(token, body, '192.0.2.99')).statusCode);
    expect(codes).toEqual([201, 200, 200, 200, 200, 200]);
  });

  it('stops taking answers once revoked, and keeps those it took', async () => {
    const { link, token } = await newLink({ wave: 'followup', language: 'en' });
    const body = await answers(token).catch(() => null);
    expect(body).toBeNull(); // the follow-up form has no satisfaction question
    const form = (
      await t.app.inject({ method: 'GET', url: `/api/responses/${token}` })
    ).json<Form>();
    const applied = form.questions.find((q) => q.key === 'applied')!;
    expect(form.language).toBe('en');
    expect((await submit(token, { answers: { [applied.id]: 'partly' } })).statusCode).toBe(201);

    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/open-links/${link.id}/revoke`,
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ state: 'revoked', responses: 1 });
    const closed = await t.app.inject({ method: 'GET', url: `/api/responses/${token}` });
    expect(closed.json().state).toBe('expired');
    const late = await submit(token, { answers: { [applied.id]: 'yes' } }, '192.0.2.77');
    expect(late.statusCode).toBe(410);
    expect(await responsesOf(link.id)).toHaveLength(1);

    const missing = await t.app.inject({ method: 'POST', url: '/api/open-links/999999/revoke' });
    expect(missing.statusCode).toBe(404);
  });

  it('refuses a cancelled or unknown webinar, and unknown fields', async () => {
    const cancelled = await makeWebinar(t.database.db, { status: 'cancelled' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/webinars/${cancelled.id}/open-links`,
      payload: { wave: 'post' },
    });
    expect(res.statusCode).toBe(409);
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/webinars/999999/open-links',
      payload: { wave: 'post' },
    });
    expect(unknown.statusCode).toBe(404);
    const extra = await t.app.inject({
      method: 'POST',
      url: `/api/webinars/${webinarId}/open-links`,
      payload: { wave: 'post', token: 'mine' },
    });
    expect(extra.statusCode).toBe(400);
  });
});

describe('FixedWindowLimiter', () => {
  it('admits max hits per window and key, then opens again when the window ends', () => {
    let now = 1_000_000;
    const limiter = new FixedWindowLimiter(2, 10_000, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([true, true, false]);
    expect(limiter.hit('b')).toBe(true);
    now += 4_000;
    expect(limiter.retryAfterSeconds('a')).toBe(6);
    expect(limiter.hit('a')).toBe(false);
    now += 6_000;
    expect(limiter.hit('a')).toBe(true);
  });
});
