import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BREAKDOWN_DIMENSIONS,
  generateDemo,
  getCohorts,
  getCrossTab,
  getAttendanceDistribution,
  getBreakdown,
  getCumulativeReach,
  getReachSummary,
  reachConditions,
  reachSource,
  reachTotals,
  webinarConditions,
  type Database,
  type ReachSummary,
  type ReachFilters,
} from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import type { RippleDatabase } from '../src/connection.js';
import { makeParticipant, makeWebinar } from './factories.js';

// participant_reach is kept by triggers, person by person, as attendance and webinars change.
// After every kind of write it must equal the same table computed from scratch; and the figures
// read from it must equal the same figures aggregated from attendance.

let database: RippleDatabase;
let db: Kysely<Database>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await generateDemo(db, { participants: 400, webinars: 12 });
});
afterAll(async () => {
  await database?.close();
});

const KEY_COLUMNS = `topic_ids, working_group_ids, series_ids, languages, months, quarters, years`;

async function kept() {
  const { rows } = await sql`
    select participant_id, first_attended_at, last_attended_at, webinars_attended,
           registrations, registered_attended, minutes::float8 as minutes, ${sql.raw(KEY_COLUMNS)}
    from participant_reach order by participant_id
  `.execute(db);
  return rows;
}

// The same rows computed from scratch, written independently of the migration's triggers.
async function fromScratch() {
  const utc = (format: string) =>
    sql.raw(`coalesce(array_agg(distinct to_char(w.starts_at at time zone 'UTC', '${format}'))
                      filter (where a.attended), '{}')`);
  const { rows } = await sql`
    with topics as (
      select a.participant_id, array_agg(distinct wt.topic_id) as topic_ids
      from attendance a join webinar w on w.id = a.webinar_id
      left join webinar_topic wt on wt.webinar_id = w.id
      where a.attended and w.status = 'held'
      group by a.participant_id
    )
    select a.participant_id,
           min(w.starts_at) filter (where a.attended) as first_attended_at,
           max(w.starts_at) filter (where a.attended) as last_attended_at,
           (count(*) filter (where a.attended))::int as webinars_attended,
           (count(*) filter (where a.registered))::int as registrations,
           (count(*) filter (where a.registered and a.attended))::int as registered_attended,
           coalesce(sum(a.minutes) filter (where a.attended), 0)::float8 as minutes,
           coalesce(min(t.topic_ids), '{}') as topic_ids,
           coalesce(array_agg(distinct w.working_group_id) filter (where a.attended), '{}') as working_group_ids,
           coalesce(array_agg(distinct w.series_id) filter (where a.attended), '{}') as series_ids,
           coalesce(array_agg(distinct w.language) filter (where a.attended), '{}') as languages,
           ${utc('YYYY-MM')} as months, ${utc('YYYY-"Q"Q')} as quarters, ${utc('YYYY')} as years
    from attendance a join webinar w on w.id = a.webinar_id
    left join topics t on t.participant_id = a.participant_id
    where w.status = 'held'
    group by a.participant_id
    order by a.participant_id
  `.execute(db);
  return rows;
}

async function cells() {
  const { rows } = await sql`
    select webinar_id, country, sector, attendances, registrations, minutes::float8 as minutes
    from webinar_cell order by webinar_id, country, sector
  `.execute(db);
  return rows;
}

async function cellsFromScratch() {
  const { rows } = await sql`
    select a.webinar_id, p.country, p.sector,
           (count(*) filter (where a.attended))::int as attendances,
           (count(*) filter (where a.registered))::int as registrations,
           coalesce(sum(a.minutes) filter (where a.attended), 0)::float8 as minutes
    from attendance a join participant p on p.id = a.participant_id
    group by 1, 2, 3
    order by 1, 2, 3
  `.execute(db);
  return rows;
}

async function expectCurrent() {
  const expected = await fromScratch();
  expect(expected.length).toBeGreaterThan(0);
  expect(await kept()).toEqual(expected);
  expect(await cells()).toEqual(await cellsFromScratch());
  const { rows } = await sql`select webinar_id from webinar_cell_dirty`.execute(db);
  expect(rows).toEqual([]);
}

