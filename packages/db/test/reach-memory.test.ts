import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  BREAKDOWN_DIMENSIONS,
  BREAKDOWN_SORTS,
  REACH_INTERVALS,
  ReachMemory,
  ReachMemorySource,
  generateDemo,
  getAttendanceDistribution,
  getBreakdown,
  getCohorts,
  getNewVsReturning,
  getCrossTab,
  getCumulativeReach,
  getReachSummary,
  getReachSummaryWithSectors,
  reachTotals,
  type Database,
  type ReachFilters,
} from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import { viewDomain, type ViewDomain } from './view-domain.js';
import type { RippleDatabase } from '../src/connection.js';
import { attend, makeParticipant, makeSpeaker, makeWebinar } from './factories.js';

// The reach figures held in memory must be the SQL's, value for value and in the same order, for
// any view: the SQL is the reference (breakdown.ts, summary.ts, reach.ts), the memory a faster
// way to the same answer. Random views over the demo and over the awkward rows added below.

let database: RippleDatabase;
let db: Kysely<Database>;
let memory: ReachMemory;
let domain: ViewDomain;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await generateDemo(db, { participants: 500, webinars: 24 });
  // What the demo may not have: a webinar without topic or series, one at midnight UTC on New
  // Year's Eve (another year and quarter in most zones), a registration never attended, a person
  // without a country or sector, a planned webinar (never counted).
  const lonely = await makeWebinar(db, {
    starts_at: '2023-12-31T23:30:00Z',
    language: 'es',
    series_id: null,
  });
  const planned = await makeWebinar(db, { starts_at: '2024-02-01T10:00:00Z', status: 'planned' });
  const nobody = await makeParticipant(db, { country: null });
  const someone = await makeParticipant(db, { country: 'BR' });
  await attend(db, lonely.id, nobody.id, { minutes: 12 });
  await attend(db, lonely.id, someone.id, { attended: false });
  await attend(db, planned.id, someone.id);
  await makeSpeaker(db, [lonely.id]);
  memory = await ReachMemory.load(db);

  domain = await viewDomain(db);
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const ZONES = [
  'UTC',
  'America/Santiago',
  'Asia/Kolkata',
  'Pacific/Kiritimati',
  'America/Los_Angeles',
];

const some = <T>(values: () => T[]): fc.Arbitrary<T[] | undefined> => {
  const all = values();
  if (all.length === 0) return fc.constant(undefined);
  const pick = fc.subarray(all, { minLength: 1, maxLength: Math.min(3, all.length) });
  return fc.option(pick, { nil: undefined, freq: 3 });
};

const filtersArb = (): fc.Arbitrary<ReachFilters> =>
  fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      year: fc.option(fc.constantFrom(...domain.years), { nil: undefined, freq: 2 }),
      quarter: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
      topicIds: some(() => domain.topics),
      seriesIds: some(() => domain.series),
      workingGroupIds: some(() => domain.groups),
      webinarIds: fc.option(fc.subarray(domain.webinars, { minLength: 1, maxLength: 6 }), {
        nil: undefined,
        freq: 6,
      }),
      languages: some(() => domain.languages),
      countries: some(() => domain.countries),
      regions: some(() => domain.regions),
      incomeGroups: some(() => domain.incomes),
      sectors: some(() => domain.sectors),
    })
    .map(({ year, quarter, ...f }) => {
      const filters = { ...f } as ReachFilters & Record<string, unknown>;
      for (const key of Object.keys(filters)) if (filters[key] === undefined) delete filters[key];
      if (year !== undefined) {
        const month = quarter === undefined ? 1 : quarter * 3 + 1;
        const end = quarter === undefined ? 13 : month + 3;
        const date = (y: number, m: number) =>
          `${y + Math.floor((m - 1) / 12)}-${String(((m - 1) % 12) + 1).padStart(2, '0')}-01`;
        filters.from = date(year, month);
        // Sometimes a range with one end only.
        if (quarter !== 1) filters.to = date(year, end);
      }
      return filters;
    });

describe('reach figures in memory', () => {
  it('holds the held webinars’ attendance and every person', async () => {
    const { rows } = await sql<{ n: number; people: number }>`
      select (select count(*)::int from attendance a join webinar w on w.id = a.webinar_id
              where w.status = 'held') as n,
             (select count(*)::int from participant) as people`.execute(db);
    expect(memory.rows).toBe(rows[0]!.n);
    expect(memory.people).toBe(rows[0]!.people);
  });

  it('breaks down by every dimension as the SQL does, sorted and paged the same', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb(),
        fc.constantFrom(...BREAKDOWN_DIMENSIONS),
        fc.record({
          sort: fc.constantFrom(...BREAKDOWN_SORTS),
          order: fc.constantFrom('asc' as const, 'desc' as const),
          limit: fc.integer({ min: 1, max: 60 }),
          offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
          lang: fc.constantFrom('en' as const, 'es' as const),
        }),
        async (filters, dimension, options) => {
          const expected = await getBreakdown(db, dimension, filters, options);
          expect(await memory.breakdown(db, dimension, filters, options)).toEqual(expected);
        },
      ),
      { numRuns: 250 },
    );
  }, 240_000);

  it('cross-tabulates any two dimensions as the SQL does', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb(),
        fc.uniqueArray(fc.constantFrom(...BREAKDOWN_DIMENSIONS), { minLength: 2, maxLength: 2 }),
        async (filters, [rows, columns]) => {
          const expected = await getCrossTab(db, rows!, columns!, filters);
          expect(await memory.crossTab(db, rows!, columns!, filters)).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  }, 240_000);

  it('gives the headline figures, totals and cumulative line as the SQL does', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb(),
        fc.constantFrom(...REACH_INTERVALS),
        async (filters, interval) => {
          expect(await memory.summaryWithSectors(db, filters)).toEqual(
            await getReachSummaryWithSectors(db, filters),
          );
          expect(await memory.summary(db, filters)).toEqual(await getReachSummary(db, filters));
          expect(await memory.totals(db, filters)).toEqual(await reachTotals(db, filters));
          expect(await memory.cumulative(db, interval, filters)).toEqual(
            await getCumulativeReach(db, interval, filters),
          );
        },
      ),
      { numRuns: 150 },
    );
  }, 240_000);

  it('gives who came back (new and returning, cohorts, distribution) as the SQL does', async () => {
    await fc.assert(
      fc.asyncProperty(filtersArb(), async (filters) => {
        expect(await memory.newVsReturning(db, filters)).toEqual(
          await getNewVsReturning(db, filters),
        );
        expect(await memory.cohorts(db, filters)).toEqual(await getCohorts(db, filters));
        expect(await memory.distribution(db, filters)).toEqual(
          await getAttendanceDistribution(db, filters),
        );
      }),
      { numRuns: 150 },
    );
  }, 240_000);
});

