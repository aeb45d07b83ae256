import {
  generateDemo,
  getBreakdown,
  getCohorts,
  getCrossTab,
  getNewVsReturning,
  getOverview,
} from '@ripple/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// The reach endpoints compute a cold figure from an in-memory snapshot of the data when it is at
// the current reach version (X-Reach-Figures: memory), else in SQL while a new snapshot loads.
// Either way the answer is the query functions' own; packages/db's reach-memory.test.ts checks
// the two over random views, this the server's use of them.

let t: TestApp;
beforeAll(async () => {
  // SQL while the snapshot loads, without waiting for it: the path tested here.
  t = await buildTestApp({ memoryLoadWaitMs: 0 });
  await generateDemo(t.database.db, { participants: 300, webinars: 8 });
});
afterAll(async () => {
  await t?.close();
});

const options = { sort: 'participants', order: 'desc', limit: 50, offset: 0, lang: 'en' } as const;

async function get(url: string, inject = t.app.inject.bind(t.app)) {
  const res = await inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.json<unknown>(), figures: res.headers['x-reach-figures'] };
}

let asked = 0;
/**
 * Asks for views not asked before (a cached answer computes nothing) until one is computed in
 * memory: the snapshot loads in the background after the first request that finds none.
 */
async function untilMemory() {
  for (const started = Date.now(); Date.now() - started < 20_000;) {
    asked++;
    const { figures } = await get(
      `/api/breakdown/gender?from=${new Date(Date.UTC(1900, 0, asked)).toISOString().slice(0, 10)}`,
    );
    if (figures === 'memory') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the snapshot did not load in 20 s');
}

describe('reach figures in memory', () => {
  it('are computed in SQL until the snapshot is loaded, then in memory, with the same answers', async () => {
    const first = await get('/api/breakdown/sector');
    expect(first.figures).toBe('sql');
    await untilMemory();

    const db = t.database.db;
    const UTC = { timeZone: 'UTC' };
    const sector = await get('/api/breakdown/sector?from=2000-01-01');
    expect(sector.figures).toBe('memory');
    expect(sector.body).toEqual(
      JSON.parse(
        JSON.stringify(await getBreakdown(db, 'sector', { ...UTC, from: '2000-01-01' }, options)),
      ),
    );
    const crosstab = await get('/api/crosstab?rows=region&columns=year');
    expect(crosstab.figures).toBe('memory');
    expect((crosstab.body as { cells: unknown }).cells).toEqual(
      JSON.parse(JSON.stringify(await getCrossTab(db, 'region', 'year', UTC))),
    );
    const overview = await get('/api/overview');
    expect(overview.figures).toBe('memory');
    expect(overview.body).toEqual(JSON.parse(JSON.stringify(await getOverview(db, UTC))));
    const returning = await get('/api/loyalty/new-returning?tz=America/Santiago');
    expect(returning.figures).toBe('memory');
    expect(returning.body).toEqual(await getNewVsReturning(db, { timeZone: 'America/Santiago' }));
    const cohorts = await get('/api/loyalty/cohorts?tz=Asia/Kolkata');
    expect(cohorts.figures).toBe('memory');
    expect(cohorts.body).toEqual(await getCohorts(db, { timeZone: 'Asia/Kolkata' }));
  });

  it('are not served from a snapshot older than the data: SQL answers until the next one', async () => {
    await untilMemory();
    const before = (await get('/api/overview?from=1990-01-01')).body as {
      uniqueParticipants: number;
    };
    // A write that does not go through the API: a new person at a held webinar.
    await sql`
      with person as (
        insert into participant (name, email, country) values ('New Person', 'new@example.org', 'CL')
        returning id
      )
      insert into attendance (webinar_id, participant_id, attended, registered, minutes)
      select (select id from webinar where status = 'held' order by id limit 1), id, true, true, 30
      from person
    `.execute(t.database.db);
    const after = await get('/api/overview?from=1991-01-01');
    expect(after.figures).toBe('sql');
    expect((after.body as { uniqueParticipants: number }).uniqueParticipants).toBe(
      before.uniqueParticipants + 1,
    );
    await untilMemory();
    const again = await get('/api/overview?from=1992-01-01');
    expect(again.figures).toBe('memory');
    expect(again.body).toEqual(after.body);
  });
});

describe('loaded at start', () => {
  it('holds both snapshots before any dashboard asks, so the first figures come from memory', async () => {
    const started = await buildTestApp({
      loadMemoryAtStart: true,
      // No request waits for a load: a figure from memory shows the load was done before it.
      memoryLoadWaitMs: 0,
      before: (database) => generateDemo(database.db, { participants: 200, webinars: 6 }),
    });
    try {
      const inject = started.app.inject.bind(started.app);
      // GET /api/ready, a load balancer's readiness check: 503 until the load at start is done.
      for (const begun = Date.now(); ;) {
        const ready = await inject({ method: 'GET', url: '/api/ready' });
        if (ready.statusCode === 200) break;
        expect([ready.statusCode, ready.json()]).toEqual([503, { status: 'starting' }]);
        expect(ready.headers['retry-after']).toBe('1');
        expect(Date.now() - begun, 'the load at start takes under 20 s').toBeLessThan(20_000);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const health = await inject({ method: 'GET', url: '/api/health' });
      const memory = health.json<{ memory: unknown }>().memory;
      expect(memory).toEqual({ reach: 'held', impact: 'held' });
      expect((await get('/api/overview', inject)).figures).toBe('memory');
      const impact = await inject({ method: 'GET', url: '/api/impact' });
      expect(impact.statusCode, impact.body).toBe(200);
      expect(impact.headers['x-impact-figures']).toBe('memory');
    } finally {
      await started.close();
    }
  });

  it('is not done otherwise: nothing is held until a figure is asked', async () => {
    const lazy = await buildTestApp({
      before: (database) => generateDemo(database.db, { participants: 50, webinars: 3 }),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const health = await lazy.app.inject({ method: 'GET', url: '/api/health' });
      expect(health.json<{ memory: unknown }>().memory).toEqual({ reach: 'none', impact: 'none' });
      // Nothing to wait for: ready at once.
      const ready = await lazy.app.inject({ method: 'GET', url: '/api/ready' });
      expect([ready.statusCode, ready.json()]).toEqual([200, { status: 'ready' }]);
    } finally {
      await lazy.close();
    }
  });
});

describe('RIPPLE_REACH_MEMORY_ROWS=0', () => {
  it('keeps every figure in SQL', async () => {
    const sqlOnly = await buildTestApp({ reachMemoryRows: 0 });
    try {
      await generateDemo(sqlOnly.database.db, { participants: 50, webinars: 3 });
      const inject = sqlOnly.app.inject.bind(sqlOnly.app);
      for (const from of ['1900-01-01', '1900-01-02', '1900-01-03']) {
        expect((await get(`/api/overview?from=${from}`, inject)).figures).toBe('sql');
        expect((await get(`/api/breakdown/country?from=${from}`, inject)).figures).toBe('sql');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await sqlOnly.close();
    }
  });
});