async function someWebinar(offset = 0): Promise<number> {
  const row = await db
    .selectFrom('webinar')
    .select('id')
    .where('status', '=', 'held')
    .orderBy('id')
    .offset(offset)
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

// The figures as they were computed before participant_reach and peopleOfView: distinct counts
// over the filtered attendance, first webinars aggregated from all attendance. Kept here as the
// reference the faster queries must match.
async function referenceSummary(filters: ReachFilters): Promise<ReachSummary> {
  const { rows } = await sql<ReachSummary>`
    with held as (
      select w.id from webinar w where ${webinarConditions(filters)}
    ),
    f as (
      select a.participant_id, a.attended, a.registered, a.minutes, w.starts_at, p.country, p.sector
      from ${reachSource()}
      where ${reachConditions(filters)}
    ),
    people as (
      select participant_id, max(starts_at) as last_in_view, min(starts_at) as first_in_view
      from f where attended group by participant_id
    ),
    first_ever as (
      select a.participant_id, min(w.starts_at) as first_at
      from attendance a join webinar w on w.id = a.webinar_id
      where a.attended and w.status = 'held'
        and a.participant_id in (select participant_id from people)
      group by a.participant_id
    ),
    loyalty as (
      select count(*) filter (where fe.first_at < pe.last_in_view)::int as returning,
             count(*) filter (where fe.first_at = pe.first_in_view)::int as new
      from people pe join first_ever fe using (participant_id)
    ),
    totals as (
      select count(distinct participant_id) filter (where attended)::int as participants,
             count(*) filter (where attended)::int as attendances,
             count(distinct country) filter (where attended)::int as countries,
             count(distinct sector) filter (where attended and sector <> 'unknown')::int as sectors,
             count(*) filter (where registered)::int as registrations,
             count(*) filter (where registered and attended)::int as registered_attended,
             avg(minutes) filter (where attended) as average_minutes
      from f
    )
    select (select count(*)::int from held) as "webinarsHeld",
           (select count(distinct ws.speaker_id)::int from webinar_speaker ws join held on held.id = ws.webinar_id) as "speakers",
           t.participants as "uniqueParticipants",
           t.attendances,
           t.countries,
           t.sectors,
           t.registrations,
           round(t.registered_attended::numeric / nullif(t.registrations, 0), 4) as "attendanceRate",
           round(t.attendances::numeric / nullif((select count(*) from held), 0), 2) as "averageAttendeesPerWebinar",
           round(t.average_minutes, 1) as "averageMinutes",
           round(l.returning::numeric / nullif(t.participants, 0), 4) as "returningShare",
           l.new as "newParticipants"
    from totals t cross join loyalty l
  `.execute(db);
  return rows[0]!;
}

async function referenceDistribution(filters: ReachFilters) {
  const { rows } = await sql<{ webinars: number; participants: number }>`
    select n as webinars, count(*)::int as participants
    from (
      select a.participant_id, count(distinct a.webinar_id)::int as n
      from ${reachSource()}
      where ${reachConditions(filters)} and a.attended
      group by a.participant_id
    ) per_person
    group by n
    order by n
  `.execute(db);
  return rows;
}

describe('participant_reach', () => {
  it('holds the demo, written by many insert statements in one transaction', async () => {
    await expectCurrent();
  });

  it('follows inserted, updated and deleted attendance', async () => {
    const person = await makeParticipant(db, { country: 'KE', sector: 'media' });
    const [w1, w2] = [await someWebinar(0), await someWebinar(1)];
    await db
      .insertInto('attendance')
      .values([
        {
          webinar_id: w1,
          participant_id: person.id,
          registered: true,
          attended: true,
          minutes: 40,
        },
        { webinar_id: w2, participant_id: person.id, registered: true, attended: false },
      ])
      .execute();
    await expectCurrent();
    await db
      .updateTable('attendance')
      .set({ attended: true, minutes: 12 })
      .where('participant_id', '=', person.id)
      .where('webinar_id', '=', w2)
      .execute();
    await expectCurrent();
    // A statement touching many people at once, with an on-conflict update (as imports do).
    await sql`
      insert into attendance (webinar_id, participant_id, registered, attended, minutes)
      select ${w2}, participant_id, true, true, 7 from attendance where webinar_id = ${w1}
      on conflict (webinar_id, participant_id) do update set minutes = excluded.minutes
    `.execute(db);
    await expectCurrent();
    await db.deleteFrom('attendance').where('webinar_id', '=', w2).execute();
    await expectCurrent();
  });

  it('follows a webinar moved, cancelled, held again and deleted', async () => {
    const w = await someWebinar(2);
    await db
      .updateTable('webinar')
      .set({ starts_at: '2009-01-01T12:00:00Z' })
      .where('id', '=', w)
      .execute();
    await expectCurrent();
    await db.updateTable('webinar').set({ status: 'cancelled' }).where('id', '=', w).execute();
    await expectCurrent();
    await db.updateTable('webinar').set({ status: 'held' }).where('id', '=', w).execute();
    await expectCurrent();
    // An edit that leaves the history alone touches nothing but still leaves it right.
    await db.updateTable('webinar').set({ title: 'Renamed' }).where('id', '=', w).execute();
    await expectCurrent();
    await db.deleteFrom('webinar').where('id', '=', w).execute();
    await expectCurrent();
  });

  it("follows a webinar's topics, language, series and working group changed", async () => {
    const w = await someWebinar(3);
    const topics = await db.selectFrom('topic').select('id').orderBy('id').execute();
    await db.deleteFrom('webinar_topic').where('webinar_id', '=', w).execute();
    await expectCurrent(); // now a webinar without a topic: its people list null
    await db
      .insertInto('webinar_topic')
      .values(topics.slice(0, 2).map((t) => ({ webinar_id: w, topic_id: t.id })))
      .execute();
    await expectCurrent();
    await db
      .updateTable('webinar_topic')
      .set({ topic_id: topics[3]!.id })
      .where('webinar_id', '=', w)
      .where('topic_id', '=', topics[0]!.id)
      .execute();
    await expectCurrent();
    await db.updateTable('webinar').set({ language: 'fr' }).where('id', '=', w).execute();
    await expectCurrent();
    await db
      .updateTable('webinar')
      .set({ series_id: null, working_group_id: null })
      .where('id', '=', w)
      .execute();
    await expectCurrent();
  });

  it("follows people's country and sector, within one transaction of many statements", async () => {
    const people = await sql<{ id: number }>`
      select participant_id as id from participant_reach order by participant_id limit 30
    `.execute(db);
    const ids = people.rows.map((r) => r.id);
    const w = await someWebinar(4);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('participant').set({ country: 'NA' }).where('id', 'in', ids).execute();
      await trx
        .updateTable('participant')
        .set({ sector: 'media' })
        .where('id', 'in', ids.slice(0, 10))
        .execute();
      await trx
        .deleteFrom('attendance')
        .where('webinar_id', '=', w)
        .where('participant_id', 'in', ids)
        .execute();
    });
    await expectCurrent();
    // A transaction that rolls back leaves the cells as they were.
    const before = await cells();
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .updateTable('participant')
          .set({ sector: 'academia' })
          .where('id', 'in', ids)
          .execute();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await cells()).toEqual(before);
    await expectCurrent();
  });

  it('follows a new webinar and a participant deleted', async () => {
    const webinar = await makeWebinar(db, { starts_at: '2030-01-01T12:00:00Z' });
    const { rows } = await sql<{ id: number }>`
      select min(participant_id) as id from participant_reach
    `.execute(db);
    const person = { participant_id: rows[0]!.id };
    await db
      .insertInto('attendance')
      .values({ webinar_id: webinar.id, participant_id: person.participant_id, attended: true })
      .execute();
    await expectCurrent();
    await db.deleteFrom('participant').where('id', '=', person.participant_id).execute();
    await expectCurrent();
  });
});

