import {
  clearSignInFailures,
  countSignInFailures,
  createSession,
  deleteSession,
  findCredentials,
  normalizeEmail,
  recordSignInFailure,
  type Database,
  type User,
} from '@ripple/db';
import type { Kysely } from 'kysely';
import { verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { newToken, tokenHash } from './tokens.js';

export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000;
export const FAILURE_WINDOW_MS = 15 * 60_000;
/** Wrong passwords allowed per account in the window; the next attempt is refused unchecked. */
export const MAX_FAILURES_PER_ACCOUNT = 10;
/** Per client address: one office behind one address may have several people signing in. */
export const MAX_FAILURES_PER_ADDRESS = 50;

export type SignInResult =
  | { kind: 'signed-in'; user: User; token: string; csrfToken: string; expiresAt: Date }
  | { kind: 'refused' }
  | { kind: 'limited'; retryAfterSeconds: number };

/**
 * Checks an email and password and opens a new session. An unknown email, a disabled account
 * and a wrong password all come back as the same `refused`, after the same work; a failure is
 * recorded against both the account and the address, and past the limits the password is not
 * even checked. `previousToken` (the cookie the browser still had) is ended: every sign-in gets
 * a session id of its own.
 */
export async function signIn(
  db: Kysely<Database>,
  input: {
    email: string;
    password: string;
    address: string;
    userAgent: string | null;
    previousToken?: string;
  },
): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const now = Date.now();
  const failures = await countSignInFailures(
    db,
    email,
    input.address,
    new Date(now - FAILURE_WINDOW_MS),
  );
  if (
    failures.byEmail >= MAX_FAILURES_PER_ACCOUNT ||
    failures.byAddress >= MAX_FAILURES_PER_ADDRESS
  ) {
    return { kind: 'limited', retryAfterSeconds: FAILURE_WINDOW_MS / 1000 };
  }

  const credentials = await findCredentials(db, email);
  const ok =
    credentials && !credentials.user.disabled
      ? await verifyPassword(credentials.passwordHash, input.password)
      : await verifyAgainstDecoy(input.password);
  if (!ok || !credentials) {
    await recordSignInFailure(db, email, input.address, new Date(now - 24 * 60 * 60_000));
    return { kind: 'refused' };
  }

  await clearSignInFailures(db, email);
  if (input.previousToken) await deleteSession(db, tokenHash(input.previousToken));
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now + SESSION_TTL_MS);
  await createSession(db, {
    tokenHash: tokenHash(token),
    userId: credentials.user.id,
    csrfToken,
    expiresAt,
    ip: input.address,
    userAgent: input.userAgent,
  });
  return { kind: 'signed-in', user: credentials.user, token, csrfToken, expiresAt };
}
