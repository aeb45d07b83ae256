import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * How far a streaming replica's data is behind its primary, in seconds: 0 when it has replayed
 * all the WAL it received, else the age of the last transaction it replayed
 * (`now() - pg_last_xact_replay_timestamp()`). The age alone would grow while the primary is
 * idle, though nothing is missing. Null when the server is not a standby or has replayed nothing.
 */
export async function replicationLagSeconds(replica: Kysely<Database>): Promise<number | null> {
  const { rows } = await sql<{ lag: number | null }>`
    select case
      when not pg_is_in_recovery() then null
      when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
      else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8
    end as lag`.execute(replica);
  return rows[0]?.lag ?? null;
}

/**
 * Waits until the replica has replayed everything the primary had written when called
 * (its `pg_last_wal_replay_lsn()` reaches the primary's `pg_current_wal_lsn()`), so a read on
 * the replica sees every write committed before. Throws after `timeoutMs`.
 */
export async function waitForReplica(
  primary: Kysely<Database>,
  replica: Kysely<Database>,
  options: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 5;
  const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(
    primary,
  );
  const target = rows[0]!.lsn;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows: replayed } = await sql<{ done: boolean | null; at: string | null }>`
      select pg_last_wal_replay_lsn() >= ${target}::pg_lsn as done,
             pg_last_wal_replay_lsn()::text as at`.execute(replica);
    if (replayed[0]?.done) return;
    if (Date.now() > deadline) {
      throw new Error(
        `the replica has not caught up within ${timeoutMs} ms: replayed ${replayed[0]?.at ?? 'nothing'}, primary at ${target}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
