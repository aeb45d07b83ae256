import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Every figure with a participant filter (a country, region, income group or sector) reads the
// chosen people's attendance through attendance_participant_idx, and the participant_reach
// triggers read a touched person's attendance the same way. Imports write a webinar at a time,
// so one person's rows lie on as many table pages as they attended webinars: fetching them from
// the table was most of those reads' time (473,229 page visits for 45,825 people at 2 million
// rows). With the measures in the index, the rows come from the index alone once vacuum has
// marked the pages visible.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index attendance_participant_covering_idx on attendance
    (participant_id, webinar_id) include (attended, registered, minutes)`.execute(db);
  await sql`drop index attendance_participant_idx`.execute(db);
  await sql`alter index attendance_participant_covering_idx rename to attendance_participant_idx`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index attendance_participant_narrow_idx on attendance (participant_id, webinar_id)`.execute(
    db,
  );
  await sql`drop index attendance_participant_idx`.execute(db);
  await sql`alter index attendance_participant_narrow_idx rename to attendance_participant_idx`.execute(
    db,
  );
}
