import {
  generateDemo,
  getBreakdown,
  getCohorts,
  getCrossTab,
  getCumulativeReach,
  getNewVsReturning,
  getOverview,
} from '@ripple/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';
import { fixtureBytes } from './import/fixtures.js';

// The reach endpoints answer from a cache keyed by the database's reach version. These tests warm
// the cache, change the data every way it changes (an import, its undo, a webinar edit, a write
// that bypasses the API) and read back at once: the answer must be the new figures, equal to the
// query functions run directly, never the cached ones.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db, { participants: 300, webinars: 8 });
});
afterAll(async () => {
  await t?.close();
});

const UTC = { timeZone: 'UTC' };
const breakdownOptions = {
  sort: 'participants',
  order: 'desc',
  limit: 50,
  offset: 0,
  lang: 'en',
} as const;

const outcomes: string[] = [];

// The answers are checked field by field against the query functions' own.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

async function get(url: string): Promise<Answer> {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  outcomes.push(String(res.headers['x-reach-cache']));
  return res.json<Answer>();
}

/** Every figure checked, through the API (cached) and straight from the queries (never cached). */
async function readBoth() {
  const db = t.database.db;
  const api = {
    overview: await get('/api/overview'),
    country: await get('/api/breakdown/country'),
    cumulative: (await get('/api/reach/cumulative')).points,
    newReturning: await get('/api/loyalty/new-returning'),
    // Read from the summaries (participant_reach keys, webinar_cell) over the whole programme.
    topic: await get('/api/breakdown/topic'),
    month: await get('/api/breakdown/month'),
    sectorByTopic: (await get('/api/crosstab?rows=sector&columns=topic')).cells,
    cohorts: await get('/api/loyalty/cohorts'),
  };
  // The summaries' figures aggregated from attendance instead: a range reaching back before any
  // webinar covers them all but takes the path that groups the attendance rows.
  const raw = { ...UTC, from: '1900-01-01' };
  const direct = JSON.parse(
    JSON.stringify({
      overview: await getOverview(db, UTC),
      country: await getBreakdown(db, 'country', UTC, breakdownOptions),
      cumulative: await getCumulativeReach(db, 'month', UTC),
      newReturning: await getNewVsReturning(db, UTC),
      topic: await getBreakdown(db, 'topic', raw, breakdownOptions),
      month: await getBreakdown(db, 'month', raw, breakdownOptions),
      sectorByTopic: await getCrossTab(db, 'sector', 'topic', raw),
      cohorts: await getCohorts(db, raw),
    }),
  ) as typeof api;
  return { api, direct };
}

/** participant_reach, kept by triggers, against the same computed from scratch. */
async function expectSummaryCurrent() {
  const columns = sql`participant_id, first_attended_at, last_attended_at, webinars_attended,
    registrations, registered_attended, minutes::float8 as minutes`;
  const kept = await sql`select ${columns} from participant_reach order by participant_id`.execute(
    t.database.db,
  );
  const scratch = await sql`
    select ${columns} from (
      select a.participant_id,
             min(w.starts_at) filter (where a.attended) as first_attended_at,
             max(w.starts_at) filter (where a.attended) as last_attended_at,
             (count(*) filter (where a.attended))::int as webinars_attended,
             (count(*) filter (where a.registered))::int as registrations,
             (count(*) filter (where a.registered and a.attended))::int as registered_attended,
             coalesce(sum(a.minutes) filter (where a.attended), 0) as minutes
      from attendance a join webinar w on w.id = a.webinar_id
      where w.status = 'held'
      group by a.participant_id
    ) s order by participant_id
  `.execute(t.database.db);
  expect(kept.rows).toEqual(scratch.rows);
}

function multipart(name: string, bytes: Buffer) {
  const boundary = '----ripplefresh';
  return {
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          'Content-Type: text/csv\r\n\r\n',
      ),
      bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('reach figures after a write', () => {
  let before: Awaited<ReturnType<typeof readBoth>>['api'];
  let importId: number;
  let importedWebinarId: number;

  it('are served from the cache while nothing changes', async () => {
    const first = await readBoth();
    expect(first.api).toEqual(first.direct);
    outcomes.length = 0;
    const again = await readBoth();
    expect(again.api).toEqual(first.api);
    expect(outcomes).toEqual(Array(8).fill('hit'));
    before = first.api;
  });

  it('include an import at once', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports?timeZone=America/New_York',
      ...multipart('zoom.csv', fixtureBytes('zoom-webinar-attendee-2025.csv')),
    });
    expect(res.statusCode, res.body).toBe(201);
    importId = res.json().imports[0].importId;
    importedWebinarId = res.json().imports[0].webinar.id;

    outcomes.length = 0;
    const after = await readBoth();
    expect(outcomes).toEqual(Array(8).fill('miss'));
    expect(after.api).toEqual(after.direct);
    expect(after.api.overview.webinarsHeld).toBe(before.overview.webinarsHeld + 1);
    expect(after.api.overview.attendances).toBe(before.overview.attendances + 3);
    expect(after.api.overview.registrations).toBe(before.overview.registrations + 5);
    expect(after.api.newReturning).toHaveLength(before.newReturning.length + 1);
    await expectSummaryCurrent();
  });

  it('drop an edited webinar at once', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/webinars/${importedWebinarId}`,
      payload: { status: 'cancelled' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = await readBoth();
    expect(after.api).toEqual(after.direct);
    expect(after.api.overview.webinarsHeld).toBe(before.overview.webinarsHeld);
    expect(after.api.overview.attendances).toBe(before.overview.attendances);
    await expectSummaryCurrent();

    const back = await t.app.inject({
      method: 'PATCH',
      url: `/api/webinars/${importedWebinarId}`,
      payload: { status: 'held' },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect((await get('/api/overview')).attendances).toBe(before.overview.attendances + 3);
  });

  it('go back to what they were after an undo', async () => {
    const undo = await t.app.inject({ method: 'POST', url: `/api/imports/${importId}/undo` });
    expect(undo.statusCode, undo.body).toBe(200);
    const after = await readBoth();
    expect(after.api).toEqual(after.direct);
    expect(after.api).toEqual(before);
    await expectSummaryCurrent();
  });

  it('follow a write made outside the API (another process, another server)', async () => {
    const iceland = (await get('/api/overview?country=IS')).uniqueParticipants as number;
    await get('/api/overview?country=IS');
    expect(outcomes.at(-1)).toBe('hit');
    const moved = await sql<{ id: number }>`
      update participant set country = 'IS'
      where id = (select min(a.participant_id) from attendance a
                  join participant p on p.id = a.participant_id
                  where a.attended and p.country is distinct from 'IS')
      returning id
    `.execute(t.database.db);
    expect(moved.rows).toHaveLength(1);
    expect((await get('/api/overview?country=IS')).uniqueParticipants).toBe(iceland + 1);
    const after = await readBoth();
    expect(after.api).toEqual(after.direct);
  });

  it('share one computation between identical requests made together', async () => {
    await sql`update topic set label_en = label_en`.execute(t.database.db);
    outcomes.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        get(
          i % 2 ? '/api/breakdown/sector?topic=2&topic=1' : '/api/breakdown/sector?topic=1&topic=2',
        ),
      ),
    );
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(outcomes.filter((o) => o === 'miss')).toHaveLength(1);
  });
});
