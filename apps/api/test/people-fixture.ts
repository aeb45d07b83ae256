import { randomBytes } from 'node:crypto';
import {
  getSurveyForm,
  setQuoteApproval,
  submitResponse,
  type Database,
  type NewParticipant,
  type SurveyWave,
} from '@ripple/db';
import { sql, type Kysely } from 'kysely';

// People with personal data that cannot be mistaken for anything else in a response body: the
// participant tests search and open them, and the no-personal-data test looks for every one of
// these strings in everything a funder receives. Answers are stored through the respondents' own
// code path (getSurveyForm + submitResponse), as the survey form stores them.

export interface PeopleFixture {
  webinars: { march: number; june: number; planned: number };
  people: {
    jose: number;
    joseToo: number;
    literal: number;
    nameless: number;
    /** Named 'Zed Person 01' … 'Zed Person 12', in that order, for paging. */
    zeds: number[];
  };
  /** Every name, email and organisation of the people above. */
  personal: string[];
  /**
   * Free text no funder may read: comments without consent to quote or not approved, what changed,
   * what got in the way, an "other" use, a topic asked for.
   */
  privateComments: string[];
  /** Comments of approved testimonials: a funder may read these. */
  approvedComments: string[];
  /** Responses of jose: post (with consent, approved) and follow-up. */
  responses: { josePost: number; joseFollowup: number; joseTooPost: number; literalPost: number };
}

