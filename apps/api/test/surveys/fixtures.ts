import { generateDemo, type Database, type NewParticipant, type NewWebinar } from '@ripple/db';
import type { Kysely } from 'kysely';

// Small typed factories for the invitation tests: the demo's two instruments (and nobody in
// them), then webinars and people each test states itself.

let counter = 0;

/** The default post and follow-up instruments, on an otherwise empty programme. */
export async function withInstruments(db: Kysely<Database>): Promise<void> {
  await generateDemo(db, { participants: 0, webinars: 1 });
}

export async function makeWebinar(db: Kysely<Database>, fields: Partial<NewWebinar> = {}) {
  return db
    .insertInto('webinar')
    .values({
      title: `Webinar ${++counter}`,
      starts_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
      duration_minutes: 60,
      language: 'en',
      status: 'held',
      ...fields,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A person who attended (or only registered for) the webinar. */
export async function attendee(
  db: Kysely<Database>,
  webinarId: number,
  fields: Partial<NewParticipant> = {},
  attended = true,
) {
  const n = ++counter;
  const person = await db
    .insertInto('participant')
    .values({ name: `Person ${n}`, email: `person${n}@example.org`, ...fields })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db
    .insertInto('attendance')
    .values({
      webinar_id: webinarId,
      participant_id: person.id,
      registered: true,
      attended,
      minutes: attended ? 45 : 0,
    })
    .execute();
  return person;
}
