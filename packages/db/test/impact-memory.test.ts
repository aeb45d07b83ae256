import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IMPACT_DIMENSIONS,
  ImpactMemory,
  ImpactMemorySource,
  ReachMemory,
  ReachMemorySource,
  generateDemo,
  getImpact,
  getImpactBreakdown,
  getImpactComments,
  getImpactVersion,
  getTestimonials,
  getTopicsRequested,
  COMMENT_KEYS,
  TESTIMONIAL_STATUSES,
  getSurvey,
  saveSurveyVersion,
  type Database,
  type ReachFilters,
} from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import { viewDomain, type ViewDomain } from './view-domain.js';
import type { RippleDatabase } from '../src/connection.js';
import { makeParticipant, makeWebinar } from './factories.js';

// The impact figures held in memory must be the SQL's (impact.ts, impact-breakdown.ts), value for
// value and in the same order, for any view, and stay so as responses and invitations are added
// and the memory catches up with them: random views over the demo and the awkward rows below,
// then catch-ups across inserts, a rolled-back insert, and (on PostgreSQL) a transaction that
// commits after a catch-up has passed its id.

let database: RippleDatabase;
let db: Kysely<Database>;
let reach: ReachMemory;
let memory: ImpactMemory;
let held: number;
let heldWebinar: number;
let domain: ViewDomain;

type Wave = 'post' | 'followup';
type Answer = {
  number?: number | null;
  text?: string | null;
  choices?: Array<string | null> | null;
};

/** The newest version's question ids by key, per wave. */
async function questions(
  handle: Kysely<Database>,
  wave: Wave,
): Promise<{ version: number; ids: Map<string, number> }> {
  const { rows } = await sql<{ version: number; key: string; id: number }>`
    select v.id as version, q.key, q.id from survey_version v
    join survey s on s.id = v.survey_id
    join survey_question q on q.survey_version_id = v.id
    where s.kind = ${wave}
      and v.version = (select max(v2.version) from survey_version v2 where v2.survey_id = s.id)
  `.execute(handle);
  return { version: rows[0]!.version, ids: new Map(rows.map((r) => [r.key, r.id])) };
}

async function invite(
  handle: Kysely<Database>,
  webinar: number,
  person: number | null,
  wave: Wave,
): Promise<number> {
  const { version } = await questions(handle, wave);
  const { rows } = await sql<{ id: number }>`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    values (${randomBytes(12).toString('base64url')}, ${webinar}, ${person}, ${wave}, ${version}, 'en',
            now() + interval '30 days')
    returning id`.execute(handle);
  return rows[0]!.id;
}

/** A response with answers by key, as an import or a submission stores it. */
async function respond(
  handle: Kysely<Database>,
  {
    webinar,
    person,
    wave,
    answers,
    at = '2024-06-01T10:00:00Z',
    invitation = null,
  }: {
    webinar: number;
    person: number | null;
    wave: Wave;
    answers: Record<string, Answer>;
    at?: string;
    invitation?: number | null;
  },
): Promise<number> {
  const { version, ids } = await questions(handle, wave);
  const { rows } = await sql<{ id: number }>`
    insert into survey_response (invitation_id, survey_version_id, webinar_id, participant_id, wave, language, submitted_at)
    values (${invitation}, ${version}, ${webinar}, ${person}, ${wave}, 'en', ${at}::timestamptz)
    returning id`.execute(handle);
  const id = rows[0]!.id;
  for (const [key, answer] of Object.entries(answers)) {
    await sql`
      insert into survey_answer (response_id, question_id, value_number, value_text, value_choices)
      values (${id}, ${ids.get(key)!}, ${answer.number ?? null}, ${answer.text ?? null},
              ${answer.choices ?? null}::text[])`.execute(handle);
  }
  return id;
}

