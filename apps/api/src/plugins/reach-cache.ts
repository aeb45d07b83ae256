import fp from 'fastify-plugin';
import type { FastifyReply } from 'fastify';
import { ReachCache } from '@ripple/db';

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
  }
}

export interface ReachCachePluginOptions {
  /** Results kept; default 500. */
  maxEntries?: number;
}

/** One cache of reach results per server, keyed by endpoint, canonical filters and data version. */
export default fp<ReachCachePluginOptions>(
  (fastify, opts, done) => {
    const cache = new ReachCache({ maxEntries: opts.maxEntries ?? 500 });
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
        const { value, outcome } = await cache.lookup(fastify.readDb, endpoint, params, compute);
        reply.header('x-reach-cache', outcome);
        return value;
      },
    );
    done();
  },
  { name: 'reach-cache', dependencies: ['database'] },
);
