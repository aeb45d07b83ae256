import { applyRetention, retentionCutoff } from '@ripple/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRetentionCommand } from '../src/privacy-cli.js';
import { retentionMonthsFromEnv } from '../src/privacy/schedule.js';
import { buildTestApp, type TestApp } from './helpers.js';
import { makePeople, type PeopleFixture } from './people-fixture.js';

// Retention against a fixed "now" (2026-06-15) and 12 months, so the cutoff is 2025-06-15. In
// people-fixture.ts everyone was added in 2024 (set below) and attended in March or June 2024:
// - jose registered for a webinar in 2099: active;
// - literal answered a survey in January 2026: active;
// - joseToo answered in March 2024, nameless and the zeds only attended: inactive.
// The inactive lose their personal data and free text; their attendance stays counted.

const NOW = new Date('2026-06-15T12:00:00Z');
let t: TestApp;
let f: PeopleFixture;
let inactive: number[];

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  f = await makePeople(db);
  await sql`update participant set created_at = '2024-01-10T00:00:00Z'`.execute(db);
  await sql`update survey_response set submitted_at = '2024-03-06T10:00:00Z'`.execute(db);
  await sql`update survey_response set submitted_at = '2026-01-10T10:00:00Z'
            where id = ${f.responses.literalPost}`.execute(db);
  // An unanswered invitation of an inactive person goes; an answered one stays with its response.
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    values ('unanswered-token-of-nameless-000000', ${f.webinars.march}, ${f.people.nameless}, 'post',
            (select max(id) from survey_version), 'en', '2024-04-01T00:00:00Z')
  `.execute(db);
  inactive = [f.people.joseToo, f.people.nameless, ...f.people.zeds];
});
afterAll(async () => {
  await t?.close();
});

async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

const figures = async () => ({
  overview: await get<Record<string, unknown>>('/api/overview'),
  country: await get<unknown>('/api/breakdown/country'),
  sector: await get<unknown>('/api/breakdown/sector'),
  month: await get<unknown>('/api/breakdown/month'),
  newReturning: await get<unknown>('/api/loyalty/new-returning'),
  satisfaction: (await get<{ satisfaction: unknown }>('/api/impact')).satisfaction,
});

const people = () =>
  t.database.db
    .selectFrom('participant')
    .select(['id', 'name', 'email', 'organisation', 'gender', 'country', 'sector', 'anonymised_at'])
    .orderBy('id')
    .execute();

describe('retention', () => {
  it('computes the cutoff in whole calendar months, in UTC', () => {
    expect(retentionCutoff(NOW, 12).toISOString()).toBe('2025-06-15T12:00:00.000Z');
    expect(retentionCutoff(new Date('2026-03-31T08:00:00Z'), 1).toISOString()).toBe(
      '2026-02-28T08:00:00.000Z',
    );
    expect(retentionMonthsFromEnv({})).toBeNull();
    expect(retentionMonthsFromEnv({ RIPPLE_RETENTION_MONTHS: '36' })).toBe(36);
    expect(() => retentionMonthsFromEnv({ RIPPLE_RETENTION_MONTHS: '3 years' })).toThrow(
      'RIPPLE_RETENTION_MONTHS must be a whole number of months from 1 to 1200, not "3 years"',
    );
  });

  it('counts exactly the inactive people in a dry run, and changes nothing', async () => {
    const before = await people();
    const lines: string[] = [];
    await runRetentionCommand(t.database.db, ['--dry-run', '--now', NOW.toISOString()], {
      env: { RIPPLE_RETENTION_MONTHS: '12' },
      log: { write: (s: string) => lines.push(s) },
    });
    expect(lines.join('')).toContain(
      `Dry run: would anonymise ${inactive.length} people last active before 2025-06-15 (12 months)`,
    );
    expect(await people()).toEqual(before);
    expect(await t.database.db.selectFrom('privacy_log').selectAll().execute()).toEqual([]);
  });

  it('refuses to run without a period', async () => {
    await expect(runRetentionCommand(t.database.db, [], { env: {} })).rejects.toThrow(
      'No retention period: set RIPPLE_RETENTION_MONTHS (months) or give --months',
    );
  });

  it('anonymises exactly the inactive ones and keeps every reach figure', async () => {
    const before = await figures();
    const before_people = await people();
    const comments = (await get<{ total: number }>('/api/impact/comments')).total;

    const result = await applyRetention(t.database.db, {
      months: 12,
      now: NOW,
      actor: { userId: null },
    });
    expect(result.counts).toMatchObject({
      people: inactive.length,
      quotes: 1, // joseToo's pending quote
      freeTextAnswers: 1, // joseToo's comment
      invitations: 1, // the unanswered one of nameless
    });

    const after_people = await people();
    for (const person of after_people) {
      const was = before_people.find((p) => p.id === person.id)!;
      if (inactive.includes(person.id)) {
        expect(person).toMatchObject({
          name: null,
          email: null,
          organisation: null,
          gender: null,
          country: was.country,
          sector: was.sector,
        });
        expect(person.anonymised_at).not.toBeNull();
      } else {
        expect(person).toEqual(was);
      }
    }
    // Their attendance is still counted: every reach figure is the same.
    expect(await figures()).toEqual(before);
    expect((await get<{ total: number }>('/api/impact/comments')).total).toBe(comments - 1);
    const testimonials = await get<{ items: Array<{ responseId: number }> }>(
      '/api/impact/testimonials',
    );
    expect(testimonials.items.map((i) => i.responseId)).toEqual([f.responses.josePost]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from survey_invitation where participant_id = ${f.people.nameless}
    `.execute(t.database.db);
    expect(rows[0]!.n).toBe(0);

    const log = await t.database.db.selectFrom('privacy_log').selectAll().execute();
    expect(log).toMatchObject([{ action: 'retention', actor: 'command line', people: 14 }]);
  });

  it('passes the anonymised by on the next run', async () => {
    const again = await applyRetention(t.database.db, {
      months: 12,
      now: NOW,
      actor: { userId: null },
    });
    expect(again.counts.people).toBe(0);
    expect(await t.database.db.selectFrom('privacy_log').selectAll().execute()).toHaveLength(1);
  });

  it('anonymises someone whose only sign of life is a later response once that is old too', async () => {
    const later = await applyRetention(t.database.db, {
      months: 12,
      now: new Date('2027-02-01T00:00:00Z'),
      actor: { userId: null },
    });
    // literal (answered January 2026); jose stays active through his 2099 registration.
    expect(later.counts.people).toBe(1);
    const jose = await t.database.db
      .selectFrom('participant')
      .select(['name', 'anonymised_at'])
      .where('id', '=', f.people.jose)
      .executeTakeFirstOrThrow();
    expect(jose).toEqual({ name: 'José Álvarez Núñez Qxvadorn', anonymised_at: null });
  });
});

