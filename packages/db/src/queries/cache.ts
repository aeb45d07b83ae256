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

/**
 * A read that callers asking at about the same time share: a call joins the read not sent yet,
 * or queues one that is sent when the one under way ends. So each caller's answer comes from a
 * statement that began after it asked, as exactly as a read of its own; under load one statement
 * answers every request that arrived during the previous one's round trip. (The reach version is
 * read by every cached reach request, 290 a second in the load benchmark.)
 */
export class SharedRead<T> {
  private queued: Promise<T> | null = null;
  private idle: Promise<void> = Promise.resolve();
  private running = 0;
  /** Statements sent. */
  sent = 0;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (this.queued) return this.queued;
    const queued = this.idle.then(() => {
      this.queued = null;
      this.sent++;
      this.running++;
      const result = this.read();
      const ended = () => {
        this.running--;
      };
      this.idle = result.then(ended, ended);
      return result;
    });
    this.queued = queued;
    return queued;
  }

  /** Whether a read is queued or under way. */
  get busy(): boolean {
    return this.queued !== null || this.running > 0;
  }
}

/**
 * A SharedRead per key, e.g. a session's token: the requests of one page view, sent together,
 * share a lookup. A key is forgotten once no read of it is queued or under way.
 */
export class SharedReadsByKey<T> {
  private readonly reads = new Map<string, SharedRead<T>>();

  constructor(private readonly read: (key: string) => Promise<T>) {}

  get(key: string): Promise<T> {
    let shared = this.reads.get(key);
    if (!shared) this.reads.set(key, (shared = new SharedRead(() => this.read(key))));
    const result = shared.get();
    const forget = () => {
      if (!shared.busy && this.reads.get(key) === shared) this.reads.delete(key);
    };
    result.then(forget, forget);
    return result;
  }

  /** Keys with a read queued or under way. */
  get size(): number {
    return this.reads.size;
  }
}

const sharedVersionReads = new WeakMap<Kysely<Database>, SharedRead<number>>();

/**
 * getReachVersion, its statement shared with the calls on `db` made at about the same time
 * (SharedRead): read after this call, as exactly.
 */
export function readReachVersion(db: Kysely<Database>): Promise<number> {
  let shared = sharedVersionReads.get(db);
  if (!shared) sharedVersionReads.set(db, (shared = new SharedRead(() => getReachVersion(db))));
  return shared.get();
}

/** Results kept by default, by count and by the length of their JSON (ResultLru). */
export const DEFAULT_CACHE_ENTRIES = 5000;
export const DEFAULT_CACHE_BYTES = 48 * 2 ** 20;

/**
 * Cached results, least recently used dropped first once there are more than `maxEntries` or
 * their JSON is longer than `maxBytes` in all. A result's length is measured once it is computed
 * (a computation under way counts nothing yet); the newest entry is always kept. A computation
 * that fails is dropped: the next request tries again.
 */
export class ResultLru<E> {
  private readonly entries = new Map<string, E>();
  private readonly lengths = new Map<string, number>();
  private held = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
    /** The computation an entry holds, whose result is measured. */
    private readonly resultOf: (entry: E) => Promise<unknown>,
    /** A result's size against maxBytes: the length of its JSON unless told otherwise. */
    private readonly lengthOf: (result: unknown) => number = (result) =>
      JSON.stringify(result)?.length ?? 0,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The JSON length of the results held. */
  get bytes(): number {
    return this.held;
  }

  get(id: string): E | undefined {
    return this.entries.get(id);
  }

  /** The entry, made the most recently used. */
  touch(id: string): E | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    // Map order is insertion order: re-inserting makes this the most recently used.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  set(id: string, entry: E): void {
    this.delete(id);
    this.entries.set(id, entry);
    this.evict();
    this.resultOf(entry).then(
      (value) => {
        if (this.entries.get(id) !== entry) return;
        const length = this.lengthOf(value);
        this.lengths.set(id, length);
        this.held += length;
        this.evict();
      },
      () => {
        if (this.entries.get(id) === entry) this.delete(id);
      },
    );
  }

  delete(id: string): void {
    if (!this.entries.delete(id)) return;
    const length = this.lengths.get(id);
    if (length === undefined) return;
    this.lengths.delete(id);
    this.held -= length;
  }

  clear(): void {
    this.entries.clear();
    this.lengths.clear();
    this.held = 0;
  }

  private evict(): void {
    while (
      this.entries.size > 1 &&
      (this.entries.size > this.maxEntries || this.held > this.maxBytes)
    ) {
      this.delete(this.entries.keys().next().value as string);
    }
  }
}

export interface ReachCacheOptions {
  /** Results kept, least recently used dropped first. Default DEFAULT_CACHE_ENTRIES. */
  maxEntries?: number;
  /** Length of the results' JSON kept, in all. Default DEFAULT_CACHE_BYTES. */
  maxBytes?: number;
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
  private readonly gate: ComputeGate | undefined;
  private readonly entries: ResultLru<Promise<unknown>>;
  private version = -1;
  hits = 0;
  misses = 0;

  constructor(options: ReachCacheOptions = {}) {
    this.entries = new ResultLru(
      Math.max(1, options.maxEntries ?? DEFAULT_CACHE_ENTRIES),
      options.maxBytes ?? DEFAULT_CACHE_BYTES,
      (pending) => pending,
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
    const version = await readReachVersion(db);
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
    const cached = this.entries.touch(id) as Promise<T> | undefined;
    if (!cached) return undefined;
    this.hits++;
    return cached;
  }

  /** Computes the figures for `id` and keeps the computation for others to join; counts a miss. */
  private start<T>(id: string, compute: () => Promise<T>): Promise<T> {
    this.misses++;
    const pending = compute();
    this.entries.set(id, pending);
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
