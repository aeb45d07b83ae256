import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// The World Bank country classification, loaded from packages/db/data at every start
// (syncCountryClassification), so next year's file replaces it without a code change.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('country_classification')
    .addColumn('iso2', 'char(2)', (c) => c.primaryKey().check(sql`iso2 ~ '^[A-Z]{2}$'`))
    .addColumn('iso3', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('income_group', 'text') // null: not classified by the World Bank
    .addColumn('fiscal_year', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('country_classification_region_idx')
    .on('country_classification')
    .column('region')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('country_classification').ifExists().execute();
}
