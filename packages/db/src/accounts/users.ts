import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { Database, UserRole } from '../schema.js';

// Accounts of the people who use Ripple (not the programme's participants). Password hashing
// is the API's: this module stores and reads hashes only.

export interface User {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  disabled: boolean;
  createdAt: Date;
}

export interface NewUser {
  email: string;
  name: string;
  role: UserRole;
  passwordHash: string;
}

/** Emails are compared trimmed and lower-cased, as the table's check constraint stores them. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Whether an account has this email, e.g. a participant's: the same person, as far as Ripple can
 * tell. Accounts store emails lower-cased (a check constraint), so one side is lower-cased here.
 */
export function accountHasEmail(email: Expression<string | null>): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from app_user u where u.email = lower(${email}::text))`;
}

export class EmailTakenError extends Error {
  override name = 'EmailTakenError';
  constructor(email: string) {
    super(`An account with the email ${email} already exists`);
  }
}

const userColumns = ['id', 'email', 'name', 'role', 'disabled_at', 'created_at'] as const;

function toUser(row: {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  disabled_at: Date | null;
  created_at: Date;
}): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
  };
}

export async function createUser(db: Kysely<Database>, user: NewUser): Promise<User> {
  const email = normalizeEmail(user.email);
  const row = await db
    .insertInto('app_user')
    .values({ email, name: user.name.trim(), role: user.role, password_hash: user.passwordHash })
    .onConflict((oc) => oc.column('email').doNothing())
    .returning(userColumns)
    .executeTakeFirst();
  if (!row) throw new EmailTakenError(email);
  return toUser(row);
}

export async function listUsers(db: Kysely<Database>): Promise<User[]> {
  const rows = await db.selectFrom('app_user').select(userColumns).orderBy('email').execute();
  return rows.map(toUser);
}

export async function getUser(db: Kysely<Database>, id: number): Promise<User | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(userColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function getUserByEmail(
  db: Kysely<Database>,
  email: string,
): Promise<User | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(userColumns)
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row && toUser(row);
}

/** What sign-in needs: the hash, and whether the account may sign in at all. */
export async function findCredentials(
  db: Kysely<Database>,
  email: string,
): Promise<{ user: User; passwordHash: string } | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select([...userColumns, 'password_hash'])
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row && { user: toUser(row), passwordHash: row.password_hash };
}

export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('app_user')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return row.n;
}

export interface UserChanges {
  name?: string;
  role?: UserRole;
  disabled?: boolean;
  passwordHash?: string;
}

export class LastAdminError extends Error {
  override name = 'LastAdminError';
  constructor() {
    super('This is the only active admin: make another admin first');
  }
}

/**
 * Changes an account. Disabling it or setting a new password ends its sessions in the same
 * transaction, so a disabled user's open browser is signed out at its next request. The last
 * active admin can be neither disabled nor demoted: nobody could manage accounts after that.
 */
export async function updateUser(
  db: Kysely<Database>,
  id: number,
  changes: UserChanges,
): Promise<User | undefined> {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('app_user')
      .select(userColumns)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return undefined;
    const losesAdmin =
      current.role === 'admin' &&
      current.disabled_at === null &&
      ((changes.role !== undefined && changes.role !== 'admin') || changes.disabled === true);
    if (losesAdmin) {
      // Locks every active admin row, so two admins demoting each other at once cannot both pass.
      const admins = await trx
        .selectFrom('app_user')
        .select('id')
        .where('role', '=', 'admin')
        .where('disabled_at', 'is', null)
        .forUpdate()
        .execute();
      if (admins.length <= 1) throw new LastAdminError();
    }
    const row = await trx
      .updateTable('app_user')
      .set({
        ...(changes.name !== undefined && { name: changes.name.trim() }),
        ...(changes.role !== undefined && { role: changes.role }),
        ...(changes.passwordHash !== undefined && { password_hash: changes.passwordHash }),
        ...(changes.disabled === true &&
          current.disabled_at === null && { disabled_at: new Date() }),
        ...(changes.disabled === false && { disabled_at: null }),
      })
      .where('id', '=', id)
      .returning(userColumns)
      .executeTakeFirstOrThrow();
    if (changes.disabled === true || changes.passwordHash !== undefined) {
      await trx.deleteFrom('user_session').where('user_id', '=', id).execute();
    }
    return toUser(row);
  });
}
