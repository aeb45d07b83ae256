import type { Kysely } from 'kysely';
import type { Database, NewParticipant, NewWebinar } from '../src/schema.js';

// Small typed factories: each test states only the fields it cares about.

let counter = 0;
const next = () => ++counter;

export async function makeWebinar(db: Kysely<Database>, fields: Partial<NewWebinar> = {}) {
  return db
    .insertInto('webinar')
    .values({
      title: `Webinar ${next()}`,
      starts_at: '2014-05-01T14:00:00Z',
      language: 'en',
      status: 'held',
      ...fields,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function makeParticipant(db: Kysely<Database>, fields: Partial<NewParticipant> = {}) {
  const n = next();
  return db
    .insertInto('participant')
    .values({ name: `Person ${n}`, email: `person${n}@example.org`, ...fields })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function attend(
  db: Kysely<Database>,
  webinarId: number,
  participantId: number,
  fields: { attended?: boolean; registered?: boolean; minutes?: number } = {},
) {
  await db
    .insertInto('attendance')
    .values({
      webinar_id: webinarId,
      participant_id: participantId,
      attended: fields.attended ?? true,
      registered: fields.registered ?? true,
      minutes: fields.minutes ?? (fields.attended === false ? 0 : 45),
    })
    .execute();
}

export async function makeSpeaker(
  db: Kysely<Database>,
  webinarIds: number[],
  name = `Speaker ${next()}`,
) {
  const speaker = await db
    .insertInto('speaker')
    .values({ name })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const webinarId of webinarIds) {
    await db
      .insertInto('webinar_speaker')
      .values({ webinar_id: webinarId, speaker_id: speaker.id })
      .execute();
  }
  return speaker;
}
