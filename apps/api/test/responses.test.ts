import { randomBytes } from 'node:crypto';
import { generateDemo } from '@ripple/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// The respondent's side over JSON: the form of a personal link, and exactly one response per
// link, enforced by the database (concurrent, repeated and conflicting submissions).

let t: TestApp;
let people = 0;
beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db, { participants: 60, webinars: 3 });
});
afterAll(async () => {
  await t?.close();
});

interface Question {
  id: number;
  key: string;
  type: string;
  text: string;
  choices: Array<{ value: string; label: string }> | null;
}

interface Form {
  state: string;
  language: string;
  questions: Question[];
  planned: { uses: Array<{ value: string; label: string }>; other: string | null } | null;
}

/** A fresh invitation to the given wave for a new person, in `language`; returns its token. */
async function invitation(
  wave: 'post' | 'followup',
  { language = 'en', expiresIn = '30 days', participantId = null as number | null } = {},
): Promise<string> {
  const db = t.database.db;
  const token = randomBytes(16).toString('base64url');
  const person =
    participantId ??
    (
      await db
        .insertInto('participant')
        .values({ name: 'Ana Pérez', email: `ana.${++people}@example.org`, country: 'MX' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    select ${token}, (select min(id) from webinar), ${person}, ${wave},
           (select v.id from survey_version v join survey s on s.id = v.survey_id
            where s.kind = ${wave} order by v.version desc limit 1),
           ${language}, now() + ${expiresIn}::interval
  `.execute(db);
  return token;
}

async function form(token: string, lang?: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/responses/${token}${lang ? `?lang=${lang}` : ''}`,
  });
  return res;
}

function post(token: string, body: unknown) {
  return t.app.inject({ method: 'POST', url: `/api/responses/${token}`, payload: body as object });
}

async function postAnswers(token: string) {
  const { questions } = (await form(token)).json<Form>();
  const id = (key: string) => String(questions.find((q) => q.key === key)!.id);
  return {
    questions,
    body: {
      answers: {
        [id('satisfaction')]: 5,
        [id('recommend')]: 9,
        [id('intended_use')]: { choices: ['share_colleagues', 'other'], other: 'Un taller' },
        [id('comments')]: 'Muy útil',
        [id('consent_quote')]: true,
      },
      language: 'es',
      quote: { displayName: 'Ana P.', country: 'MX' },
    },
  };
}

async function responsesOf(token: string) {
  const { rows } = await sql<{ n: number; answers: number }>`
    select count(distinct r.id)::int as n, count(a.question_id)::int as answers
    from survey_response r
    join survey_invitation i on i.id = r.invitation_id
    left join survey_answer a on a.response_id = r.id
    where i.token = ${token}
  `.execute(t.database.db);
  return rows[0]!;
}

describe('GET /api/responses/:token', () => {
  it('gives the form in the link’s language, switchable, without referrer or caching', async () => {
    const token = await invitation('post', { language: 'es' });
    const res = await form(token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json<Form>();
    expect(body).toMatchObject({ state: 'open', wave: 'post', language: 'es' });
    const satisfaction = body.questions.find((q) => q.key === 'satisfaction')!;
    expect(satisfaction).toMatchObject({ type: 'rating5', required: true });
    expect(satisfaction.text).toMatch(/satisfecho/);
    const english = (await form(token, 'en')).json<Form>();
    expect(english.language).toBe('en');
    expect(english.questions[0]!.text).toMatch(/satisfied/);
    expect(english.questions.map((q) => q.id)).toEqual(body.questions.map((q) => q.id));
  });

  it('says when a link is unknown, malformed or expired', async () => {
    expect((await form('A'.repeat(22))).statusCode).toBe(404);
    expect((await form('short')).statusCode).toBe(400);
    const expired = await invitation('post', { expiresIn: '-1 day' });
    expect((await form(expired)).json<Form>().state).toBe('expired');
  });

  it('shows at follow-up what the person said they planned', async () => {
    const db = t.database.db;
    const first = await invitation('post');
    const { body } = await postAnswers(first);
    expect((await post(first, body)).statusCode).toBe(201);
    const person = await db
      .selectFrom('survey_invitation')
      .select('participant_id')
      .where('token', '=', first)
      .executeTakeFirstOrThrow();
    const followup = await invitation('followup', { participantId: person.participant_id });
    const planned = (await form(followup, 'es')).json<Form>().planned!;
    expect(planned.uses.map((u) => u.value)).toEqual(['other', 'share_colleagues']);
    expect(planned.uses[1]!.label).toBe('Compartirlo con colegas');
    expect(planned.other).toBe('Un taller');
  });
});

describe('POST /api/responses/:token', () => {
  it('stores the answers once, thanks a repeat, refuses different answers', async () => {
    const token = await invitation('post');
    const { body } = await postAnswers(token);
    const first = await post(token, body);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().message).toMatch(/Gracias/);
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    expect(await responsesOf(token)).toEqual({ n: 1, answers: 5 });
    expect((await form(token)).json().state).toBe('answered');

    const again = await post(token, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().status).toBe('repeat');

    const [satisfaction] = Object.keys(body.answers);
    const different = await post(token, {
      ...body,
      answers: { ...body.answers, [satisfaction!]: 1 },
    });
    expect(different.statusCode).toBe(409);
    expect(different.json().message).toMatch(/already been answered/);
    expect(await responsesOf(token)).toEqual({ n: 1, answers: 5 });
  });

  it('says what is wrong next to each question, and stores nothing', async () => {
    const token = await invitation('post');
    const { questions, body } = await postAnswers(token);
    const id = (key: string) => String(questions.find((q) => q.key === key)!.id);
    const res = await post(token, {
      answers: {
        [id('recommend')]: 11,
        [id('relevance')]: 'very',
        [id('intended_use')]: ['share_colleagues', 'dance'],
        [id('consent_quote')]: true,
        '999999': 'x',
      },
    });
    expect(res.statusCode).toBe(400);
    const codes = Object.fromEntries(
      (res.json().errors as Array<{ key: string | null; code: string }>).map((e) => [
        e.key ?? 'unknown',
        e.code,
      ]),
    );
    expect(codes).toEqual({
      satisfaction: 'required',
      recommend: 'out_of_range',
      relevance: 'not_a_number',
      intended_use: 'unknown_choice',
      consent_quote: 'display_name_missing',
      unknown: 'unknown_question',
    });
    expect(await responsesOf(token)).toEqual({ n: 0, answers: 0 });
    // Fixed, the same link then takes the response.
    expect((await post(token, body)).statusCode).toBe(201);
  });

  it('refuses unknown fields and an expired link, keeping what is stored', async () => {
    const token = await invitation('post');
    const { body } = await postAnswers(token);
    expect((await post(token, { ...body, admin: true })).statusCode).toBe(400);
    const expired = await invitation('post', { expiresIn: '-1 minute' });
    const late = await post(expired, (await postAnswers(expired)).body);
    expect(late.statusCode).toBe(410);
    expect(await responsesOf(expired)).toEqual({ n: 0, answers: 0 });
    expect((await post('B'.repeat(22), body)).statusCode).toBe(404);
  });

  it('stores exactly one response when 200 submissions of one link arrive together', async () => {
    const token = await invitation('post');
    const { body } = await postAnswers(token);
    // Half send the same answers, half different ones: one wins, whichever it is.
    const other = { ...body, answers: { ...body.answers } };
    const [satisfaction] = Object.keys(body.answers);
    other.answers[satisfaction!] = 2;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post(token, i % 2 ? body : other)),
    );
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    // Everyone else is told it was a repeat (same answers as the stored one) or a conflict.
    const winner = results.find((r) => r.statusCode === 201)!;
    const winnerIsOdd = results.indexOf(winner) % 2 === 1;
    results.forEach((r, i) => {
      if (r === winner) return;
      expect(r.statusCode).toBe((i % 2 === 1) === winnerIsOdd ? 200 : 409);
    });
    expect(await responsesOf(token)).toEqual({ n: 1, answers: 5 });
  });
});
