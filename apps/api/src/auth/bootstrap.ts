import { randomBytes } from 'node:crypto';
import { countUsers, createUser, getUserByEmail, type Database } from '@ripple/db';
import type { Kysely } from 'kysely';
import { hashPassword, passwordProblems } from './passwords.js';

/**
 * The first admin from RIPPLE_ADMIN_EMAIL and RIPPLE_ADMIN_PASSWORD, created when no account
 * has that email. An existing account is left as it is: the variables never reset a password
 * someone has since changed. A weak password stops the start with the reason.
 */
export async function ensureAdminFromEnv(
  db: Kysely<Database>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<'created' | 'exists' | 'unset'> {
  const email = env.RIPPLE_ADMIN_EMAIL?.trim();
  const password = env.RIPPLE_ADMIN_PASSWORD;
  if (!email && !password) return 'unset';
  if (!email || !password) {
    throw new Error('Set both RIPPLE_ADMIN_EMAIL and RIPPLE_ADMIN_PASSWORD, or neither');
  }
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) {
    throw new Error(`RIPPLE_ADMIN_EMAIL is not an email address: "${email}"`);
  }
  if (await getUserByEmail(db, email)) return 'exists';
  const problems = passwordProblems(password, { email });
  if (problems.length > 0) throw new Error(`RIPPLE_ADMIN_PASSWORD: ${problems.join('; ')}`);
  await createUser(db, {
    email,
    name: 'Administrator',
    role: 'admin',
    passwordHash: await hashPassword(password),
  });
  return 'created';
}

export const DEMO_ADMIN_EMAIL = 'admin@demo.ripple.example';

/**
 * The demo's admin, made with a random password when the demo is first generated into a database
 * without accounts: there are no default credentials, so the password is printed once.
 */
export async function createDemoAdmin(
  db: Kysely<Database>,
): Promise<{ email: string; password: string } | null> {
  if ((await countUsers(db)) > 0) return null;
  // 20 characters of 31 letters and digits without look-alikes (about 99 bits), in groups of 5.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const password = [...randomBytes(20)]
    .map((byte) => alphabet[byte % alphabet.length])
    .join('')
    .replace(/(.{5})(?!$)/g, '$1-');
  await createUser(db, {
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo administrator',
    role: 'admin',
    passwordHash: await hashPassword(password),
  });
  return { email: DEMO_ADMIN_EMAIL, password };
}
