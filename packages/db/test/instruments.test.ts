import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentVersionIdForWave,
  DEFAULT_INSTRUMENTS,
  ensureDefaultSurveys,
  generateDemo,
  getSurvey,
  getSurveyVersion,
  listSurveys,
  migrateToLatest,
  saveSurveyVersion,
  validateQuestions,
  type QuestionInput,
  type RippleDatabase,
  type StoredQuestion,
} from '../src/index.js';
import { createTestDatabase } from '../src/testing.js';
import { makeParticipant, makeWebinar } from './factories.js';

let database: RippleDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const db = () => database.db;

async function surveyId(code: string): Promise<number> {
  const row = await db()
    .selectFrom('survey')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a manager's editor sends back for a version's questions, unchanged. */
function asInput(questions: StoredQuestion[]): QuestionInput[] {
  return questions.map((q) => ({
    key: q.key,
    type: q.type,
    required: q.required,
    text_en: q.text_en,
    text_es: q.text_es,
    choices: q.choices,
    allowOther: q.allowOther,
  }));
}

async function counts() {
  const { rows } = await sql<{ surveys: number; versions: number; questions: number }>`
    select (select count(*)::int from survey) as surveys,
           (select count(*)::int from survey_version) as versions,
           (select count(*)::int from survey_question) as questions
  `.execute(db());
  return rows[0]!;
}

/** An invitation of `versionId` and, when `answer` is given, its response with that answer. */
async function respond(versionId: number, questionId: number, answer?: string) {
  const webinar = await makeWebinar(db());
  const person = await makeParticipant(db());
  const invitation = await db()
    .insertInto('survey_invitation')
    .values({
      token: `token-${webinar.id}-${person.id}-abcdefgh`,
      webinar_id: webinar.id,
      participant_id: person.id,
      wave: 'post',
      survey_version_id: versionId,
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (answer === undefined) return;
  const response = await db()
    .insertInto('survey_response')
    .values({
      invitation_id: invitation.id,
      survey_version_id: versionId,
      webinar_id: webinar.id,
      participant_id: person.id,
      wave: 'post',
      language: 'es',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db()
    .insertInto('survey_answer')
    .values({ response_id: response.id, question_id: questionId, value_text: answer })
    .execute();
}

describe('the default instruments', () => {
  it('exist in a freshly migrated database, as version 1 with the shipped wording', async () => {
    const surveys = await listSurveys(db());
    expect(surveys.map((s) => [s.code, s.kind, s.currentVersion])).toEqual([
      ['follow-up', 'followup', 1],
      ['post-webinar', 'post', 1],
    ]);
    for (const instrument of DEFAULT_INSTRUMENTS) {
      const survey = await getSurvey(db(), await surveyId(instrument.code));
      expect(survey!.name).toBe(instrument.name);
      expect(survey!.current.questions.map(({ id: _id, position: _p, ...q }) => q)).toEqual(
        instrument.questions,
      );
      // The shipped definitions obey the rules managers' edits must obey.
      expect(validateQuestions(instrument.questions)).toMatchObject({ ok: true });
    }
  });

  it('word the uses as the issue asks, in both languages, with the demo’s values', () => {
    const post = DEFAULT_INSTRUMENTS.find((i) => i.code === 'post-webinar')!;
    const followup = DEFAULT_INSTRUMENTS.find((i) => i.code === 'follow-up')!;
    const uses = post.questions.find((q) => q.key === 'intended_use')!;
    expect(uses.choices!.map((c) => c.value)).toEqual([
      'brief_leadership',
      'inform_policy',
      'share_colleagues',
      'design_programme',
      'follow_up_peer',
      'train_others',
      'no_plans',
      'other',
    ]);
    expect(uses.choices!.map((c) => c.label_en)).toContain('Inform a policy, law or action plan');
    expect(uses.choices!.map((c) => c.label_en)).toContain(
      'Design or improve a programme or service',
    );
    expect(uses.choices!.map((c) => c.label_en)).toContain(
      'Follow up with a peer met in the webinar',
    );
    expect(followup.questions.find((q) => q.key === 'actual_use')).toMatchObject({
      type: 'multi',
      text_en: 'Which uses actually happened?',
      choices: uses.choices,
      allowOther: true,
    });
    expect(followup.questions.map((q) => [q.key, q.type])).toEqual([
      ['applied', 'yes_partly_no'],
      ['actual_use', 'multi'],
      ['what_changed', 'text'],
      ['barriers', 'text'],
      ['consent_quote', 'consent'],
    ]);
  });

  it('are not touched by a second migration, edited or not, and come back when missing', async () => {
    const id = await surveyId('follow-up');
    const before = (await getSurvey(db(), id))!;
    const questions = asInput(before.current.questions);
    questions[0]!.text_es = '¿Ya aplicó lo que aprendió?';
    const saved = await saveSurveyVersion(db(), id, { baseVersion: 1, questions });
    expect(saved.outcome).toBe('created');
    const afterEdit = await counts();

    await migrateToLatest(db());
    expect(await counts()).toEqual(afterEdit);
    const again = (await getSurvey(db(), id))!;
    expect(again.current.version).toBe(2);
    expect(again.current.questions[0]!.text_es).toBe('¿Ya aplicó lo que aprendió?');

    // A database that lost one (deleted by hand) gets it back, and only it.
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.deleteFrom('survey').where('code', '=', 'post-webinar').execute();
        expect(await ensureDefaultSurveys(trx)).toEqual(['post-webinar']);
        expect(await ensureDefaultSurveys(trx)).toEqual([]);
        // Rolled back: the rest of this file uses the original.
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    expect(await counts()).toEqual(afterEdit);
  });
});

class Rollback extends Error {}

describe('saving a version', () => {
  it('creates version n+1 and leaves the answered version, its wording and its answers alone', async () => {
    const id = await surveyId('post-webinar');
    const v1 = (await getSurveyVersion(db(), id, 1))!;
    const comments = v1.questions.find((q) => q.key === 'comments')!;
    await respond((await versionId(id, 1))!, comments.id, 'Muy útil');
    await respond((await versionId(id, 1))!, comments.id); // invited, not answered

    const questions = asInput(v1.questions);
    questions[4]!.text_es = '¿Qué comentarios tiene sobre el seminario web?';
    const saved = await saveSurveyVersion(db(), id, { baseVersion: 1, questions });
    expect(saved).toMatchObject({ outcome: 'created', warnings: [] });
    if (saved.outcome !== 'created') return;
    expect(saved.survey.current.version).toBe(2);
    expect(saved.survey.current.current).toBe(true);
    expect(saved.survey.current.questions[4]!.text_es).toBe(
      '¿Qué comentarios tiene sobre el seminario web?',
    );
    // New invitations are made with the latest version of each wave's instrument.
    expect(await currentVersionIdForWave(db(), 'post')).toBe(await versionId(id, 2));
    expect(await currentVersionIdForWave(db(), 'followup')).toBe(
      await versionId(await surveyId('follow-up'), 2),
    );
    expect(saved.survey.versions).toEqual([
      expect.objectContaining({ version: 2, responses: 0, invitations: 0, questions: 7 }),
      expect.objectContaining({ version: 1, responses: 1, invitations: 2, questions: 7 }),
    ]);

    // Version 1 reads as it did, and the stored answer still points at its question.
    expect(await getSurveyVersion(db(), id, 1)).toEqual({ ...v1, current: false, responses: 1 });
    const { rows } = await sql<{ text_es: string; version: number }>`
      select q.text_es, v.version from survey_answer a
      join survey_question q on q.id = a.question_id
      join survey_version v on v.id = q.survey_version_id
      where a.value_text = 'Muy útil'
    `.execute(db());
    expect(rows).toEqual([
      {
        text_es: '¿Tiene algún comentario sobre el seminario web?',
        version: 1,
      },
    ]);
    // The key is the same across versions; the question rows are not.
    const v2 = (await getSurveyVersion(db(), id, 2))!;
    expect(v2.questions.map((q) => q.key)).toEqual(v1.questions.map((q) => q.key));
    expect(v2.questions.some((q) => v1.questions.some((old) => old.id === q.id))).toBe(false);
  });

  it('stores nothing for an edit that changes nothing, even with stray spaces', async () => {
    const id = await surveyId('post-webinar');
    const survey = (await getSurvey(db(), id))!;
    const before = await counts();
    const questions = asInput(survey.current.questions);
    questions[0]!.text_en = `  ${questions[0]!.text_en} `;
    const saved = await saveSurveyVersion(db(), id, {
      baseVersion: survey.current.version,
      questions,
    });
    expect(saved).toMatchObject({ outcome: 'unchanged', warnings: [] });
    expect(await counts()).toEqual(before);
  });

  it('refuses a stale base version, and lets only one of two concurrent saves win', async () => {
    const id = await surveyId('post-webinar');
    const survey = (await getSurvey(db(), id))!;
    const base = survey.current.version;
    const stale = await saveSurveyVersion(db(), id, {
      baseVersion: base - 1,
      questions: asInput(survey.current.questions),
    });
    expect(stale).toEqual({ outcome: 'conflict', currentVersion: base });

    const edit = (text: string) => {
      const questions = asInput(survey.current.questions);
      questions[1]!.text_en = text;
      return saveSurveyVersion(db(), id, { baseVersion: base, questions });
    };
    // Five managers save different edits of the same version at once: one wins.
    const results = await Promise.all(
      ['relevant', 'useful', 'timely', 'practical', 'clear'].map((word) =>
        edit(`How ${word} was it?`),
      ),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual([
      'conflict',
      'conflict',
      'conflict',
      'conflict',
      'created',
    ]);
    expect((await getSurvey(db(), id))!.current.version).toBe(base + 1);
  });

  it('reports every problem with its path, and stores nothing', async () => {
    const id = await surveyId('post-webinar');
    const survey = (await getSurvey(db(), id))!;
    const before = await counts();
    const choice = (value: string, en: string, es: string) => ({
      value,
      label_en: en,
      label_es: es,
    });
    const questions: QuestionInput[] = [
      { key: 'Satisfaction', type: 'rating5', text_en: 'How satisfied?', text_es: ' ' },
      { key: 'relevance', type: 'rating10', text_en: 'Relevant?', text_es: '¿Relevante?' },
      { key: 'relevance', type: 'text', text_en: 'Again?', text_es: '¿Otra vez?' },
      {
        key: 'uses',
        type: 'multi',
        text_en: 'Uses?',
        text_es: '¿Usos?',
        allowOther: true,
        choices: [
          choice('share', 'Share', 'Compartir'),
          choice('share', 'Share again', ''),
          choice('Train', 'share', 'Capacitar'),
        ],
      },
      { key: 'pick', type: 'single', text_en: 'Pick', text_es: 'Elija', choices: [] },
      {
        key: 'notes',
        type: 'text',
        text_en: 'Notes',
        text_es: 'Notas',
        allowOther: true,
        choices: [choice('a', 'A', 'A'), choice('b', 'B', 'B')],
      },
      { key: 'consent', type: 'consent', text_en: 'Quote?', text_es: '¿Citar?' },
      { key: 'consent_again', type: 'consent', text_en: 'Quote?', text_es: '¿Citar?' },
    ];
    const saved = await saveSurveyVersion(db(), id, {
      baseVersion: survey.current.version,
      questions,
    });
    expect(saved.outcome).toBe('invalid');
    if (saved.outcome !== 'invalid') return;
    expect(saved.problems.map((p) => `${p.path}: ${p.code}`)).toEqual([
      'questions[0].key: bad_key',
      'questions[0].text_es: empty_text',
      'questions[1].type: unknown_type',
      'questions[2].key: duplicate_key',
      'questions[3].choices[1].value: duplicate_value',
      'questions[3].choices[1].label_es: empty_text',
      'questions[3].choices[2].value: bad_value',
      'questions[3].choices[2].label_en: duplicate_label',
      'questions[3].allowOther: other_choice_missing',
      'questions[4].choices: choices_required',
      'questions[5].choices: choices_not_allowed',
      'questions[5].allowOther: other_not_allowed',
      'questions[7].type: duplicate_consent',
    ]);
    expect(saved.problems[3]!.message).toMatch(/already used by questions\[1\]/);
    expect(await counts()).toEqual(before);

    expect(
      await saveSurveyVersion(db(), id, { baseVersion: survey.current.version, questions: [] }),
    ).toEqual({
      outcome: 'invalid',
      problems: [{ path: 'questions', code: 'no_questions', message: expect.any(String) }],
    });
  });

  it('warns when a key changes type or a question is dropped, and still saves', async () => {
    const id = await surveyId('post-webinar');
    const survey = (await getSurvey(db(), id))!;
    const questions = asInput(survey.current.questions).filter((q) => q.key !== 'topics_next');
    questions[1]!.type = 'nps'; // relevance was rating5
    const saved = await saveSurveyVersion(db(), id, {
      baseVersion: survey.current.version,
      questions,
    });
    expect(saved.outcome).toBe('created');
    if (saved.outcome !== 'created') return;
    expect(saved.warnings.map((w) => [w.path, w.code, w.key])).toEqual([
      ['questions[1].type', 'type_changed', 'relevance'],
      ['questions', 'dropped', 'topics_next'],
    ]);
    expect(saved.warnings[0]!.message).toMatch(/"relevance" was a rating5 question/);
    expect(saved.warnings[1]!.message).toMatch(/"topics_next" is no longer asked/);
  });

  it('says when the instrument does not exist', async () => {
    expect(
      await saveSurveyVersion(db(), 999_999, {
        baseVersion: 1,
        questions: asInput(
          (await getSurveyVersion(db(), await surveyId('follow-up'), 1))!.questions,
        ),
      }),
    ).toEqual({ outcome: 'not_found' });
    expect(await getSurvey(db(), 999_999)).toBeNull();
    expect(await getSurveyVersion(db(), await surveyId('follow-up'), 99)).toBeNull();
  });
});

async function versionId(surveyId: number, version: number): Promise<number | undefined> {
  const row = await db()
    .selectFrom('survey_version')
    .select('id')
    .where('survey_id', '=', surveyId)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.id;
}

describe('the demo', () => {
  it('answers the default instruments’ newest version that has its questions', async () => {
    const fresh = await createTestDatabase();
    try {
      const post = (
        await fresh.db
          .selectFrom('survey')
          .select('id')
          .where('code', '=', 'post-webinar')
          .executeTakeFirstOrThrow()
      ).id;
      const v1 = (await getSurveyVersion(fresh.db, post, 1))!;
      // Version 2 rewords a question (the demo can use it); version 3 drops one it answers.
      const reworded = asInput(v1.questions);
      reworded[0]!.text_en = 'All in all, how satisfied are you?';
      expect(
        (await saveSurveyVersion(fresh.db, post, { baseVersion: 1, questions: reworded })).outcome,
      ).toBe('created');
      const dropped = reworded.filter((q) => q.key !== 'recommend');
      expect(
        (await saveSurveyVersion(fresh.db, post, { baseVersion: 2, questions: dropped })).outcome,
      ).toBe('created');

      await generateDemo(fresh.db, { participants: 40, webinars: 2 });
      const { rows } = await sql<{ code: string; version: number; responses: number }>`
        select s.code, v.version, count(*)::int as responses
        from survey_response r join survey_version v on v.id = r.survey_version_id
        join survey s on s.id = v.survey_id
        group by s.code, v.version order by s.code
      `.execute(fresh.db);
      expect(rows.map((r) => [r.code, r.version])).toEqual([
        ['follow-up', 1],
        ['post-webinar', 2],
      ]);
      expect(rows.every((r) => r.responses > 0)).toBe(true);
      expect((await listSurveys(fresh.db)).length).toBe(2);
    } finally {
      await fresh.close();
    }
  });
});
