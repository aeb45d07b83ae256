import { sql, type Kysely } from 'kysely';
import type { Database, ShareLinkScope } from '../schema.js';

// Share links: a manager's read-only, scoped view for a funder. Tokens and passwords are the
// API's business; this module stores and reads their hashes only. A link is never deleted: it is
// revoked, so its view log stays readable.

export type ShareLinkStatus = 'active' | 'expired' | 'revoked';

export interface ShareLink {
  id: number;
  label: string;
  scope: ShareLinkScope;
  hasPassword: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
  createdAt: Date;
  createdBy: { id: number; name: string } | null;
  status: ShareLinkStatus;
  views: number;
  lastViewedAt: Date | null;
}

export interface NewShareLink {
  tokenHash: string;
  label: string;
  scope: ShareLinkScope;
  passwordHash: string | null;
  expiresAt: Date;
  createdBy: number;
}

/** What opening a link needs to know: whether it still opens, and its password. */
export interface ShareLinkCredentials {
  id: number;
  label: string;
  scope: ShareLinkScope;
  passwordHash: string | null;
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface ShareView {
  viewedAt: Date;
  path: string;
  address: string | null;
  userAgent: string | null;
}

function statusOf(row: { revoked_at: Date | null; expires_at: Date }, now: Date): ShareLinkStatus {
  if (row.revoked_at) return 'revoked';
  return row.expires_at.getTime() <= now.getTime() ? 'expired' : 'active';
}

function linksQuery(db: Kysely<Database>) {
  return db
    .selectFrom('share_link as l')
    .leftJoin('app_user as u', 'u.id', 'l.created_by')
    .select((eb) => [
      'l.id',
      'l.label',
      'l.scope',
      'l.password_hash',
      'l.expires_at',
      'l.revoked_at',
      'l.created_at',
      'l.created_by',
      'u.name as created_by_name',
      eb
        .selectFrom('share_link_view as v')
        .whereRef('v.link_id', '=', 'l.id')
        .select((v) => v.fn.countAll<number>().as('n'))
        .as('views'),
      eb
        .selectFrom('share_link_view as v')
        .whereRef('v.link_id', '=', 'l.id')
        .select((v) => v.fn.max('v.viewed_at').as('last'))
        .as('last_viewed_at'),
    ]);
}

type LinkRow = Awaited<ReturnType<ReturnType<typeof linksQuery>['executeTakeFirstOrThrow']>>;

function toShareLink(row: LinkRow, now: Date): ShareLink {
  return {
    id: row.id,
    label: row.label,
    scope: row.scope,
    hasPassword: row.password_hash !== null,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
    createdBy:
      row.created_by !== null ? { id: row.created_by, name: row.created_by_name ?? '' } : null,
    status: statusOf(row, now),
    views: Number(row.views ?? 0),
    lastViewedAt: row.last_viewed_at ? new Date(row.last_viewed_at) : null,
  };
}

export async function createShareLink(
  db: Kysely<Database>,
  link: NewShareLink,
): Promise<ShareLink> {
  const { id } = await db
    .insertInto('share_link')
    .values({
      token_hash: link.tokenHash,
      label: link.label,
      scope: JSON.stringify(link.scope),
      password_hash: link.passwordHash,
      expires_at: link.expiresAt,
      created_by: link.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const created = await findShareLink(db, id);
  if (!created) throw new Error(`share link ${id} vanished after insert`);
  return created;
}

/** Every link, newest first, with its status, view count and last view. */
export async function listShareLinks(db: Kysely<Database>, now = new Date()): Promise<ShareLink[]> {
  const rows = await linksQuery(db)
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .execute();
  return rows.map((row) => toShareLink(row, now));
}

export async function findShareLink(
  db: Kysely<Database>,
  id: number,
  now = new Date(),
): Promise<ShareLink | undefined> {
  const row = await linksQuery(db).where('l.id', '=', id).executeTakeFirst();
  return row && toShareLink(row, now);
}

export async function findShareLinkByToken(
  db: Kysely<Database>,
  tokenHash: string,
): Promise<ShareLinkCredentials | undefined> {
  const row = await db
    .selectFrom('share_link')
    .select(['id', 'label', 'scope', 'password_hash', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    label: row.label,
    scope: row.scope,
    passwordHash: row.password_hash,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * Revokes a link and ends its open share sessions at once. Revoking a revoked link keeps the
 * first date. Undefined for an unknown id.
 */
export async function revokeShareLink(
  db: Kysely<Database>,
  id: number,
): Promise<ShareLink | undefined> {
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('share_link')
      .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
      .where('id', '=', id)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return undefined;
    await trx.deleteFrom('share_session').where('link_id', '=', id).execute();
    return findShareLink(trx, id);
  });
}

export async function createShareSession(
  db: Kysely<Database>,
  session: { tokenHash: string; linkId: number; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('share_session')
    .values({
      token_hash: session.tokenHash,
      link_id: session.linkId,
      expires_at: session.expiresAt,
    })
    .execute();
}

export interface ActiveShareSession {
  linkId: number;
  label: string;
  scope: ShareLinkScope;
  expiresAt: Date;
}

/** The session's link, if neither the session nor the link has expired and the link is not revoked. */
export async function findActiveShareSession(
  db: Kysely<Database>,
  tokenHash: string,
  now = new Date(),
): Promise<ActiveShareSession | undefined> {
  const row = await db
    .selectFrom('share_session as s')
    .innerJoin('share_link as l', 'l.id', 's.link_id')
    .select(['l.id', 'l.label', 'l.scope', 's.expires_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('l.expires_at', '>', now)
    .where('l.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  return { linkId: row.id, label: row.label, scope: row.scope, expiresAt: row.expires_at };
}

export async function deleteShareSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('share_session').where('token_hash', '=', tokenHash).execute();
}

export async function logShareView(
  db: Kysely<Database>,
  view: { linkId: number; path: string; address: string | null; userAgent: string | null },
): Promise<void> {
  await db
    .insertInto('share_link_view')
    .values({
      link_id: view.linkId,
      path: view.path.slice(0, 500),
      address: view.address,
      user_agent: view.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
}

/** A link's views, newest first. */
export async function listShareViews(
  db: Kysely<Database>,
  linkId: number,
  limit = 500,
): Promise<ShareView[]> {
  const rows = await db
    .selectFrom('share_link_view')
    .select(['viewed_at', 'path', 'address', 'user_agent'])
    .where('link_id', '=', linkId)
    .orderBy('viewed_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    viewedAt: r.viewed_at,
    path: r.path,
    address: r.address,
    userAgent: r.user_agent,
  }));
}

/**
 * The parts of a scope that name nothing: a series, topic or working group id that does not
 * exist, or a region that is not a World Bank region. Each as `field: what`.
 */
export async function unknownShareScopeParts(
  db: Kysely<Database>,
  scope: Omit<ShareLinkScope, 'from' | 'to'>,
): Promise<string[]> {
  const problems: string[] = [];
  const exists = async (table: 'series' | 'topic' | 'working_group', id: number) =>
    (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  if (scope.series !== undefined && !(await exists('series', scope.series))) {
    problems.push(`series: there is no series ${scope.series}`);
  }
  if (scope.topic !== undefined && !(await exists('topic', scope.topic))) {
    problems.push(`topic: there is no topic ${scope.topic}`);
  }
  if (scope.workingGroup !== undefined && !(await exists('working_group', scope.workingGroup))) {
    problems.push(`workingGroup: there is no working group ${scope.workingGroup}`);
  }
  if (scope.region !== undefined) {
    const region = await db
      .selectFrom('country_classification')
      .select('region')
      .where('region', '=', scope.region)
      .executeTakeFirst();
    if (!region) problems.push(`region: "${scope.region}" is not a region`);
  }
  return problems;
}
