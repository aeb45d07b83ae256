import {
  generateDemo,
  getImpact,
  getImpactBreakdown,
  getImpactComments,
  getTestimonials,
  getTopicsRequested,
} from '@ripple/db';
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
  // SQL while the snapshot loads, without waiting for it: the path tested here.
  t = await buildTestApp({ memoryLoadWaitMs: 0 });
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

  it('list comments and testimonials from memory, and show an approval in the next list', async () => {
    await untilMemory();
    const db = t.database.db;
    const comments = await get('/api/impact/comments?limit=5&offset=2');
    expect(comments.figures).toBe('memory');
    expect(comments.body).toEqual(json(await getImpactComments(db, UTC, { limit: 5, offset: 2 })));
    type Page = { total: number; items: Array<{ responseId: number }> };
    const pending = await get('/api/impact/testimonials?status=pending&limit=3');
    expect(pending.figures).toBe('memory');
    const page = { status: 'pending' as const, limit: 3, offset: 0 };
    expect(pending.body).toEqual(json(await getTestimonials(db, UTC, page)));
    const [first] = (pending.body as Page).items;
    const approval = await t.app.inject({
      method: 'POST',
      url: `/api/impact/testimonials/${first!.responseId}/approval`,
    });
    expect(approval.statusCode, approval.body).toBe(200);
    const approved = await get('/api/impact/testimonials?status=approved&limit=100');
    expect((approved.body as Page).items.map((i) => i.responseId)).toContain(first!.responseId);
    expect(approved.body).toEqual(
      json(await getTestimonials(db, UTC, { status: 'approved', limit: 100, offset: 0 })),
    );
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

describe('a cold figure asked while the snapshots load (the default)', () => {
  it('waits for them and is computed in memory, at start and after a write', async () => {
    const w = await buildTestApp();
    try {
      const db = w.database.db;
      await generateDemo(db, { participants: 300, webinars: 8 });
      const ask = async (url: string) => {
        const res = await w.app.inject({ method: 'GET', url });
        expect(res.statusCode, res.body).toBe(200);
        return res;
      };
      // The first figures asked: the reach snapshot, then the impact rows, load while they wait.
      const reach = await ask('/api/breakdown/sector');
      expect(reach.headers['x-reach-figures']).toBe('memory');
      const first = await ask('/api/impact');
      expect(first.headers['x-impact-figures']).toBe('memory');
      expect(first.json()).toEqual(json(await getImpact(db, UTC, 'en')));
      // A delete drops the rows: the next figure waits for them to load again.
      await sql`delete from survey_response where id = (select max(id) from survey_response)`.execute(
        db,
      );
      const after = await ask('/api/impact');
      expect(after.headers['x-impact-figures']).toBe('memory');
      expect(after.json()).toEqual(json(await getImpact(db, UTC, 'en')));
      expect(after.json()).not.toEqual(first.json());
    } finally {
      await w.close();
    }
  });
});
