import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParticipantCommand } from '../src/privacy-cli.js';
import { buildTestApp, type TestApp } from './helpers.js';
import { makePeople, type PeopleFixture } from './people-fixture.js';

// Erasing a person: José (people-fixture.ts) attended one webinar, registered for two more, spoke
// at one (a speaker with his email), answered a post survey with an approved testimonial and a
// follow-up; an import's error report and a saved column mapping quote him, an import replaced
// one of his rows. After DELETE /api/participants/:id, every table of the database (read from
// information_schema, so a table added later is searched too) is searched for his id, name,
// email, quote and comments, and the figures have moved by exactly his part, served fresh.

let t: TestApp;
let f: PeopleFixture;
let jose: { id: number; name: string; email: string; organisation: string };
/** Everything that identifies José or that he wrote. */
let needles: string[];

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  f = await makePeople(db);
  const row = await db
    .selectFrom('participant')
    .select(['id', 'name', 'email', 'organisation'])
    .where('id', '=', f.people.jose)
    .executeTakeFirstOrThrow();
  jose = { id: row.id, name: row.name!, email: row.email!, organisation: row.organisation! };

  // Import history that mentions him, as the importer writes it: a row problem quoting his email,
  // a file whose "header" was a data row with his name, and a row a corrected file replaced.
  const failed = await db
    .insertInto('data_import')
    .values({
      file_name: 'march-registrations.csv',
      content_hash: 'h1',
      status: 'succeeded',
      error_report: JSON.stringify({
        issueCount: 2,
        issues: [
          { line: 4, column: 'Email', value: jose.email.toUpperCase(), reason: 'duplicate row' },
          { line: 9, column: 'Country', value: 'Atlantis', reason: 'unknown country' },
        ],
        unmatchedCountries: ['Atlantis'],
      }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('import_column_mapping')
    .values({
      header_key: `${jose.name.toLowerCase()} ${jose.email}`,
      header: JSON.stringify([jose.name, jose.email]),
      mapping: JSON.stringify({ [jose.name]: 'name', [jose.email]: 'email' }),
    })
    .execute();
  await db
    .insertInto('import_column_mapping')
    .values({
      header_key: 'full name e mail',
      header: JSON.stringify(['Full name', 'E-mail']),
      mapping: JSON.stringify({ 'Full name': 'name', 'E-mail': 'email' }),
    })
    .execute();
  await db
    .insertInto('import_replaced_attendance')
    .values({
      import_id: failed.id,
      webinar_id: f.webinars.march,
      participant_id: jose.id,
      registered: true,
      attended: true,
      minutes: 50,
    })
    .execute();
  await db
    .insertInto('sign_in_failure')
    .values({ email: jose.email, address: '10.0.0.0' })
    .execute();
  // An approved testimonial's display name and every text he wrote.
  needles = [
    jose.name,
    jose.email,
    jose.organisation,
    'José Á.',
    'José Álvarez', // the speaker entry's name
    f.approvedComments[0]!,
    'Private-change-WX39',
    'Private-barrier-TN52',
    'Private-other-use-MF18',
  ];
});
afterAll(async () => {
  await t?.close();
});

/** Every text value of every row of every table, with where it was found. */
async function findEverywhere(values: string[]): Promise<string[]> {
  const db = t.database.db;
  const { rows: tables } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
    order by table_name
  `.execute(db);
  expect(tables.length).toBeGreaterThan(30);
  const found: string[] = [];
  const lower = values.map((v) => v.toLowerCase());
  for (const { name } of tables) {
    const { rows } = await sql<{ row: string }>`
      select row_to_json(t)::text as row from ${sql.table(name)} t
    `.execute(db);
    for (const { row } of rows) {
      // JSON text escapes nothing but quotes and control characters, so accents compare as is;
      // jsonb columns inside are searched through their decoded text too.
      const text = `${row} ${JSON.stringify(JSON.parse(row))}`.toLowerCase();
      lower.forEach((value, i) => {
        if (text.includes(value)) found.push(`${name}: ${values[i]}`);
      });
    }
  }
  return found;
}

/** Every row of every table with a participant_id column (or participant.id) that is the id. */
async function findId(id: number): Promise<string[]> {
  const db = t.database.db;
  const { rows: columns } = await sql<{ table: string; column: string }>`
    select c.table_name as table, c.column_name as column
    from information_schema.columns c
    join information_schema.tables tb
      on tb.table_schema = c.table_schema and tb.table_name = c.table_name
    where c.table_schema = 'public' and tb.table_type = 'BASE TABLE'
      and (c.column_name like '%participant_id' or (c.table_name = 'participant' and c.column_name = 'id'))
  `.execute(db);
  expect(columns.length).toBeGreaterThanOrEqual(6);
  const found: string[] = [];
  for (const { table, column } of columns) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table)} where ${sql.ref(column)} = ${id}
    `.execute(db);
    if (rows[0]!.n > 0) found.push(`${table}.${column}: ${rows[0]!.n}`);
  }
  return found;
}