describe('views shared between figures', () => {
  it('shares a view between its figures, never between views that differ in any one filter', async () => {
    const base: ReachFilters = { timeZone: 'UTC' };
    const year = domain.years[0]!;
    // Each differs from the base in one field only: a key that left one out would answer it
    // with the base's figures.
    const variants: ReachFilters[] = [
      { ...base, from: `${year}-01-01` },
      { ...base, to: `${year}-07-01` },
      { timeZone: 'Pacific/Kiritimati', from: `${year}-01-01` },
      { ...base, from: `${year}-01-01`, timeZone: 'America/Santiago' },
      { ...base, seriesIds: domain.series.slice(0, 1) },
      { ...base, languages: domain.languages.slice(0, 1) },
      { ...base, workingGroupIds: domain.groups.slice(0, 1) },
      { ...base, webinarIds: domain.webinars.slice(0, 3) },
      { ...base, topicIds: domain.topics.slice(0, 1) },
      { ...base, countries: domain.countries.slice(0, 2) },
      { ...base, regions: domain.regions.slice(0, 1) },
      { ...base, incomeGroups: domain.incomes.slice(0, 1) },
      { ...base, sectors: domain.sectors.slice(0, 1) as ReachFilters['sectors'] },
    ];
    const options = {
      sort: 'participants',
      order: 'desc',
      limit: 50,
      offset: 0,
      lang: 'en',
    } as const;
    // Twice round, the second keeping one view's people only, so that each comes back recomputed.
    const keepPeople = memory.keepPeople;
    onTestFinished(() => {
      memory.keepPeople = keepPeople;
    });
    for (const round of [0, 1]) {
      if (round === 1) memory.keepPeople = 1;
      for (const filters of [base, ...variants]) {
        const at = `${JSON.stringify(filters)}, round ${round}`;
        const total = await memory.totals(db, filters);
        expect(total, at).toEqual(await reachTotals(db, filters));
        // The totals are the caller's own: changing them changes no later answer.
        total.participants = -1;
        expect(await memory.breakdown(db, 'country', filters, options), at).toEqual(
          await getBreakdown(db, 'country', filters, options),
        );
        expect(await memory.summaryWithSectors(db, filters), at).toEqual(
          await getReachSummaryWithSectors(db, filters),
        );
        expect(await memory.cumulative(db, 'month', filters), at).toEqual(
          await getCumulativeReach(db, 'month', filters),
        );
        expect(await memory.distribution(db, filters), at).toEqual(
          await getAttendanceDistribution(db, filters),
        );
      }
    }
  }, 120_000);
});

describe('ReachMemorySource', () => {
  it('answers only at the current version, and loads the next in the background', async () => {
    const source = new ReachMemorySource(db);
    expect(await source.current()).toBeNull(); // nothing held: starts a load
    await source.reload();
    const first = await source.current();
    expect(first).not.toBeNull();

    const webinar = await makeWebinar(db, { starts_at: '2024-03-01T12:00:00Z' });
    const person = await makeParticipant(db, { country: 'KE' });
    await attend(db, webinar.id, person.id);
    // The write bumped the version: the old snapshot is not served, and a new one is loading.
    expect(await source.current()).toBeNull();
    await source.reload();
    const second = await source.current();
    expect(second).not.toBeNull();
    expect(second!.version).toBeGreaterThan(first!.version);
    const filters: ReachFilters = { timeZone: 'UTC', webinarIds: [webinar.id] };
    expect((await second!.totals(db, filters)).participants).toBe(1);
    expect(await second!.totals(db, filters)).toEqual(await reachTotals(db, filters));
  });

  it('holds nothing past its row limit, and does not load the same version again', async () => {
    const messages: string[] = [];
    const source = new ReachMemorySource(db, { maxRows: 10, log: (m) => messages.push(m) });
    await source.reload();
    expect(await source.current()).toBeNull();
    expect(source.held).toBeNull();
    expect(messages.join('\n')).toMatch(/stay in SQL: \d+ attendance rows, over the 10/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(source.loads).toBe(1);
  });
});
