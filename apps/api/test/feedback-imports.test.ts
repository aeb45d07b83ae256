import { readFileSync } from 'node:fs';
import { generateDemo } from '@ripple/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// Past feedback from survey tool exports (fixtures under test/fixtures/feedback, one per tool):
// detection, suggested mapping, conversion by question type, linking by email, re-import without
// duplicates, and a file with bad rows refused whole with every problem by row and column.

let t: TestApp;
let webinarId: number;
let otherWebinarId: number;
const people: Record<string, number> = {};

beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db, { participants: 40, webinars: 3 });
  const webinars = await t.database.db.selectFrom('webinar').select('id').orderBy('id').execute();
  webinarId = webinars[0]!.id;
  otherWebinarId = webinars[1]!.id;
  for (const [email, name, country] of [
    ['ana.garcia@example.org', 'Ana García Pérez', 'UY'],
    ['ben.okafor@example.org', 'Ben Okafor', 'NG'],
    ['lucia.fernandez@example.org', 'Lucía', 'ES'],
  ] as const) {
    const row = await t.database.db
      .insertInto('participant')
      .values({ name, email, country })
      .returning('id')
      .executeTakeFirstOrThrow();
    people[email] = row.id;
  }
});
afterAll(async () => {
  await t?.close();
});

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/feedback/${name}`, import.meta.url));

/** multipart/form-data as a browser sends it: the file and text fields. */
function form(file: { name: string; bytes: Buffer } | null, fields: Record<string, string>) {
  const boundary = `----ripple${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          'Content-Type: text/csv\r\n\r\n',
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

interface Preview {
  tool: string;
  rows: number;
  columns: Array<{ name: string; samples: string[]; suggested: string | null }>;
  mapping: Record<string, string>;
  emailColumn: string | null;
  submittedAtColumn: string | null;
  sourceIdColumn: string | null;
  suggestedLanguage: 'en' | 'es';
  instrument: { questions: Array<{ key: string }> };
}

async function preview(
  name: string,
  wave: 'post' | 'followup',
  webinar = webinarId,
): Promise<Preview> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/feedback-imports/preview',
    ...form({ name, bytes: fixture(name) }, { webinarId: String(webinar), wave }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Preview>();
}

async function importFile(name: string, mapping: Record<string, unknown>, bytes?: Buffer) {
  return t.app.inject({
    method: 'POST',
    url: '/api/feedback-imports',
    ...form({ name, bytes: bytes ?? fixture(name) }, { mapping: JSON.stringify(mapping) }),
  });
}

interface StoredAnswer {
  key: string;
  value_number: number | null;
  value_text: string | null;
  value_choices: string[] | null;
}

/** The imported responses of a source, with their answers by question key. */
async function stored(source: string) {
  const { rows } = await sql<{
    id: number;
    participant_id: number | null;
    language: string;
    submitted_at: Date;
    consent_to_quote: boolean;
    quote_display_name: string | null;
    quote_country: string | null;
    webinar_id: number;
    wave: string;
    invitation_id: number | null;
    answers: StoredAnswer[];
  }>`
    select r.id, r.participant_id, r.language, r.submitted_at, r.consent_to_quote,
           r.quote_display_name, r.quote_country, r.webinar_id,
           r.wave, r.invitation_id,
           coalesce(json_agg(json_build_object('key', q.key, 'value_number', a.value_number,
             'value_text', a.value_text, 'value_choices', a.value_choices) order by q.position)
             filter (where q.id is not null), '[]') as answers
    from survey_response r
    left join survey_answer a on a.response_id = r.id
    left join survey_question q on q.id = a.question_id
    where r.source = ${source}
    group by r.id
    order by r.submitted_at
  `.execute(t.database.db);
  return rows.map((row) => ({
    ...row,
    submitted_at: new Date(row.submitted_at).toISOString(),
    answers: Object.fromEntries(
      row.answers.map((a) => [
        a.key,
        a.value_number ??
          (a.value_choices ? { choices: a.value_choices, other: a.value_text } : a.value_text),
      ]),
    ),
  }));
}

describe('POST /api/feedback-imports/preview', () => {
  it('detects Google Forms and suggests a mapping from the English question texts', async () => {
    const body = await preview('google-forms-en.csv', 'post');
    expect(body.tool).toBe('google_forms');
    expect(body.rows).toBe(3);
    expect(body.emailColumn).toBe('Email address');
    expect(body.submittedAtColumn).toBe('Timestamp');
    expect(body.suggestedLanguage).toBe('en');
    expect(body.mapping).toEqual({
      'Overall, how satisfied are you with this webinar?': 'satisfaction',
      'How relevant was the webinar to your work?': 'relevance',
      'How likely are you to recommend these webinars to a colleague?': 'recommend',
      'How do you plan to use what you learned?': 'intended_use',
      'Any comments on the webinar?': 'comments',
      'May we quote your answers, with your first name, initial and country?': 'consent_quote',
    });
    const satisfaction = body.columns.find(
      (c) => c.name === 'Overall, how satisfied are you with this webinar?',
    );
    expect(satisfaction?.samples).toEqual(['5 - Very satisfied', '4', '3']);
    expect(body.instrument.questions.map((q: { key: string }) => q.key)).toContain('topics_next');
  });

  it('matches Spanish headers accent-insensitively and suggests Spanish', async () => {
    const body = await preview('google-forms-es.csv', 'post');
    expect(body.tool).toBe('google_forms');
    expect(body.emailColumn).toBe('Dirección de correo electrónico');
    expect(body.submittedAtColumn).toBe('Marca temporal');
    expect(body.suggestedLanguage).toBe('es');
    expect(Object.values(body.mapping).sort()).toEqual(
      ['comments', 'consent_quote', 'intended_use', 'recommend', 'satisfaction'].sort(),
    );
  });

  it('reads KoboToolbox group paths and SurveyMonkey question groups', async () => {
    const kobo = await preview('kobo-followup.csv', 'followup');
    expect(kobo.tool).toBe('kobo');
    expect(kobo.sourceIdColumn).toBe('_uuid');
    expect(kobo.submittedAtColumn).toBe('_submission_time');
    expect(kobo.emailColumn).toBe('correo');
    expect(kobo.mapping).toEqual({
      'seguimiento/applied': 'applied',
      'seguimiento/actual_use': 'actual_use',
      'seguimiento/what_changed': 'what_changed',
      'seguimiento/barriers': 'barriers',
      consent_quote: 'consent_quote',
    });

    const monkey = await preview('surveymonkey-post.csv', 'post');
    expect(monkey.tool).toBe('surveymonkey');
    expect(monkey.rows).toBe(2);
    expect(monkey.sourceIdColumn).toBe('Respondent ID');
    expect(monkey.emailColumn).toBe('Email Address');
    expect(monkey.mapping['How do you plan to use what you learned?']).toBe('intended_use');
    const uses = monkey.columns.find((c) => c.name === 'How do you plan to use what you learned?');
    expect(uses?.samples[0]).toBe(
      'Brief my leadership or minister | Inform a policy, law or action plan',
    );
  });

  it('refuses an unknown webinar and a bad wave with a 400 that says so', async () => {
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/feedback-imports/preview',
      ...form(
        { name: 'a.csv', bytes: fixture('google-forms-en.csv') },
        { webinarId: '99999', wave: 'post' },
      ),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toBe('There is no webinar #99999.');
    const wave = await t.app.inject({
      method: 'POST',
      url: '/api/feedback-imports/preview',
      ...form(
        { name: 'a.csv', bytes: fixture('google-forms-en.csv') },
        { webinarId: String(webinarId), wave: 'later' },
      ),
    });
    expect(wave.statusCode).toBe(400);
    expect(wave.json().message).toBe("wave must be post or followup, not 'later'.");
    const noFile = await t.app.inject({
      method: 'POST',
      url: '/api/feedback-imports/preview',
      ...form(null, { webinarId: String(webinarId), wave: 'post' }),
    });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().message).toMatch(/No file/);
  });
});

