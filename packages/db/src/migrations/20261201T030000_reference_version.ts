import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// The reference lists every dashboard page loads (GET /api/reference and /api/reference/countries,
// a quarter of the dashboard's requests under load) are cached under the reach version, like the
// reach figures. Two of the tables they read were not counted in it: every write to them now
// bumps it too (bump_reach_version, migration 20261129T190000_reach_version). Both change rarely
// (a series' default topics, the sectors' labels), so the reach caches they clear cost nothing.

const REFERENCE_TABLES = ['sector', 'series_default_topic'];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of REFERENCE_TABLES) {
    await sql`
      create trigger ${sql.raw(`${table}_bump_reach_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_reach_version()
    `.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of REFERENCE_TABLES) {
    await sql`drop trigger if exists ${sql.raw(`${table}_bump_reach_version`)} on ${sql.table(table)}`.execute(
      db,
    );
  }
}
