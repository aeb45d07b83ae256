import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';
import { makePeople, type PeopleFixture } from './people-fixture.js';

// Managers search people and open one person's record. People with accents, % and _ in their
// names, a person without a name, and twelve for paging (people-fixture.ts).

let t: TestApp;
let f: PeopleFixture;

beforeAll(async () => {
  t = await buildTestApp();
  f = await makePeople(t.database.db);
});
afterAll(async () => {
  await t?.close();
});

interface Item {
  id: number;
  name: string | null;
  email: string | null;
  country: string | null;
  sector: string;
  organisation: string | null;
  webinarsAttended: number;
  lastAttendedAt: string | null;
}
interface List {
  total: number;
  items: Item[];
}
interface Answer {
  questionId: number;
  key: string;
  type: string;
  question: string;
  number: number | null;
  text: string | null;
  choices: Array<{ value: string; label: string }> | null;
}
interface WebinarRef {
  id: number;
  title: string;
  startsAt: string;
  language: string;
  status: string;
}
interface ParticipantRecord {
  id: number;
  name: string | null;
  email: string | null;
  country: string | null;
  sector: string;
  organisation: string | null;
  gender: string | null;
  language: string | null;
  createdAt: string;
  createdImportId: number | null;
  reach: {
    webinarsAttended: number;
    registrations: number;
    minutes: number;
    firstAttendedAt: string | null;
    lastAttendedAt: string | null;
  };
  attendance: Array<{
    webinar: WebinarRef;
    role: string;
    registered: boolean;
    attended: boolean;
    registeredAt: string | null;
    firstJoinAt: string | null;
    lastLeaveAt: string | null;
    minutes: number;
  }>;
  responses: Array<{
    responseId: number;
    wave: string;
    language: string;
    source: string;
    submittedAt: string;
    webinar: WebinarRef;
    consentToQuote: boolean;
    quoteDisplayName: string | null;
    quoteApprovedAt: string | null;
    answers: Answer[];
  }>;
}

