import { generateDemo } from '@ripple/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};

describe('GET /api/breakdown/:dimension', () => {
  it('agrees with the headline figures: one truth', async () => {
    const overview = (await get('/api/overview')).body;
    const sectors = (await get('/api/breakdown/sector?limit=500')).body;
    expect(sectors.total.participants).toBe(overview.uniqueParticipants);
    expect(sectors.total.attendances).toBe(overview.attendances);
    // Each person has one sector, so the sector rows add up to the whole.
    const rows = sectors.rows as Array<{ participants: number; share: number }>;
    expect(rows.reduce((sum, r) => sum + r.participants, 0)).toBe(overview.uniqueParticipants);
    expect(rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 3);
    const countries = (await get('/api/breakdown/country?limit=500')).body;
    expect(countries.totalRows).toBe(overview.countries);
  });

  it('filters with repeated keys, and a filter narrows every figure alike', async () => {
    const all = (await get('/api/breakdown/language')).body;
    const spanish = (await get('/api/breakdown/sector?language=es&limit=500')).body;
    const es = (all.rows as Array<{ key: string; participants: number }>).find(
      (r) => r.key === 'es',
    )!;
    expect(spanish.total.participants).toBe(es.participants);
    const two = (await get('/api/breakdown/country?sector=government&sector=media&limit=500')).body;
    const bySector = (await get('/api/breakdown/sector?limit=500')).body.rows as Array<{
      key: string;
      participants: number;
    }>;
    const expected = bySector
      .filter((r) => r.key === 'government' || r.key === 'media')
      .reduce((s, r) => s + r.participants, 0);
    expect(two.total.participants).toBe(expected);
  });

  it('buckets by year in the zone asked for, and pages', async () => {
    const keys = (body: { rows: Array<{ key: string }> }) => body.rows.map((r) => r.key);
    const years = (await get('/api/breakdown/year?sort=key&order=asc&tz=America/Bogota')).body;
    expect(keys(years)).toEqual(['2012', '2013', '2014', '2015']);
    const page = (await get('/api/breakdown/year?sort=key&order=asc&limit=2&offset=2')).body;
    expect(keys(page)).toEqual(['2014', '2015']);
    expect(page.totalRows).toBe(4);
  });

  it('labels topics in the language asked for', async () => {
    const en = (await get('/api/breakdown/topic?sort=key&order=asc&lang=en')).body.rows as Array<{
      label: string;
    }>;
    const es = (await get('/api/breakdown/topic?sort=key&order=asc&lang=es')).body.rows as Array<{
      label: string;
    }>;
    expect(en.length).toBeGreaterThan(3);
    expect(es).toHaveLength(en.length);
    expect(es.map((r) => r.label)).not.toEqual(en.map((r) => r.label));
  });

  it('says what is wrong with a request', async () => {
    expect((await get('/api/breakdown/shoe_size')).status).toBe(400);
    const zone = await get('/api/breakdown/country?tz=Mars/Base');
    expect(zone).toMatchObject({
      status: 400,
      body: { message: 'tz: unknown time zone "Mars/Base"' },
    });
    const range = await get('/api/breakdown/country?from=2015-02-01&to=2015-01-01');
    expect(range.status).toBe(400);
    expect(range.body.message).toMatch(/must be before/);
    expect((await get('/api/breakdown/country?from=yesterday')).status).toBe(400);
    expect((await get('/api/breakdown/country?sector=aliens')).status).toBe(400);
    expect((await get('/api/breakdown/country?colour=blue')).status).toBe(400);
    expect((await get('/api/breakdown/country?sort=random')).status).toBe(400);
  });
});

describe('GET /api/crosstab', () => {
  it('crosses two dimensions, and its cells add up to the breakdown of one', async () => {
    const { status, body } = await get('/api/crosstab?rows=sector&columns=language');
    expect(status).toBe(200);
    const cells = body.cells as Array<{ row: string; attendances: number }>;
    const bySector = (await get('/api/breakdown/sector?limit=500')).body.rows as Array<{
      key: string;
      attendances: number;
    }>;
    for (const sector of bySector) {
      const inCells = cells
        .filter((c) => c.row === sector.key)
        .reduce((s, c) => s + c.attendances, 0);
      expect(inCells, sector.key).toBe(sector.attendances);
    }
  });

  it('asks for two different dimensions', async () => {
    const same = await get('/api/crosstab?rows=topic&columns=topic');
    expect(same).toMatchObject({
      status: 400,
      body: { message: 'rows and columns must be two different dimensions' },
    });
    expect((await get('/api/crosstab?rows=sector')).status).toBe(400);
  });
});