describe('retention on a schedule', () => {
  it('runs when the server starts with a retention period, and logs without names', async () => {
    const app = await buildTestApp({ as: null });
    try {
      const db = app.database.db;
      // One person inactive for 13 months, one just added; then a server with a 12-month period
      // starts on this database.
      const old = await db
        .insertInto('participant')
        .values({ name: 'Long Gone Wexlerby', email: 'wexlerby@old-qpz.example', country: 'PE' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`update participant set created_at = now() - interval '13 months' where id = ${old.id}`.execute(
        db,
      );
      const fresh = await db
        .insertInto('participant')
        .values({ name: 'Just Arrived Quolby', email: 'quolby@new-qpz.example', country: 'PE' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const { default: Fastify } = await import('fastify');
      const { default: app2, fastifyOptions } = await import('../src/app.js');
      const server = Fastify({ ...fastifyOptions(), logger: false });
      await server.register(app2, { database: app.database, retentionMonths: 12 });
      await server.ready();
      let names: Array<{ id: number; name: string | null }> = [];
      for (let i = 0; i < 100; i++) {
        names = await db.selectFrom('participant').select(['id', 'name']).orderBy('id').execute();
        if (names.find((p) => p.id === old.id)?.name === null) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await server.close();
      expect(names).toEqual([
        { id: old.id, name: null },
        { id: fresh.id, name: 'Just Arrived Quolby' },
      ]);
      const log = await db
        .selectFrom('privacy_log')
        .select(['action', 'actor', 'people'])
        .execute();
      expect(log).toEqual([{ action: 'retention', actor: 'retention schedule', people: 1 }]);
    } finally {
      await app.close();
    }
  });
});
