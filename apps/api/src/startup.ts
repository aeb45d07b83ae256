import {
  databaseConfigFromEnv,
  generateDemo,
  isDatabaseEmpty,
  markInterruptedImports,
  migrateToLatest,
  openDatabase,
  type RippleDatabase,
} from '@ripple/db';
import { terminalProgress } from './progress.js';

/** Opens the configured database and brings its schema up to date. */
export async function openMigratedDatabase(
  env: NodeJS.ProcessEnv = process.env,
): Promise<RippleDatabase> {
  const database = await openDatabase(databaseConfigFromEnv(env));
  for (const warning of database.warnings) console.error(`ripple: ${warning}`);
  try {
    await migrateToLatest(database.db);
    const interrupted = await markInterruptedImports(database.db);
    if (interrupted > 0) {
      console.error(
        `${interrupted} import(s) had been interrupted and are now marked failed; nothing of them was kept.`,
      );
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * Fills the demo programme into an empty database. Never over real data: a database that holds
 * any webinar, participant or import is left alone.
 */
export async function seedDemoIfEmpty(database: RippleDatabase): Promise<boolean> {
  if (!(await isDatabaseEmpty(database.db))) return false;
  console.error(
    'The database is empty: generating the demo programme (set RIPPLE_DEMO=0 to skip)…',
  );
  const progress = terminalProgress();
  const summary = await generateDemo(database.db, { onProgress: progress.update });
  progress.finish(
    `Demo programme ready: ${summary.webinars} webinars, ${summary.participants.toLocaleString('en')} participants`,
  );
  return true;
}