async function person(db: Kysely<Database>, fields: NewParticipant): Promise<number> {
  const row = await db
    .insertInto('participant')
    .values(fields)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function attend(
  db: Kysely<Database>,
  webinarId: number,
  participantId: number,
  {
    registered = true,
    attended = true,
    minutes = attended ? 45 : 0,
  }: { registered?: boolean; attended?: boolean; minutes?: number } = {},
) {
  await db
    .insertInto('attendance')
    .values({
      webinar_id: webinarId,
      participant_id: participantId,
      registered,
      attended,
      minutes,
      registered_at: registered ? '2024-02-20T10:00:00Z' : null,
    })
    .execute();
}

/** Invites a person to a wave of a webinar and answers it, by question key. */
async function answer(
  db: Kysely<Database>,
  webinarId: number,
  participantId: number,
  wave: SurveyWave,
  byKey: Record<string, unknown>,
  quote?: { displayName: string; country?: string },
): Promise<number> {
  const token = randomBytes(18).toString('base64url');
  await sql`
    insert into survey_invitation (token, webinar_id, participant_id, wave, survey_version_id, language, expires_at)
    values (${token}, ${webinarId}, ${participantId}, ${wave},
            (select max(v.id) from survey_version v join survey s on s.id = v.survey_id
             where s.kind = ${wave}),
            'en', now() + interval '30 days')
  `.execute(db);
  const form = await getSurveyForm(db, token);
  if (!form) throw new Error('the invitation just made has no form');
  const ids = new Map(form.questions.map((q) => [q.key, q.id]));
  const answers = Object.fromEntries(
    Object.entries(byKey).map(([key, value]) => {
      if (!ids.has(key)) throw new Error(`no question ${key} in the ${wave} survey`);
      return [String(ids.get(key)), value];
    }),
  );
  const result = await submitResponse(db, token, {
    answers,
    language: 'en',
    ...(quote && { quote }),
  });
  if (result.outcome !== 'stored') throw new Error(`answers not stored: ${JSON.stringify(result)}`);
  return result.responseId;
}

export async function makePeople(db: Kysely<Database>): Promise<PeopleFixture> {
  const webinar = async (title: string, startsAt: string, status: 'held' | 'planned') =>
    (
      await db
        .insertInto('webinar')
        .values({ title, starts_at: startsAt, language: 'es', status, duration_minutes: 60 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const webinars = {
    march: await webinar('Contratación abierta en ciudades', '2024-03-05T15:00:00Z', 'held'),
    june: await webinar('Beneficial ownership registers', '2024-06-10T14:00:00Z', 'held'),
    planned: await webinar('Open parliaments next year', '2099-01-15T14:00:00Z', 'planned'),
  };

  const jose = await person(db, {
    name: 'José Álvarez Núñez Qxvadorn',
    email: 'jose.qxvadorn@hacienda-zqv.example',
    country: 'CO',
    sector: 'government',
    organisation: 'Zqvian Treasury of Open Ledgers',
    gender: 'man',
    language: 'es',
  });
  const joseToo = await person(db, {
    name: 'Jose Alvarez Wrenfield',
    email: 'jwrenfield@civic-ykw.example',
    country: 'MX',
    sector: 'civil_society',
    organisation: 'Ykwian Civic Lab',
  });
  // % and _ in a name: a search for them must find only this person.
  const literal = await person(db, {
    name: '100%_Literal Ophrastine',
    email: 'ophrastine@percent-jqx.example',
    country: 'KE',
    sector: 'media',
    organisation: 'Jqx Percent Press',
  });
  const nameless = await person(db, {
    name: null,
    email: 'nameless.vortigen@anon-pwz.example',
    country: 'CO',
    sector: 'government',
    organisation: null,
  });
  const zeds: number[] = [];
  for (let i = 1; i <= 12; i++) {
    const n = String(i).padStart(2, '0');
    zeds.push(
      await person(db, {
        name: `Zed Person ${n}`,
        email: `zed${n}.krumholt@zed-lmq.example`,
        country: 'AR',
        sector: 'academia',
        organisation: `Lmq University ${n}`,
      }),
    );
  }

  // jose: attended March, registered for June and did not come (though he spoke there: a
  // speaker with his email), registered for the planned one.
  await attend(db, webinars.march, jose, { minutes: 55 });
  await attend(db, webinars.june, jose, { attended: false });
  await attend(db, webinars.planned, jose, { attended: false });
  const speaker = await db
    .insertInto('speaker')
    .values({ name: 'José Álvarez', email: 'jose.qxvadorn@hacienda-zqv.example' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('webinar_speaker')
    .values({ webinar_id: webinars.june, speaker_id: speaker.id, role: 'panelist' })
    .execute();
  for (const id of [joseToo, literal, nameless, ...zeds]) await attend(db, webinars.march, id);
  await attend(db, webinars.june, joseToo, { minutes: 30 });

  const approvedComment = 'Approved-quote-KV27 we rewrote our procurement rules after this';
  const pendingComment = 'Pending-quote-HB64 the moderator was excellent and patient';
  const privateComment = 'Private-remark-QZ81 the breakout rooms felt rushed to me';
  const privateChange = 'Private-change-WX39 our unit now publishes contracts weekly';
  const privateBarrier = 'Private-barrier-TN52 my director would not sign off';
  const otherUse = 'Private-other-use-MF18 draft a municipal decree';
  const topicRequest = 'Private-topic-request-RJ73 municipal drone registries';

  const josePost = await answer(
    db,
    webinars.march,
    jose,
    'post',
    {
      satisfaction: 4,
      recommend: 9,
      intended_use: { choices: ['inform_policy', 'other'], other: otherUse },
      comments: approvedComment,
      consent_quote: true,
    },
    { displayName: 'José Á.', country: 'CO' },
  );
  const joseFollowup = await answer(db, webinars.march, jose, 'followup', {
    applied: 'partly',
    what_changed: privateChange,
    barriers: privateBarrier,
  });
  const joseTooPost = await answer(
    db,
    webinars.march,
    joseToo,
    'post',
    { satisfaction: 5, comments: pendingComment, consent_quote: true },
    { displayName: 'Jose W.', country: 'MX' },
  );
  const literalPost = await answer(db, webinars.march, literal, 'post', {
    satisfaction: 2,
    comments: privateComment,
    topics_next: topicRequest,
    consent_quote: false,
  });
  const approval = await setQuoteApproval(db, josePost, true);
  if (approval.outcome !== 'done') throw new Error('the testimonial could not be approved');

  const rows = await db
    .selectFrom('participant')
    .select(['name', 'email', 'organisation'])
    .where('id', 'in', [jose, joseToo, literal, nameless, ...zeds])
    .execute();
  const personal = rows.flatMap((r) =>
    [r.name, r.email, r.organisation].filter((v): v is string => v !== null),
  );

  return {
    webinars,
    people: { jose, joseToo, literal, nameless, zeds },
    personal,
    privateComments: [
      pendingComment,
      privateComment,
      privateChange,
      privateBarrier,
      otherUse,
      topicRequest,
    ],
    approvedComments: [approvedComment],
    responses: { josePost, joseFollowup, joseTooPost, literalPost },
  };
}
