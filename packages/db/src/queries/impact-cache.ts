import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { canonicalKey } from './cache.js';
import { webinarConditions, type ReachFilters } from './filters.js';

/**
 * The impact data's version, as facts of one snapshot, in an order that only grows with time:
 * - `rare`: impact_version, bumped by statement triggers on every update, delete or truncate of
 *   responses, answers and invitations, and on any write to instrument versions and questions
 *   (migration 20261130T131500_impact_version);
 * - `reach`: reach_version, bumped by every write to the webinar and participant side;
 * - `responses`, `invitations`: count(*) of survey_response and survey_invitation of the view's
 *   webinars (webinarConditions, the condition every impact figure starts from): a submission to
 *   this month's webinar leaves last year's figures cached.
 *
 * Inserts of responses and invitations (survey submissions, invitation waves) bump no counter:
 * a one-row counter updated in every submitting transaction would serialise their commits.
 * They show in the counts instead. The counts are exact where a `max(id)` would not be: ids are
 * drawn at insert, and transactions commit in another order, so a snapshot can see id 101 without
 * id 100, and when 100 commits the maximum stays 101 while the data changed. A count in the
 * reader's own snapshot moves with every insert it can see. Between two snapshots of which the
 * later sees the same (rare, reach) as the earlier no row was deleted or updated, so the counts
 * can only have grown, and equal counts mean that no insert committed in between either: equal
 * versions mean equal data. Answers are only ever inserted with their response.
 */
export interface ImpactVersion {
  rare: number;
  reach: number;
  responses: number;
  invitations: number;
}

/**
 * Reads the version of a view's impact figures in one statement; call it as the first statement
 * of the snapshot. Person filters are left out: counting a superset of the view's rows is as
 * exact (any insert into the view moves it) and cheaper.
 */
export async function getImpactVersion(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<ImpactVersion> {
  const { rows } = await sql<ImpactVersion>`
    select (select version::float8 from impact_version) as rare,
           (select version::float8 from reach_version) as reach,
           (select count(*)::float8 from survey_response r join webinar w on w.id = r.webinar_id
            where ${webinarConditions(filters)}) as responses,
           (select count(*)::float8 from survey_invitation i join webinar w on w.id = i.webinar_id
            where ${webinarConditions(filters)}) as invitations
  `.execute(db);
  const row = rows[0]!;
  return {
    rare: row.rare,
    reach: row.reach,
    responses: row.responses,
    invitations: row.invitations,
  };
}

/** < 0 when a is older than b, 0 when the same, > 0 when newer (see ImpactVersion). */
export function compareImpactVersions(a: ImpactVersion, b: ImpactVersion): number {
  return (
    a.rare - b.rare ||
    a.reach - b.reach ||
    a.responses - b.responses ||
    a.invitations - b.invitations
  );
}

export interface ImpactCacheOptions {
  /** Results kept, least recently used dropped first. Default 200. */
  maxEntries?: number;
}

interface Entry {
  version: ImpactVersion;
  result: Promise<unknown>;
}

/**
 * Impact results cached under (what was asked, the version of its view), exact at every request:
 * the version and the figures are read in one snapshot (a repeatable-read transaction; PGlite is
 * one connection, so the transaction is the snapshot too), so a result is served only to a
 * request whose own snapshot holds the same data. A write committed before a request began is in
 * its snapshot, so it changes the version that request reads and the figures it gets.
 *
 * One result per key, the newest: a request whose snapshot is older than the cached result's (it
 * began before a write another request already saw) computes in its own snapshot and leaves the
 * newer result in place. Concurrent requests at the same version and key share one computation.
 * Results are shared between callers: they must not be mutated.
 */
export class ImpactCache {
  private readonly maxEntries: number;
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(options: ImpactCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 200);
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The result of `compute` for `endpoint` and `params` (whose view is `filters`) in a snapshot
   * taken now: cached, joined (a computation under way at the same version: 'hit' too), or
   * computed in that snapshot. `compute` must read through the handle it is given, only.
   */
  async lookup<T>(
    db: Kysely<Database>,
    endpoint: string,
    params: Record<string, unknown>,
    filters: ReachFilters,
    compute: (snapshot: Kysely<Database>) => Promise<T>,
  ): Promise<{ value: T; outcome: 'hit' | 'miss' }> {
    let shared: Promise<T> | undefined;
    const id = `${endpoint}\u0000${canonicalKey(params)}`;
    const value = await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const version = await getImpactVersion(trx, filters);
        const cached = this.entries.get(id);
        const order = cached ? compareImpactVersions(version, cached.version) : 1;
        if (cached && order === 0) {
          this.hits++;
          // Map order is insertion order: re-inserting makes this the most recently used.
          this.entries.delete(id);
          this.entries.set(id, cached);
          // Leave the transaction before waiting: on PGlite the computation needs the one
          // connection this transaction holds.
          shared = cached.result as Promise<T>;
          return undefined;
        }
        this.misses++;
        const pending = compute(trx);
        if (order > 0) {
          const entry: Entry = { version, result: pending };
          this.entries.delete(id);
          this.entries.set(id, entry);
          if (this.entries.size > this.maxEntries) {
            this.entries.delete(this.entries.keys().next().value as string);
          }
          // A failure is not cached: the next request tries again.
          pending.catch(() => {
            if (this.entries.get(id) === entry) this.entries.delete(id);
          });
        }
        return await pending;
      });
    if (shared) return { value: await shared, outcome: 'hit' };
    return { value: value as T, outcome: 'miss' };
  }

  clear(): void {
    this.entries.clear();
  }
}