const people = async (n: number): Promise<number[]> =>
  (
    await sql<{ id: number }>`select id from participant order by id limit ${n}`.execute(db)
  ).rows.map((r) => r.id);

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await generateDemo(db, { participants: 400, webinars: 20 });
  // A second version of the post-webinar survey that drops a planned use and adds one: the use
  // lists then hold the new version's choices first, the dropped one after.
  const postSurvey = (
    await sql<{ id: number }>`select id from survey where kind = 'post'`.execute(db)
  ).rows[0]!.id;
  const survey = (await getSurvey(db, postSurvey))!;
  const edited = survey.current.questions.map((q) => ({
    key: q.key,
    type: q.type,
    required: q.required,
    text_en: q.text_en,
    text_es: q.text_es,
    choices:
      q.key === 'intended_use' && q.choices
        ? [
            ...q.choices.slice(1),
            { value: 'peer_exchange', label_en: 'Peer exchange', label_es: 'Intercambio' },
          ]
        : q.choices,
    allowOther: q.allowOther,
  }));
  const saved = await saveSurveyVersion(db, postSurvey, {
    baseVersion: survey.current.version,
    questions: edited,
  });
  expect(saved.outcome).toBe('created');

  // What the demo may not have.
  const [a, b, c] = await people(3);
  const twoHeld = (
    await sql<{
      id: number;
    }>`select id from webinar where status = 'held' order by id limit 2`.execute(db)
  ).rows.map((r) => r.id);
  const lonely = (await makeWebinar(db, { starts_at: '2023-12-31T23:30:00Z', series_id: null })).id;
  const planned = (await makeWebinar(db, { starts_at: '2024-02-01T10:00:00Z', status: 'planned' }))
    .id;
  const nobody = (await makeParticipant(db, { country: null })).id;
  // An open-link response (no participant), with a rating outside the scale.
  await respond(db, {
    webinar: twoHeld[0]!,
    person: null,
    wave: 'post',
    answers: { satisfaction: { number: 7 }, intended_use: { choices: ['peer_exchange'] } },
  });
  // A person who answered the post survey twice (an import): the later one is their plan; and at
  // the same moment twice: the higher id wins.
  await respond(db, {
    webinar: lonely,
    person: a!,
    wave: 'post',
    answers: { intended_use: { choices: ['share_colleagues'] }, recommend: { number: 9 } },
    at: '2024-01-02T10:00:00Z',
  });
  await respond(db, {
    webinar: lonely,
    person: a!,
    wave: 'post',
    answers: { intended_use: { choices: ['peer_exchange', 'unheard_of', null] } },
    at: '2024-01-03T10:00:00Z',
  });
  await respond(db, {
    webinar: lonely,
    person: a!,
    wave: 'followup',
    answers: { applied: { text: 'no' } },
    at: '2024-04-03T10:00:00Z',
  });
  for (const choices of [['other'], ['share_colleagues']]) {
    await respond(db, {
      webinar: lonely,
      person: b!,
      wave: 'followup',
      answers: { applied: { text: 'partly' }, actual_use: { choices } },
      at: '2024-04-03T10:00:00Z',
    });
  }
  await respond(db, {
    webinar: lonely,
    person: b!,
    wave: 'post',
    answers: { intended_use: { choices: [] }, relevance: { number: 2 } },
  });
  // Someone without a country; a response to a planned webinar (never counted); invitations to
  // no one (an open link) and to the planned webinar (not in the funnel).
  await respond(db, {
    webinar: lonely,
    person: nobody,
    wave: 'post',
    answers: { intended_use: { choices: ['peer_exchange'] }, satisfaction: { number: 5 } },
  });
  await respond(db, {
    webinar: planned,
    person: c!,
    wave: 'post',
    answers: { satisfaction: { number: 1 } },
  });
  await invite(db, twoHeld[1]!, null, 'post');
  await invite(db, planned, c!, 'post');
  const invitation = await invite(db, lonely, c!, 'followup');
  await respond(db, {
    webinar: lonely,
    person: c!,
    wave: 'followup',
    invitation,
    answers: { applied: { text: 'yes' }, actual_use: { choices: ['inform_policy', null] } },
  });

  // Topics asked for next: a name in capitals and without its accents, both languages' names,
  // blank answers (not counted), and unmatched ones that fold to the same text.
  const [topicA, topicB] = (
    await sql<{ en: string; es: string }>`
      select label_en as en, label_es as es from topic order by id limit 2`.execute(db)
  ).rows;
  const strip = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const asks = [
    `More on ${topicA!.en.toUpperCase()} please`,
    `Más sobre ${strip(topicA!.es)} y ${topicB!.en}`,
    '   ',
    'Gobierno abierto local',
    'GOBIERNO ABIERTO LOCAL',
    'gobierno abierto local ',
    'Datos de género',
    'datos de genero',
    'Zeta',
  ];
  for (const [i, text] of asks.entries()) {
    await respond(db, {
      webinar: i % 2 === 0 ? twoHeld[0]! : lonely,
      person: i % 3 === 0 ? null : [a, b, c][i % 3]!,
      wave: 'post',
      answers: { topics_next: { text } },
    });
  }
  // Comments and testimonials: some quotes approved; an empty answer written in Spanish (not
  // null: listed, and quotable); someone who consented with nothing quotable; two quotable
  // responses at the same moment (the higher id first).
  await sql`update survey_response set quote_approved_at = submitted_at
            where consent_to_quote and id % 3 = 0`.execute(db);
  for (const answers of [
    { what_changed: { text: '' }, barriers: { text: 'Tiempo' } } as Record<string, Answer>,
    { barriers: { text: 'Sin tiempo' } },
  ]) {
    const id = await respond(db, {
      webinar: lonely,
      person: b!,
      wave: 'followup',
      answers,
      at: '2024-05-05T10:00:00Z',
    });
    await sql`update survey_response set language = 'es', consent_to_quote = true
              where id = ${id}`.execute(db);
  }
  for (const text of ['First of two', 'Second of two']) {
    const id = await respond(db, {
      webinar: twoHeld[0]!,
      person: c!,
      wave: 'followup',
      answers: { what_changed: { text }, barriers: { text: `${text}, in the way` } },
      at: '2024-01-05T10:00:00Z',
    });
    await sql`update survey_response set consent_to_quote = true, quote_display_name = 'C. D.'
              where id = ${id}`.execute(db);
  }

  reach = await ReachMemory.load(db);
  memory = (await ImpactMemory.load(db, reach))!;

  domain = await viewDomain(db);
  heldWebinar = (
    await sql<{
      id: number;
    }>`select id from webinar where status = 'held' order by id limit 1`.execute(db)
  ).rows[0]!.id;
  held = (
    await sql<{ n: number }>`select count(*)::int as n from survey_response r
      join webinar w on w.id = r.webinar_id where w.status = 'held'`.execute(db)
  ).rows[0]!.n;
}, 120_000);

