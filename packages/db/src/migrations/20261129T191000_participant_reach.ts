import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Each participant's record at held webinars in one row: when they first and last attended, how
// many they attended, registered for and registered-and-attended, and their minutes. "New" and
// "returning" read a person's first webinar from it, and every figure of a view without webinar
// filters (all held webinars, any participant filter) sums it instead of aggregating the whole
// attendance table on every read. Only people with an attendance row at a held webinar have a row. It is kept current by statement-level triggers that recompute
// only the participants a statement touched (their transition tables say who), inside the
// writer's transaction: never a full rebuild on a write.

const COLUMNS = `(participant_id, first_attended_at, last_attended_at, webinars_attended,
  registrations, registered_attended, minutes)`;
const AGGREGATE = `
  select a.participant_id,
         min(w.starts_at) filter (where a.attended),
         max(w.starts_at) filter (where a.attended),
         count(*) filter (where a.attended)::int,
         count(*) filter (where a.registered)::int,
         count(*) filter (where a.registered and a.attended)::int,
         coalesce(sum(a.minutes) filter (where a.attended), 0)::bigint
  from attendance a join webinar w on w.id = a.webinar_id
  where w.status = 'held'`;

// The rows of the given participants, recomputed from attendance. `changed` is a query
// returning participant ids (duplicates allowed).
const refresh = (changed: string) => `
  delete from participant_reach
  where participant_id in (${changed});
  insert into participant_reach ${COLUMNS}
  ${AGGREGATE}
    and a.participant_id in (${changed})
  group by a.participant_id;
`;

const FUNCTIONS: Record<string, string> = {
  participant_reach_attendance_inserted: refresh('select participant_id from new_attendance'),
  participant_reach_attendance_deleted: refresh('select participant_id from old_attendance'),
  participant_reach_attendance_updated: refresh(`
    select o.participant_id from old_attendance o
    union select n.participant_id from new_attendance n`),
  // A webinar that moves, or becomes held or stops being held, changes its attendees' history.
  participant_reach_webinar_updated: refresh(`
    select a.participant_id
    from old_webinar o join new_webinar n on n.id = o.id
    join attendance a on a.webinar_id = n.id
    where (o.starts_at is distinct from n.starts_at or o.status is distinct from n.status)`),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table participant_reach (
      participant_id integer primary key,
      first_attended_at timestamptz,
      last_attended_at timestamptz,
      webinars_attended integer not null,
      registrations integer not null,
      registered_attended integer not null,
      minutes bigint not null
    )
  `.execute(db);

  for (const [name, body] of Object.entries(FUNCTIONS)) {
    await sql`
      create function ${sql.raw(name)}() returns trigger language plpgsql as ${sql.lit(
        `begin ${body} return null; end`,
      )}
    `.execute(db);
  }
  // Transition tables need one trigger per event. A deleted webinar deletes its attendance
  // (on delete cascade), which the attendance trigger sees.
  await sql`
    create trigger participant_reach_attendance_inserted after insert on attendance
    referencing new table as new_attendance
    for each statement execute function participant_reach_attendance_inserted()
  `.execute(db);
  await sql`
    create trigger participant_reach_attendance_deleted after delete on attendance
    referencing old table as old_attendance
    for each statement execute function participant_reach_attendance_deleted()
  `.execute(db);
  await sql`
    create trigger participant_reach_attendance_updated after update on attendance
    referencing old table as old_attendance new table as new_attendance
    for each statement execute function participant_reach_attendance_updated()
  `.execute(db);
  await sql`
    create trigger participant_reach_webinar_updated after update on webinar
    referencing old table as old_webinar new table as new_webinar
    for each statement execute function participant_reach_webinar_updated()
  `.execute(db);
  await sql`
    create function participant_reach_attendance_truncated() returns trigger language plpgsql as
    'begin truncate participant_reach; return null; end'
  `.execute(db);
  await sql`
    create trigger participant_reach_attendance_truncated after truncate on attendance
    for each statement execute function participant_reach_attendance_truncated()
  `.execute(db);

  // The history of the attendance already there.
  await sql`insert into participant_reach ${sql.raw(COLUMNS)} ${sql.raw(AGGREGATE)} group by a.participant_id`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const name of Object.keys(FUNCTIONS)) {
    await sql`drop function if exists ${sql.raw(name)}() cascade`.execute(db);
  }
  await sql`drop function if exists participant_reach_attendance_truncated() cascade`.execute(db);
  await sql`drop table if exists participant_reach`.execute(db);
}
