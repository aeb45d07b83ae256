import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { computeMiss, type CacheLookup, type ComputeGate } from './gate.js';

/**
 * The reach data's version: a counter that statement-level triggers bump on every write to a
 * table a reach figure reads (migration 20261129T190000_reach_version). The bump is part of the
 * writer's transaction, so a reader sees the new number exactly when it can see the new rows.
 */
export async function getReachVersion(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ version: number }>`
    select version::float8 as version from reach_version
  `.execute(db);
  return rows[0]?.version ?? 0;
}

export interface ReachCacheOptions {
  /** Results kept, least recently used dropped first. Default 500. */
  maxEntries?: number;
  /** Limits the misses computed at once (default: no limit). */
  gate?: ComputeGate;
}

/**
 * Reach results cached under (what was asked, the data's version). A write anywhere bumps the
 * version, so a result is served only while the data it was computed from is unchanged, whoever
 * wrote (this server, another instance, the CLI). Concurrent identical requests share one
 * computation. The results are shared between callers: they must not be mutated.
 *
 * Why it is never stale: the version is read before the figures, each in its own statement, so the
 * figures reflect at least the writes counted in that version (read committed: a later statement
 * sees everything committed before it). A result can only be newer than its version, never older.
 */
export class ReachCache {
  private readonly maxEntries: number;
  private readonly gate: ComputeGate | undefined;
  private readonly entries = new Map<string, Promise<unknown>>();
  private version = -1;
  hits = 0;
  misses = 0;

  constructor(options: ReachCacheOptions = {}) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 500);
    this.gate = options.gate;
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * The cached result of `endpoint` for `params` at the current version, or `compute`'s, cached.
   * Lists in `params` are read as sets ("any of"): their order does not matter.
   */
  async get<T>(
    db: Kysely<Database>,
    endpoint: string,
    params: Record<string, unknown>,
    compute: () => Promise<T>,
  ): Promise<T> {
    return (await this.lookup(db, endpoint, params, compute)).value;
  }

  /** As get, and whether the result was cached ('hit', also when joining a computation under way). */
  async lookup<T>(
    db: Kysely<Database>,
    endpoint: string,
    params: Record<string, unknown>,
    compute: () => Promise<T>,
  ): Promise<CacheLookup<T>> {
    const version = await getReachVersion(db);
    if (version > this.version) {
      // Nothing cached under an older version can be served again.
      this.entries.clear();
      this.version = version;
    }
    const id = `${version}\u0000${endpoint}\u0000${canonicalKey(params)}`;
    const cached = this.hit<T>(id);
    if (cached) return { value: await cached, outcome: 'hit' };
    return computeMiss(
      this.gate,
      () => this.hit<T>(id),
      () => this.start(id, compute),
    );
  }

  /** The result or computation under way for `id`, made the most recently used; counts a hit. */
  private hit<T>(id: string): Promise<T> | undefined {
    const cached = this.entries.get(id) as Promise<T> | undefined;
    if (!cached) return undefined;
    this.hits++;
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.entries.delete(id);
    this.entries.set(id, cached);
    return cached;
  }

  /** Computes the figures for `id` and keeps the computation for others to join; counts a miss. */
  private start<T>(id: string, compute: () => Promise<T>): Promise<T> {
    this.misses++;
    const pending = compute();
    this.entries.set(id, pending);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    // A failure is not cached: the next request tries again.
    pending.catch(() => {
      if (this.entries.get(id) === pending) this.entries.delete(id);
    });
    return pending;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * One text for every spelling of the same question: object keys sorted, undefined dropped, and
 * lists (the filters' "any of") sorted and deduplicated.
 */
export function canonicalKey(value: Record<string, unknown>): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical);
    const texts = [...new Set(items.map((item) => JSON.stringify(item)))].sort();
    return texts.map((text) => JSON.parse(text) as unknown);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}