afterAll(async () => {
  await database?.close();
});

const ZONES = ['UTC', 'America/Santiago', 'Pacific/Kiritimati'];

// Each filter in one view of five: most views are wide (the awkward rows and the pairs of
// responses fall in them), some narrow.
const some = <T>(values: () => T[]): fc.Arbitrary<T[] | undefined> => {
  const all = values();
  if (all.length === 0) return fc.constant(undefined);
  const pick = fc.subarray(all, { minLength: 1, maxLength: Math.min(3, all.length) });
  return fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: pick, weight: 1 });
};

const filtersArb = (): fc.Arbitrary<ReachFilters> =>
  fc
    .record({
      timeZone: fc.constantFrom(...ZONES),
      year: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 3 },
        { arbitrary: fc.constantFrom(...domain.years), weight: 1 },
      ),
      topicIds: some(() => domain.topics),
      seriesIds: some(() => domain.series),
      workingGroupIds: some(() => domain.groups),
      webinarIds: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 6 },
        { arbitrary: fc.subarray(domain.webinars, { minLength: 1, maxLength: 6 }), weight: 1 },
      ),
      languages: some(() => domain.languages),
      countries: some(() => domain.countries),
      regions: some(() => domain.regions),
      incomeGroups: some(() => domain.incomes),
      sectors: some(() => domain.sectors),
    })
    .map(({ year, ...f }) => {
      const filters = { ...f } as ReachFilters & Record<string, unknown>;
      for (const key of Object.keys(filters)) if (filters[key] === undefined) delete filters[key];
      if (year !== undefined) {
        filters.from = `${year}-01-01`;
        filters.to = `${year + 1}-01-01`;
      }
      return filters;
    });

const langArb = fc.constantFrom('en' as const, 'es' as const);

