import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import {
  ComputeGate,
  getImpactVersion,
  ImpactCache,
  ImpactMemorySource,
  type ImpactMemory,
  sqlImpactFigures,
  type ImpactFiguresSource,
  ReachCache,
  ReachMemorySource,
  sqlReachFigures,
  type Database,
  type ReachFigures,
  type ReachFilters,
} from '@ripple/db';
import type { Kysely } from 'kysely';
import {
  DEFAULT_CACHE_MB,
  DEFAULT_COMPUTE_CONCURRENCY,
  DEFAULT_REACH_MEMORY_ROWS,
} from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Serves a reach figure from the cache while the data is unchanged (any write to a table the
     * figures read bumps the database's reach version), else computes and caches it. Says which
     * in the X-Reach-Cache header (hit or miss; miss when any of a response's parts, as the
     * report's, was computed for it).
     */
    reachCached<T>(
      reply: FastifyReply,
      endpoint: string,
      params: Record<string, unknown>,
      compute: () => Promise<T>,
    ): Promise<T>;
    /**
     * Serves an impact figure from the cache while the data of its view is unchanged, else
     * computes it through the handle it is given (readDb) and caches it. A write committed before
     * the request shows in its answer (see ImpactCache). Says which in X-Impact-Cache.
     */
    impactCached<T>(
      reply: FastifyReply,
      endpoint: string,
      params: Record<string, unknown> & { filters: ReachFilters },
      compute: (db: Kysely<Database>) => Promise<T>,
    ): Promise<T>;
    /** Lets a few cache misses compute at once, the others wait (ComputeGate in @ripple/db). */
    computeGate: ComputeGate;
    /**
     * The reach figures to compute with, asked inside a cache miss's computation: from the
     * in-memory snapshot when it is at the current version, else in SQL on readDb. Says which
     * in the X-Reach-Figures header (memory or sql).
     */
    reachFigures(reply: FastifyReply): Promise<ReachFigures>;
    /** The in-memory snapshot of the reach data (ReachMemorySource in @ripple/db). */
    reachMemory: ReachMemorySource | null;
    /**
     * The impact figures to compute with, asked inside an impact cache miss with the handle it
     * reads through: from memory, caught up with every write committed before the call, when the
     * reach snapshot is current; else in SQL on `db`. Says which in X-Impact-Figures.
     */
    impactFigures(reply: FastifyReply, db: Kysely<Database>): Promise<ImpactFiguresSource>;
    /** The in-memory impact rows beside the reach snapshot (ImpactMemorySource in @ripple/db). */
    impactMemory: ImpactMemorySource | null;
    /**
     * False while the in-memory snapshots load as the server starts (loadMemoryAtStart): held,
     * found too large or failed, it is then true for good (GET /api/ready).
     */
    startLoadDone(): boolean;
    /** What the two result caches hold now, and their hits and misses since the start. */
    resultCaches(): Record<'reach' | 'impact', CacheStats>;
  }
}

export interface CacheStats {
  results: number;
  /** Length of the results' JSON. */
  bytes: number;
  hits: number;
  misses: number;
}

export interface ReachCachePluginOptions {
  /**
   * Length of the cached results' JSON, in bytes, both caches together (RIPPLE_CACHE_MB): three
   * quarters for reach results, a quarter for impact ones. Default DEFAULT_CACHE_MB.
   */
  cacheBytes?: number;
  /** Misses, reach and impact together, computed at once; default 4. */
  computeConcurrency?: number;
  /**
   * Attendance rows past which the reach figures are not held in memory (RIPPLE_REACH_MEMORY_ROWS);
   * 0 computes every figure in SQL. Default DEFAULT_REACH_MEMORY_ROWS.
   */
  reachMemoryRows?: number;
  /**
   * How long a figure not yet cached waits for the in-memory snapshot to load, when it is loading,
   * before it is computed in SQL; 0 does not wait. Default DEFAULT_MEMORY_LOAD_WAIT_MS.
   */
  memoryLoadWaitMs?: number;
  /** Load the in-memory snapshots as the server starts (server.ts), not at the first request. */
  loadMemoryAtStart?: boolean;
}

