import { generateDemo } from '@ripple/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let overview: { uniqueParticipants: number; attendances: number };
beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db);
  overview = (await t.app.inject({ method: 'GET', url: '/api/overview' })).json();
});
afterAll(async () => {
  await t?.close();
});

const get = async <T>(url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
};
const sum = <T>(rows: T[], pick: (row: T) => number) =>
  rows.reduce((total, row) => total + pick(row), 0);

describe('loyalty endpoints agree with the headline figures', () => {
  it('new vs returning: everyone is new exactly once, and the attendees add up', async () => {
    const rows = await get<Array<{ attendees: number; new: number; returning: number }>>(
      '/api/loyalty/new-returning',
    );
    expect(rows).toHaveLength(63);
    expect(sum(rows, (r) => r.attendees)).toBe(overview.attendances);
    expect(sum(rows, (r) => r.new)).toBe(overview.uniqueParticipants);
    for (const r of rows) expect(r.new + r.returning).toBe(r.attendees);
  });

  it('distribution: people and their webinars add up', async () => {
    const rows = await get<Array<{ webinars: number; participants: number }>>(
      '/api/loyalty/distribution',
    );
    expect(sum(rows, (r) => r.participants)).toBe(overview.uniqueParticipants);
    expect(sum(rows, (r) => r.webinars * r.participants)).toBe(overview.attendances);
  });

  it('cohorts: every person starts in exactly one cohort', async () => {
    const cells = await get<Array<{ offset: number; participants: number }>>(
      '/api/loyalty/cohorts?tz=America/Mexico_City',
    );
    expect(
      sum(
        cells.filter((c) => c.offset === 0),
        (c) => c.participants,
      ),
    ).toBe(overview.uniqueParticipants);
    expect(cells.every((c) => c.offset >= 0)).toBe(true);
  });

  it('filters like every other endpoint', async () => {
    const spanish = await get<Array<{ attendees: number }>>(
      '/api/loyalty/new-returning?language=es',
    );
    const spanishOverview = await get<{ attendances: number }>('/api/overview?language=es');
    expect(sum(spanish, (r) => r.attendees)).toBe(spanishOverview.attendances);
    const bad = await t.app.inject({ method: 'GET', url: '/api/loyalty/cohorts?tz=Nowhere' });
    expect(bad.statusCode).toBe(400);
  });
});
