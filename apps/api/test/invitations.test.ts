import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';
import { attendee, makeWebinar, withInstruments } from './surveys/fixtures.js';

// Invitations from a manager's side: one per attendee and wave (idempotent), listed, exported as
// CSV with personal links that open the form, and counted per wave.

let t: TestApp;
let webinarId: number;
const people: Record<string, { id: number; email: string | null }> = {};
const start = new Date(Date.now() - 3 * 3_600_000);

beforeAll(async () => {
  t = await buildTestApp({
    surveys: { publicUrl: 'https://surveys.example.org', mail: null },
  });
  const db = t.database.db;
  await withInstruments(db);
  const webinar = await makeWebinar(db, {
    title: '=HYPERLINK("http://evil.example","Open data")',
    language: 'es',
    starts_at: start.toISOString(),
    duration_minutes: 90,
  });
  webinarId = webinar.id;
  people.spanish = await attendee(db, webinarId, { language: 'es', name: 'Lucía Gómez' });
  people.english = await attendee(db, webinarId, { language: 'en', name: 'Ann Lee' });
  // No language of their own, or one the forms do not have: the webinar's (Spanish).
  people.unknown = await attendee(db, webinarId, { language: null, name: '+cmd|calc' });
  people.french = await attendee(db, webinarId, { language: 'fr', name: 'Élise', email: null });
  people.noShow = await attendee(db, webinarId, {}, false);
});
afterAll(async () => {
  await t?.close();
});

const create = (id: number, body: object) =>
  t.app.inject({ method: 'POST', url: `/api/webinars/${id}/invitations`, payload: body });

