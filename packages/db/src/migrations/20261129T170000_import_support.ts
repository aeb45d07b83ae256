import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// What the attendance importer remembers and what it needs to undo an import exactly.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('data_import')
    .addColumn('platform', 'text')
    .addColumn('time_zone', 'text')
    .addColumn('options', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    // Set when a corrected file replaced an earlier import of the same webinar and platform.
    .addColumn('replaces_import_id', 'integer', (c) =>
      c.references('data_import.id').onDelete('set null'),
    )
    .addColumn('undone_at', 'timestamptz')
    .execute();

  // Attendance rows a corrected file replaced, kept so that undoing it puts them back.
  await db.schema
    .createTable('import_replaced_attendance')
    .addColumn('import_id', 'integer', (c) =>
      c.notNull().references('data_import.id').onDelete('cascade'),
    )
    .addColumn('webinar_id', 'integer', (c) => c.notNull())
    .addColumn('participant_id', 'integer', (c) => c.notNull())
    .addColumn('registered', 'boolean', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz')
    .addColumn('attended', 'boolean', (c) => c.notNull())
    .addColumn('first_join_at', 'timestamptz')
    .addColumn('last_leave_at', 'timestamptz')
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('previous_import_id', 'integer')
    .addPrimaryKeyConstraint('import_replaced_attendance_pk', [
      'import_id',
      'webinar_id',
      'participant_id',
    ])
    .execute();

  // The generic import: a column mapping saved once per header and reused for files like it.
  await db.schema
    .createTable('import_column_mapping')
    .addColumn('header_key', 'text', (c) => c.primaryKey()) // normalised header, joined
    .addColumn('header', 'jsonb', (c) => c.notNull())
    .addColumn('mapping', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Country names the built-in tables did not know, mapped once by a manager and remembered.
  await db.schema
    .createTable('country_alias')
    .addColumn('alias_key', 'text', (c) => c.primaryKey()) // lower-cased, accents and punctuation folded
    .addColumn('alias', 'text', (c) => c.notNull())
    .addColumn('country', 'char(2)', (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // Answers to a registration question about the organisation, mapped to a sector by a manager
  // (overriding the built-in rules, e.g. "Ministry of Finance" → government).
  await db.schema
    .createTable('sector_mapping')
    .addColumn('answer_key', 'text', (c) => c.primaryKey())
    .addColumn('answer', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull().references('sector.code'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  // What the importer asked about a series' webinars, remembered for the next file of the series.
  await db.schema
    .createTable('series_default_topic')
    .addColumn('series_id', 'integer', (c) =>
      c.notNull().references('series.id').onDelete('cascade'),
    )
    .addColumn('topic_id', 'integer', (c) => c.notNull().references('topic.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('series_default_topic_pk', ['series_id', 'topic_id'])
    .execute();

  await db.schema.alterTable('speaker').addColumn('created_import_id', 'integer').execute();

  // Provenance columns point into data_import, an append-only log whose rows are never deleted
  // (undo marks them 'undone'), so a foreign key there could never act; checking it cost a
  // lookup per imported row, about a tenth of a large import's time. Indexed, not enforced.
  for (const [table, constraint] of [
    ['attendance', 'attendance_import_id_fkey'],
    ['participant', 'participant_created_import_id_fkey'],
    ['webinar_speaker', 'webinar_speaker_import_id_fkey'],
  ] as const) {
    await db.schema.alterTable(table).dropConstraint(constraint).execute();
  }

  await db.schema
    .createIndex('webinar_speaker_import_idx')
    .on('webinar_speaker')
    .column('import_id')
    .execute();
  await db.schema
    .createIndex('participant_created_import_idx')
    .on('participant')
    .column('created_import_id')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('participant_created_import_idx').ifExists().execute();
  await db.schema.dropIndex('webinar_speaker_import_idx').ifExists().execute();
  for (const table of [
    'series_default_topic',
    'sector_mapping',
    'country_alias',
    'import_column_mapping',
    'import_replaced_attendance',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.alterTable('speaker').dropColumn('created_import_id').execute();
  for (const [table, column] of [
    ['attendance', 'import_id'],
    ['participant', 'created_import_id'],
    ['webinar_speaker', 'import_id'],
  ] as const) {
    await db.schema
      .alterTable(table)
      .addForeignKeyConstraint(`${table}_${column}_fkey`, [column], 'data_import', ['id'], (c) =>
        c.onDelete('set null'),
      )
      .execute();
  }
  await db.schema
    .alterTable('data_import')
    .dropColumn('platform')
    .dropColumn('time_zone')
    .dropColumn('options')
    .dropColumn('replaces_import_id')
    .dropColumn('undone_at')
    .execute();
}
