import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runParticipantCommand } from '../src/privacy-cli.js';
import { buildTestApp, type TestApp } from './helpers.js';
import { makePeople, type PeopleFixture } from './people-fixture.js';

// Everything held about one person, as a file: José of people-fixture.ts, brought in by an
// import, compared with what the fixture put in.

let t: TestApp;
let f: PeopleFixture;
let importId: number;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.database.db;
  f = await makePeople(db);
  importId = (
    await db
      .insertInto('data_import')
      .values({
        file_name: 'zoom-march.csv',
        content_hash: 'h',
        status: 'succeeded',
        format: 'zoom_registration',
        platform: 'zoom',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await db
    .updateTable('participant')
    .set({ created_import_id: importId })
    .where('id', '=', f.people.jose)
    .execute();
  await db
    .updateTable('attendance')
    .set({ import_id: importId })
    .where('participant_id', '=', f.people.jose)
    .where('webinar_id', '=', f.webinars.march)
    .execute();
});
afterAll(async () => {
  await t?.close();
});

interface Export {
  format: string;
  exportedAt: string;
  participant: {
    id: number;
    name: string;
    email: string;
    organisation: string;
    gender: string;
    country: string;
    anonymisedAt: string | null;
    attendance: Array<{
      webinar: { id: number; title: string; startsAt: string };
      role: string;
      registered: boolean;
      attended: boolean;
      minutes: number;
    }>;
    responses: Array<{
      responseId: number;
      wave: string;
      source: string;
      answers: Array<{ key: string; question: string; number: number | null; text: string | null }>;
    }>;
    quotes: Array<{ responseId: number; displayName: string | null; country: string | null }>;
  };
  invitations: Array<{ webinar: { id: number; title: string }; wave: string; answered: boolean }>;
  imports: Array<{ id: number; fileName: string; platform: string; brought: string[] }>;
}

describe("a person's data as a file", () => {
  it('holds everything the fixture put in about them, as a download nobody caches', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/participants/${f.people.jose}/export`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="ripple-participant-${f.people.jose}.json"`,
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const data = res.json<Export>();
    expect(data.format).toBe('ripple-personal-data/1');
    expect(data.participant).toMatchObject({
      id: f.people.jose,
      name: 'José Álvarez Núñez Qxvadorn',
      email: 'jose.qxvadorn@hacienda-zqv.example',
      organisation: 'Zqvian Treasury of Open Ledgers',
      gender: 'man',
      country: 'CO',
      anonymisedAt: null,
    });
    expect(
      data.participant.attendance.map((a) => [
        a.webinar.title,
        a.webinar.startsAt,
        a.role,
        a.registered,
        a.attended,
        a.minutes,
      ]),
    ).toEqual([
      ['Contratación abierta en ciudades', '2024-03-05T15:00:00.000Z', 'attendee', true, true, 55],
      ['Beneficial ownership registers', '2024-06-10T14:00:00.000Z', 'panelist', true, false, 0],
      ['Open parliaments next year', '2099-01-15T14:00:00.000Z', 'attendee', true, false, 0],
    ]);
    const post = data.participant.responses.find((r) => r.responseId === f.responses.josePost)!;
    const followup = data.participant.responses.find(
      (r) => r.responseId === f.responses.joseFollowup,
    )!;
    expect(data.participant.responses).toHaveLength(2);
    expect(post.source).toBe('form');
    expect(post.answers.find((a) => a.key === 'comments')?.text).toBe(f.approvedComments[0]);
    expect(post.answers.find((a) => a.key === 'satisfaction')?.number).toBe(4);
    expect(followup.answers.find((a) => a.key === 'what_changed')?.text).toContain(
      'Private-change-WX39',
    );
    // The question as worded in the version answered.
    const { rows } = await sql<{ text_en: string }>`
      select q.text_en from survey_question q
      join survey_response r on r.survey_version_id = q.survey_version_id
      where r.id = ${f.responses.josePost} and q.key = 'satisfaction'
    `.execute(t.database.db);
    expect(post.answers.find((a) => a.key === 'satisfaction')?.question).toBe(rows[0]!.text_en);
    expect(data.participant.quotes).toEqual([
      { responseId: f.responses.josePost, displayName: 'José Á.', country: 'CO' },
    ]);
    expect(data.invitations.map((i) => [i.webinar.title, i.wave, i.answered])).toEqual([
      ['Contratación abierta en ciudades', 'post', true],
      ['Contratación abierta en ciudades', 'followup', true],
    ]);
    expect(data.imports).toEqual([
      expect.objectContaining({
        id: importId,
        fileName: 'zoom-march.csv',
        platform: 'zoom',
        brought: ['attendance', 'person'],
      }),
    ]);
    // Nobody else's data.
    expect(res.body).not.toContain('Wrenfield');
    expect(res.body).not.toContain('Pending-quote-HB64');
  });

  it('words the questions in Spanish on request', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/participants/${f.people.jose}/export?lang=es`,
    });
    const post = res
      .json<Export>()
      .participant.responses.find((r) => r.responseId === f.responses.josePost)!;
    const { rows } = await sql<{ text_es: string }>`
      select q.text_es from survey_question q
      join survey_response r on r.survey_version_id = q.survey_version_id
      where r.id = ${f.responses.josePost} and q.key = 'satisfaction'
    `.execute(t.database.db);
    expect(post.answers.find((a) => a.key === 'satisfaction')?.question).toBe(rows[0]!.text_es);
  });

  it('answers 404 for an unknown person and 400 for a bad id', async () => {
    const missing = await t.app.inject({ method: 'GET', url: '/api/participants/99999/export' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ message: string }>().message).toBe('There is no participant #99999.');
    const bad = await t.app.inject({ method: 'GET', url: '/api/participants/abc/export' });
    expect(bad.statusCode).toBe(400);
  });

  it('is the same document from the command line, found by email', async () => {
    let out = '';
    const code = await runParticipantCommand(
      t.database.db,
      ['export', '--email', ' JOSE.qxvadorn@hacienda-zqv.example '],
      { output: { write: (s: string) => (out += s) } },
    );
    expect(code).toBe(0);
    const cli = JSON.parse(out) as Export;
    const api = (
      await t.app.inject({ method: 'GET', url: `/api/participants/${f.people.jose}/export` })
    ).json<Export>();
    expect({ ...cli, exportedAt: null }).toEqual({ ...api, exportedAt: null });
    await expect(
      runParticipantCommand(t.database.db, ['export', '--email', 'nobody@example.org']),
    ).rejects.toThrow('No participant has the email nobody@example.org');
    await expect(runParticipantCommand(t.database.db, ['export'])).rejects.toThrow(
      'Give either --id or --email',
    );
  });
});
