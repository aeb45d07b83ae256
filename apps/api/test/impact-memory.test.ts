import { generateDemo, getImpact, getImpactBreakdown, getTopicsRequested } from '@ripple/db';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// The impact endpoints compute a cold figure from the in-memory survey rows (X-Impact-Figures:
// memory) once both snapshots have loaded, caught up with every response stored before the
// request; in SQL before that, and after an update or delete until the rows load again. Either
// way the answer is the query functions' own: packages/db's impact-memory.test.ts checks the two
// over random views, this the server's use of them.

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await generateDemo(t.database.db, { participants: 300, webinars: 8 });
});
afterAll(async () => {
  await t?.close();
});

async function get(url: string) {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.json<unknown>(), figures: res.headers['x-impact-figures'] };
}

let asked = 0;
/** Asks for views not asked before until one is computed in memory (both snapshots loaded). */
async function untilMemory() {
  for (const started = Date.now(); Date.now() - started < 30_000;) {
    asked++;
    const day = new Date(Date.UTC(1900, 0, asked)).toISOString().slice(0, 10);
    const { figures } = await get(`/api/impact?from=${day}`);
    if (figures === 'memory') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the impact rows did not load in 30 s');
}

const UTC = { timeZone: 'UTC' };
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** A post-webinar response through the API, as a respondent's phone sends it. */
async function submit(): Promise<void> {
  const db = t.database.db;
  const token = randomBytes(12).toString('base64url');
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    select ${token}, w.id, p.id, 'post',
           (select v.id from survey_version v join survey s on s.id = v.survey_id
            where s.kind = 'post' order by v.version desc limit 1),
           'en', now() + interval '30 days'
    from participant p cross join webinar w
    where w.status = 'held'
      and not exists (select 1 from survey_invitation i where i.webinar_id = w.id
                      and i.participant_id = p.id and i.wave = 'post')
    order by w.id, p.id limit 1`.execute(db);
  const form = await t.app.inject({ method: 'GET', url: `/api/responses/${token}` });
  const { questions } = form.json<{ questions: Array<{ id: number; key: string }> }>();
  const id = (key: string) => String(questions.find((q) => q.key === key)!.id);
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/responses/${token}`,
    payload: {
      answers: {
        [id('satisfaction')]: 1,
        [id('recommend')]: 0,
        [id('intended_use')]: { choices: ['train_others'] },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}

describe('impact figures in memory', () => {
  it('are computed in SQL until the rows are loaded, then in memory, with the same answers', async () => {
    expect((await get('/api/impact')).figures).toBe('sql');
    await untilMemory();
    const db = t.database.db;
    const impact = await get('/api/impact?lang=es&from=2000-01-01');
    expect(impact.figures).toBe('memory');
    expect(impact.body).toEqual(json(await getImpact(db, { ...UTC, from: '2000-01-01' }, 'es')));
    const topic = await get('/api/impact/breakdown/topic?limit=5');
    expect(topic.figures).toBe('memory');
    expect(topic.body).toEqual(
      json(await getImpactBreakdown(db, 'topic', UTC, { lang: 'en', limit: 5 })),
    );
    const topics = await get('/api/impact/topics-requested?lang=es&unmatched=5');
    expect(topics.figures).toBe('memory');
    expect(topics.body).toEqual(
      json(await getTopicsRequested(db, UTC, { lang: 'es', unmatchedLimit: 5 })),
    );
    const report = await t.app.inject({ method: 'GET', url: '/api/report?from=2001-01-01' });
    expect(report.statusCode).toBe(200);
    expect(report.headers['x-impact-figures']).toBe('memory');
    expect(report.json<{ impact: unknown }>().impact).toEqual(
      json(await getImpact(db, { ...UTC, from: '2001-01-01' }, 'en')),
    );
  });

  it('show a submission in the next answer, from memory', async () => {
    await untilMemory();
    const before = (await get('/api/impact')).body as { responses: { post: number } };
    await submit();
    const after = await get('/api/impact');
    expect(after.figures).toBe('memory');
    expect((after.body as { responses: { post: number } }).responses.post).toBe(
      before.responses.post + 1,
    );
    expect(after.body).toEqual(json(await getImpact(t.database.db, UTC, 'en')));
  });

  it('are not served from rows older than a delete: SQL answers until they load again', async () => {
    await untilMemory();
    await sql`delete from survey_response where id = (select max(id) from survey_response)`.execute(
      t.database.db,
    );
    const after = await get('/api/impact');
    expect(after.figures).toBe('sql');
    expect(after.body).toEqual(json(await getImpact(t.database.db, UTC, 'en')));
    await untilMemory();
    const again = await get('/api/impact?lang=en&to=2100-01-01');
    expect(again.figures).toBe('memory');
    expect(again.body).toEqual(after.body);
  });
});
