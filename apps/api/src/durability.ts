import { sql } from 'kysely';
import type { RippleDatabase } from '@ripple/db';

// PostgreSQL settings that trade durability for speed. Each is fine for a throwaway test
// database and wrong for a programme's feedback, which is collected once.
const WHAT_CAN_BE_LOST: Record<string, string> = {
  fsync:
    'a crash of the machine or the database server can corrupt the database and lose data already answered as stored',
  full_page_writes:
    'a crash in the middle of a page write can leave torn pages that the database cannot recover from',
  synchronous_commit:
    'a crash of the database server loses the last moments of survey answers and imports that Ripple has already answered as stored',
};

/**
 * One line per durability setting that is off on the server Ripple's connections use (an
 * `options` parameter in DATABASE_URL counts: it is what Ripple's sessions run with).
 */
export async function durabilityWarnings(database: RippleDatabase): Promise<string[]> {
  if (database.kind !== 'postgres') return [];
  const { rows } = await sql<Record<string, string>>`
    select current_setting('fsync') as fsync,
           current_setting('full_page_writes') as full_page_writes,
           current_setting('synchronous_commit') as synchronous_commit
  `.execute(database.db);
  const settings = rows[0]!;
  return Object.entries(WHAT_CAN_BE_LOST)
    .filter(([name]) => settings[name] === 'off')
    .map(
      ([name, loss]) =>
        `ripple: warning: PostgreSQL runs with ${name}=off: ${loss}; set ${name}=on in postgresql.conf${name === 'synchronous_commit' ? ' (and remove it from options in DATABASE_URL)' : ''}.`,
    );
}
