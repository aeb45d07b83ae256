import { generateDemo } from '@ripple/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// The demo is generated from a fixed seed, so its headline figures are fixed too. CI runs this
// file on PGlite and on PostgreSQL: both must give these same numbers.
const DEMO_FIGURES = {
  webinarsHeld: 63,
  speakers: 145,
  uniqueParticipants: 4800,
  attendances: 7732,
  countries: 148,
  sectors: 7,
};

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

describe('the demo programme through the API', () => {
  it('gives the same headline figures on every database', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/overview' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject(DEMO_FIGURES);
  });

  it('meets the size of the programme it imitates', async () => {
    const overview = (await t.app.inject({ method: 'GET', url: '/api/overview' })).json();
    expect(overview.webinarsHeld).toBeGreaterThanOrEqual(60);
    expect(overview.speakers).toBeGreaterThanOrEqual(140);
    expect(overview.uniqueParticipants).toBeGreaterThanOrEqual(4700);
    expect(overview.countries).toBeGreaterThanOrEqual(100);
  });

  it('agrees with itself: sectors and the reach curve add up to the unique participants', async () => {
    const overview = (await t.app.inject({ method: 'GET', url: '/api/overview' })).json();
    const bySector = overview.bySector as Array<{ participants: number }>;
    expect(bySector.reduce((sum, row) => sum + row.participants, 0)).toBe(
      overview.uniqueParticipants,
    );
    for (const interval of ['month', 'quarter', 'year']) {
      const reach = (
        await t.app.inject({ method: 'GET', url: `/api/reach/cumulative?interval=${interval}` })
      ).json();
      const points = reach.points as Array<{
        newParticipants: number;
        cumulativeParticipants: number;
      }>;
      expect(points.at(-1)?.cumulativeParticipants).toBe(overview.uniqueParticipants);
      expect(points.reduce((sum, p) => sum + p.newParticipants, 0)).toBe(
        overview.uniqueParticipants,
      );
    }
  });
});