describe('figures read from participant_reach', () => {
  // A range that reaches back before any webinar covers them all, but takes the path that
  // aggregates attendance: both paths must agree to the last digit.
  const throughAttendance = (f: ReachFilters): ReachFilters => ({ ...f, from: '1900-01-01' });
  const views: ReachFilters[] = [
    { timeZone: 'UTC' },
    { timeZone: 'America/Los_Angeles', sectors: ['government', 'civil_society'] },
    { timeZone: 'UTC', countries: ['MX', 'US', 'KE', 'GB'] },
    { timeZone: 'UTC', regions: ['Latin America & Caribbean'], incomeGroups: ['High income'] },
    { timeZone: 'UTC', countries: ['ZZ'] },
  ];
  const options = {
    sort: 'participants',
    order: 'desc',
    limit: 500,
    offset: 0,
    lang: 'en',
  } as const;

  it('equal the figures computed the way they were before, for any filters', async () => {
    const filters: ReachFilters[] = [
      ...views,
      { timeZone: 'UTC', from: '2013-01-01', to: '2014-01-01' },
      { timeZone: 'America/Los_Angeles', from: '2013-03-01', to: '2013-09-01', sectors: ['media'] },
      { timeZone: 'UTC', languages: ['es'], countries: ['MX', 'AR', 'ES'] },
      { timeZone: 'UTC', topicIds: [1, 2, 3] },
    ];
    for (const f of filters) {
      expect(await getReachSummary(db, f)).toEqual(await referenceSummary(f));
      expect(await getAttendanceDistribution(db, f)).toEqual(await referenceDistribution(f));
    }
  });

  it('equal the same figures aggregated from attendance', async () => {
    for (const view of views) {
      const slow = throughAttendance(view);
      expect(await getReachSummary(db, view)).toEqual(await getReachSummary(db, slow));
      expect(await reachTotals(db, view)).toEqual(await reachTotals(db, slow));
      expect(await getAttendanceDistribution(db, view)).toEqual(
        await getAttendanceDistribution(db, slow),
      );
      expect(await getCumulativeReach(db, 'quarter', view)).toEqual(
        await getCumulativeReach(db, 'quarter', slow),
      );
      for (const dimension of BREAKDOWN_DIMENSIONS) {
        expect(await getBreakdown(db, dimension, view, options), dimension).toEqual(
          await getBreakdown(db, dimension, slow, options),
        );
      }
      for (const [rows, columns] of [
        ['sector', 'topic'],
        ['topic', 'country'],
        ['region', 'year'],
        ['income_group', 'language'],
        ['country', 'month'],
      ] as const) {
        expect(await getCrossTab(db, rows, columns, view), `${rows}×${columns}`).toEqual(
          await getCrossTab(db, rows, columns, slow),
        );
      }
      expect(await getCohorts(db, view)).toEqual(await getCohorts(db, slow));
    }
  });
});
