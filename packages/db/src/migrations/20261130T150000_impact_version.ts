import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// The rare half of the impact figures' data version (queries/impact-cache.ts). Inserts of
// responses and invitations are not counted here: the version reads count(*) of those tables in
// the reader's own snapshot instead, so a survey submission (an insert, ~1,500/s at peak) takes no
// lock on a shared row. Everything else that changes what an impact figure reads is rare (a
// deletion, an erasure, a quote approval, a mailing's sent_at, a new instrument version) and
// bumps this counter once per statement, inside the writer's transaction.
//
// Answers are inserted only together with their response (same statement or transaction:
// surveys/respond.ts, surveys/feedback-import.ts), so the response count covers them.

const UPDATES_AND_DELETES = ['survey_response', 'survey_answer', 'survey_invitation'];
const EVERY_WRITE = ['survey_version', 'survey_question'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table impact_version (
      only_row boolean primary key default true check (only_row),
      version bigint not null default 0
    )
  `.execute(db);
  await sql`insert into impact_version (only_row, version) values (true, 0)`.execute(db);
  await sql`
    create function bump_impact_version() returns trigger language plpgsql as $$
    begin
      update impact_version set version = version + 1;
      return null;
    end
    $$
  `.execute(db);
  for (const table of UPDATES_AND_DELETES) {
    await sql`
      create trigger ${sql.raw(`${table}_bump_impact_version`)}
      after update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_impact_version()
    `.execute(db);
  }
  for (const table of EVERY_WRITE) {
    await sql`
      create trigger ${sql.raw(`${table}_bump_impact_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_impact_version()
    `.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [...UPDATES_AND_DELETES, ...EVERY_WRITE]) {
    await sql`drop trigger if exists ${sql.raw(`${table}_bump_impact_version`)} on ${sql.table(table)}`.execute(
      db,
    );
  }
  await sql`drop function if exists bump_impact_version()`.execute(db);
  await sql`drop table if exists impact_version`.execute(db);
}
