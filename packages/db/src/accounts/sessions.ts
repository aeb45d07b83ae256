import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { User } from './users.js';

// Sessions live in the database, keyed by the SHA-256 of the cookie's random token (the API
// hashes it), so a copy of the table opens no session. A session ends at sign-out, at its expiry,
// and when its user is disabled or given a new password.

export interface NewSession {
  tokenHash: string;
  userId: number;
  csrfToken: string;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

export interface ActiveSession {
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
  user: User;
}

export async function createSession(db: Kysely<Database>, session: NewSession): Promise<void> {
  await db
    .insertInto('user_session')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
}

/** The session and its user, if the session has not expired and the user is not disabled. */
export async function findActiveSession(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ActiveSession | undefined> {
  const row = await db
    .selectFrom('user_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.expires_at',
      's.last_seen_at',
      'u.id',
      'u.email',
      'u.name',
      'u.role',
      'u.created_at',
    ])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', new Date())
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    tokenHash: row.token_hash,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      disabled: false,
      createdAt: row.created_at,
    },
  };
}

export async function touchSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: new Date() })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Kysely<Database>): Promise<number> {
  const result = await db
    .deleteFrom('user_session')
    .where('expires_at', '<=', new Date())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface FailureCounts {
  byEmail: number;
  byAddress: number;
}

/** Failed sign-ins since `since`, for this account and for this client address. */
export async function countSignInFailures(
  db: Kysely<Database>,
  email: string,
  address: string,
  since: Date,
): Promise<FailureCounts> {
  const row = await db
    .selectFrom('sign_in_failure')
    .select((eb) => [
      eb.fn.countAll<number>().filterWhere('email', '=', email).as('byEmail'),
      eb.fn.countAll<number>().filterWhere('address', '=', address).as('byAddress'),
    ])
    .where('failed_at', '>=', since)
    .where((eb) => eb.or([eb('email', '=', email), eb('address', '=', address)]))
    .executeTakeFirstOrThrow();
  return { byEmail: row.byEmail, byAddress: row.byAddress };
}

/** Records a failure and forgets those older than `forgetBefore`, which no window counts. */
export async function recordSignInFailure(
  db: Kysely<Database>,
  email: string,
  address: string,
  forgetBefore: Date,
): Promise<void> {
  await db.insertInto('sign_in_failure').values({ email, address }).execute();
  await db.deleteFrom('sign_in_failure').where('failed_at', '<', forgetBefore).execute();
}

/** A successful sign-in clears the account's failures (not the address's). */
export async function clearSignInFailures(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failure').where('email', '=', email).execute();
}