async function list(query: string): Promise<List> {
  const res = await t.app.inject({ method: 'GET', url: `/api/participants?${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<List>();
}
const ids = (l: List) => l.items.map((i) => i.id);

describe('GET /api/participants', () => {
  it('finds people by name or email, ignoring case and accents, every word anywhere', async () => {
    const { jose, joseToo } = f.people;
    expect(ids(await list('q=jose%20alvarez'))).toEqual([jose, joseToo]);
    expect(ids(await list(`q=${encodeURIComponent('JOSÉ ÁLVAREZ')}`))).toEqual([jose, joseToo]);
    expect(ids(await list('q=nunez'))).toEqual([jose]);
    expect(ids(await list(`q=${encodeURIComponent('Núñez')}`))).toEqual([jose]);
    // One word in the name, one in the email.
    expect(ids(await list('q=alvarez%20civic-ykw'))).toEqual([joseToo]);
    expect(ids(await list('q=HACIENDA-ZQV.example'))).toEqual([jose]);
    expect(ids(await list('q=nameless.vortigen'))).toEqual([f.people.nameless]);
    expect((await list('q=nobody-is-called-this')).total).toBe(0);
  });

  it('takes % and _ as themselves, not as wildcards', async () => {
    const { literal } = f.people;
    expect(ids(await list('q=%25'))).toEqual([literal]);
    expect(ids(await list('q=_'))).toEqual([literal]);
    expect(ids(await list('q=100%25_lit'))).toEqual([literal]);
    // As a wildcard, "0_L" would match "01 L…"-like names; here it matches nothing.
    expect((await list('q=zed%20person%200_')).total).toBe(0);
    expect((await list('q=%5C')).total).toBe(0);
  });

  it('filters by country and sector, and lists what a manager needs to pick a person', async () => {
    const { jose, nameless, joseToo, literal } = f.people;
    const colombia = await list('country=CO');
    expect(ids(colombia)).toEqual([jose, nameless]);
    expect(colombia.items[0]).toEqual({
      id: jose,
      name: 'José Álvarez Núñez Qxvadorn',
      email: 'jose.qxvadorn@hacienda-zqv.example',
      country: 'CO',
      sector: 'government',
      organisation: 'Zqvian Treasury of Open Ledgers',
      webinarsAttended: 1,
      lastAttendedAt: '2024-03-05T15:00:00.000Z',
    });
    expect(ids(await list('country=CO&country=MX'))).toEqual([jose, joseToo, nameless]);
    expect(ids(await list('country=CO&sector=civil_society'))).toEqual([]);
    expect(ids(await list('sector=media&sector=civil_society'))).toEqual([literal, joseToo]);
    expect(ids(await list('q=jose&sector=government'))).toEqual([jose]);
  });

  it('orders by name ignoring accents, then people without a name, and pages deterministically', async () => {
    const all = await list('limit=200');
    expect(all.total).toBe(16);
    const names = all.items.map((i) => i.name);
    expect(names.slice(0, 3)).toEqual([
      '100%_Literal Ophrastine',
      // Accents ignored: "jose alvarez nunez" before "jose alvarez wrenfield".
      'José Álvarez Núñez Qxvadorn',
      'Jose Alvarez Wrenfield',
    ]);
    expect(names.at(-1)).toBeNull();
    expect(names.slice(3, 15)).toEqual(
      Array.from({ length: 12 }, (_, i) => `Zed Person ${String(i + 1).padStart(2, '0')}`),
    );

    const paged: number[] = [];
    for (let offset = 0; offset < all.total; offset += 5) {
      const page = await list(`limit=5&offset=${offset}`);
      expect(page.total).toBe(16);
      paged.push(...ids(page));
    }
    expect(paged).toEqual(ids(all));
    expect((await list('limit=5&offset=100')).items).toEqual([]);
    expect(ids(await list('q=zed&limit=3&offset=3'))).toEqual(f.people.zeds.slice(3, 6));
  });

  it('refuses bad parameters, saying which and why', async () => {
    const cases: Array<[string, RegExp]> = [
      ['country=co', /country/],
      ['sector=farmers', /sector/],
      ['limit=0', /limit/],
      ['limit=201', /limit/],
      ['offset=-1', /offset/],
      ['name=jose', /additional|name/i],
      [`q=${'x'.repeat(201)}`, /q/],
    ];
    for (const [query, message] of cases) {
      const res = await t.app.inject({ method: 'GET', url: `/api/participants?${query}` });
      expect(res.statusCode, query).toBe(400);
      expect(res.json<{ message: string }>().message, query).toMatch(message);
      expect(res.headers['cache-control'], query).toBe('no-store');
    }
  });

  it('is for managers and admins: a funder is refused, nobody is asked to sign in', async () => {
    const funder = await t.sessionOf('funder');
    for (const url of ['/api/participants?q=jose', `/api/participants/${f.people.jose}`]) {
      const refused = await t.anonymous({ method: 'GET', url, headers: funder });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.body, url).not.toContain('Qxvadorn');
      expect(refused.headers['cache-control'], url).toBe('no-store');
      const nobody = await t.anonymous({ method: 'GET', url });
      expect(nobody.statusCode, url).toBe(401);
      expect(nobody.body, url).not.toContain('Qxvadorn');
      const admin = await t.anonymous({ method: 'GET', url, headers: await t.sessionOf('admin') });
      expect(admin.statusCode, url).toBe(200);
    }
  });

  it('answers with Cache-Control: no-store', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/participants?q=jose' });
    expect(res.headers['cache-control']).toBe('no-store');
  });
});

describe('GET /api/participants/:id', () => {
  async function record(id: number, query = ''): Promise<ParticipantRecord> {
    const res = await t.app.inject({ method: 'GET', url: `/api/participants/${id}${query}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    return res.json<ParticipantRecord>();
  }

  it('gives the person, every webinar they registered for, attended or spoke at, oldest first', async () => {
    const r = await record(f.people.jose);
    expect(r).toMatchObject({
      id: f.people.jose,
      name: 'José Álvarez Núñez Qxvadorn',
      email: 'jose.qxvadorn@hacienda-zqv.example',
      country: 'CO',
      sector: 'government',
      organisation: 'Zqvian Treasury of Open Ledgers',
      gender: 'man',
      language: 'es',
      createdImportId: null,
      reach: {
        webinarsAttended: 1,
        registrations: 2,
        minutes: 55,
        firstAttendedAt: '2024-03-05T15:00:00.000Z',
        lastAttendedAt: '2024-03-05T15:00:00.000Z',
      },
    });
    expect(
      r.attendance.map((a) => [a.webinar.id, a.role, a.registered, a.attended, a.minutes]),
    ).toEqual([
      [f.webinars.march, 'attendee', true, true, 55],
      // Spoke as a panelist (a speaker with his email) and did not attend.
      [f.webinars.june, 'panelist', true, false, 0],
      [f.webinars.planned, 'attendee', true, false, 0],
    ]);
    expect(r.attendance[0]!.webinar).toEqual({
      id: f.webinars.march,
      title: 'Contratación abierta en ciudades',
      startsAt: '2024-03-05T15:00:00.000Z',
      language: 'es',
      status: 'held',
    });
    expect(r.attendance[2]!.webinar.status).toBe('planned');
    expect(r.attendance[0]!.registeredAt).toBe('2024-02-20T10:00:00.000Z');
  });

  it('gives every survey response with each question as worded and each answer', async () => {
    const r = await record(f.people.jose);
    expect(r.responses.map((x) => [x.responseId, x.wave, x.webinar.id])).toEqual([
      [f.responses.josePost, 'post', f.webinars.march],
      [f.responses.joseFollowup, 'followup', f.webinars.march],
    ]);
    const post = r.responses[0]!;
    expect(post).toMatchObject({
      language: 'en',
      source: 'form',
      consentToQuote: true,
      quoteDisplayName: 'José Á.',
    });
    expect(post.quoteApprovedAt).not.toBeNull();
    const byKey = new Map(post.answers.map((a) => [a.key, a]));
    expect([...byKey.keys()]).toEqual([
      'satisfaction',
      'recommend',
      'intended_use',
      'comments',
      'consent_quote',
    ]);
    expect(byKey.get('satisfaction')).toMatchObject({
      type: 'rating5',
      question: 'Overall, how satisfied are you with this webinar?',
      number: 4,
      text: null,
      choices: null,
    });
    expect(byKey.get('recommend')).toMatchObject({ type: 'nps', number: 9 });
    expect(byKey.get('intended_use')).toMatchObject({
      type: 'multi',
      text: 'Private-other-use-MF18 draft a municipal decree',
      choices: [
        { value: 'inform_policy', label: expect.any(String) as string },
        { value: 'other', label: 'Other' },
      ],
    });
    expect(byKey.get('comments')).toMatchObject({
      type: 'text',
      text: 'Approved-quote-KV27 we rewrote our procurement rules after this',
    });
    expect(byKey.get('consent_quote')).toMatchObject({ type: 'consent', text: 'yes' });

    const followup = r.responses[1]!;
    expect(followup.answers.find((a) => a.key === 'applied')).toMatchObject({
      type: 'yes_partly_no',
      text: 'partly',
    });
    expect(followup.consentToQuote).toBe(false);
    expect(followup.quoteApprovedAt).toBeNull();
  });

  it('words questions and labels choices in Spanish when asked', async () => {
    const r = await record(f.people.jose, '?lang=es');
    const answers = r.responses[0]!.answers;
    expect(answers.find((a) => a.key === 'satisfaction')!.question).toBe(
      'En general, ¿qué tan satisfecho/a está con este seminario web?',
    );
    expect(answers.find((a) => a.key === 'intended_use')!.choices!.at(-1)).toEqual({
      value: 'other',
      label: 'Otro',
    });
  });

  it('gives a person without a name, attendance or answers as such', async () => {
    const r = await record(f.people.nameless);
    expect(r.name).toBeNull();
    expect(r.attendance).toHaveLength(1);
    expect(r.responses).toEqual([]);
    const zed = await record(f.people.zeds[0]!);
    expect(zed.responses).toEqual([]);
  });

  it('answers 404 for an unknown id and 400 for an id that cannot be one', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/participants/999999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ message: string }>().message).toBe('There is no participant #999999.');
    expect(missing.headers['cache-control']).toBe('no-store');
    for (const bad of ['abc', '0', '2147483648', '1.5']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/participants/${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json<{ message: string }>().message, bad).toMatch(/id/);
    }
    const lang = await t.app.inject({ method: 'GET', url: `/api/participants/1?lang=fr` });
    expect(lang.statusCode).toBe(400);
    expect(lang.json<{ message: string }>().message).toMatch(/lang/);
  });
});
