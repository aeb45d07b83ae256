import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';

// Client addresses are personal data. Where Ripple keeps one (a failed sign-in, counted per
// address; a session's address) it keeps a keyed hash of it instead (HMAC with the server's
// secret, made by the API), which can be compared with a fresh request's but not reversed or
// matched against a list of addresses without the secret. Keyed values start with `prefix`.

/**
 * Replaces every stored address that is not keyed yet (rows from before keying) by its keyed
 * form, in one transaction. Returns how many rows changed.
 */
export async function keyStoredAddresses(
  db: Kysely<Database>,
  key: (address: string) => string,
  prefix: string,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    let changed = 0;
    const failures = await trx
      .selectFrom('sign_in_failure')
      .select('address')
      .distinct()
      .where('address', 'not like', `${prefix}%`)
      .execute();
    for (const { address } of failures) {
      const result = await trx
        .updateTable('sign_in_failure')
        .set({ address: key(address) })
        .where('address', '=', address)
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    const sessions = await trx
      .selectFrom('user_session')
      .select('ip')
      .distinct()
      .where('ip', 'is not', null)
      .where('ip', 'not like', `${prefix}%`)
      .execute();
    for (const { ip } of sessions) {
      const result = await trx
        .updateTable('user_session')
        .set({ ip: key(ip!) })
        .where('ip', '=', ip)
        .executeTakeFirst();
      changed += Number(result.numUpdatedRows);
    }
    return changed;
  });
}