/**
 * At start and after each write the snapshots load again (about 3 s each for the 200,000-person
 * benchmark programme, bench/README.md): meanwhile, on a busy server, a figure in SQL takes longer
 * than the load, and slows it. In the load benchmark, computed in SQL instead, the first 20
 * seconds' figures took 5 to 13 s.
 */
export const DEFAULT_MEMORY_LOAD_WAIT_MS = 5_000;

/** How long the load at start waits for the reach snapshot before it gives the impact rows up. */
const START_LOAD_WAIT_MS = 10 * 60_000;

/**
 * A cache's outcome in its header: a response made of parts (the report's, asked at once) says
 * miss when any part was computed for it, whichever ended last.
 */
function sayOutcome(reply: FastifyReply, header: string, outcome: 'hit' | 'miss'): void {
  if (reply.getHeader(header) !== 'miss') reply.header(header, outcome);
}

/**
 * One cache of reach results and one of impact results per server, keyed by endpoint, canonical
 * filters and data version.
 */
export default fp<ReachCachePluginOptions>(
  (fastify, opts, done) => {
    const gate = new ComputeGate(opts.computeConcurrency ?? DEFAULT_COMPUTE_CONCURRENCY);
    fastify.decorate('computeGate', gate);
    // At 500 results and no size bound, the load benchmark's dashboards computed twice as many
    // reach figures again as with 5,000: each page view asks for 5 to 14 of them, and a busy
    // programme's views do not fit in 500 (bench/README.md, "Comments, testimonials and versions").
    const cacheBytes = opts.cacheBytes ?? DEFAULT_CACHE_MB * 2 ** 20;
    const cache = new ReachCache({ maxBytes: Math.floor(cacheBytes * 0.75), gate });
    fastify.decorate(
      'reachCached',
      async <T>(
        reply: FastifyReply,
        endpoint: string,
        params: Record<string, unknown>,
        compute: () => Promise<T>,
      ): Promise<T> => {
        // The data version is read where the figures are computed (readDb, and compute reads
        // readDb too): a version read on the primary could be ahead of a lagging replica, and
        // its stale figures would then be cached under the new version until the next write.
        // Misses computed in memory go through the same gate as those in SQL: in their own gate
        // or none, the load benchmark's submissions fell from 20/s to 8-14/s and every endpoint's
        // median rose (bench/README.md, "Reach figures in memory").
        const { value, outcome } = await cache.lookup(fastify.readDb, endpoint, params, compute);
        sayOutcome(reply, 'x-reach-cache', outcome);
        return value;
      },
    );
    const memoryRows = opts.reachMemoryRows ?? DEFAULT_REACH_MEMORY_ROWS;
    const memory =
      memoryRows > 0
        ? new ReachMemorySource(fastify.readDb, {
            maxRows: memoryRows,
            log: (message) => fastify.log.info(message),
            loadWaitMs: opts.memoryLoadWaitMs ?? DEFAULT_MEMORY_LOAD_WAIT_MS,
          })
        : null;
    fastify.decorate('reachMemory', memory);
    fastify.decorate('reachFigures', async (reply: FastifyReply): Promise<ReachFigures> => {
      const figures = memory
        ? await memory.figures(fastify.readDb)
        : sqlReachFigures(fastify.readDb);
      reply.header('x-reach-figures', figures.source);
      return figures;
    });
    // The impact rows are held beside the reach snapshot, by its positions: with it or not at all.
    const impactMemory = memory
      ? new ImpactMemorySource(fastify.readDb, memory, {
          log: (message) => fastify.log.info(message),
          loadWaitMs: opts.memoryLoadWaitMs ?? DEFAULT_MEMORY_LOAD_WAIT_MS,
        })
      : null;
    fastify.decorate('impactMemory', impactMemory);
    // The snapshot a request's impact version was counted from (impactCached), caught up after
    // the request began: it holds every write committed before the request, so the request's
    // figures are computed from it as it is, without catching up again.
    const countedFrom = new WeakMap<FastifyReply, ImpactMemory>();
    fastify.decorate(
      'impactFigures',
      async (reply: FastifyReply, db: Kysely<Database>): Promise<ImpactFiguresSource> => {
        const counted = countedFrom.get(reply);
        const figures = counted
          ? counted.figuresOn(db)
          : impactMemory
            ? await impactMemory.figures(db)
            : sqlImpactFigures(db);
        reply.header('x-impact-figures', figures.source);
        return figures;
      },
    );
    // The snapshots loaded as the server starts, not when the first dashboard asks: on the load
    // benchmark's programme that is 5 s of loading that would otherwise come due under the first
    // requests, with every view's figures cold at once (bench/README.md, "Loaded at start").
    let closing = false;
    let loadingAtStart: Promise<void> | undefined;
    let startLoadDone = !(opts.loadMemoryAtStart && memory);
    if (opts.loadMemoryAtStart && memory) {
      fastify.addHook('onReady', async () => {
        loadingAtStart = loadAtStart(memory, impactMemory).finally(() => {
          startLoadDone = true;
        });
      });
    }
    fastify.decorate('startLoadDone', () => startLoadDone);
    async function loadAtStart(reach: ReachMemorySource, impact: ImpactMemorySource | null) {
      try {
        const held = await reach.current(fastify.readDb, START_LOAD_WAIT_MS);
        if (held && impact && !closing) await impact.current(fastify.readDb, START_LOAD_WAIT_MS);
      } catch (error) {
        // The database away at start, say: the first request that asks loads them.
        fastify.log.warn({ err: error }, 'in-memory figures: not loaded at start');
      }
    }
    // A load under way reads the database: it ends before the database closes (onClose hooks run
    // in the reverse order of registration, and the database plugin came first).
    fastify.addHook('onClose', async () => {
      closing = true;
      await loadingAtStart;
      await impactMemory?.settled();
      await memory?.settled();
    });
    const impact = new ImpactCache({ maxBytes: Math.floor(cacheBytes * 0.25), gate });
    fastify.decorate('resultCaches', () => ({
      reach: { results: cache.size, bytes: cache.bytes, hits: cache.hits, misses: cache.misses },
      impact: {
        results: impact.size,
        bytes: impact.bytes,
        hits: impact.hits,
        misses: impact.misses,
      },
    }));
    fastify.decorate(
      'impactCached',
      async <T>(
        reply: FastifyReply,
        endpoint: string,
        params: Record<string, unknown> & { filters: ReachFilters },
        compute: (db: Kysely<Database>) => Promise<T>,
      ): Promise<T> => {
        // Version and figures both on readDb: a version read on the primary could be ahead of a
        // lagging replica, and figures from the replica would be cached under it.
        // The version from memory when the rows are held: a catch-up (a few ms, shared by the
        // requests that wait for it) and a sum, where SQL counts both tables of the view (about
        // 80 ms of the database's time for every impact request over the whole programme).
        const { value, outcome } = await impact.lookup(
          fastify.readDb,
          endpoint,
          params,
          params.filters,
          compute,
          async (db, filters) => {
            // No waiting for a load here: a hit needs only the version, which SQL counts.
            const held = impactMemory ? await impactMemory.current(db, 0) : null;
            if (!held) return getImpactVersion(db, filters);
            countedFrom.set(reply, held);
            return held.versionOf(db, filters);
          },
        );
        sayOutcome(reply, 'x-impact-cache', outcome);
        return value;
      },
    );
    done();
  },
  { name: 'reach-cache', dependencies: ['database'] },
);
