import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';

let t: TestApp;
let topicIds: number[];
let seriesId: number;
beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  const group = await db
    .insertInto('working_group')
    .values({ code: 'open-data', label_en: 'Open Data', label_es: 'Datos abiertos' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const topics = await db
    .insertInto('topic')
    .values([
      {
        code: 'open-data',
        label_en: 'Open data',
        label_es: 'Datos abiertos',
        working_group_id: group.id,
      },
      {
        code: 'fiscal',
        label_en: 'Fiscal openness',
        label_es: 'Apertura fiscal',
        working_group_id: null,
      },
    ])
    .returning('id')
    .execute();
  topicIds = topics.map((r) => r.id);
  const series = await t.app.inject({
    method: 'POST',
    url: '/api/series',
    payload: { code: 'ogp', name: 'OGP Webinars' },
  });
  expect(series.statusCode).toBe(201);
  seriesId = series.json().id;
});
afterAll(async () => {
  await t?.close();
});

describe('webinars through the API', () => {
  let id: number;

  it('creates a webinar ahead of time', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/webinars',
      payload: {
        title: 'Budget portals',
        startsAt: '2030-05-06T14:00:00Z',
        timezone: 'America/Bogota',
        language: 'es',
        seriesId,
        topicIds,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      title: 'Budget portals',
      status: 'planned',
      language: 'es',
      seriesId,
      speakers: [],
    });
    expect(body.topicIds).toEqual([...topicIds].sort((a, b) => a - b));
    id = body.id;
  });

  it('edits only the fields sent', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/webinars/${id}`,
      payload: { title: 'Open budget portals', topicIds: [topicIds[1]] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      title: 'Open budget portals',
      language: 'es',
      topicIds: [topicIds[1]],
    });
  });

  it('sets the speakers, keeping one person one speaker across webinars', async () => {
    const speakers = [
      {
        name: 'Ana Ruiz',
        email: 'Ana.Ruiz@example.org',
        country: 'CO',
        sector: 'government',
        role: 'presenter',
      },
      { name: 'Moderator Person', role: 'moderator' },
    ];
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/webinars/${id}/speakers`,
      payload: speakers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const set = res.json().speakers as Array<{ name: string; role: string; email: string | null }>;
    expect(set.map((s) => [s.name, s.role, s.email])).toEqual([
      ['Ana Ruiz', 'presenter', 'ana.ruiz@example.org'],
      ['Moderator Person', 'moderator', null],
    ]);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/webinars',
      payload: { title: 'Second', startsAt: '2014-01-01T14:00:00Z', language: 'en' },
    });
    expect(other.json().status).toBe('held');
    await t.app.inject({
      method: 'PUT',
      url: `/api/webinars/${other.json().id}/speakers`,
      payload: [{ name: 'Ana R.', email: 'ana.ruiz@example.org' }],
    });
    const count = await t.database.db
      .selectFrom('speaker')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(2);
  });

  it('lists webinars with their figures', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/webinars?q=budget' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total: 1,
      items: [{ id, title: 'Open budget portals', registered: 0, attended: 0, speakers: 2 }],
    });
  });

  it('says what was wrong, and where', async () => {
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/webinars',
      payload: { title: 'No date', language: 'en' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toMatch(/startsAt/);
    const extra = await t.app.inject({
      method: 'PATCH',
      url: `/api/webinars/${id}`,
      payload: { title: 'x', id: 99 },
    });
    expect(extra.statusCode).toBe(400);
    const zone = await t.app.inject({
      method: 'PATCH',
      url: `/api/webinars/${id}`,
      payload: { timezone: 'Moon/Base' },
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().message).toMatch(/unknown time zone "Moon\/Base"/);
    const noSeries = await t.app.inject({
      method: 'PATCH',
      url: `/api/webinars/${id}`,
      payload: { seriesId: 9999 },
    });
    expect(noSeries.statusCode).toBe(400);
    expect(noSeries.json().message).toMatch(/does not exist/);
    const absent = await t.app.inject({ method: 'GET', url: '/api/webinars/9999' });
    expect(absent.statusCode).toBe(404);
    const duplicate = await t.app.inject({
      method: 'POST',
      url: '/api/series',
      payload: { code: 'ogp', name: 'Again' },
    });
    expect(duplicate.statusCode).toBe(409);
    const after = await t.app.inject({ method: 'GET', url: `/api/webinars/${id}` });
    expect(after.json()).toMatchObject({ title: 'Open budget portals', seriesId });
  });
});

