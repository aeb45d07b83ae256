import type { Kysely } from 'kysely';
import { Migrator, type MigrationResult } from 'kysely/migration';
import { migrationProvider } from './migrations/index.js';
import { syncCountryClassification } from './reference/countries.js';
import type { Database } from './schema.js';
import { ensureDefaultSurveys } from './surveys/instruments.js';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema up to date. Safe to run at every start: applied migrations are skipped. */
export async function migrateToLatest(db: Kysely<Database>): Promise<MigrationResult[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error');
    const detail = error instanceof Error ? error.message : JSON.stringify(error);
    throw new MigrationError(
      failed
        ? `Migration ${failed.migrationName} failed: ${detail}`
        : `Migrations failed: ${detail}`,
    );
  }
  // Reference data shipped as files follows the schema: a new year's file takes effect here.
  await syncCountryClassification(db);
  // Every database has the default instruments; existing ones (edited or not) are left alone.
  await ensureDefaultSurveys(db);
  return results;
}
