import type { Kysely, Transaction } from 'kysely';
import type { Database, PrivacyAction } from '../schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Who asked: a signed-in account, or someone at the command line. */
export interface PrivacyActor {
  userId: number | null;
  /** Who else, when not an account: default 'command line'. */
  label?: string;
}

export const actorLabel = (actor: PrivacyActor): string =>
  actor.userId === null ? (actor.label ?? 'command line') : `user #${actor.userId}`;

/** An audit row: when, what, by whom and how many rows; never whom it was about. */
export async function logPrivacyAction(
  db: Db,
  action: PrivacyAction,
  actor: PrivacyActor,
  people: number,
  rows: Record<string, number>,
): Promise<void> {
  await db
    .insertInto('privacy_log')
    .values({
      action,
      actor: actorLabel(actor),
      user_id: actor.userId,
      people,
      rows: JSON.stringify(rows),
    })
    .execute();
}

export interface PrivacyLogEntry {
  id: number;
  at: string;
  action: PrivacyAction;
  actor: string;
  people: number;
  rows: Record<string, number>;
}

/** The audit log, newest first. */
export async function listPrivacyLog(
  db: Kysely<Database>,
  limit = 100,
): Promise<PrivacyLogEntry[]> {
  const rows = await db
    .selectFrom('privacy_log')
    .select(['id', 'at', 'action', 'actor', 'people', 'rows'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    action: r.action,
    actor: r.actor,
    people: r.people,
    rows: typeof r.rows === 'string' ? (JSON.parse(r.rows) as Record<string, number>) : r.rows,
  }));
}