describe('ids beyond what the database can hold', () => {
  it('are refused with a 400 saying so, not passed on to fail as a 500', async () => {
    for (const url of [
      '/api/webinars/9999999999999999',
      '/api/overview?webinar=9999999999999999',
      '/api/imports/2147483648',
    ]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().message, url).toMatch(/2147483647/);
    }
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/webinars/2147483647' })).statusCode,
    ).toBe(404);
  });
});

describe('reference data and remembered mappings', () => {
  it('lists sectors, topics, working groups and series in both languages', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/reference' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.sectors).toHaveLength(8);
    expect(body.sectors[0]).toEqual({
      code: 'government',
      labelEn: 'Government',
      labelEs: 'Gobierno',
    });
    // Sorted by the English label: "Fiscal openness" before "Open data".
    const topics = body.topics as Array<{ labelEs: string }>;
    expect(topics.map((topic) => topic.labelEs)).toEqual(['Apertura fiscal', 'Datos abiertos']);
    expect(body.series).toEqual([
      expect.objectContaining({ code: 'ogp', name: 'OGP Webinars', defaultTopicIds: [] }),
    ]);
  });

  it('lists the World Bank classification the region and income filters match', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/reference/countries' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.countries).toHaveLength(217);
    // Namibia's code is "NA", a classic casualty of careless parsing.
    expect(body.countries).toContainEqual({
      code: 'NA',
      region: 'Sub-Saharan Africa',
      incomeGroup: 'Lower middle income',
    });
    expect(body.regions).toHaveLength(7);
    expect(body.incomeGroups).toEqual([
      'High income',
      'Low income',
      'Lower middle income',
      'Upper middle income',
    ]);
    expect(body.fiscalYear).toBe('FY2026');
  });

  it('caches both lists, and any write to a table they read shows at the next request', async () => {
    const get = async (url: string) => {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      return { cache: res.headers['x-reach-cache'], body: res.json() };
    };
    for (const url of ['/api/reference', '/api/reference/countries']) {
      await get(url);
      expect((await get(url)).cache, url).toBe('hit');
    }
    const db = t.database.db;
    const series = await db
      .insertInto('series')
      .values({ code: 'cache-check', name: 'Cache check' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seriesOf = async () =>
      (
        (await get('/api/reference')).body.series as Array<{
          id: number;
          defaultTopicIds: number[];
        }>
      ).find((s) => s.id === series.id);
    expect(await seriesOf()).toMatchObject({ defaultTopicIds: [] });
    // The two tables counted since migration 20261201T030000_reference_version.
    await db
      .insertInto('series_default_topic')
      .values({ series_id: series.id, topic_id: topicIds[0]! })
      .execute();
    expect(await seriesOf()).toMatchObject({ defaultTopicIds: [topicIds[0]] });
    await db
      .updateTable('sector')
      .set({ label_es: 'Gobierno (cambiado)' })
      .where('code', '=', 'government')
      .execute();
    expect((await get('/api/reference')).body.sectors[0].labelEs).toBe('Gobierno (cambiado)');
    await db
      .updateTable('country_classification')
      .set({ income_group: null })
      .where('iso2', '=', 'NA')
      .execute();
    expect((await get('/api/reference/countries')).body.countries).toContainEqual({
      code: 'NA',
      region: 'Sub-Saharan Africa',
      incomeGroup: null,
    });
    // As they were, for the tests that follow.
    await db
      .updateTable('sector')
      .set({ label_es: 'Gobierno' })
      .where('code', '=', 'government')
      .execute();
    await db
      .updateTable('country_classification')
      .set({ income_group: 'Lower middle income' })
      .where('iso2', '=', 'NA')
      .execute();
    await db.deleteFrom('series_default_topic').where('series_id', '=', series.id).execute();
    await db.deleteFrom('series').where('id', '=', series.id).execute();
  });

  it('remembers country names and sector answers, and forgets them', async () => {
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/country-aliases',
          payload: { alias: 'Rep. Oriental', country: 'UY' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/country-aliases',
          payload: { alias: 'x', country: 'Uruguay' },
        })
      ).statusCode,
    ).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/country-aliases' })).json()).toEqual([
      { alias: 'Rep. Oriental', country: 'UY' },
    ]);
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: '/api/sector-mappings',
          payload: { answer: 'Ministry of Finance', sector: 'government' },
        })
      ).statusCode,
    ).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/sector-mappings' })).json()).toEqual([
      { answer: 'Ministry of Finance', sector: 'government' },
    ]);
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: '/api/sector-mappings?answer=ministry%20of%20finance',
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'DELETE', url: '/api/sector-mappings?answer=nothing' }))
        .statusCode,
    ).toBe(404);
  });
});
