import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTRIES } from '../src/demo/countries.js';
import { generateDemo, isDatabaseEmpty, type DemoSummary } from '../src/demo/index.js';
import type { Database } from '../src/schema.js';
import { createTestDatabase } from '../src/testing.js';
import type { RippleDatabase } from '../src/connection.js';

const LATIN_AMERICA_AND_SPAIN = [
  ...COUNTRIES.filter(([, region]) => region === 'LAC').map(([iso2]) => iso2),
  'ES',
];

async function one<T>(db: Kysely<Database>, query: ReturnType<typeof sql<T>>): Promise<T> {
  const { rows } = await query.execute(db);
  return rows[0] as T;
}

describe('generateDemo at the default scale', () => {
  let database: RippleDatabase;
  let db: Kysely<Database>;
  let summary: DemoSummary;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    expect(await isDatabaseEmpty(db)).toBe(true);
    summary = await generateDemo(db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('holds 63 webinars from 2012 to 2015, in English and Spanish', async () => {
    const row = await one<{ held: number; first: Date; last: Date; languages: string[] }>(
      db,
      sql`select count(*)::int as held, min(starts_at) as first, max(starts_at) as last,
            array_agg(distinct language order by language) as languages
          from webinar where status = 'held'`,
    );
    expect(row.held).toBe(63);
    expect(row.first.getUTCFullYear()).toBe(2012);
    expect(row.last.getUTCFullYear()).toBe(2015);
    expect(row.languages).toEqual(['en', 'es']);
    expect(summary.webinars).toBe(63);
  });

  it('has 140+ speakers, 2 to 4 on each webinar', async () => {
    const row = await one<{ speakers: number; smallest: number; largest: number }>(
      db,
      sql`select (select count(distinct speaker_id)::int from webinar_speaker) as speakers,
            min(n)::int as smallest, max(n)::int as largest
          from (select count(*) as n from webinar_speaker group by webinar_id) panels`,
    );
    expect(row.speakers).toBeGreaterThanOrEqual(140);
    expect(row.smallest).toBeGreaterThanOrEqual(2);
    expect(row.largest).toBeLessThanOrEqual(4);
  });

  it('reaches 4,700+ people in 100+ countries, from all six named sectors', async () => {
    const row = await one<{ people: number; countries: number; sectors: string[] }>(
      db,
      sql`select count(distinct p.id)::int as people, count(distinct p.country)::int as countries,
            array_agg(distinct p.sector) as sectors
          from attendance a join participant p on p.id = a.participant_id
          where a.attended`,
    );
    expect(row.people).toBeGreaterThanOrEqual(4700);
    expect(row.countries).toBeGreaterThanOrEqual(100);
    expect(row.sectors).toEqual(
      expect.arrayContaining([
        'government',
        'civil_society',
        'private_sector',
        'international_organisation',
        'media',
        'academia',
      ]),
    );
  });

  it('brings a minority back and shows a realistic show rate', async () => {
    const row = await one<{ repeat: number; show: number }>(
      db,
      sql`select
            (select avg((n >= 2)::int)::float8 from
              (select count(*) as n from attendance where attended group by participant_id) c) as repeat,
            (sum(attended::int)::float8 / sum(registered::int)) as show
          from attendance`,
    );
    expect(row.repeat).toBeGreaterThan(0.15);
    expect(row.repeat).toBeLessThan(0.4);
    expect(row.show).toBeGreaterThan(0.5);
    expect(row.show).toBeLessThan(0.7);
  });

  it('fills Spanish webinars mostly from Latin America and Spain', async () => {
    const row = await one<{ share: number }>(
      db,
      sql`select avg((p.country = any(${LATIN_AMERICA_AND_SPAIN}::text[]))::int)::float8 as share
          from attendance a
          join participant p on p.id = a.participant_id
          join webinar w on w.id = a.webinar_id
          where a.attended and w.language = 'es'`,
    );
    expect(row.share).toBeGreaterThan(0.6);
  });

  it('keeps attendance inside each webinar', async () => {
    const row = await one<{ bad: number }>(
      db,
      sql`select count(*)::int as bad
          from attendance a join webinar w on w.id = a.webinar_id
          where a.attended and (
            a.minutes < 5 or a.minutes > w.duration_minutes
            or a.last_leave_at > w.starts_at + make_interval(mins => w.duration_minutes)
            or a.registered_at >= w.starts_at)`,
    );
    expect(row.bad).toBe(0);
  });

  it('has post responses from about a third of attendances, and later follow-ups', async () => {
    const row = await one<{ post: number; attendances: number; followups: number; early: number }>(
      db,
      sql`select
            (select count(*)::int from survey_response where wave = 'post') as post,
            (select count(*)::int from attendance where attended) as attendances,
            count(*)::int as followups,
            count(*) filter (where r.submitted_at < w.starts_at + interval '60 days')::int as early
          from survey_response r join webinar w on w.id = r.webinar_id
          where r.wave = 'followup'`,
    );
    expect(row.post / row.attendances).toBeGreaterThan(0.25);
    expect(row.post / row.attendances).toBeLessThan(0.4);
    expect(row.followups).toBeGreaterThan(0);
    expect(row.early).toBe(0);
    expect(summary.responses).toBe(row.post + row.followups);
    expect(summary.attendances).toBe(row.attendances);
  });

  it('leaves open only the unanswered survey links of the latest webinar, in both waves', async () => {
    const rows = await sql<{ latest: boolean; wave: string; open: number; closed: number }>`
      select i.webinar_id = (select id from webinar order by starts_at desc limit 1) as latest,
             i.wave,
             count(*) filter (where i.expires_at > now() + interval '29 days')::int as open,
             count(*) filter (where i.expires_at <= now())::int as closed
      from survey_invitation i
      where not exists (select 1 from survey_response r where r.invitation_id = i.id)
      group by 1, 2 order by 1, 2`.execute(db);
    expect(rows.rows).toEqual([
      { latest: false, wave: 'followup', open: 0, closed: expect.any(Number) },
      { latest: false, wave: 'post', open: 0, closed: expect.any(Number) },
      { latest: true, wave: 'followup', open: expect.any(Number), closed: 0 },
      { latest: true, wave: 'post', open: expect.any(Number), closed: 0 },
    ]);
    expect(rows.rows.every((row) => row.open + row.closed > 0)).toBe(true);
  });

  it('refuses to run again and adds nothing', async () => {
    const count = async () =>
      one<{ n: number }>(
        db,
        sql`select (select count(*) from participant) + (select count(*) from webinar)
              + (select count(*) from attendance) + (select count(*) from survey_response) as n`,
      );
    const before = await count();
    expect(await isDatabaseEmpty(db)).toBe(false);
    await expect(generateDemo(db, { participants: 10, webinars: 2 })).rejects.toThrow(/Refusing/);
    expect(await count()).toEqual(before);
  });
});

async function snapshot(db: Kysely<Database>) {
  return {
    webinars: await db
      .selectFrom('webinar')
      .select([
        'id',
        'title',
        'description',
        'starts_at',
        'duration_minutes',
        'timezone',
        'language',
        'series_id',
        'working_group_id',
        'status',
        'platform',
      ])
      .orderBy('id')
      .execute(),
    participants: await db
      .selectFrom('participant')
      .select(['id', 'name', 'email', 'country', 'sector', 'organisation', 'gender', 'language'])
      .orderBy('id')
      .execute(),
    attendance: await db
      .selectFrom('attendance')
      .select([
        'webinar_id',
        'participant_id',
        'registered',
        'registered_at',
        'attended',
        'first_join_at',
        'last_leave_at',
        'minutes',
      ])
      .orderBy('webinar_id')
      .orderBy('participant_id')
      .execute(),
    speakers: await db
      .selectFrom('webinar_speaker')
      .innerJoin('speaker', 'speaker.id', 'webinar_speaker.speaker_id')
      .select(['webinar_id', 'speaker_id', 'role', 'name', 'country', 'sector'])
      .orderBy('webinar_id')
      .orderBy('speaker_id')
      .execute(),
    responses: await db
      .selectFrom('survey_response')
      .select([
        'webinar_id',
        'participant_id',
        'wave',
        'language',
        'submitted_at',
        'quote_display_name',
      ])
      // Post and follow-up responses are written in interleaved batches, so their ids depend on
      // the batch size; the rows themselves must not.
      .orderBy('webinar_id')
      .orderBy('participant_id')
      .orderBy('wave')
      .execute(),
    answers: await db
      .selectFrom('survey_answer')
      .innerJoin('survey_response', 'survey_response.id', 'survey_answer.response_id')
      .select([
        'webinar_id',
        'participant_id',
        'wave',
        'question_id',
        'value_number',
        'value_text',
        'value_choices',
      ])
      .orderBy('webinar_id')
      .orderBy('participant_id')
      .orderBy('wave')
      .orderBy('question_id')
      .execute(),
  };
}

async function generateSmall(options: Parameters<typeof generateDemo>[1]) {
  const database = await createTestDatabase();
  try {
    await generateDemo(database.db, { participants: 600, webinars: 10, ...options });
    return await snapshot(database.db);
  } finally {
    await database.close();
  }
}

describe('generateDemo determinism', () => {
  it('gives identical rows for a seed, whatever the batch size, and other rows for another seed', async () => {
    const progress: Array<{ phase: string; done: number; total: number }> = [];
    const first = await generateSmall({ seed: 7 });
    const smallBatches = await generateSmall({
      seed: 7,
      batchSize: 100,
      onProgress: (p) => progress.push(p),
    });
    const otherSeed = await generateSmall({ seed: 8 });

    expect(first.participants).toHaveLength(600);
    expect(first.attendance.length).toBeGreaterThan(600);
    expect(smallBatches).toEqual(first);
    expect(otherSeed.participants).not.toEqual(first.participants);
    expect(otherSeed.attendance).not.toEqual(first.attendance);

    for (const phase of ['participants', 'attendance', 'surveys']) {
      const events = progress.filter((p) => p.phase === phase);
      expect(events.length).toBeGreaterThan(1);
      events.slice(1).forEach((event, i) => expect(event.done).toBeGreaterThan(events[i]!.done));
      expect(events.at(-1)!.done).toBe(events.at(-1)!.total);
    }
  });
});

describe('generateDemo interrupted', () => {
  it('leaves nothing behind, so the next start generates the whole demo', async () => {
    const database = await createTestDatabase();
    try {
      await expect(
        generateDemo(database.db, {
          participants: 300,
          webinars: 6,
          batchSize: 50,
          onProgress: ({ phase }) => {
            if (phase === 'attendance') throw new Error('stopped half-way');
          },
        }),
      ).rejects.toThrow('stopped half-way');
      expect(await isDatabaseEmpty(database.db)).toBe(true);
      // The default instruments (made by migration) are all that is left of the surveys.
      const surveys = await database.db
        .selectFrom('survey')
        .innerJoin('survey_version', 'survey_version.survey_id', 'survey.id')
        .select(['code', 'version'])
        .orderBy('code')
        .execute();
      expect(surveys).toEqual([
        { code: 'follow-up', version: 1 },
        { code: 'post-webinar', version: 1 },
      ]);
      const invitations = await database.db.selectFrom('survey_invitation').select('id').execute();
      expect(invitations).toEqual([]);

      const summary = await generateDemo(database.db, { participants: 300, webinars: 6 });
      expect(summary.participants).toBe(300);
    } finally {
      await database.close();
    }
  });
});
