import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Written against Kysely<any> so it keeps meaning what it meant on the day it was written.

const SECTORS: Array<[code: string, en: string, es: string]> = [
  ['government', 'Government', 'Gobierno'],
  ['civil_society', 'Civil society', 'Sociedad civil'],
  ['private_sector', 'Private sector', 'Sector privado'],
  ['international_organisation', 'International organisation', 'Organismo internacional'],
  ['media', 'Media', 'Medios de comunicación'],
  ['academia', 'Academia', 'Academia'],
  ['other', 'Other', 'Otro'],
  ['unknown', 'Unknown', 'Desconocido'],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sector')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('label_es', 'text', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('sector')
    .values(
      SECTORS.map(([code, en, es], i) => ({ code, label_en: en, label_es: es, sort_order: i })),
    )
    .execute();

  await db.schema
    .createTable('working_group')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('label_es', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('topic')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('label_es', 'text', (c) => c.notNull())
    .addColumn('working_group_id', 'integer', (c) =>
      c.references('working_group.id').onDelete('set null'),
    )
    .execute();

  await db.schema
    .createTable('series')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // Defaults the importer proposes for a new webinar of this series (import issue).
    .addColumn('default_language', 'text')
    .addColumn('default_working_group_id', 'integer', (c) =>
      c.references('working_group.id').onDelete('set null'),
    )
    .addColumn('default_timezone', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('app_user')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('email', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email = lower(btrim(email))`),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) =>
      c.notNull().check(sql`role in ('admin', 'manager', 'funder')`),
    )
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('user_session')
    // The cookie carries a random token; only its SHA-256 is stored, so a leaked table opens nothing.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) =>
      c.notNull().references('app_user.id').onDelete('cascade'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema
    .createIndex('user_session_user_idx')
    .on('user_session')
    .column('user_id')
    .execute();

  await db.schema
    .createTable('data_import')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('format', 'text') // detected or named format, e.g. zoom-webinar-attendee
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('running')
        .check(sql`status in ('running', 'succeeded', 'failed', 'undone')`),
    )
    .addColumn('webinar_id', 'integer') // set after webinar exists; FK added below
    .addColumn('user_id', 'integer', (c) => c.references('app_user.id').onDelete('set null'))
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error_report', 'jsonb')
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema
    .createIndex('data_import_hash_idx')
    .on('data_import')
    .column('content_hash')
    .execute();

  await db.schema
    .createTable('webinar')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(btrim(title)) > 0`))
    .addColumn('description', 'text')
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('duration_minutes', 'integer', (c) => c.check(sql`duration_minutes >= 0`))
    // The zone the webinar was announced in; importers read zone-less times in it by default.
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language ~ '^[a-z]{2,3}$'`))
    .addColumn('series_id', 'integer', (c) => c.references('series.id').onDelete('set null'))
    .addColumn('working_group_id', 'integer', (c) =>
      c.references('working_group.id').onDelete('set null'),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('planned')
        .check(sql`status in ('planned', 'held', 'cancelled')`),
    )
    .addColumn('platform', 'text', (c) =>
      c.check(sql`platform in ('zoom', 'teams', 'webex', 'goto', 'other')`),
    )
    .addColumn('platform_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'webinar_platform_id_needs_platform',
      sql`platform_id is null or platform is not null`,
    )
    .execute();
  await db.schema
    .createIndex('webinar_platform_uq')
    .on('webinar')
    .columns(['platform', 'platform_id'])
    .unique()
    .where(sql.ref('platform_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('webinar_starts_at_idx').on('webinar').column('starts_at').execute();
  await db.schema
    .alterTable('data_import')
    .addForeignKeyConstraint('data_import_webinar_fk', ['webinar_id'], 'webinar', ['id'], (c) =>
      c.onDelete('set null'),
    )
    .execute();

  await db.schema
    .createTable('webinar_topic')
    .addColumn('webinar_id', 'integer', (c) =>
      c.notNull().references('webinar.id').onDelete('cascade'),
    )
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topic.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('webinar_topic_pk', ['webinar_id', 'topic_id'])
    .execute();
  await db.schema
    .createIndex('webinar_topic_topic_idx')
    .on('webinar_topic')
    .column('topic_id')
    .execute();

  await db.schema
    .createTable('speaker')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(btrim(name)) > 0`))
    .addColumn('email', 'text', (c) => c.check(sql`email = lower(btrim(email))`))
    .addColumn('organisation', 'text')
    .addColumn('country', 'char(2)', (c) => c.check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn('sector', 'text', (c) => c.notNull().defaultTo('unknown').references('sector.code'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('speaker_email_uq')
    .on('speaker')
    .column('email')
    .unique()
    .where(sql.ref('email'), 'is not', null)
    .execute();

  await db.schema
    .createTable('webinar_speaker')
    .addColumn('webinar_id', 'integer', (c) =>
      c.notNull().references('webinar.id').onDelete('cascade'),
    )
    .addColumn('speaker_id', 'integer', (c) =>
      c.notNull().references('speaker.id').onDelete('cascade'),
    )
    .addColumn('role', 'text', (c) =>
      c
        .notNull()
        .defaultTo('presenter')
        .check(sql`role in ('host', 'presenter', 'panelist', 'moderator', 'organiser')`),
    )
    .addColumn('import_id', 'integer', (c) => c.references('data_import.id').onDelete('set null'))
    .addPrimaryKeyConstraint('webinar_speaker_pk', ['webinar_id', 'speaker_id'])
    .execute();
  await db.schema
    .createIndex('webinar_speaker_speaker_idx')
    .on('webinar_speaker')
    .column('speaker_id')
    .execute();

  await db.schema
    .createTable('participant')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text')
    // Normalised (trimmed, lower-cased) so the same person is matched across webinars and files.
    .addColumn('email', 'text', (c) => c.check(sql`email = lower(btrim(email)) and email <> ''`))
    .addColumn('country', 'char(2)', (c) => c.check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn('sector', 'text', (c) => c.notNull().defaultTo('unknown').references('sector.code'))
    .addColumn('organisation', 'text')
    .addColumn('gender', 'text') // self-described, optional, never inferred
    .addColumn('language', 'text', (c) => c.check(sql`language ~ '^[a-z]{2,3}$'`))
    .addColumn('created_import_id', 'integer', (c) =>
      c.references('data_import.id').onDelete('set null'),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('participant_email_uq')
    .on('participant')
    .column('email')
    .unique()
    .where(sql.ref('email'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('participant_country_idx')
    .on('participant')
    .column('country')
    .execute();

  await db.schema
    .createTable('attendance')
    .addColumn('webinar_id', 'integer', (c) =>
      c.notNull().references('webinar.id').onDelete('cascade'),
    )
    .addColumn('participant_id', 'integer', (c) =>
      c.notNull().references('participant.id').onDelete('cascade'),
    )
    // Registered is its own flag: some exports (Teams) carry attendance without registration times.
    .addColumn('registered', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('registered_at', 'timestamptz')
    .addColumn('attended', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('first_join_at', 'timestamptz')
    .addColumn('last_leave_at', 'timestamptz')
    .addColumn('minutes', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`minutes >= 0`),
    )
    .addColumn('import_id', 'integer', (c) => c.references('data_import.id').onDelete('set null'))
    .addPrimaryKeyConstraint('attendance_pk', ['webinar_id', 'participant_id'])
    .addCheckConstraint('attendance_is_something', sql`registered or attended`)
    .addCheckConstraint(
      'attendance_join_order',
      sql`first_join_at is null or last_leave_at is null or first_join_at <= last_leave_at`,
    )
    .execute();
  await db.schema
    .createIndex('attendance_participant_idx')
    .on('attendance')
    .columns(['participant_id', 'webinar_id'])
    .execute();
  await db.schema
    .createIndex('attendance_import_idx')
    .on('attendance')
    .column('import_id')
    .execute();

  // Surveys: an instrument has versions; a version's questions are immutable once answered,
  // so editing an instrument creates a new version and past answers keep their wording.
  await db.schema
    .createTable('survey')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('post', 'followup')`))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('survey_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('survey_id', 'integer', (c) =>
      c.notNull().references('survey.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('survey_version_uq', ['survey_id', 'version'])
    .execute();

  await db.schema
    .createTable('survey_question')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('survey_version_id', 'integer', (c) =>
      c.notNull().references('survey_version.id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (c) => c.notNull())
    // Stable across versions (e.g. "satisfaction"), so analytics can follow a question through edits.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) =>
      c
        .notNull()
        .check(
          sql`type in ('rating5', 'nps', 'single', 'multi', 'yes_partly_no', 'text', 'consent')`,
        ),
    )
    .addColumn('required', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('text_es', 'text', (c) => c.notNull())
    // [{ "value": "share", "label_en": "...", "label_es": "..." }] for choice questions.
    .addColumn('choices', 'jsonb')
    .addColumn('allow_other', 'boolean', (c) => c.notNull().defaultTo(false))
    .addUniqueConstraint('survey_question_position_uq', ['survey_version_id', 'position'])
    .addUniqueConstraint('survey_question_key_uq', ['survey_version_id', 'key'])
    .execute();

  await db.schema
    .createTable('survey_invitation')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('webinar_id', 'integer', (c) =>
      c.notNull().references('webinar.id').onDelete('cascade'),
    )
    // Null for an open link shared with attendees who are not known by name.
    .addColumn('participant_id', 'integer', (c) =>
      c.references('participant.id').onDelete('cascade'),
    )
    .addColumn('wave', 'text', (c) => c.notNull().check(sql`wave in ('post', 'followup')`))
    .addColumn('survey_version_id', 'integer', (c) =>
      c.notNull().references('survey_version.id').onDelete('restrict'),
    )
    .addColumn('language', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('scheduled_for', 'timestamptz')
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('reminded_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('survey_invitation_person_uq')
    .on('survey_invitation')
    .columns(['webinar_id', 'participant_id', 'wave'])
    .unique()
    .where(sql.ref('participant_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('survey_response')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // Unique: one invitation yields one response, enforced here rather than by the form.
    .addColumn('invitation_id', 'integer', (c) =>
      c.unique().references('survey_invitation.id').onDelete('cascade'),
    )
    .addColumn('survey_version_id', 'integer', (c) =>
      c.notNull().references('survey_version.id').onDelete('restrict'),
    )
    .addColumn('webinar_id', 'integer', (c) =>
      c.notNull().references('webinar.id').onDelete('cascade'),
    )
    .addColumn('participant_id', 'integer', (c) =>
      c.references('participant.id').onDelete('cascade'),
    )
    .addColumn('wave', 'text', (c) => c.notNull().check(sql`wave in ('post', 'followup')`))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('consent_to_quote', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('quote_display_name', 'text')
    .addColumn('quote_country', 'char(2)')
    .addColumn('quote_approved_at', 'timestamptz')
    .addColumn('answers_hash', 'text') // lets a repeated identical submission get the same thank-you
    .execute();
  await db.schema
    .createIndex('survey_response_webinar_idx')
    .on('survey_response')
    .columns(['webinar_id', 'wave'])
    .execute();
  await db.schema
    .createIndex('survey_response_participant_idx')
    .on('survey_response')
    .column('participant_id')
    .execute();

  await db.schema
    .createTable('survey_answer')
    .addColumn('response_id', 'integer', (c) =>
      c.notNull().references('survey_response.id').onDelete('cascade'),
    )
    .addColumn('question_id', 'integer', (c) =>
      c.notNull().references('survey_question.id').onDelete('restrict'),
    )
    .addColumn('value_number', 'integer')
    .addColumn('value_text', 'text')
    .addColumn('value_choices', sql`text[]`)
    .addPrimaryKeyConstraint('survey_answer_pk', ['response_id', 'question_id'])
    .execute();
  await db.schema
    .createIndex('survey_answer_question_idx')
    .on('survey_answer')
    .column('question_id')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'survey_answer',
    'survey_response',
    'survey_invitation',
    'survey_question',
    'survey_version',
    'survey',
    'attendance',
    'participant',
    'webinar_speaker',
    'speaker',
    'webinar_topic',
    'data_import',
    'webinar',
    'user_session',
    'app_user',
    'series',
    'topic',
    'working_group',
    'sector',
  ]) {
    await db.schema.dropTable(table).ifExists().cascade().execute();
  }
}
