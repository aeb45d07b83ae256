import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Accounts: a session carries the token its user must echo in a header on every state-changing
// request (cross-site request forgery), and failed sign-ins are kept for a while so that
// guessing is slowed per account and per address, across restarts and processes alike.

export async function up(db: Kysely<unknown>): Promise<void> {
  // No session was ever created before this migration; any row would lack a token.
  await sql`delete from user_session`.execute(db);
  await sql`alter table user_session add column csrf_token text not null`.execute(db);
  await sql`create index user_session_expires_idx on user_session (expires_at)`.execute(db);
  await sql`
    create table sign_in_failure (
      id bigint primary key generated always as identity,
      email text not null,
      address text not null,
      failed_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index sign_in_failure_email_idx on sign_in_failure (email, failed_at)`.execute(
    db,
  );
  await sql`create index sign_in_failure_address_idx on sign_in_failure (address, failed_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists sign_in_failure`.execute(db);
  await sql`drop index if exists user_session_expires_idx`.execute(db);
  await sql`alter table user_session drop column if exists csrf_token`.execute(db);
}
