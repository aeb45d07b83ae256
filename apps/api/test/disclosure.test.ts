import {
  countryClassification,
  findDetermined,
  generateDemo,
  type CellStatus,
  type TableCell,
  type TableSum,
} from '@ripple/db';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type SessionHeaders, type TestApp } from './helpers.js';

// What a funder sees of the demo programme (4,800 people from 100+ countries): small cells "<5",
// complements withheld, and nothing hidden that the published figures give back. A manager, on
// the same app, sees every figure exact.

let t: TestApp;
let funder: SessionHeaders;
beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db);
  funder = await t.sessionOf('funder');
});
afterAll(async () => {
  await t?.close();
});

interface Row {
  key: string | null;
  participants: number | null;
  attendances: number | null;
  share: number | null;
  suppressed?: 'small' | 'withheld';
}

const asManager = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};
const asFunder = async (url: string) => {
  const res = await t.anonymous({ method: 'GET', url, headers: funder } as InjectOptions);
  return { status: res.statusCode, body: res.json() };
};

const status = (row: Row): CellStatus => row.suppressed ?? 'shown';

describe('small cells for a funder', () => {
  it('the country table: "<5" cells, hidden with every figure, and none can be worked back', async () => {
    const exact = (await asManager('/api/breakdown/country?limit=500')).body;
    const seen = await asFunder('/api/breakdown/country?limit=500');
    expect(seen.status).toBe(200);
    expect(seen.body.minCellSize).toBe(5);
    const rows = seen.body.rows as Row[];
    const exactRows = new Map((exact.rows as Row[]).map((r) => [r.key, r]));
    expect(rows).toHaveLength(exact.rows.length);
    const small = rows.filter((r) => r.suppressed === 'small');
    expect(small.length).toBeGreaterThan(10);
    for (const row of rows) {
      const truth = exactRows.get(row.key)!;
      if (row.suppressed) {
        expect([row.participants, row.attendances, row.share]).toEqual([null, null, null]);
      } else {
        expect(row.participants).toBe(truth.participants);
      }
      expect(row.suppressed === 'small').toBe(truth.participants! > 0 && truth.participants! < 5);
      if (row.suppressed === 'withheld') expect(truth.participants).toBeGreaterThanOrEqual(5);
    }
    // Hidden rows come after the shown ones: their place in the order would bound them.
    const firstHidden = rows.findIndex((r) => r.suppressed);
    expect(rows.slice(firstHidden).every((r) => r.suppressed)).toBe(true);

    // The audit, with what the funder can read on every page: the countries, the regions and
    // income groups (their own pages), and the total.
    const regions = (await asFunder('/api/breakdown/region?limit=500')).body.rows as Row[];
    const incomes = (await asFunder('/api/breakdown/income_group?limit=500')).body.rows as Row[];
    const exactRegions = (await asManager('/api/breakdown/region?limit=500')).body.rows as Row[];
    const exactIncomes = (await asManager('/api/breakdown/income_group?limit=500')).body
      .rows as Row[];
    const cells: TableCell[] = [];
    const statuses = new Map<string, CellStatus>();
    const sums: TableSum[] = [];
    for (const row of rows) {
      cells.push({ id: `country:${row.key}`, count: exactRows.get(row.key)!.participants! });
      statuses.set(`country:${row.key}`, status(row));
    }
    const classes = new Map(countryClassification().map((c) => [c.iso2, c]));
    for (const [level, seenRows, exactLevel, of] of [
      ['region', regions, exactRegions, (iso: string | null) => classes.get(iso ?? '')?.region],
      [
        'income',
        incomes,
        exactIncomes,
        (iso: string | null) => classes.get(iso ?? '')?.incomeGroup,
      ],
    ] as const) {
      for (const row of seenRows) {
        const truth = exactLevel.find((r) => r.key === row.key)!;
        cells.push({ id: `${level}:${row.key}`, count: truth.participants! });
        statuses.set(`${level}:${row.key}`, status(row));
        sums.push({
          total: `${level}:${row.key}`,
          parts: rows.filter((r) => (of(r.key) ?? null) === row.key).map((r) => `country:${r.key}`),
        });
      }
      sums.push({ total: 'world', parts: seenRows.map((r) => `${level}:${r.key}`) });
    }
    cells.push({ id: 'world', count: exact.total.participants });
    statuses.set('world', 'shown');
    sums.push({ total: 'world', parts: rows.map((r) => `country:${r.key}`) });
    expect(seen.body.total.participants).toBe(exact.total.participants);
    expect(findDetermined(cells, sums, statuses, 5)).toEqual([]);
  });

  it('a narrower view withholds complements next to its small cells', async () => {
    const view = '/api/breakdown/sector?from=2014-01-01&to=2014-04-01&region=North%20America';
    const seen = (await asFunder(view)).body.rows as Row[];
    const exact = (await asManager(view)).body.rows as Row[];
    const truth = new Map(exact.map((r) => [r.key, r.participants!]));
    expect(seen.some((r) => r.suppressed === 'small')).toBe(true);
    // Every small cell has company: a single hidden cell would be the total minus the rest.
    expect(seen.filter((r) => r.suppressed).length).toBeGreaterThanOrEqual(2);
    const cells: TableCell[] = seen.map((r) => ({ id: String(r.key), count: truth.get(r.key)! }));
    cells.push({ id: 'total', count: [...truth.values()].reduce((a, b) => a + b, 0) });
    const statuses = new Map<string, CellStatus>(seen.map((r) => [String(r.key), status(r)]));
    statuses.set('total', 'shown');
    const sums = [{ total: 'total', parts: seen.map((r) => String(r.key)) }];
    expect(findDetermined(cells, sums, statuses, 5)).toEqual([]);
  });

  it('a manager sees the exact figures', async () => {
    const { body } = await asManager('/api/breakdown/country?limit=500');
    expect(body.minCellSize).toBeUndefined();
    const rows = body.rows as Row[];
    expect(
      rows.every((r) => r.suppressed === undefined && typeof r.participants === 'number'),
    ).toBe(true);
    expect(rows.some((r) => r.participants! > 0 && r.participants! < 5)).toBe(true);
  });

  it('takes k from the app options (RIPPLE_MIN_CELL_SIZE)', async () => {
    const t10 = await buildTestApp({ as: 'funder', minCellSize: 10 });
    try {
      await generateDemo(t10.database.db);
      const { body } = await t10.app
        .inject({ method: 'GET', url: '/api/breakdown/sector' })
        .then((r) => ({ body: r.json() }));
      expect(body.minCellSize).toBe(10);
      const at5 = (await asFunder('/api/breakdown/country?limit=500')).body.rows as Row[];
      const at10 = (
        await t10.app.inject({ method: 'GET', url: '/api/breakdown/country?limit=500' })
      ).json().rows as Row[];
      expect(at10.filter((r) => r.suppressed === 'small').length).toBeGreaterThan(
        at5.filter((r) => r.suppressed === 'small').length,
      );
    } finally {
      await t10.close();
    }
  });

  it('region × sector: cells and margins protected, the margins as the region page shows them', async () => {
    const { status: code, body } = await asFunder('/api/crosstab?rows=region&columns=sector');
    expect(code).toBe(200);
    expect(body.minCellSize).toBe(5);
    const regions = (await asFunder('/api/breakdown/region?limit=500')).body.rows as Row[];
    for (const margin of body.rowTotals as Row[]) {
      expect(status(margin)).toBe(status(regions.find((r) => r.key === margin.key)!));
    }
    const cells = body.cells as Array<Row & { row: string; column: string }>;
    for (const c of cells) if (c.suppressed) expect(c.participants).toBeNull();
    const refused = await asFunder('/api/crosstab?rows=country&columns=sector');
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/countries are not cross-tabulated/);
  });

  it('fixed granularities: whole calendar quarters, compared with the year before only', async () => {
    const odd = await asFunder('/api/breakdown/sector?from=2014-01-15&to=2014-04-01');
    expect(odd.status).toBe(400);
    expect(odd.body.message).toMatch(/^from: .*first day of a calendar quarter.*2014-01-15/);
    const previous = await asFunder('/api/overview?from=2014-01-01&to=2015-01-01&compare=previous');
    expect(previous.status).toBe(400);
    expect(previous.body.message).toMatch(/compare: .*compare=year/);
    const year = await asFunder('/api/overview?from=2014-01-01&to=2015-01-01&compare=year');
    expect(year.status).toBe(200);
    // The same ranges are a manager's to choose.
    expect((await asManager('/api/breakdown/sector?from=2014-01-15&to=2014-04-01')).status).toBe(
      200,
    );
  });

  it('the headline of a small view: people "<5", rates over them withheld', async () => {
    const exact = (await asManager('/api/breakdown/country?limit=500')).body.rows as Row[];
    const tiny = exact.find((r) => r.participants! >= 2 && r.participants! < 5)!;
    const { status: code, body } = await asFunder(`/api/overview?country=${tiny.key}`);
    expect(code).toBe(200);
    expect(body.uniqueParticipants).toBeNull();
    expect(body.suppressed.uniqueParticipants).toBe('small');
    expect(body.averageMinutes).toBeNull();
    expect(body.returningShare).toBeNull();
    const whole = (await asFunder('/api/overview')).body;
    expect(typeof whole.uniqueParticipants).toBe('number');
  });

  it('the loyalty distribution: hidden rows add nothing up', async () => {
    const seen = (await asFunder('/api/loyalty/distribution')).body as Array<{
      webinars: number;
      participants: number | null;
      suppressed?: string;
    }>;
    const exact = (await asManager('/api/loyalty/distribution')).body as Array<{
      webinars: number;
      participants: number;
    }>;
    for (const [i, row] of seen.entries()) {
      const truth = exact[i]!.participants;
      expect(row.suppressed === 'small').toBe(truth > 0 && truth < 5);
      if (!row.suppressed) expect(row.participants).toBe(truth);
    }
    expect(seen.filter((r) => r.suppressed).length).not.toBe(1);
  });

  it('impact: distributions, means and rates over fewer than k answers withheld', async () => {
    const whole = await asFunder('/api/impact');
    expect(whole.status).toBe(200);
    expect(whole.body.minCellSize).toBe(5);
    expect(typeof whole.body.satisfaction.n).toBe('number');
    const exact = (await asManager('/api/impact/breakdown/country')).body.rows as Array<{
      key: string;
      postResponses: number;
      followupResponses: number;
    }>;
    const few = exact.find((r) => r.postResponses + r.followupResponses === 2)!;
    const small = (await asFunder(`/api/impact?country=${few.key}`)).body as {
      satisfaction: { mean: number | null; counts: Array<{ count: number | null }> };
    };
    expect(small.satisfaction.mean).toBeNull();
    expect(small.satisfaction.counts.every((c) => c.count === null)).toBe(true);
    const byCountry = (await asFunder('/api/impact/breakdown/country')).body.rows as Array<{
      key: string;
      postResponses: number | null;
      satisfactionMean: number | null;
      suppressed?: string;
    }>;
    const row = byCountry.find((r) => r.key === few.key)!;
    expect(row).toMatchObject({ postResponses: null, satisfactionMean: null, suppressed: 'small' });
  });
});
