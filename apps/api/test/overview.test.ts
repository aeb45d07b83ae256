import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

let t: TestApp;

// A programme whose answers are known by construction:
// - 3 held webinars (2014-01, 2014-01, 2014-03), 1 planned, 1 cancelled
// - speakers: S1 at W1 and W2, S2 at W3, S3 only at the planned one (not counted)
// - participants: A (AR, government) at W1, W2, W3; B (MX, civil society) at W1;
//   C (MX, media) registered for W2 but did not come; D (no country, unknown) at W3;
//   E (KE, government) only at the planned webinar (not counted)
beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  const webinar = (
    title: string,
    starts_at: string,
    status: 'held' | 'planned' | 'cancelled' = 'held',
  ) =>
    db
      .insertInto('webinar')
      .values({ title, starts_at, language: 'en', status })
      .returning('id')
      .executeTakeFirstOrThrow();
  const w1 = await webinar('W1', '2014-01-10T15:00:00Z');
  const w2 = await webinar('W2', '2014-01-24T15:00:00Z');
  const w3 = await webinar('W3', '2014-03-07T15:00:00Z');
  const planned = await webinar('Next', '2030-01-01T15:00:00Z', 'planned');
  await webinar('Called off', '2014-02-01T15:00:00Z', 'cancelled');

  const speaker = async (name: string, webinarIds: number[]) => {
    const s = await db
      .insertInto('speaker')
      .values({ name })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const id of webinarIds)
      await db.insertInto('webinar_speaker').values({ webinar_id: id, speaker_id: s.id }).execute();
  };
  await speaker('S1', [w1.id, w2.id]);
  await speaker('S2', [w3.id]);
  await speaker('S3', [planned.id]);

  const person = (
    name: string,
    country: string | null,
    sector: 'government' | 'civil_society' | 'media' | 'unknown',
  ) =>
    db
      .insertInto('participant')
      .values({ name, country, sector })
      .returning('id')
      .executeTakeFirstOrThrow();
  const a = await person('A', 'AR', 'government');
  const b = await person('B', 'MX', 'civil_society');
  const c = await person('C', 'MX', 'media');
  const d = await person('D', null, 'unknown');
  const e = await person('E', 'KE', 'government');
  const attend = (w: { id: number }, p: { id: number }, attended = true) =>
    db
      .insertInto('attendance')
      .values({
        webinar_id: w.id,
        participant_id: p.id,
        registered: true,
        attended,
        minutes: attended ? 50 : 0,
      })
      .execute();
  await attend(w1, a);
  await attend(w2, a);
  await attend(w3, a);
  await attend(w1, b);
  await attend(w2, c, false);
  await attend(w3, d);
  await attend(planned, e);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/overview', () => {
  it('gives the headline figures of held webinars only', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/overview' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      webinarsHeld: 3,
      speakers: 2,
      uniqueParticipants: 3, // A, B, D
      attendances: 5, // A×3, B, D
      countries: 2, // AR, MX (D's is unknown, C did not attend)
      sectors: 2, // government, civil society (unknown not counted)
      registrations: 6, // every row here is a registration: A×3, B, C, D
      attendanceRate: 0.8333, // 5 of the 6 registered came (C did not)
      averageAttendeesPerWebinar: 1.67, // 5 attendances over 3 webinars
      averageMinutes: 50,
      returningShare: 0.3333, // A came back; B and D came once
      newParticipants: 3, // everyone's first held webinar is in view
      bySector: [
        { sector: 'civil_society', participants: 1 },
        { sector: 'government', participants: 1 },
        { sector: 'unknown', participants: 1 },
      ],
      comparison: null,
    });
  });
});

describe('GET /api/overview with filters and a comparison', () => {
  it('narrows every figure to the period, and compares it with the one before', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/overview?from=2014-03-01&to=2014-04-01&compare=previous',
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    // March: W3 only, with A (seen before) and D (new).
    expect(body).toMatchObject({
      webinarsHeld: 1,
      uniqueParticipants: 2,
      newParticipants: 1,
      returningShare: 0.5,
    });
    // The 31 days before: 29 January to 1 March, when nothing was held (the February one was cancelled).
    expect(body.comparison).toMatchObject({
      from: '2014-01-29',
      to: '2014-03-01',
      figures: { webinarsHeld: 0, uniqueParticipants: 0 },
    });
  });

  it('refuses a comparison it cannot make without saying nothing', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/overview?compare=year' });
    expect(res.statusCode).toBe(200);
    expect(res.json().comparison).toBeNull();
    const bad = await t.app.inject({ method: 'GET', url: '/api/overview?compare=decade' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/reach/cumulative', () => {
  it('counts each person once, in the month of their first webinar, with empty months kept', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/reach/cumulative?interval=month' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      interval: 'month',
      points: [
        { period: '2014-01-01', newParticipants: 2, cumulativeParticipants: 2 },
        { period: '2014-02-01', newParticipants: 0, cumulativeParticipants: 2 },
        { period: '2014-03-01', newParticipants: 1, cumulativeParticipants: 3 },
      ],
    });
  });

  it('buckets by quarter and year', async () => {
    const quarter = await t.app.inject({
      method: 'GET',
      url: '/api/reach/cumulative?interval=quarter',
    });
    expect(quarter.json().points).toEqual([
      { period: '2014-01-01', newParticipants: 3, cumulativeParticipants: 3 },
    ]);
    const year = await t.app.inject({ method: 'GET', url: '/api/reach/cumulative?interval=year' });
    expect(year.json().points).toEqual([
      { period: '2014-01-01', newParticipants: 3, cumulativeParticipants: 3 },
    ]);
  });

  it('narrows to the view and reads months in the zone asked for', async () => {
    // March, read in Auckland, holds W3 only: A and D, each counted once in the view.
    const march = await t.app.inject({
      method: 'GET',
      url: '/api/reach/cumulative?from=2014-03-01&to=2014-04-01&tz=Pacific/Auckland',
    });
    expect(march.json().points).toEqual([
      { period: '2014-03-01', newParticipants: 2, cumulativeParticipants: 2 },
    ]);
    const bad = await t.app.inject({ method: 'GET', url: '/api/reach/cumulative?tz=Atlantis' });
    expect(bad.statusCode).toBe(400);
  });

  it('defaults to months', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/reach/cumulative' });
    expect(res.json().interval).toBe('month');
  });

  it('refuses an unknown interval or parameter with a clear 400', async () => {
    const bad = await t.app.inject({ method: 'GET', url: '/api/reach/cumulative?interval=week' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(bad.json().message).toMatch(/interval/);
    const unknown = await t.app.inject({ method: 'GET', url: '/api/reach/cumulative?colour=red' });
    expect(unknown.statusCode).toBe(400);
  });
});
