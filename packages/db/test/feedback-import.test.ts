import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateDemo,
  latestInstrument,
  storeImportedResponses,
  type Database,
  type ImportedResponse,
  type Instrument,
} from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import type { RippleDatabase } from '../src/connection.js';

// Imported past feedback: one transaction per file, one response per (source, source key).

let database: RippleDatabase;
let db: Kysely<Database>;
let instrument: Instrument;
let webinarId: number;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  await generateDemo(db, { participants: 20, webinars: 2 });
  instrument = (await latestInstrument(db, 'post'))!;
  webinarId = (await db.selectFrom('webinar').select('id').orderBy('id').executeTakeFirstOrThrow())
    .id;
});
afterAll(async () => {
  await database?.close();
});

const questionId = (key: string) => instrument.questions.find((q) => q.key === key)!.id;

function response(key: string, satisfaction: number): ImportedResponse {
  return {
    sourceKey: key,
    email: null,
    submittedAt: new Date('2025-03-22T19:13:27Z'),
    language: 'en',
    consentToQuote: false,
    answers: [
      { questionId: questionId('satisfaction'), number: satisfaction, text: null, choices: null },
    ],
  };
}

const imported = async () =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from survey_response where source = 'kobo'`.execute(db)
  ).rows[0]!.n;

describe('storeImportedResponses', () => {
  it('finds the latest version of the wave’s instrument with its questions by key', () => {
    expect(instrument.wave).toBe('post');
    expect(instrument.questions.map((q) => q.key)).toContain('intended_use');
  });

  it('stores once per source key, whatever the batch or the repeat', async () => {
    const input = {
      webinarId,
      wave: 'post' as const,
      versionId: instrument.versionId,
      source: 'kobo' as const,
      responses: [response('a', 5), response('b', 4), response('a', 3)],
    };
    await expect(storeImportedResponses(db, input)).resolves.toEqual({
      stored: 2,
      alreadyImported: 1,
      linked: 0,
    });
    await expect(storeImportedResponses(db, input)).resolves.toEqual({
      stored: 0,
      alreadyImported: 3,
      linked: 0,
    });
    const { rows } = await sql<{ key: string; n: number }>`
      select r.source_key as key, a.value_number as n from survey_response r
      join survey_answer a on a.response_id = r.id
      where r.source = 'kobo' order by r.source_key`.execute(db);
    // The first of a repeated key is the one kept.
    expect(rows).toEqual([
      { key: 'a', n: 5 },
      { key: 'b', n: 4 },
    ]);
  });

  it('stores nothing when any part of the file fails', async () => {
    const before = await imported();
    const broken = response('d', 2);
    broken.answers[0]!.questionId = 2_000_000_000;
    await expect(
      storeImportedResponses(db, {
        webinarId,
        wave: 'post',
        versionId: instrument.versionId,
        source: 'kobo',
        responses: [response('c', 5), broken],
      }),
    ).rejects.toThrow();
    expect(await imported()).toBe(before);
  });

  it('keeps form responses without a source key and imports with one', async () => {
    await expect(
      sql`insert into survey_response (survey_version_id, webinar_id, wave, language, source, source_key)
          values (${instrument.versionId}, ${webinarId}, 'post', 'en', 'form', 'x')`.execute(db),
    ).rejects.toThrow();
    await expect(
      sql`insert into survey_response (survey_version_id, webinar_id, wave, language, source)
          values (${instrument.versionId}, ${webinarId}, 'post', 'en', 'csv')`.execute(db),
    ).rejects.toThrow();
  });
});
