import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// Instruments over HTTP: the defaults every database has, and editing one into a new version
// while past responses keep the version (and wording) they answered.

let t: TestApp;
let people = 0;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

interface Question {
  id: number;
  key: string;
  type: string;
  required: boolean;
  text_en: string;
  text_es: string;
  choices: Array<{ value: string; label_en: string; label_es: string }> | null;
  allowOther: boolean;
}
interface Version {
  version: number;
  current: boolean;
  responses: number;
  questions: Question[];
}
interface Survey {
  id: number;
  code: string;
  current: Version;
  versions: Array<{ version: number; responses: number; invitations: number }>;
}
interface Saved {
  status: string;
  survey: Survey;
  warnings: Array<{ path: string; code: string; key: string; message: string }>;
}

async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, url).toBe(200);
  return res.json<T>();
}

const put = (id: number, payload: object) =>
  t.app.inject({ method: 'PUT', url: `/api/surveys/${id}`, payload });

/** The questions as the editor sends them back: without ids and positions. */
const editable = (questions: Question[]) =>
  questions.map(({ key, type, required, text_en, text_es, choices, allowOther }) => ({
    key,
    type,
    required,
    text_en,
    text_es,
    choices,
    allowOther,
  }));

async function postWebinarSurvey(): Promise<Survey> {
  const list = await get<Array<{ id: number; code: string }>>('/api/surveys');
  return get<Survey>(`/api/surveys/${list.find((s) => s.code === 'post-webinar')!.id}`);
}

