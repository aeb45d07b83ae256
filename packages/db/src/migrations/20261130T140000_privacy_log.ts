import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// People's rights. privacy_log records each erasure and retention run without saying whom it was
// about: when, which action, who ran it (an account, or the command line) and how many rows went.
// participant.anonymised_at marks a person whose personal data retention removed while their
// attendance stays counted, so the next run passes them by.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table privacy_log (
      id integer primary key generated always as identity,
      at timestamptz not null default now(),
      action text not null check (action in ('erasure', 'retention')),
      actor text not null check (length(actor) between 1 and 200),
      user_id integer references app_user (id) on delete set null,
      people integer not null check (people >= 0),
      rows jsonb not null
    )`.execute(db);
  await sql`alter table participant add column anonymised_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table participant drop column if exists anonymised_at`.execute(db);
  await sql`drop table if exists privacy_log`.execute(db);
}
