import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Past feedback imported from survey tools (Google Forms, KoboToolbox, SurveyMonkey, any CSV)
// becomes survey responses without an invitation. Each remembers where it came from and the
// tool's own id of the submission, so importing the same export again stores nothing twice:
// the unique index decides, not a read before the write.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table survey_response
    add column source text not null default 'form'
      check (source in ('form', 'google_forms', 'kobo', 'surveymonkey', 'csv')),
    add column source_key text,
    add constraint survey_response_source_key_ck
      check ((source = 'form') = (source_key is null))`.execute(db);
  await sql`create unique index survey_response_source_uq on survey_response (source, source_key)
    where source_key is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index survey_response_source_uq`.execute(db);
  await sql`alter table survey_response drop constraint survey_response_source_key_ck,
    drop column source_key, drop column source`.execute(db);
}