async function get<T>(url: string): Promise<{ body: T; cache: string | undefined }> {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.json<T>(), cache: res.headers['x-reach-cache'] as string | undefined };
}

interface Overview {
  webinarsHeld: number;
  speakers: number;
  uniqueParticipants: number;
  attendances: number;
  registrations: number;
  countries: number;
  bySector: Array<{ sector: string; participants: number }>;
}
interface Breakdown {
  total: { participants: number; attendances: number; registrations: number; minutes: number };
  rows: Array<{
    key: string;
    participants: number;
    attendances: number;
    registrations: number;
    minutes: number;
  }>;
}
interface Impact {
  responses: { post: number; followup: number };
  satisfaction: { n: number; mean: number | null };
  recommend: { n: number };
}

const figures = async () => ({
  overview: await get<Overview>('/api/overview'),
  country: await get<Breakdown>('/api/breakdown/country'),
  impact: (await get<Impact>('/api/impact')).body,
  testimonials: (await get<{ total: number }>('/api/impact/testimonials')).body.total,
  comments: (await get<{ total: number }>('/api/impact/comments')).body.total,
});

describe('erasing a participant', () => {
  it('finds him everywhere before, as a check that the search can fail', async () => {
    const found = await findEverywhere(needles);
    for (const table of [
      'participant',
      'speaker',
      'survey_answer',
      'survey_response',
      'data_import',
      'import_column_mapping',
      'sign_in_failure',
    ]) {
      expect(
        found.some((where) => where.startsWith(`${table}:`)),
        table,
      ).toBe(true);
    }
    expect(await findId(jose.id)).toEqual(
      expect.arrayContaining([
        'participant.id: 1',
        'attendance.participant_id: 3',
        'survey_invitation.participant_id: 2',
        'survey_response.participant_id: 2',
        'import_replaced_attendance.participant_id: 1',
      ]),
    );
  });

  it('refuses a funder, an anonymous caller and a request without the CSRF token', async () => {
    const funder = await t.sessionOf('funder');
    for (const [headers, status] of [
      [funder, 403],
      [{}, 401],
    ] as const) {
      for (const url of [`/api/participants/${jose.id}`, `/api/participants/${jose.id}/export`]) {
        const method = url.endsWith('export') ? 'GET' : 'DELETE';
        const res = await t.anonymous({ method, url, headers });
        expect(res.statusCode, `${method} ${url}`).toBe(status);
      }
    }
    const manager = await t.sessionOf('manager');
    const noCsrf = await t.anonymous({
      method: 'DELETE',
      url: `/api/participants/${jose.id}`,
      headers: { cookie: manager.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(await findId(jose.id)).toContain('participant.id: 1');
  });

  it('keeps him when the command line is not confirmed', async () => {
    const log: string[] = [];
    const code = await runParticipantCommand(t.database.db, ['erase', '--email', jose.email], {
      input: Readable.from(['no\n']),
      log: { write: (s: string) => log.push(s) },
    });
    expect(code).toBe(1);
    expect(log.join('')).toContain(`Participant #${jose.id}: ${jose.name}`);
    expect(log.join('')).toContain('3 attendance/registration rows, 2 survey invitations');
    expect(log.join('')).toContain('nothing was changed');
    expect(await findId(jose.id)).toContain('participant.id: 1');
  });

  it('removes every trace, and the figures move by exactly his part, served fresh', async () => {
    // Warm the cache, and check it is warm.
    await figures();
    const before = await figures();
    expect(before.overview.cache).toBe('hit');
    expect(before.country.cache).toBe('hit');

    const res = await t.app.inject({ method: 'DELETE', url: `/api/participants/${jose.id}` });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json<{ id: number; total: number; counts: Record<string, number> }>();
    expect(result.counts).toEqual({
      participant: 1,
      attendance: 3,
      registrationsReplaced: 1,
      invitations: 2,
      responses: 2,
      answers: result.counts.answers,
      speakers: 1,
      speakerLinks: 1,
      importReports: 1,
      columnMappings: 1,
      signInFailures: 1,
    });
    expect(result.counts.answers).toBeGreaterThanOrEqual(8);

    expect(await findEverywhere(needles)).toEqual([]);
    expect(await findId(jose.id)).toEqual([]);
    // The mapping that did not name him stays; the report keeps its other problem.
    const mappings = await t.database.db
      .selectFrom('import_column_mapping')
      .select('header_key')
      .execute();
    expect(mappings.map((m) => m.header_key)).toEqual(['full name e mail']);
    const report = await t.database.db
      .selectFrom('data_import')
      .select('error_report')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(report.error_report)).toContain('Atlantis');
    expect(JSON.stringify(report.error_report)).toContain('[erased]');

    const after = await figures();
    expect(after.overview.cache).toBe('miss');
    expect(after.country.cache).toBe('miss');
    const o0 = before.overview.body;
    const o1 = after.overview.body;
    // He attended March (55 min), registered for March and June (held) and the planned one, and
    // spoke at June.
    expect(o1.uniqueParticipants).toBe(o0.uniqueParticipants - 1);
    expect(o1.attendances).toBe(o0.attendances - 1);
    expect(o1.registrations).toBe(o0.registrations - 2);
    expect(o1.speakers).toBe(o0.speakers - 1);
    expect(o1.webinarsHeld).toBe(o0.webinarsHeld);
    expect(o1.countries).toBe(o0.countries); // nameless is also from CO
    const gov = (o: Overview) => o.bySector.find((s) => s.sector === 'government')!.participants;
    expect(gov(o1)).toBe(gov(o0) - 1);
    const co = (b: Breakdown) => b.rows.find((r) => r.key === 'CO')!;
    const c0 = co(before.country.body);
    const c1 = co(after.country.body);
    expect(c1).toMatchObject({
      participants: c0.participants - 1,
      attendances: c0.attendances - 1,
      registrations: c0.registrations - 2,
      minutes: c0.minutes - 55,
    });
    expect(after.country.body.total.minutes).toBe(before.country.body.total.minutes - 55);
    // One post response (satisfaction 4, recommend 9) and one follow-up; one approved testimonial;
    // three comments (his quote, what changed, what got in the way).
    expect(after.impact.responses).toEqual({
      post: before.impact.responses.post - 1,
      followup: before.impact.responses.followup - 1,
    });
    expect(after.impact.satisfaction.n).toBe(before.impact.satisfaction.n - 1);
    expect(after.impact.recommend.n).toBe(before.impact.recommend.n - 1);
    expect(after.testimonials).toBe(before.testimonials - 1);
    expect(after.comments).toBe(before.comments - 3);
  });

  it('logs the erasure without saying who', async () => {
    const log = await t.database.db.selectFrom('privacy_log').selectAll().execute();
    expect(log).toHaveLength(1);
    const manager = await t.database.db
      .selectFrom('app_user')
      .select('id')
      .where('email', '=', 'manager@test.example.org')
      .executeTakeFirstOrThrow();
    expect(log[0]).toMatchObject({ action: 'erasure', actor: `user #${manager.id}`, people: 1 });
    const rows = log[0]!.rows;
    expect(rows.attendance).toBe(3);
    expect(JSON.stringify(log[0])).not.toContain(String(jose.email));
  });

  it('answers 404 for someone already erased, and the same email later is a new person', async () => {
    const again = await t.app.inject({ method: 'DELETE', url: `/api/participants/${jose.id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json<{ message: string }>().message).toBe(`There is no participant #${jose.id}.`);
    const back = await t.database.db
      .insertInto('participant')
      .values({ name: jose.name, email: jose.email, country: 'CO' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(back.id).not.toBe(jose.id);
    const record = await t.app.inject({ method: 'GET', url: `/api/participants/${back.id}` });
    expect(record.json<{ attendance: unknown[]; responses: unknown[] }>()).toMatchObject({
      attendance: [],
      responses: [],
    });
  });

  it('erases from the command line with --yes, and says who was not found', async () => {
    const zed = f.people.zeds[0]!;
    const log: string[] = [];
    const code = await runParticipantCommand(
      t.database.db,
      ['erase', '--id', String(zed), '--yes'],
      {
        log: { write: (s: string) => log.push(s) },
      },
    );
    expect(code).toBe(0);
    expect(log.join('')).toContain(`Erased participant #${zed}`);
    expect(await findId(zed)).toEqual([]);
    await expect(
      runParticipantCommand(t.database.db, ['erase', '--id', String(zed), '--yes'], {
        log: { write: () => undefined },
      }),
    ).rejects.toThrow(`There is no participant #${zed}; nothing was changed`);
    await expect(
      runParticipantCommand(t.database.db, ['erase', '--id', 'x7', '--yes']),
    ).rejects.toThrow('--id must be a participant\'s number, not "x7"');
    const entries = await t.database.db
      .selectFrom('privacy_log')
      .select('actor')
      .orderBy('id')
      .execute();
    expect(entries.map((e) => e.actor)).toEqual([
      expect.stringMatching(/^user #\d+$/),
      'command line',
    ]);
  });

  it('says that an account with the same email stays, and leaves it', async () => {
    const zed = f.people.zeds[1]!;
    const email = `zed02.krumholt@zed-lmq.example`;
    const record = async (id: number) =>
      (await t.app.inject({ url: `/api/participants/${id}` })).json<{ hasAccount: boolean }>();
    expect((await record(zed)).hasAccount).toBe(false);
    // A funder who also came to the webinars, signed up with the email in another case.
    const admin = await t.sessionOf('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/users',
      headers: admin,
      payload: {
        email: email.toUpperCase(),
        name: 'Zed Krumholt',
        role: 'funder',
        password: 'quarterly figures for the board',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await record(zed)).hasAccount).toBe(true);

    const log: string[] = [];
    const code = await runParticipantCommand(t.database.db, ['erase', '--id', String(zed)], {
      input: Readable.from(['no\n']),
      log: { write: (s: string) => log.push(s) },
    });
    expect(code).toBe(1);
    expect(log.join('')).toContain(
      'A Ripple account has the same email. It is not a participant record and stays',
    );

    const erased = await t.app.inject({ method: 'DELETE', url: `/api/participants/${zed}` });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(await findId(zed)).toEqual([]);
    const account = await t.database.db
      .selectFrom('app_user')
      .select(['name', 'role'])
      .where(sql`lower(email)`, '=', email)
      .execute();
    expect(account).toEqual([{ name: 'Zed Krumholt', role: 'funder' }]);
  });
});
