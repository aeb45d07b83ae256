import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { canonicalKey, DEFAULT_CACHE_BYTES, DEFAULT_CACHE_ENTRIES, ResultLru } from './cache.js';
import { coversAllWebinars, webinarConditions, type ReachFilters } from './filters.js';
import { computeMiss, type CacheLookup, type ComputeGate } from './gate.js';

/**
 * The impact data's version, as facts of one snapshot, in an order that only grows with time
 * (snapshots taken later see the same or a greater version):
 * - `rare`: impact_version, bumped by statement triggers on every update, delete or truncate of
 *   responses, answers and invitations, and on any write to instrument versions and questions
 *   (migration 20261130T150000_impact_version);
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
 * versions mean equal data. Answers are only ever inserted with their response, and no figure
 * depends on the clock (webinarConditions holds no now()).
 */
export interface ImpactVersion {
  rare: number;
  reach: number;
  responses: number;
  invitations: number;
}

/**
 * Reads the version of a view's impact figures, in one statement (one snapshot), before the
 * figures. Person filters are left out: counting a superset of the view's rows is as
 * exact (any insert into the view moves it) and cheaper.
 */
export async function getImpactVersion(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<ImpactVersion> {
  // A view of every webinar counts every row: the join to webinar would only drop rows of
  // webinars not held, and costs more than the count (150 ms against about 80 ms at 156,443
  // responses and 435,925 invitations on a loaded machine).
  const all = coversAllWebinars(filters);
  const ofView = (table: 'survey_response' | 'survey_invitation') =>
    all
      ? sql`(select count(*)::float8 from ${sql.table(table)})`
      : sql`(select count(*)::float8 from ${sql.table(table)} t join webinar w on w.id = t.webinar_id
             where ${webinarConditions(filters)})`;
  const { rows } = await sql<ImpactVersion>`
    select (select version::float8 from impact_version) as rare,
           (select version::float8 from reach_version) as reach,
           ${ofView('survey_response')} as responses,
           ${ofView('survey_invitation')} as invitations
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
  /** Results kept, least recently used dropped first. Default DEFAULT_CACHE_ENTRIES. */
  maxEntries?: number;
  /** Length of the results' JSON kept, in all. Default DEFAULT_CACHE_BYTES. */
  maxBytes?: number;
  /** Limits the misses computed at once (default: no limit). */
  gate?: ComputeGate;
}

/**
 * Reads a view's version through the handle the figures are computed on: getImpactVersion, or
 * another reader that gives the very numbers getImpactVersion would in a snapshot taken after
 * the call began (ImpactMemory.versionOf, after a catch-up).
 */
export type ImpactVersionReader = (
  db: Kysely<Database>,
  filters: ReachFilters,
) => Promise<ImpactVersion>;

interface Entry {
  version: ImpactVersion;
  result: Promise<unknown>;
}

/**
 * Impact results cached under (what was asked, the version of its view), exact at every request.
 *
 * A request reads the version V of its view, then computes the figures (in parallel on the pool,
 * each statement in a snapshot of its own taken after V's, so they hold every write V counts, and
 * maybe later ones). The result is kept under V and served only to requests that read exactly V.
 * Such a request read its version after it began, so every write committed before it began is
 * counted in V, and so is in the result. A write that commits later moves the version for every
 * request that begins after it (versions only grow), so no such request is served a result
 * without it; a result that holds writes newer than V is only ever newer than needed.
 * Joining a computation under way at V is exact by the same argument.
 *
 * Why not one repeatable-read transaction for version and figures: it would run the impact
 * figures' four aggregates one after another on one connection (the sum of their times, not
 * the longest) and add two round trips to every hit; it is not needed for exactness, since a
 * hit requires the very same version, read by the request itself.
 *
 * One result per key, the newest: a request whose version is older than the cached result's
 * computes and leaves the newer result in place. Results are shared between callers: they must
 * not be mutated.
 */
export class ImpactCache {
  private readonly gate: ComputeGate | undefined;
  private readonly entries: ResultLru<Entry>;
  hits = 0;
  misses = 0;

  constructor(options: ImpactCacheOptions = {}) {
    this.entries = new ResultLru<Entry>(
      Math.max(1, options.maxEntries ?? DEFAULT_CACHE_ENTRIES),
      options.maxBytes ?? DEFAULT_CACHE_BYTES,
      (entry) => entry.result,
    );
    this.gate = options.gate;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The JSON length of the results held. */
  get bytes(): number {
    return this.entries.bytes;
  }

  /**
   * The result of `compute` for `endpoint` and `params` (whose view is `filters`): cached, joined
   * (a computation under way at the same version: 'hit' too), or computed now. `compute` reads
   * through the handle it is given, the one the version is read on (by `readVersion`).
   */
  async lookup<T>(
    db: Kysely<Database>,
    endpoint: string,
    params: Record<string, unknown>,
    filters: ReachFilters,
    compute: (db: Kysely<Database>) => Promise<T>,
    readVersion: ImpactVersionReader = getImpactVersion,
  ): Promise<CacheLookup<T>> {
    const id = `${endpoint}\u0000${canonicalKey(params)}`;
    const version = await readVersion(db, filters);
    const cached = this.hit<T>(id, version);
    if (cached) return { value: await cached, outcome: 'hit' };
    return computeMiss(
      this.gate,
      () => this.hit<T>(id, version),
      () => this.start(id, version, () => compute(db)),
    );
  }

  /** The result or computation under way for `id` at exactly `version`; counts a hit. */
  private hit<T>(id: string, version: ImpactVersion): Promise<T> | undefined {
    const cached = this.entries.get(id);
    if (!cached || compareImpactVersions(version, cached.version) !== 0) return undefined;
    this.hits++;
    this.entries.touch(id);
    return cached.result as Promise<T>;
  }

  /**
   * Computes the figures for `id` at `version`, and keeps the computation for others to join
   * unless the cache already holds a newer one; counts a miss.
   */
  private start<T>(id: string, version: ImpactVersion, compute: () => Promise<T>): Promise<T> {
    this.misses++;
    const pending = compute();
    const cached = this.entries.get(id);
    if (cached && compareImpactVersions(version, cached.version) < 0) return pending;
    const entry: Entry = { version, result: pending };
    this.entries.set(id, entry);
    return pending;
  }

  clear(): void {
    this.entries.clear();
  }
}