/** An invitation to the post-webinar survey's latest version, for a new person; its token. */
async function invite(): Promise<string> {
  const db = t.database.db;
  const token = randomBytes(16).toString('base64url');
  const webinar = await db
    .insertInto('webinar')
    .values({ title: 'Open contracting', starts_at: '2014-05-01T14:00:00Z', language: 'es' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto('participant')
    .values({ name: 'Ana Pérez', email: `ana.${++people}@example.org` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    select ${token}, ${webinar.id}, ${person.id}, 'post',
           (select v.id from survey_version v join survey s on s.id = v.survey_id
            where s.code = 'post-webinar' order by v.version desc limit 1),
           'es', now() + interval '30 days'
  `.execute(db);
  return token;
}

describe('GET /api/surveys', () => {
  it('lists the two default instruments of a fresh database, each at version 1', async () => {
    const list = await get<Array<Record<string, unknown>>>('/api/surveys');
    expect(list).toEqual([
      expect.objectContaining({ code: 'follow-up', kind: 'followup', currentVersion: 1 }),
      expect.objectContaining({ code: 'post-webinar', kind: 'post', currentVersion: 1 }),
    ]);
    const followup = await get<Survey>(`/api/surveys/${list[0]!.id as number}`);
    expect(followup.current.questions.map((q) => q.key)).toEqual([
      'applied',
      'actual_use',
      'what_changed',
      'barriers',
      'consent_quote',
    ]);
    expect(followup.versions).toEqual([
      expect.objectContaining({ version: 1, responses: 0, invitations: 0 }),
    ]);
  });

  it('answers 404 for an unknown survey or version and 400 for a malformed id', async () => {
    const survey = await postWebinarSurvey();
    for (const url of ['/api/surveys/999999', `/api/surveys/${survey.id}/versions/99`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().message).toMatch(/There is no/);
    }
    const bad = await t.app.inject({ method: 'GET', url: '/api/surveys/abc' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/id/);
  });
});

describe('PUT /api/surveys/:id', () => {
  it('saves an edit as version 2; an answered version-1 link still reads version 1', async () => {
    const survey = await postWebinarSurvey();
    const token = await invite();
    const form = await get<{ questions: Array<{ id: number; key: string; text: string }> }>(
      `/api/responses/${token}`,
    );
    const satisfaction = form.questions.find((q) => q.key === 'satisfaction')!;
    const oldText = satisfaction.text;
    expect(oldText).toMatch(/satisfecho/);
    const answered = await t.app.inject({
      method: 'POST',
      url: `/api/responses/${token}`,
      payload: { answers: { [satisfaction.id]: 4 }, language: 'es' },
    });
    expect(answered.statusCode).toBe(201);

    const questions = editable(survey.current.questions);
    questions[0]!.text_es = '¿Cuán satisfecho/a quedó con el seminario web?';
    const res = await put(survey.id, { baseVersion: 1, questions });
    expect(res.statusCode).toBe(201);
    const saved = res.json<Saved>();
    expect(saved).toMatchObject({ status: 'created', warnings: [] });
    expect(saved.survey.current).toMatchObject({ version: 2, current: true, responses: 0 });
    expect(saved.survey.current.questions[0]!.text_es).toBe(
      '¿Cuán satisfecho/a quedó con el seminario web?',
    );
    expect(saved.survey.versions).toEqual([
      expect.objectContaining({ version: 2, responses: 0, invitations: 0 }),
      expect.objectContaining({ version: 1, responses: 1, invitations: 1 }),
    ]);

    // The answered link keeps its version's wording, and so does the version endpoint.
    const after = await get<{ state: string; questions: Array<{ id: number; text: string }> }>(
      `/api/responses/${token}`,
    );
    expect(after.state).toBe('answered');
    expect(after.questions[0]).toMatchObject({ id: satisfaction.id, text: oldText });
    const v1 = await get<Version>(`/api/surveys/${survey.id}/versions/1`);
    expect(v1).toMatchObject({ version: 1, current: false, responses: 1 });
    expect(v1.questions[0]!.text_es).toBe(oldText);

    // A link made now uses version 2.
    const fresh = await get<{ questions: Array<{ text: string }> }>(
      `/api/responses/${await invite()}`,
    );
    expect(fresh.questions[0]!.text).toBe('¿Cuán satisfecho/a quedó con el seminario web?');
  });

  it('answers 200 and makes no version when nothing changed', async () => {
    const survey = await postWebinarSurvey();
    const res = await put(survey.id, {
      baseVersion: survey.current.version,
      questions: editable(survey.current.questions),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<Saved>().status).toBe('unchanged');
    expect((await postWebinarSurvey()).versions).toHaveLength(survey.versions.length);
  });

  it('answers 409 with the current version when the edit started from an older one', async () => {
    // Two managers open the same version; the first saves.
    const survey = await postWebinarSurvey();
    const first = editable(survey.current.questions);
    first[2]!.text_en = 'Would you recommend these webinars?';
    const base = survey.current.version;
    expect((await put(survey.id, { baseVersion: base, questions: first })).statusCode).toBe(201);

    const second = editable(survey.current.questions);
    second[2]!.text_es = '¿Recomendaría estos seminarios web?';
    const res = await put(survey.id, { baseVersion: base, questions: second });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ statusCode: 409, currentVersion: base + 1 });
    expect(res.json().message).toMatch(/Reload/);
    const now = await postWebinarSurvey();
    expect(now.current.version).toBe(base + 1);
    expect(now.current.questions[2]!.text_en).toBe('Would you recommend these webinars?');
  });

  it('answers 400 with every problem and its path, and stores nothing', async () => {
    const survey = await postWebinarSurvey();
    const questions = editable(survey.current.questions);
    questions[0]!.text_es = '';
    questions[1]!.key = 'satisfaction';
    questions[3]!.choices![1]!.label_es = ' ';
    questions[4]!.type = 'essay';
    const res = await put(survey.id, { baseVersion: survey.current.version, questions });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ message: string; errors: Array<{ path: string; code: string }> }>();
    expect(body.errors.map((e) => `${e.path} ${e.code}`)).toEqual([
      'questions[0].text_es empty_text',
      'questions[1].key duplicate_key',
      'questions[3].choices[1].label_es empty_text',
      'questions[4].type unknown_type',
    ]);
    expect(body.message).toMatch(/^questions\[0\]\.text_es: /);
    expect((await postWebinarSurvey()).versions).toHaveLength(survey.versions.length);
  });

  it('refuses unknown fields and malformed bodies with a 400 that says where', async () => {
    const survey = await postWebinarSurvey();
    const questions = editable(survey.current.questions);
    const extra = await put(survey.id, {
      baseVersion: survey.current.version,
      questions: [{ ...questions[0], id: 5 }],
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toMatch(/questions\/0.*additional properties/);
    const missing = await put(survey.id, { questions });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/baseVersion/);
    const unknown = await put(999_999, { baseVersion: 1, questions });
    expect(unknown.statusCode).toBe(404);
  });

  it('warns, but saves, when a key changes type', async () => {
    const survey = await postWebinarSurvey();
    const questions = editable(survey.current.questions);
    const comments = questions.find((q) => q.key === 'comments')!;
    comments.type = 'single';
    comments.choices = [
      { value: 'good', label_en: 'Good', label_es: 'Bueno' },
      { value: 'bad', label_en: 'Bad', label_es: 'Malo' },
    ];
    const res = await put(survey.id, { baseVersion: survey.current.version, questions });
    expect(res.statusCode).toBe(201);
    const saved = res.json<Saved>();
    expect(saved.warnings).toEqual([
      {
        path: 'questions[4].type',
        code: 'type_changed',
        key: 'comments',
        message: expect.stringMatching(/"comments" was a text question/),
      },
    ]);
    expect(saved.survey.current.version).toBe(survey.current.version + 1);
  });
});
