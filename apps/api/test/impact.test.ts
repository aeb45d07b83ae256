import { randomBytes } from 'node:crypto';
import { generateDemo } from '@ripple/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

// Impact analytics on a small demo, plus one fresh webinar whose responses are written through
// the respondents' own API with known answers, so its figures are known exactly. The demo's
// figures are checked against hand-written SQL that reads the tables another way.

let t: TestApp;
let webinarId: number;
let topicId: number;
const tokens: Record<string, string> = {};
const people: Record<string, number> = {};

interface Form {
  questions: Array<{ id: number; key: string }>;
}

async function invite(person: string, wave: 'post' | 'followup', versionId?: number) {
  const token = randomBytes(18).toString('base64url');
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    values (${token}, ${webinarId}, ${people[person]!}, ${wave},
            coalesce(${versionId ?? null}::int,
                     (select min(v.id) from survey_version v join survey s on s.id = v.survey_id
                      where s.kind = ${wave})),
            'es', now() + interval '30 days')
  `.execute(t.database.db);
  tokens[`${person}:${wave}`] = token;
}

/** Answers by question key, sent by question id as the form does. */
async function respond(
  person: string,
  wave: 'post' | 'followup',
  byKey: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const token = tokens[`${person}:${wave}`]!;
  const form = await t.app.inject({ method: 'GET', url: `/api/responses/${token}` });
  expect(form.statusCode).toBe(200);
  const ids = new Map(form.json<Form>().questions.map((q) => [q.key, q.id]));
  const answers = Object.fromEntries(
    Object.entries(byKey).map(([key, value]) => [String(ids.get(key)), value]),
  );
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/responses/${token}`,
    payload: { answers, language: 'es', ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function get<T>(url: string): Promise<T> {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<T>();
}

interface Impact {
  responses: { post: number; followup: number };
  funnel: {
    attendees: number;
    post: { invited: number; answered: number; rate: number | null };
    followup: { invited: number; answered: number; rate: number | null };
  };
  satisfaction: { n: number; mean: number | null; counts: Array<{ value: number; count: number }> };
  relevance: { n: number };
  recommend: {
    n: number;
    nps: number | null;
    promoters: number;
    passives: number;
    detractors: number;
    counts: Array<{ value: number; count: number }>;
  };
  intendedUses: {
    n: number;
    rows: Array<{ value: string; label: string; count: number; share: number }>;
  };
  applied: { n: number; yes: number; partly: number; no: number; rate: number | null };
  actualUses: { n: number; rows: Array<{ value: string; count: number }> };
  intentToApplied: {
    pairs: number;
    withPlans: number;
    rows: Array<{
      value: string;
      planned: number;
      didIt: number;
      otherInstead: number;
      nothing: number;
      notSaid: number;
      instead: Array<{ value: string; count: number }>;
    }>;
  };
}

const countOf = (rows: Array<{ value: string; count: number }>, value: string) =>
  rows.find((r) => r.value === value)?.count ?? 0;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  await generateDemo(db, { participants: 300, webinars: 8 });

  topicId = (
    await db
      .insertInto('topic')
      .values({
        code: 'beneficial-ownership',
        label_en: 'Beneficial ownership',
        label_es: 'Información sobre beneficiarios',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  webinarId = (
    await db
      .insertInto('webinar')
      .values({
        title: 'Registros de beneficiarios finales',
        starts_at: '2015-06-02T15:00:00Z',
        language: 'es',
        status: 'held',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .insertInto('webinar_topic')
    .values({ webinar_id: webinarId, topic_id: topicId })
    .execute();
  const persons: Array<[string, string, 'government' | 'civil_society' | 'media']> = [
    ['p1', 'AR', 'government'],
    ['p2', 'AR', 'civil_society'],
    ['p3', 'KE', 'government'],
    ['p4', 'KE', 'media'],
  ];
  for (const [name, country, sector] of persons) {
    const person = (
      await db
        .insertInto('participant')
        .values({ name: `Secret ${name}`, email: `${name}@secret.example`, country, sector })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    people[name] = person;
    await db
      .insertInto('attendance')
      .values({ webinar_id: webinarId, participant_id: person, attended: true, minutes: 50 })
      .execute();
  }

  // p4 is invited to an edited post-webinar survey: a second version, new question ids, the
  // same keys. Analytics must follow the keys.
  const v1 = await db
    .selectFrom('survey_version as v')
    .innerJoin('survey as s', 's.id', 'v.survey_id')
    .select(['v.id', 'v.survey_id'])
    .where('s.kind', '=', 'post')
    .executeTakeFirstOrThrow();
  const v2 = await db
    .insertInto('survey_version')
    .values({ survey_id: v1.survey_id, version: 2 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    insert into survey_question (survey_version_id, position, key, type, required, text_en, text_es, choices, allow_other)
    select ${v2.id}, position, key, type, required, text_en || ' (v2)', text_es, choices, allow_other
    from survey_question where survey_version_id = ${v1.id}
  `.execute(db);

  for (const p of ['p1', 'p2', 'p3']) await invite(p, 'post');
  await invite('p4', 'post', v2.id);
  for (const p of ['p1', 'p2', 'p3']) await invite(p, 'followup');

  await respond(
    'p1',
    'post',
    {
      satisfaction: 5,
      relevance: 4,
      recommend: 10,
      intended_use: ['inform_policy', 'share_colleagues'],
      comments: 'Fue 100% útil_x para mi equipo',
      topics_next: 'Mas INFORMACION sobre beneficiarios, por favor',
      consent_quote: true,
    },
    { quote: { displayName: 'Ana G.', country: 'AR' } },
  );
  await respond('p2', 'post', {
    satisfaction: 4,
    recommend: 6,
    intended_use: ['train_others'],
    comments: 'Muy buena la información presentada',
    topics_next: 'Ciberseguridad municipal',
    consent_quote: false,
  });
  await respond('p3', 'post', {
    satisfaction: 2,
    recommend: 9,
    intended_use: ['inform_policy'],
    topics_next: 'ciberseguridad municipal ',
  });
  await respond(
    'p1',
    'followup',
    {
      applied: 'yes',
      actual_use: ['inform_policy', 'brief_leadership'],
      what_changed: 'Cambiamos una ley',
      consent_quote: true,
    },
    { quote: { displayName: 'Ana G.', country: 'AR' } },
  );
  await respond('p2', 'followup', { applied: 'no', barriers: 'Falta de tiempo' });
  await respond('p3', 'followup', { applied: 'partly', actual_use: ['share_colleagues'] });
});

afterAll(async () => {
  await t?.close();
});

describe('impact figures of a webinar with known answers', () => {
  it('counts the funnel, ratings, uses and intent → applied exactly', async () => {
    const impact = await get<Impact>(`/api/impact?webinar=${webinarId}`);
    expect(impact.responses).toEqual({ post: 3, followup: 3 });
    expect(impact.funnel).toEqual({
      attendees: 4,
      post: { invited: 4, answered: 3, rate: 0.75 },
      followup: { invited: 3, answered: 3, rate: 1 },
    });
    expect(impact.satisfaction.n).toBe(3);
    expect(impact.satisfaction.mean).toBeCloseTo(11 / 3, 10);
    expect(impact.satisfaction.counts).toEqual([
      { value: 1, count: 0 },
      { value: 2, count: 1 },
      { value: 3, count: 0 },
      { value: 4, count: 1 },
      { value: 5, count: 1 },
    ]);
    expect(impact.relevance.n).toBe(1);
    expect(impact.recommend).toMatchObject({ n: 3, promoters: 2, passives: 0, detractors: 1 });
    expect(impact.recommend.nps).toBeCloseTo(100 / 3, 10);
    expect(impact.recommend.counts).toHaveLength(11);

    expect(impact.intendedUses.n).toBe(3);
    const intended = impact.intendedUses.rows;
    expect(countOf(intended, 'inform_policy')).toBe(2);
    expect(countOf(intended, 'share_colleagues')).toBe(1);
    expect(countOf(intended, 'train_others')).toBe(1);
    expect(countOf(intended, 'brief_leadership')).toBe(0);
    expect(intended.find((r) => r.value === 'inform_policy')!.share).toBeCloseTo(2 / 3, 10);
    // Every choice of the instrument is listed, in its order, with its label.
    expect(intended.map((r) => r.value)).toEqual([
      'brief_leadership',
      'inform_policy',
      'share_colleagues',
      'design_programme',
      'follow_up_peer',
      'train_others',
      'no_plans',
      'other',
    ]);
    expect(intended[0]!.label).toBe('Brief my leadership or minister');

    expect(impact.applied).toEqual({ n: 3, yes: 1, partly: 1, no: 1, rate: 2 / 3 });
    expect(impact.actualUses.n).toBe(3);
    expect(countOf(impact.actualUses.rows, 'inform_policy')).toBe(1);
    expect(countOf(impact.actualUses.rows, 'brief_leadership')).toBe(1);
    expect(countOf(impact.actualUses.rows, 'share_colleagues')).toBe(1);

    const ita = impact.intentToApplied;
    expect(ita.pairs).toBe(3);
    expect(ita.withPlans).toBe(3);
    const row = (value: string) => ita.rows.find((r) => r.value === value)!;
    expect(row('inform_policy')).toMatchObject({
      planned: 2,
      didIt: 1,
      otherInstead: 1,
      nothing: 0,
      notSaid: 0,
      instead: [{ value: 'share_colleagues', count: 1 }],
    });
    expect(row('share_colleagues')).toMatchObject({ planned: 1, didIt: 0, otherInstead: 1 });
    expect(row('share_colleagues').instead.map((i) => [i.value, i.count])).toEqual([
      ['brief_leadership', 1],
      ['inform_policy', 1],
    ]);
    expect(row('train_others')).toMatchObject({
      planned: 1,
      didIt: 0,
      otherInstead: 0,
      nothing: 1,
    });
    expect(ita.rows.map((r) => r.value)).toEqual([
      'inform_policy',
      'share_colleagues',
      'train_others',
    ]);
  });

  it('gives labels in Spanish when asked', async () => {
    const impact = await get<Impact>(`/api/impact?webinar=${webinarId}&lang=es`);
    expect(impact.intendedUses.rows[0]!.label).toBe('Informar a mis autoridades o a mi ministro/a');
  });

  it('narrows with person filters; responses without a participant drop out of them', async () => {
    const ar = await get<Impact>(`/api/impact?webinar=${webinarId}&country=AR`);
    expect(ar.responses).toEqual({ post: 2, followup: 2 });
    expect(ar.funnel.attendees).toBe(2);
    expect(ar.funnel.post).toEqual({ invited: 2, answered: 2, rate: 1 });
    expect(ar.satisfaction.mean).toBeCloseTo(4.5, 10);
    const gov = await get<Impact>(`/api/impact?webinar=${webinarId}&sector=government`);
    expect(gov.responses).toEqual({ post: 2, followup: 2 });
    expect(gov.intentToApplied.pairs).toBe(2);
  });

  it('breaks the figures down by country, with rates per row', async () => {
    const body = await get<{
      dimension: string;
      rows: Array<Record<string, unknown>>;
    }>(`/api/impact/breakdown/country?webinar=${webinarId}`);
    expect(body.dimension).toBe('country');
    expect(body.rows).toEqual([
      {
        key: 'AR',
        label: null,
        postInvited: 2,
        postResponses: 2,
        postRate: 1,
        followupInvited: 2,
        followupResponses: 2,
        followupRate: 1,
        satisfactionN: 2,
        satisfactionMean: 4.5,
        recommendN: 2,
        nps: 0,
        appliedN: 2,
        appliedRate: 0.5,
      },
      {
        key: 'KE',
        label: null,
        postInvited: 2,
        postResponses: 1,
        postRate: 0.5,
        followupInvited: 1,
        followupResponses: 1,
        followupRate: 1,
        satisfactionN: 1,
        satisfactionMean: 2,
        recommendN: 1,
        nps: 100,
        appliedN: 1,
        appliedRate: 1,
      },
    ]);
    const topics = await get<{
      rows: Array<{ key: string; label: string; postResponses: number }>;
    }>(`/api/impact/breakdown/topic?webinar=${webinarId}&lang=es`);
    expect(topics.rows).toMatchObject([
      { key: String(topicId), label: 'Información sobre beneficiarios', postResponses: 3 },
    ]);
  });

  it('counts topics requested beside those delivered, ignoring case and accents', async () => {
    const body = await get<{
      requests: number;
      matched: number;
      topics: Array<{ topicId: number; label: string; requests: number; delivered: number }>;
      unmatched: Array<{ text: string; count: number }>;
    }>(`/api/impact/topics-requested?webinar=${webinarId}`);
    expect(body.requests).toBe(3);
    expect(body.matched).toBe(1);
    expect(body.topics).toEqual([
      { topicId, label: 'Beneficial ownership', requests: 1, delivered: 1 },
    ]);
    // The same request, differently cased and spaced, is one line with its count.
    expect(body.unmatched).toHaveLength(1);
    expect(body.unmatched[0]!.count).toBe(2);
    expect(body.unmatched[0]!.text.toLowerCase()).toContain('ciberseguridad municipal');
  });

  it('searches comments with % and _ taken literally, and accents ignored', async () => {
    type Comments = {
      total: number;
      items: Array<{ key: string; text: string; language: string; webinar: { id: number } }>;
    };
    const all = await get<Comments>(`/api/impact/comments?webinar=${webinarId}`);
    expect(all.total).toBe(4);
    expect(all.items.map((c) => c.key).sort()).toEqual([
      'barriers',
      'comments',
      'comments',
      'what_changed',
    ]);
    expect(all.items.every((c) => c.language === 'es' && c.webinar.id === webinarId)).toBe(true);
    // Nothing that names the person.
    expect(JSON.stringify(all)).not.toMatch(/Secret|secret\.example/);

    const percent = await get<Comments>(
      `/api/impact/comments?webinar=${webinarId}&q=${encodeURIComponent('100%')}`,
    );
    expect(percent.items.map((c) => c.text)).toEqual(['Fue 100% útil_x para mi equipo']);
    const lonePercent = await get<Comments>(`/api/impact/comments?webinar=${webinarId}&q=%25`);
    expect(lonePercent.total).toBe(1);
    const underscore = await get<Comments>(`/api/impact/comments?webinar=${webinarId}&q=l_x`);
    expect(underscore.total).toBe(1);
    // "_" is not "any character": "l x" would match "l_x" if it were.
    const notWildcard = await get<Comments>(`/api/impact/comments?webinar=${webinarId}&q=a_l`);
    expect(notWildcard.total).toBe(0);
    const accent = await get<Comments>(`/api/impact/comments?webinar=${webinarId}&q=INFORMACION`);
    expect(accent.items.map((c) => c.text)).toEqual(['Muy buena la información presentada']);
    const onlyBarriers = await get<Comments>(
      `/api/impact/comments?webinar=${webinarId}&key=barriers`,
    );
    expect(onlyBarriers.items.map((c) => c.text)).toEqual(['Falta de tiempo']);
    const english = await get<Comments>(`/api/impact/comments?webinar=${webinarId}&writtenIn=en`);
    expect(english.total).toBe(0);
    const page = await get<Comments>(`/api/impact/comments?webinar=${webinarId}&limit=1&offset=1`);
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(1);
  });
});

describe('testimonials', () => {
  interface Testimonials {
    total: number;
    items: Array<{
      responseId: number;
      displayName: string | null;
      country: string | null;
      approvedAt: string | null;
      quotes: Array<{ key: string; text: string }>;
    }>;
  }

  it('lists consented quotes only, and approves and unapproves them', async () => {
    const list = await get<Testimonials>(`/api/impact/testimonials?webinar=${webinarId}`);
    expect(list.total).toBe(2);
    expect(list.items.map((i) => i.quotes)).toEqual(
      expect.arrayContaining([
        [{ key: 'what_changed', text: 'Cambiamos una ley' }],
        [{ key: 'comments', text: 'Fue 100% útil_x para mi equipo' }],
      ]),
    );
    expect(list.items.every((i) => i.displayName === 'Ana G.' && i.country === 'AR')).toBe(true);
    expect(JSON.stringify(list)).not.toMatch(/Secret|secret\.example/);

    const id = list.items[0]!.responseId;
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/impact/testimonials/${id}/approval`,
    });
    expect(approved.statusCode).toBe(200);
    const first = approved.json<{ approved: boolean; approvedAt: string }>();
    expect(first.approved).toBe(true);
    expect(Date.parse(first.approvedAt)).not.toBeNaN();
    // Approving again keeps the first approval's time.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/impact/testimonials/${id}/approval`,
    });
    expect(again.json<{ approvedAt: string }>().approvedAt).toBe(first.approvedAt);

    const onlyApproved = await get<Testimonials>(
      `/api/impact/testimonials?webinar=${webinarId}&status=approved`,
    );
    expect(onlyApproved.items.map((i) => i.responseId)).toEqual([id]);
    const pending = await get<Testimonials>(
      `/api/impact/testimonials?webinar=${webinarId}&status=pending`,
    );
    expect(pending.total).toBe(1);

    const withdrawn = await t.app.inject({
      method: 'DELETE',
      url: `/api/impact/testimonials/${id}/approval`,
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toEqual({ responseId: id, approved: false, approvedAt: null });
    const stored = await t.database.db
      .selectFrom('survey_response')
      .select('quote_approved_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.quote_approved_at).toBeNull();
  });

  it('refuses to approve a response without consent (409) or one that does not exist (404)', async () => {
    const p2 = await t.database.db
      .selectFrom('survey_response')
      .select('id')
      .where('participant_id', '=', people.p2!)
      .where('wave', '=', 'post')
      .executeTakeFirstOrThrow();
    const refused = await t.app.inject({
      method: 'POST',
      url: `/api/impact/testimonials/${p2.id}/approval`,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ message: string }>().message).toMatch(/did not consent/);
    const stored = await t.database.db
      .selectFrom('survey_response')
      .select('quote_approved_at')
      .where('id', '=', p2.id)
      .executeTakeFirstOrThrow();
    expect(stored.quote_approved_at).toBeNull();

    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/impact/testimonials/2000000000/approval',
    });
    expect(missing.statusCode).toBe(404);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/impact/testimonials/abc/approval',
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('the demo programme against hand-written SQL', () => {
  it('counts responses, satisfaction, NPS and applied as the tables say', async () => {
    const db = t.database.db;
    const impact = await get<Impact>('/api/impact');
    const { rows } = await sql<{
      post: number;
      followup: number;
      sat5: number;
      sat_n: number;
      promoters: number;
      detractors: number;
      rec_n: number;
      yes: number;
      applied_n: number;
    }>`
      select
        (select count(*)::int from survey_response r join webinar w on w.id = r.webinar_id
          where w.status = 'held' and r.wave = 'post') as post,
        (select count(*)::int from survey_response r join webinar w on w.id = r.webinar_id
          where w.status = 'held' and r.wave = 'followup') as followup,
        (select count(*)::int from survey_answer a join survey_question q on q.id = a.question_id
          where q.key = 'satisfaction' and a.value_number = 5) as sat5,
        (select count(*)::int from survey_answer a join survey_question q on q.id = a.question_id
          where q.key = 'satisfaction') as sat_n,
        (select count(*)::int from survey_answer a join survey_question q on q.id = a.question_id
          where q.key = 'recommend' and a.value_number in (9, 10)) as promoters,
        (select count(*)::int from survey_answer a join survey_question q on q.id = a.question_id
          where q.key = 'recommend' and a.value_number between 0 and 6) as detractors,
        (select count(*)::int from survey_answer a join survey_question q on q.id = a.question_id
          where q.key = 'recommend') as rec_n,
        (select count(*)::int from survey_answer a join survey_question q on q.id = a.question_id
          where q.key = 'applied' and a.value_text = 'yes') as yes,
        (select count(*)::int from survey_answer a join survey_question q on q.id = a.question_id
          where q.key = 'applied') as applied_n
    `.execute(db);
    const x = rows[0]!;
    expect(impact.responses).toEqual({ post: x.post, followup: x.followup });
    expect(x.post).toBeGreaterThan(50);
    expect(impact.satisfaction.n).toBe(x.sat_n);
    expect(impact.satisfaction.counts.find((c) => c.value === 5)!.count).toBe(x.sat5);
    expect(impact.recommend.n).toBe(x.rec_n);
    expect(impact.recommend.nps).toBeCloseTo((100 * (x.promoters - x.detractors)) / x.rec_n, 10);
    expect(impact.applied.yes).toBe(x.yes);
    expect(impact.applied.n).toBe(x.applied_n);
  });

  it('counts intent → applied per planned use as a join of the two waves does', async () => {
    const impact = await get<Impact>('/api/impact');
    const { rows } = await sql<{ use: string; planned: number; did: number }>`
      select pu.use, count(*)::int as planned,
             count(*) filter (where exists (
               select 1 from survey_answer aa join survey_question qa on qa.id = aa.question_id
               where aa.response_id = fu.id and qa.key = 'actual_use' and pu.use = any(aa.value_choices)
             ))::int as did
      from survey_response post
      join survey_response fu on fu.participant_id = post.participant_id
        and fu.webinar_id = post.webinar_id and fu.wave = 'followup'
      join lateral (
        select unnest(a.value_choices) as use from survey_answer a
        join survey_question q on q.id = a.question_id
        where a.response_id = post.id and q.key = 'intended_use'
      ) pu on true
      where post.wave = 'post'
      group by pu.use
    `.execute(t.database.db);
    expect(rows.length).toBeGreaterThan(3);
    for (const r of rows) {
      const row = impact.intentToApplied.rows.find((x) => x.value === r.use);
      expect(row, r.use).toBeDefined();
      expect(row!.planned, r.use).toBe(r.planned);
      expect(row!.didIt, r.use).toBe(r.did);
      expect(row!.planned).toBe(row!.didIt + row!.otherInstead + row!.nothing + row!.notSaid);
    }
  });

  it('narrows with a sector filter to the responses of people in that sector', async () => {
    const all = await get<Impact>('/api/impact');
    const gov = await get<Impact>('/api/impact?sector=government');
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from survey_response r
      join participant p on p.id = r.participant_id
      join webinar w on w.id = r.webinar_id
      where r.wave = 'post' and p.sector = 'government' and w.status = 'held'
    `.execute(t.database.db);
    expect(gov.responses.post).toBe(rows[0]!.n);
    expect(gov.responses.post).toBeLessThan(all.responses.post);
    expect(gov.responses.post).toBeGreaterThan(0);
  });

  it('adds up: the sector breakdown sums to the whole', async () => {
    const all = await get<Impact>('/api/impact');
    const bySector = await get<{ rows: Array<{ postResponses: number; postInvited: number }> }>(
      '/api/impact/breakdown/sector',
    );
    const sum = (k: 'postResponses' | 'postInvited') =>
      bySector.rows.reduce((total, row) => total + row[k], 0);
    expect(sum('postResponses')).toBe(all.responses.post);
    expect(sum('postInvited')).toBe(all.funnel.post.invited);
  });
});

describe('freshness and bad input', () => {
  it('shows a new response at once, through an edited version of the survey', async () => {
    // Warm the reach cache first: impact must not be served from it.
    await get('/api/overview');
    const before = await get<Impact>(`/api/impact?webinar=${webinarId}`);
    const overall = await get<Impact>('/api/impact');
    await respond('p4', 'post', {
      satisfaction: 3,
      recommend: 8,
      intended_use: ['no_plans'],
    });
    const after = await get<Impact>(`/api/impact?webinar=${webinarId}`);
    expect(after.responses.post).toBe(before.responses.post + 1);
    expect(after.funnel.post).toEqual({ invited: 4, answered: 4, rate: 1 });
    expect(after.satisfaction.n).toBe(4);
    expect(after.satisfaction.counts.find((c) => c.value === 3)!.count).toBe(1);
    expect(after.recommend.passives).toBe(1);
    expect(countOf(after.intendedUses.rows, 'no_plans')).toBe(1);
    const overallAfter = await get<Impact>('/api/impact');
    expect(overallAfter.responses.post).toBe(overall.responses.post + 1);
  });

  it('counts a response without a participant only in views without person filters', async () => {
    const db = t.database.db;
    const before = await get<Impact>(`/api/impact?webinar=${webinarId}`);
    const beforeAr = await get<Impact>(`/api/impact?webinar=${webinarId}&country=AR`);
    // An imported answer with no email: no invitation, no participant.
    await sql`
      with version as (
        select v.id from survey_version v join survey s on s.id = v.survey_id
        where s.kind = 'post' and v.version = 1
      ),
      response as (
        insert into survey_response (survey_version_id, webinar_id, participant_id, wave, language)
        select id, ${webinarId}, null, 'post', 'en' from version
        returning id, survey_version_id
      )
      insert into survey_answer (response_id, question_id, value_number)
      select response.id, q.id, 1 from response
      join survey_question q on q.survey_version_id = response.survey_version_id and q.key = 'satisfaction'
    `.execute(db);
    const after = await get<Impact>(`/api/impact?webinar=${webinarId}`);
    expect(after.responses.post).toBe(before.responses.post + 1);
    expect(after.satisfaction.counts.find((c) => c.value === 1)!.count).toBe(1);
    // Not an answer to an invitation: the response rate is unchanged.
    expect(after.funnel.post).toEqual(before.funnel.post);
    const afterAr = await get<Impact>(`/api/impact?webinar=${webinarId}&country=AR`);
    expect(afterAr.responses).toEqual(beforeAr.responses);
    const bySector = await get<{ rows: Array<{ key: string | null; postResponses: number }> }>(
      `/api/impact/breakdown/sector?webinar=${webinarId}`,
    );
    expect(bySector.rows.find((r) => r.key === null)?.postResponses).toBe(1);
  });

  it('leaves an invitation without a person out of the funnel, with or without person filters', async () => {
    const db = t.database.db;
    const funnel = async (query: string) => (await get<Impact>(`/api/impact?${query}`)).funnel;
    const topicRow = async () =>
      (
        await get<{ rows: Array<{ key: string | null; postInvited: number }> }>(
          `/api/impact/breakdown/topic?webinar=${webinarId}`,
        )
      ).rows.find((r) => r.key === String(topicId));
    const before = [await funnel(`webinar=${webinarId}`), await funnel('')];
    const beforeTopic = await topicRow();
    // Bulk-made tokens, as load tests and open-link experiments make them: no participant.
    await sql`
      insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
      select ${`nobody_${randomBytes(12).toString('base64url')}`}, ${webinarId}, null, 'post', v.id, 'en',
             now() + interval '1 day'
      from survey_version v join survey s on s.id = v.survey_id
      where s.kind = 'post' order by v.version desc limit 1
    `.execute(db);
    expect([await funnel(`webinar=${webinarId}`), await funnel('')]).toEqual(before);
    expect(await topicRow()).toEqual(beforeTopic);
  });

  it('answers bad parameters with a 400 that says which', async () => {
    const cases: Array<[string, RegExp]> = [
      ['/api/impact/breakdown/gender', /dimension/],
      ['/api/impact?colour=red', /additional|colour/i],
      ['/api/impact?tz=Mars/Base', /tz/],
      ['/api/impact?lang=fr', /lang/],
      ['/api/impact/comments?limit=0', /limit/],
      ['/api/impact/comments?key=name', /key/],
      ['/api/impact/testimonials?status=published', /status/],
      ['/api/impact?from=2015-01-01&to=2014-01-01', /from/],
    ];
    for (const [url, message] of cases) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ message: string }>().message, url).toMatch(message);
    }
  });

  it('answers an empty view with zeros and nulls, not errors', async () => {
    const empty = await get<Impact>('/api/impact?from=1990-01-01&to=1991-01-01');
    expect(empty.responses).toEqual({ post: 0, followup: 0 });
    expect(empty.funnel.post.rate).toBeNull();
    expect(empty.satisfaction).toMatchObject({ n: 0, mean: null });
    expect(empty.recommend.nps).toBeNull();
    expect(empty.applied.rate).toBeNull();
    expect(empty.intentToApplied).toEqual({ pairs: 0, withPlans: 0, rows: [] });
    const breakdown = await get<{ rows: unknown[] }>(
      '/api/impact/breakdown/webinar?from=1990-01-01&to=1991-01-01',
    );
    expect(breakdown.rows).toEqual([]);
  });
});

describe('the impact cache', () => {
  async function cachedGet<T>(url: string): Promise<{ body: T; cache: string | undefined }> {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.json<T>(), cache: res.headers['x-impact-cache'] as string | undefined };
  }

  it('replaces a cached figure after an invitation wave, a submission, a deletion and a quote approval', async () => {
    const url = `/api/impact?webinar=${webinarId}`;
    const first = await cachedGet<Impact>(url); // cached or not, by the tests before
    const again = await cachedGet<Impact>(url);
    expect(again.cache).toBe('hit');
    expect(again.body).toEqual(first.body);
    // A view without this webinar: its version counts other webinars' rows only.
    const elsewhere = `/api/impact?from=2016-01-01&to=2017-01-01`;
    await cachedGet<Impact>(elsewhere);
    const elsewhereBefore = await cachedGet<Impact>(elsewhere);
    expect(elsewhereBefore.cache).toBe('hit');

    // A new invitation: an insert, which bumps no counter; the count in the snapshot moves.
    await invite('p4', 'followup');
    const invited = await cachedGet<Impact>(url);
    expect(invited.cache).toBe('miss');
    expect(invited.body.funnel.followup.invited).toBe(first.body.funnel.followup.invited + 1);

    await respond('p4', 'followup', { applied: 'yes', actual_use: ['inform_policy'] });
    const submitted = await cachedGet<Impact>(url);
    expect(submitted.cache).toBe('miss');
    expect(submitted.body.responses.followup).toBe(first.body.responses.followup + 1);
    expect(submitted.body.applied.yes).toBe(first.body.applied.yes + 1);
    expect((await cachedGet<Impact>(url)).cache).toBe('hit');
    const elsewhereAfter = await cachedGet<Impact>(elsewhere);
    expect(elsewhereAfter.cache).toBe('hit');
    expect(elsewhereAfter.body).toEqual(elsewhereBefore.body);

    // What an erasure does to a response: its answers and the response go, in one transaction.
    await t.database.db.transaction().execute(async (trx) => {
      const { id } = await trx
        .selectFrom('survey_response')
        .select('id')
        .where('participant_id', '=', people.p4!)
        .where('wave', '=', 'followup')
        .executeTakeFirstOrThrow();
      await trx.deleteFrom('survey_answer').where('response_id', '=', id).execute();
      await trx.deleteFrom('survey_response').where('id', '=', id).execute();
    });
    const erased = await cachedGet<Impact>(url);
    expect(erased.cache).toBe('miss');
    expect(erased.body.responses.followup).toBe(first.body.responses.followup);
    expect(erased.body.applied).toEqual(first.body.applied);
    expect((await cachedGet<Impact>(url)).cache).toBe('hit');

    // An approval changes no headline figure, but the version: nothing cached is served after it.
    const { id: quoted } = await t.database.db
      .selectFrom('survey_response')
      .select('id')
      .where('participant_id', '=', people.p1!)
      .where('wave', '=', 'post')
      .executeTakeFirstOrThrow();
    const approval = await t.app.inject({
      method: 'POST',
      url: `/api/impact/testimonials/${quoted}/approval`,
    });
    expect(approval.statusCode).toBe(200);
    const approved = await cachedGet<Impact>(url);
    expect(approved.cache).toBe('miss');
    expect(approved.body).toEqual(erased.body);
    const report = await t.app.inject({ method: 'GET', url: '/api/report' });
    expect(report.statusCode, report.body).toBe(200);
    const stories = report.json<{ stories: { items: Array<{ responseId: number }> } }>().stories;
    expect(stories.items.map((i) => i.responseId)).toContain(quoted);
  });

  it('caches the breakdown and topics requested, and shares one computation between concurrent requests', async () => {
    for (const url of [
      `/api/impact/breakdown/country?webinar=${webinarId}`,
      `/api/impact/topics-requested?webinar=${webinarId}`,
    ]) {
      const first = await cachedGet<unknown>(url);
      const again = await cachedGet<unknown>(url);
      expect(first.cache, url).toBe('miss'); // the test before wrote: nothing cached is served
      expect(again.cache, url).toBe('hit');
      expect(again.body).toEqual(first.body);
    }
    // A key no request has asked for yet: one computes, the others wait for its result.
    const url = `/api/impact?webinar=${webinarId}&lang=es&sector=government`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => cachedGet<Impact>(url)));
    expect(answers.map((a) => a.cache).sort()).toEqual(['hit', 'hit', 'hit', 'hit', 'miss']);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
  });

  it('gives the report the /api/impact figures of its view, from the same cache', async () => {
    const direct = await cachedGet<Impact>('/api/impact?tz=UTC');
    const res = await t.app.inject({ method: 'GET', url: '/api/report?tz=UTC' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ impact: Impact }>().impact).toEqual(direct.body);
    expect(res.headers['x-impact-cache']).toBe('hit');
  });
});
