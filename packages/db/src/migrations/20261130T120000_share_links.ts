import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Share links: a manager's read-only link for a funder, locked to a period and a scope. Only the
// SHA-256 of the link's token is stored (as with user sessions), so a copy of the table opens
// nothing. Opening a link makes a share session of its own, which never outlives the link, and
// every page viewed through it is logged. A link is revoked by stamping revoked_at, never
// deleted, so its view log stays.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table share_link (
      id integer primary key generated always as identity,
      token_hash text not null unique,
      label text not null check (length(label) between 1 and 200),
      scope jsonb not null,
      password_hash text,
      expires_at timestamptz not null,
      revoked_at timestamptz,
      created_by integer references app_user (id) on delete set null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create table share_session (
      token_hash text primary key,
      link_id integer not null references share_link (id) on delete cascade,
      expires_at timestamptz not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index share_session_link_idx on share_session (link_id)`.execute(db);
  await sql`
    create table share_link_view (
      id bigint primary key generated always as identity,
      link_id integer not null references share_link (id) on delete cascade,
      viewed_at timestamptz not null default now(),
      path text not null,
      address text,
      user_agent text
    )`.execute(db);
  await sql`create index share_link_view_link_idx on share_link_view (link_id, viewed_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists share_link_view`.execute(db);
  await sql`drop table if exists share_session`.execute(db);
  await sql`drop table if exists share_link`.execute(db);
}
