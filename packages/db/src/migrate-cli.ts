#!/usr/bin/env node
// `pnpm db:migrate`: brings the configured database (DATABASE_URL, else the embedded one) up to date.
import { databaseConfigFromEnv, openDatabase } from './connection.js';
import { migrateToLatest } from './migrate.js';

async function main() {
  const database = await openDatabase(databaseConfigFromEnv());
  try {
    const results = await migrateToLatest(database.db);
    const applied = results.filter((r) => r.status === 'Success');
    console.log(
      applied.length === 0
        ? `Database at ${database.location} is up to date.`
        : `Applied ${applied.map((r) => r.migrationName).join(', ')} to ${database.location}.`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`ripple: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
