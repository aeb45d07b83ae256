import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import {
  ComputeGate,
  ImpactCache,
  ImpactMemorySource,
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
import { DEFAULT_COMPUTE_CONCURRENCY, DEFAULT_REACH_MEMORY_ROWS } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Serves a reach figure from the cache while the data is unchanged (any write to a table the
     * figures read bumps the database's reach version), else computes and caches it. Says which
     * in the X-Reach-Cache header (hit or miss).
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
  }
}

export interface ReachCachePluginOptions {
  /** Results kept; default 500. */
  maxEntries?: number;
  /** Impact results kept at the newest version; default 200. */
  impactMaxEntries?: number;
  /** Misses, reach and impact together, computed at once; default 4. */
  computeConcurrency?: number;
  /**
   * Attendance rows past which the reach figures are not held in memory (RIPPLE_REACH_MEMORY_ROWS);
   * 0 computes every figure in SQL. Default DEFAULT_REACH_MEMORY_ROWS.
   */
  reachMemoryRows?: number;
}

/**
 * One cache of reach results and one of impact results per server, keyed by endpoint, canonical
 * filters and data version.
 */
export default fp<ReachCachePluginOptions>(
  (fastify, opts, done) => {
    const gate = new ComputeGate(opts.computeConcurrency ?? DEFAULT_COMPUTE_CONCURRENCY);
    fastify.decorate('computeGate', gate);
    const cache = new ReachCache({ maxEntries: opts.maxEntries ?? 500, gate });
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
        reply.header('x-reach-cache', outcome);
        return value;
      },
    );
    const memoryRows = opts.reachMemoryRows ?? DEFAULT_REACH_MEMORY_ROWS;
    const memory =
      memoryRows > 0
        ? new ReachMemorySource(fastify.readDb, {
            maxRows: memoryRows,
            log: (message) => fastify.log.info(message),
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
        })
      : null;
    fastify.decorate('impactMemory', impactMemory);
    fastify.decorate(
      'impactFigures',
      async (reply: FastifyReply, db: Kysely<Database>): Promise<ImpactFiguresSource> => {
        const figures = impactMemory ? await impactMemory.figures(db) : sqlImpactFigures(db);
        reply.header('x-impact-figures', figures.source);
        return figures;
      },
    );
    // A load under way reads the database: it ends before the database closes (onClose hooks run
    // in the reverse order of registration, and the database plugin came first).
    fastify.addHook('onClose', async () => {
      await impactMemory?.settled();
      await memory?.settled();
    });
    const impact = new ImpactCache({ maxEntries: opts.impactMaxEntries ?? 200, gate });
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
        const { value, outcome } = await impact.lookup(
          fastify.readDb,
          endpoint,
          params,
          params.filters,
          compute,
        );
        reply.header('x-impact-cache', outcome);
        return value;
      },
    );
    done();
  },
  { name: 'reach-cache', dependencies: ['database'] },
);
