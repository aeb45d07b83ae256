import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// A version of the data the reach figures read, bumped by the database itself on every write to
// those tables, so a cache keyed by it is invalidated whoever writes: an import, an undo, a
// webinar edit, the CLI in another process, another server. Survey tables are left out on
// purpose: submissions are frequent and no reach figure reads them.

const REACH_TABLES = [
  'attendance',
  'participant',
  'webinar',
  'webinar_topic',
  'webinar_speaker',
  'series',
  'topic',
  'working_group',
  'country_classification',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table reach_version (
      only_row boolean primary key default true check (only_row),
      version bigint not null default 0
    )
  `.execute(db);
  await sql`insert into reach_version (only_row, version) values (true, 0)`.execute(db);
  await sql`
    create function bump_reach_version() returns trigger language plpgsql as $$
    begin
      update reach_version set version = version + 1;
      return null;
    end
    $$
  `.execute(db);
  // Once per statement, not per row: a million-row import costs one update of one row.
  for (const table of REACH_TABLES) {
    await sql`
      create trigger ${sql.raw(`${table}_bump_reach_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_reach_version()
    `.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of REACH_TABLES) {
    await sql`drop trigger if exists ${sql.raw(`${table}_bump_reach_version`)} on ${sql.table(table)}`.execute(
      db,
    );
  }
  await sql`drop function if exists bump_reach_version()`.execute(db);
  await sql`drop table if exists reach_version`.execute(db);
}