/** Memory and SQL agree on the whole programme, one year and one topic, both languages. */
async function expectSameFigures(m: ImpactMemory): Promise<void> {
  const views: ReachFilters[] = [
    { timeZone: 'UTC' },
    { timeZone: 'UTC', from: `${domain.years[0]}-01-01`, to: `${domain.years[0]! + 1}-01-01` },
    { timeZone: 'UTC', topicIds: domain.topics.slice(0, 1) },
    { timeZone: 'UTC', sectors: domain.sectors.slice(0, 2) as ReachFilters['sectors'] },
  ];
  for (const filters of views) {
    expect(await m.versionOf(db, filters)).toEqual(await getImpactVersion(db, filters));
    const page = { limit: 15, offset: 0 };
    expect(await m.comments(db, filters, page)).toEqual(await getImpactComments(db, filters, page));
    expect(await m.testimonials(db, filters, { status: 'all', ...page })).toEqual(
      await getTestimonials(db, filters, { status: 'all', ...page }),
    );
    for (const lang of ['en', 'es'] as const) {
      expect(await m.impact(db, filters, lang)).toEqual(await getImpact(db, filters, lang));
    }
    expect(await m.topicsRequested(db, filters, { lang: 'en', unmatchedLimit: 20 })).toEqual(
      await getTopicsRequested(db, filters, { lang: 'en', unmatchedLimit: 20 }),
    );
    for (const dimension of IMPACT_DIMENSIONS) {
      const options = { lang: 'en' as const, limit: 500 };
      expect(await m.breakdown(db, dimension, filters, options)).toEqual(
        await getImpactBreakdown(db, dimension, filters, options),
      );
    }
  }
}

describe('impact figures in memory', () => {
  it('holds every response to a held webinar', () => {
    expect(memory.responseCount).toBe(held);
    expect(held).toBeGreaterThan(100);
  });

  it("counts a view's rows for the impact cache's version as the SQL does, open links and planned webinars left out alike", async () => {
    await fc.assert(
      fc.asyncProperty(filtersArb(), async (filters) => {
        expect(await memory.versionOf(db, filters)).toEqual(await getImpactVersion(db, filters));
      }),
      { numRuns: 100 },
    );
    // Not a count of what the figures read: every row of the tables over the whole programme.
    const all = await memory.versionOf(db, { timeZone: 'UTC' });
    expect(all.responses).toBeGreaterThan(memory.responseCount);
  }, 240_000);

  it('gives the funnel, ratings, uses and intent → applied as the SQL does, for any view', async () => {
    await fc.assert(
      fc.asyncProperty(filtersArb(), langArb, async (filters, lang) => {
        expect(await memory.impact(db, filters, lang)).toEqual(await getImpact(db, filters, lang));
      }),
      { numRuns: 150 },
    );
  }, 240_000);

  it('counts the topics asked for next as the SQL does, unmatched ones grouped and ordered alike', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb(),
        langArb,
        fc.integer({ min: 0, max: 6 }),
        async (filters, lang, unmatchedLimit) => {
          const options = { lang, unmatchedLimit };
          expect(await memory.topicsRequested(db, filters, options)).toEqual(
            await getTopicsRequested(db, filters, options),
          );
        },
      ),
      { numRuns: 150 },
    );
    const all = await memory.topicsRequested(
      db,
      { timeZone: 'UTC' },
      { lang: 'es', unmatchedLimit: 20 },
    );
    expect(all.matched).toBeGreaterThanOrEqual(2);
    expect(all.unmatched.find((u) => u.text === 'GOBIERNO ABIERTO LOCAL')?.count).toBe(3);
  }, 240_000);

  it('breaks the figures down by every dimension as the SQL does', async () => {
    await fc.assert(
      fc.asyncProperty(
        filtersArb(),
        fc.constantFrom(...IMPACT_DIMENSIONS),
        langArb,
        fc.integer({ min: 1, max: 40 }),
        async (filters, dimension, lang, limit) => {
          const options = { lang, limit };
          expect(await memory.breakdown(db, dimension, filters, options)).toEqual(
            await getImpactBreakdown(db, dimension, filters, options),
          );
        },
      ),
      { numRuns: 200 },
    );
  }, 240_000);

  it('lists comments and testimonials as the SQL does: counted and picked here, read by id', async () => {
    const paging = { limit: fc.integer({ min: 1, max: 30 }), offset: fc.nat({ max: 80 }) };
    await fc.assert(
      fc.asyncProperty(
        filtersArb(),
        fc.record({
          keys: fc.option(fc.subarray([...COMMENT_KEYS]), { nil: undefined }),
          writtenIn: fc.option(fc.subarray(['en', 'es', 'fr'], { minLength: 1 }), {
            nil: undefined,
          }),
          ...paging,
        }),
        async (filters, query) => {
          expect(await memory.comments(db, filters, query)).toEqual(
            await getImpactComments(db, filters, query),
          );
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(
        filtersArb(),
        fc.record({ status: fc.constantFrom(...TESTIMONIAL_STATUSES), ...paging }),
        async (filters, options) => {
          expect(await memory.testimonials(db, filters, options)).toEqual(
            await getTestimonials(db, filters, options),
          );
        },
      ),
      { numRuns: 150 },
    );
    // The pages were read by id, never in SQL after all.
    expect(memory.pagesFromSql).toBe(0);
    // Pages of every kind: the last few, past the end, and a search (left to SQL).
    const all: ReachFilters = { timeZone: 'UTC' };
    const { total } = await memory.comments(db, all, { limit: 1 });
    const approved = await memory.testimonials(db, all, {
      status: 'approved',
      limit: 5,
      offset: 0,
    });
    expect(total).toBeGreaterThan(30);
    expect(approved.total).toBeGreaterThan(3);
    for (const query of [
      { limit: 10, offset: total - 3 },
      { limit: 10, offset: total },
      { q: 'two', limit: 5 },
      { writtenIn: ['es'], limit: 50 },
    ]) {
      expect(await memory.comments(db, all, query)).toEqual(
        await getImpactComments(db, all, query),
      );
    }
    const es = await memory.comments(db, all, { writtenIn: ['es'], limit: 50 });
    expect(es.items.some((c) => c.text === '')).toBe(true);
  }, 240_000);

  it('has the awkward rows: a dropped choice after the current ones, an unknown value last', async () => {
    const figures = await memory.impact(db, { timeZone: 'UTC' }, 'en');
    const values = figures.intendedUses.rows.map((r) => r.value);
    expect(values.indexOf('peer_exchange')).toBeLessThan(values.indexOf('unheard_of'));
    expect(figures.intendedUses.rows.find((r) => r.value === 'unheard_of')?.label).toBe(
      'unheard_of',
    );
  });
});