describe('POST /api/webinars/:id/invitations', () => {
  it('invites every attendee once, in their language, due at the end of the webinar', async () => {
    const res = await create(webinarId, { wave: 'post' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ webinarId, wave: 'post', attendees: 4, created: 4, existing: 0 });
    expect(body.scheduledFor).toBe(new Date(start.getTime() + 90 * 60_000).toISOString());
    // Due in the past: the link still gets 30 days from now.
    const expiry = new Date(body.expiresAt).getTime() - Date.now();
    expect(expiry).toBeGreaterThan(29.9 * 86_400_000);
    expect(expiry).toBeLessThanOrEqual(30 * 86_400_000);

    const rows = await t.database.db
      .selectFrom('survey_invitation')
      .select(['participant_id', 'language', 'token', 'sent_at'])
      .where('webinar_id', '=', webinarId)
      .execute();
    const language = Object.fromEntries(rows.map((r) => [r.participant_id, r.language]));
    expect(language).toEqual({
      [people.spanish!.id]: 'es',
      [people.english!.id]: 'en',
      [people.unknown!.id]: 'es',
      [people.french!.id]: 'es',
    });
    for (const row of rows) {
      expect(row.token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(Buffer.from(row.token, 'base64url').length).toBeGreaterThanOrEqual(16);
      expect(row.sent_at).toBeNull();
    }
    expect(new Set(rows.map((r) => r.token)).size).toBe(4);
  });

  it('is idempotent: a second run creates nothing and says so', async () => {
    const res = await create(webinarId, { wave: 'post' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 0, existing: 4 });
    // Concurrent runs still give one invitation per person.
    const runs = await Promise.all([1, 2, 3].map(() => create(webinarId, { wave: 'post' })));
    expect(runs.every((r) => r.statusCode === 200)).toBe(true);
    const { n } = await t.database.db
      .selectFrom('survey_invitation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('webinar_id', '=', webinarId)
      .where('wave', '=', 'post')
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(4);
  });

  it('schedules the follow-up wave from the webinar date (90 days, or as asked)', async () => {
    const res = await create(webinarId, { wave: 'followup', followupDelayDays: 60 });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.scheduledFor).toBe(new Date(start.getTime() + 60 * 86_400_000).toISOString());
    expect(body.expiresAt).toBe(new Date(start.getTime() + 90 * 86_400_000).toISOString());

    const other = await makeWebinar(t.database.db);
    await attendee(t.database.db, other.id);
    const byDefault = (await create(other.id, { wave: 'followup' })).json();
    expect(byDefault.scheduledFor).toBe(
      new Date(new Date(other.starts_at).getTime() + 90 * 86_400_000).toISOString(),
    );
  });

  it('answers what is wrong: unknown webinar, not held, bad wave, unknown field', async () => {
    const missing = await create(999_999, { wave: 'post' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('There is no webinar #999999.');

    const planned = await makeWebinar(t.database.db, { status: 'planned' });
    const notHeld = await create(planned.id, { wave: 'post' });
    expect(notHeld.statusCode).toBe(409);
    expect(notHeld.json().message).toMatch(/is planned, not held/);

    const wave = await create(webinarId, { wave: 'later' });
    expect(wave.statusCode).toBe(400);
    expect(wave.json().message).toMatch(/wave/);

    const extra = await create(webinarId, { wave: 'post', sentAt: '2020-01-01' });
    expect(extra.statusCode).toBe(400);
  });

  it('refuses clearly when no instrument exists for the wave', async () => {
    const empty = await buildTestApp();
    try {
      // Every database gets the default instruments; one whose post-webinar survey was removed
      // (by hand: the API offers no way) has nothing to invite people to.
      await empty.database.db.deleteFrom('survey').where('kind', '=', 'post').execute();
      const w = await makeWebinar(empty.database.db);
      await attendee(empty.database.db, w.id);
      const res = await empty.app.inject({
        method: 'POST',
        url: `/api/webinars/${w.id}/invitations`,
        payload: { wave: 'post' },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/no post-webinar survey yet/);
    } finally {
      await empty.close();
    }
  });
});

describe('GET /api/invitations', () => {
  it('pages and filters by webinar, wave and status', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/invitations?webinar=${webinarId}&wave=post&limit=3`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const page = res.json();
    expect(page.total).toBe(4);
    expect(page.items).toHaveLength(3);
    expect(page.items[0]).toMatchObject({ webinarId, wave: 'post', status: 'open' });
    expect(page.items[0]).not.toHaveProperty('token');

    const answered = await t.app.inject({
      method: 'GET',
      url: `/api/invitations?webinar=${webinarId}&status=answered`,
    });
    expect(answered.json().total).toBe(0);
    const bad = await t.app.inject({ method: 'GET', url: '/api/invitations?status=lost' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/invitations.csv', () => {
  it('exports one row per invitation with a working personal link, safe for spreadsheets', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/invitations.csv?webinar=${webinarId}&wave=post`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="invitations-webinar-${webinarId}-post.csv"`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const rows = parse<Record<string, string>>(res.body, { bom: true, columns: true });
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0]!)).toEqual([
      'invitation_id',
      'webinar_id',
      'webinar_title',
      'wave',
      'participant_id',
      'name',
      'email',
      'language',
      'link',
      'scheduled_for',
      'expires_at',
      'sent_at',
      'reminded_at',
      'status',
    ]);
    for (const row of rows) {
      expect(row.webinar_title).toBe(`'=HYPERLINK("http://evil.example","Open data")`);
      expect(row.status).toBe('open');
      expect(row.sent_at).toBe('');
      expect(row.link).toMatch(/^https:\/\/surveys\.example\.org\/s\/[A-Za-z0-9_-]{22,}$/);
      const token = row.link!.split('/s/')[1]!;
      const form = await t.app.inject({ method: 'GET', url: `/api/responses/${token}` });
      expect(form.statusCode).toBe(200);
      expect(form.json().language).toBe(row.language);
    }
    expect(rows.find((r) => Number(r.participant_id) === people.unknown!.id)!.name).toBe(
      "'+cmd|calc",
    );
    expect(rows.find((r) => Number(r.participant_id) === people.spanish!.id)!.name).toBe(
      'Lucía Gómez',
    );
  });

  it("uses the request's origin without RIPPLE_PUBLIC_URL, and exports everything unfiltered", async () => {
    const plain = await buildTestApp();
    try {
      await withInstruments(plain.database.db);
      const w = await makeWebinar(plain.database.db);
      for (let i = 0; i < 3; i++) await attendee(plain.database.db, w.id);
      await plain.app.inject({
        method: 'POST',
        url: `/api/webinars/${w.id}/invitations`,
        payload: { wave: 'post' },
      });
      const res = await plain.app.inject({
        method: 'GET',
        url: '/api/invitations.csv',
        headers: { host: 'ripple.local:8080' },
      });
      const rows = parse<Record<string, string>>(res.body, { bom: true, columns: true });
      expect(rows).toHaveLength(3);
      expect(rows[0]!.link).toMatch(/^http:\/\/ripple\.local:8080\/s\//);
      expect(res.headers['content-disposition']).toBe('attachment; filename="invitations.csv"');
    } finally {
      await plain.close();
    }
  });
});

describe('GET /api/surveys/waves and /api/surveys/summary', () => {
  it('counts each wave of each held webinar', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/surveys/waves?webinar=${webinarId}`,
    });
    expect(res.statusCode).toBe(200);
    const [post, followup] = res.json().items;
    expect(post).toMatchObject({
      webinarId,
      wave: 'post',
      attendees: 4,
      invited: 4,
      sent: 0,
      answered: 0,
      expired: 0,
      due: 4,
      withoutEmail: 1,
      responseRate: 0,
      status: 'due',
    });
    expect(followup).toMatchObject({
      wave: 'followup',
      invited: 4,
      due: 0,
      status: 'scheduled',
      scheduledFor: new Date(start.getTime() + 60 * 86_400_000).toISOString(),
    });
    const all = await t.app.inject({ method: 'GET', url: '/api/surveys/waves' });
    const rows = all.json().items as Array<{ webinarId: number; status: string }>;
    // The planned webinar has no waves; every held one has two.
    const held = await t.database.db
      .selectFrom('webinar')
      .select('id')
      .where('status', '=', 'held')
      .execute();
    expect(rows).toHaveLength(held.length * 2);
    expect(rows.filter((r) => r.status === 'not_invited').length).toBeGreaterThan(0);
  });

  it('lists the instruments and says email is not configured', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/surveys/summary' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      mailConfigured: boolean;
      instruments: Array<{ kind: string }>;
    }>();
    expect(body.mailConfigured).toBe(false);
    expect(body.instruments.map((i) => i.kind)).toEqual(['post', 'followup']);
    expect(body.instruments[0]).toMatchObject({ currentVersion: 1, questions: 7, inUse: true });
  });

  it('refuses send and remind with a clear 409 while SMTP is not configured', async () => {
    for (const action of ['send', 'remind']) {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/invitations/${action}`,
        payload: { webinarId },
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toMatch(/SMTP_URL and RIPPLE_MAIL_FROM/);
    }
  });
});