describe('POST /api/feedback-imports', () => {
  it('imports Google Forms answers, converts them, links by email, and does not duplicate', async () => {
    const { mapping } = await preview('google-forms-en.csv', 'post');
    const request = { webinarId, wave: 'post', columns: mapping, timeZone: 'America/New_York' };
    const res = await importFile('google-forms-en.csv', request);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      tool: 'google_forms',
      rows: 3,
      stored: 3,
      alreadyImported: 0,
      linked: 2,
      empty: 0,
    });

    const rows = await stored('google_forms');
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.submitted_at)).toEqual([
      // 19:13 in New York on 22 March 2025 (EDT, UTC-4).
      '2025-03-22T23:13:27.000Z',
      '2025-03-23T12:05:10.000Z',
      '2025-03-24T18:30:00.000Z',
    ]);
    expect(rows.map((r) => r.participant_id)).toEqual([
      people['ana.garcia@example.org'],
      people['ben.okafor@example.org'],
      null,
    ]);
    expect(rows.every((r) => r.invitation_id === null && r.webinar_id === webinarId)).toBe(true);
    expect(rows.map((r) => r.language)).toEqual(['en', 'en', 'en']);
    expect(rows.map((r) => r.consent_to_quote)).toEqual([true, false, false]);
    // Quoted as consented: first name, initial and country of the known participant.
    expect(rows.map((r) => [r.quote_display_name, r.quote_country])).toEqual([
      ['Ana G.', 'UY'],
      [null, null],
      [null, null],
    ]);
    expect(rows[0]!.answers).toEqual({
      satisfaction: 5,
      relevance: 4,
      recommend: 10,
      intended_use: { choices: ['inform_policy', 'share_colleagues'], other: null },
      comments: 'Great examples from Uruguay.',
      consent_quote: 'yes',
    });
    expect(rows[1]!.answers.intended_use).toEqual({
      choices: ['brief_leadership', 'other'],
      other: 'Write a blog post',
    });
    expect(rows[2]!.answers).toEqual({
      satisfaction: 3,
      relevance: 3,
      recommend: 7,
      intended_use: { choices: ['no_plans'], other: null },
      comments: 'Audio was poor, but the content was useful',
    });

    const again = await importFile('google-forms-en.csv', request);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ stored: 0, alreadyImported: 3, linked: 0 });
    expect(await stored('google_forms')).toHaveLength(3);
  });

  it('imports Spanish Google Forms answers day-first, in Spanish', async () => {
    const { mapping, suggestedLanguage } = await preview('google-forms-es.csv', 'post');
    const res = await importFile('google-forms-es.csv', {
      webinarId: otherWebinarId,
      wave: 'post',
      language: suggestedLanguage,
      columns: mapping,
      timeZone: 'UTC',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ stored: 2, linked: 1 });
    const rows = (await stored('google_forms')).filter((r) => r.webinar_id === otherWebinarId);
    expect(
      rows.map((r) => [r.submitted_at, r.language, r.consent_to_quote, r.quote_display_name]),
    ).toEqual([
      ['2025-03-22T19:13:27.000Z', 'es', true, 'Lucía'],
      ['2025-04-02T09:00:00.000Z', 'es', false, null],
    ]);
    expect(rows[0]!.answers.intended_use).toEqual({
      choices: ['inform_policy', 'share_colleagues'],
      other: null,
    });
    expect(rows[1]!.answers.intended_use).toEqual({ choices: ['train_others'], other: null });
  });

  it('imports a KoboToolbox follow-up: space-separated choices, UTC submission times', async () => {
    const { mapping } = await preview('kobo-followup.csv', 'followup');
    const res = await importFile('kobo-followup.csv', {
      webinarId,
      wave: 'followup',
      columns: mapping,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ tool: 'kobo', stored: 3, linked: 1 });
    const rows = await stored('kobo');
    expect(rows.map((r) => [r.wave, r.submitted_at, r.participant_id])).toEqual([
      ['followup', '2025-06-20T19:03:11.000Z', people['ana.garcia@example.org']],
      ['followup', '2025-06-21T14:04:00.000Z', null],
      ['followup', '2025-06-22T15:02:00.000Z', null],
    ]);
    expect(rows[0]!.answers).toEqual({
      applied: 'yes',
      actual_use: { choices: ['inform_policy', 'share_colleagues'], other: null },
      what_changed: 'Our ministry added a transparency commitment; it was "approved" in May.',
      consent_quote: 'yes',
    });
    expect(rows[1]!.answers).toEqual({
      applied: 'partly',
      actual_use: { choices: ['train_others'], other: null },
      barriers: 'No budget this year',
      consent_quote: 'no',
    });
    expect(rows[2]!.answers).toEqual({ applied: 'no', barriers: 'Changed jobs' });
    const again = await importFile('kobo-followup.csv', {
      webinarId,
      wave: 'followup',
      columns: mapping,
    });
    expect(again.json()).toMatchObject({ stored: 0, alreadyImported: 3 });
  });

  it('imports SurveyMonkey: a multiple choice spread over columns, with its "other"', async () => {
    const { mapping } = await preview('surveymonkey-post.csv', 'post');
    const res = await importFile('surveymonkey-post.csv', {
      webinarId,
      wave: 'post',
      columns: mapping,
      timeZone: 'UTC',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ tool: 'surveymonkey', stored: 2, linked: 1 });
    const rows = await stored('surveymonkey');
    expect(rows.map((r) => [r.submitted_at, r.participant_id])).toEqual([
      ['2025-03-22T19:20:01.000Z', people['ben.okafor@example.org']],
      ['2025-03-23T10:05:30.000Z', null],
    ]);
    expect(rows[0]!.answers).toEqual({
      satisfaction: 5,
      recommend: 9,
      intended_use: { choices: ['brief_leadership', 'inform_policy'], other: null },
      comments: 'Clear and practical.',
    });
    expect(rows[1]!.answers).toEqual({
      satisfaction: 4,
      recommend: 8,
      intended_use: { choices: ['other', 'share_colleagues'], other: 'Write a newsletter piece' },
    });
  });

  it('refuses a file with bad rows whole, listing every problem by row and column', async () => {
    const before = await t.database.db
      .selectFrom('survey_response')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const bytes = Buffer.from(
      [
        'Timestamp,Email address,Satisfaction,Recommend,Applied?,Plans',
        '3/25/2025 10:00:00,zoe@example.org,5,9,yes,Train others',
        '3/26/2025 10:00:00,,muy,11,maybe,Dance',
        '3/27/2025 25:00:00,,4,,,',
      ].join('\n'),
    );
    const res = await importFile(
      'bad.csv',
      {
        webinarId,
        wave: 'post',
        columns: {
          Satisfaction: 'satisfaction',
          Recommend: 'recommend',
          'Applied?': 'consent_quote',
        },
        timeZone: 'UTC',
      },
      bytes,
    );
    expect(res.statusCode).toBe(400);
    const body = res.json<{
      problemCount: number;
      message: string;
      problems: Array<{ message: string }>;
    }>();
    expect(body.problemCount).toBe(4);
    expect(body.problems.map((p) => p.message)).toEqual([
      "row 3, column 'Satisfaction': 'muy' is not a rating from 1 to 5",
      "row 3, column 'Recommend': '11' is not a score from 0 to 10",
      "row 3, column 'Applied?': 'maybe' is not yes or no",
      "row 4, column 'Timestamp': '3/27/2025 25:00:00' is not a date and time (not a real date)",
    ]);
    expect(body.message).toMatch(/^4 problems in the file; nothing was imported\./);
    const after = await t.database.db
      .selectFrom('survey_response')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // A choice outside the list is an error where the question takes no "other"…
    const multi = await importFile(
      'bad.csv',
      { webinarId, wave: 'post', columns: { Plans: 'intended_use' }, timeZone: 'UTC' },
      bytes,
    );
    // …but intended_use allows other: "Dance" is kept as the other text.
    expect(multi.statusCode, multi.body).toBe(201);
  });

  it('says what is wrong with a mapping', async () => {
    const unknownColumn = await importFile('google-forms-en.csv', {
      webinarId,
      wave: 'post',
      columns: { Nope: 'satisfaction', Timestamp: 'nothing' },
    });
    expect(unknownColumn.statusCode).toBe(400);
    expect(unknownColumn.json().message).toMatch(/There is no column 'Nope' in the file\./);
    expect(unknownColumn.json().message).toMatch(/'nothing' is not a question of the/);

    const extra = await importFile('google-forms-en.csv', {
      webinarId,
      wave: 'post',
      columns: {},
      surveyId: 3,
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toBe('mapping has unknown fields: surveyId');

    const twice = await importFile('google-forms-en.csv', {
      webinarId,
      wave: 'post',
      columns: {
        'How relevant was the webinar to your work?': 'satisfaction',
        'Overall, how satisfied are you with this webinar?': 'satisfaction',
      },
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toMatch(/Question 'satisfaction' is mapped twice/);

    const json = await t.app.inject({
      method: 'POST',
      url: '/api/feedback-imports',
      ...form({ name: 'a.csv', bytes: fixture('google-forms-en.csv') }, { mapping: '{' }),
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().message).toBe('The `mapping` field is not valid JSON.');
  });
});

describe('upload limits', () => {
  it('refuses a file over the attendance import’s limit with 413, storing nothing', async () => {
    const small = await buildTestApp({ maxImportBytes: 300 });
    try {
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/feedback-imports',
        ...form(
          { name: 'google-forms-en.csv', bytes: fixture('google-forms-en.csv') },
          { mapping: JSON.stringify({ webinarId: 1, wave: 'post', columns: {} }) },
        ),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().message).toBe(
        'google-forms-en.csv is larger than the limit of 300 bytes; nothing was imported.',
      );
      const unsupported = await small.app.inject({
        method: 'POST',
        url: '/api/feedback-imports/preview',
        payload: { webinarId: 1 },
      });
      expect(unsupported.statusCode).toBe(415);
    } finally {
      await small.close();
    }
  });
});