describe('catching up', () => {
  it('reads added responses and invitations, not what it holds, and skips a rolled-back insert', async () => {
    const m = (await ImpactMemory.load(db, reach))!;
    const before = m.responseCount;
    const [person] = await people(1);
    const webinar = (
      await sql<{
        id: number;
      }>`select id from webinar where status = 'held' order by starts_at desc limit 1`.execute(db)
    ).rows[0]!.id;
    const invitation = await invite(db, webinar, person!, 'followup');
    await respond(db, {
      webinar,
      person: person!,
      wave: 'followup',
      invitation,
      answers: {
        applied: { text: 'yes' },
        actual_use: { choices: ['share_colleagues'] },
        what_changed: { text: 'We published the budget data' },
      },
      at: '2030-01-01T00:00:00Z',
    });
    // An insert that draws an id and rolls back: a hole that never fills.
    await db
      .transaction()
      .execute(async (trx) => {
        await respond(trx, { webinar, person: null, wave: 'post', answers: {} });
        throw new Error('rolled back');
      })
      .catch(() => {});
    await respond(db, {
      webinar,
      person: null,
      wave: 'post',
      answers: { satisfaction: { number: 4 }, intended_use: { choices: ['brand_new'] } },
    });
    expect(await m.catchUp(db)).toBe(true);
    expect(m.responseCount).toBe(before + 2);
    await expectSameFigures(m);
    // Nothing new: nothing read twice.
    expect(await m.catchUp(db)).toBe(true);
    expect(m.responseCount).toBe(before + 2);
    await expectSameFigures(m);
    const all: ReachFilters = { timeZone: 'UTC' };
    expect((await m.comments(db, all, { limit: 1 })).items[0]!.text).toBe(
      'We published the budget data',
    );

    // An approval after the last catch-up: the page read by id is not what memory picked from
    // (its version moved), so SQL lists it, as it now is.
    const pending = { status: 'pending' as const, limit: 5, offset: 0 };
    const [first] = (await m.testimonials(db, all, pending)).items;
    await sql`update survey_response set quote_approved_at = now() where id = ${first!.responseId}`.execute(
      db,
    );
    const fromSql = m.pagesFromSql;
    const page = await m.testimonials(db, all, pending);
    expect(page).toEqual(await getTestimonials(db, all, pending));
    expect(page.items[0]!.responseId).not.toBe(first!.responseId);
    expect(m.pagesFromSql).toBe(fromSql + 1);
    expect(await m.catchUp(db)).toBe(false);
  }, 120_000);

  it('gives up when a response is deleted or an instrument changes, and a source then loads again', async () => {
    const source = new ImpactMemorySource(db, new ReachMemorySource(db));
    // SQL until both snapshots have loaded in the background.
    expect((await source.figures(db)).source).toBe('sql');
    await source.settled();
    expect((await source.figures(db)).source).toBe('sql');
    await source.settled();
    const first = source.held!;
    expect((await source.figures(db)).source).toBe('memory');

    const [victim] = (
      await sql<{ id: number }>`select id from survey_response order by id desc limit 1`.execute(db)
    ).rows;
    await sql`delete from survey_response where id = ${victim!.id}`.execute(db);
    // The delete moved the impact version: SQL answers, and a new snapshot loads.
    expect((await source.figures(db)).source).toBe('sql');
    await source.settled();
    expect(source.held).not.toBe(first);
    expect(source.held!.rare).toBeGreaterThan(first.rare);
    const figures = await source.figures(db);
    expect(figures.source).toBe('memory');
    expect(await figures.impact({ timeZone: 'UTC' }, 'es')).toEqual(
      await getImpact(db, { timeZone: 'UTC' }, 'es'),
    );
  }, 120_000);

  for (const [holes, holesReadAlways, first] of [
    ['read every time', undefined, 3],
    ['counted', 0, 5],
  ] as const) {
    it(`reads a row that commits after a catch-up passed its id, holes ${holes} (PostgreSQL)`, async (ctx) => {
      if (database.kind !== 'postgres') ctx.skip(); // PGlite runs one transaction at a time
      const m = (await ImpactMemory.load(db, reach, { holesReadAlways }))!;
      const webinar = heldWebinar;
      // Other people in each run: a person has one invitation per webinar and wave.
      const [late, later] = (await people(first + 2)).slice(first);
      // A transaction draws its id and waits; another response commits with a higher id.
      let release!: () => void;
      const waiting = new Promise<void>((resolve) => (release = resolve));
      let drawn!: () => void;
      const inserted = new Promise<void>((resolve) => (drawn = resolve));
      const slow = db.transaction().execute(async (trx) => {
        await respond(trx, {
          webinar,
          person: late!,
          wave: 'post',
          answers: { intended_use: { choices: ['share_colleagues'] }, satisfaction: { number: 3 } },
        });
        drawn();
        await waiting;
      });
      await inserted;
      await respond(db, {
        webinar,
        person: later!,
        wave: 'post',
        answers: { satisfaction: { number: 5 } },
      });
      const before = m.responseCount;
      expect(await m.catchUp(db)).toBe(true);
      expect(m.responseCount).toBe(before + 1);
      release();
      await slow;
      expect(await m.catchUp(db)).toBe(true);
      expect(m.responseCount).toBe(before + 2);
      await expectSameFigures(m);

      // The same with a hole that has grown old (many catch-ups since): found by the count.
      let release2!: () => void;
      const waiting2 = new Promise<void>((resolve) => (release2 = resolve));
      let drawn2!: () => void;
      const inserted2 = new Promise<void>((resolve) => (drawn2 = resolve));
      const slow2 = db.transaction().execute(async (trx) => {
        await invite(trx, webinar, late!, 'followup');
        drawn2();
        await waiting2;
      });
      await inserted2;
      await invite(db, webinar, later!, 'followup');
      for (let i = 0; i < 60; i++) expect(await m.catchUp(db)).toBe(true);
      release2();
      await slow2;
      expect(await m.catchUp(db)).toBe(true);
      await expectSameFigures(m);
    }, 120_000);
  }

  it('runs one catch-up at a time, however many ask at once', async () => {
    const m = (await ImpactMemory.load(db, reach))!;
    const [person] = await people(1);
    const before = m.responseCount;
    for (let i = 0; i < 5; i++) {
      await respond(db, {
        webinar: heldWebinar,
        person: person!,
        wave: 'post',
        answers: { satisfaction: { number: 2 } },
      });
    }
    const rounds = m.rounds;
    const asks = [1, 2, 3, 4, 5].map(() => m.catchUp(db));
    expect(await Promise.all(asks)).toEqual([true, true, true, true, true]);
    // The first ask began one; the four asked while it ran shared the next.
    expect(m.rounds - rounds).toBe(2);
    expect(m.responseCount).toBe(before + 5);
    await expectSameFigures(m);
  }, 120_000);
});
