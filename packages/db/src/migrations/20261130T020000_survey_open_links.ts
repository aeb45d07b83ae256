import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Open links: for a webinar whose attendees are not known by name, one shared link takes any
// number of responses (each with invitation_id null and open_link_id set). A link is revoked by
// stamping revoked_at, never deleted, so the responses it gathered keep saying where they came
// from. Sending and reminding read invitations by when they are due and whether they went out.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table survey_open_link (
      id integer primary key generated always as identity,
      token text not null unique,
      webinar_id integer not null references webinar (id) on delete cascade,
      wave text not null check (wave in ('post', 'followup')),
      survey_version_id integer not null references survey_version (id) on delete restrict,
      language text not null default 'en' check (language in ('en', 'es')),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index survey_open_link_webinar_idx on survey_open_link (webinar_id, wave)`.execute(
    db,
  );
  await sql`alter table survey_response
    add column open_link_id integer references survey_open_link (id) on delete set null`.execute(
    db,
  );
  await sql`create index survey_response_open_link_idx on survey_response (open_link_id)
    where open_link_id is not null`.execute(db);
  // The invitations of a webinar and wave (exports, the waves table) and those still to send.
  await sql`create index survey_invitation_webinar_wave_idx on survey_invitation (webinar_id, wave)`.execute(
    db,
  );
  await sql`create index survey_invitation_unsent_idx on survey_invitation (scheduled_for)
    where sent_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists survey_invitation_unsent_idx`.execute(db);
  await sql`drop index if exists survey_invitation_webinar_wave_idx`.execute(db);
  await sql`alter table survey_response drop column if exists open_link_id`.execute(db);
  await sql`drop table if exists survey_open_link`.execute(db);
}
