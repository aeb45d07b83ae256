import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { replicationLagSeconds } from '@ripple/db';
import { ACCESS } from '../auth/access.js';
import { RETRY_AFTER_SECONDS } from '../plugins/errors.js';

const MemoryState = Type.Union([
  Type.Literal('held'),
  Type.Literal('loading'),
  Type.Literal('none'),
]);

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  /** Present when the dashboard's reads go to a replica (DATABASE_READ_URL). */
  replica: Type.Optional(
    Type.Object({
      status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
      /** Seconds the replica's data is behind the primary (0: caught up); null if unknown. */
      lagSeconds: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
  /**
   * What this process's result caches hold and how they served since it started: for sizing
   * RIPPLE_CACHE_MB. Counts only, nothing about any person.
   */
  caches: Type.Optional(
    Type.Record(
      Type.Union([Type.Literal('reach'), Type.Literal('impact')]),
      Type.Object({
        results: Type.Integer(),
        /** Length of the results' JSON. */
        bytes: Type.Integer(),
        hits: Type.Integer(),
        misses: Type.Integer(),
      }),
    ),
  ),
  /**
   * The in-memory figures (absent when RIPPLE_REACH_MEMORY_ROWS is 0): whether each snapshot is
   * held yet. Until both are, at start, figures not cached are computed in SQL, more slowly.
   */
  memory: Type.Optional(
    Type.Object({
      reach: MemoryState,
      impact: MemoryState,
    }),
  ),
});

const Readiness = Type.Object({
  /** starting: the in-memory figures are still loading; unavailable: the database is away. */
  status: Type.Union([
    Type.Literal('ready'),
    Type.Literal('starting'),
    Type.Literal('unavailable'),
  ]),
});

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/health',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['system'],
        summary: 'Whether the API can reach its database',
        description:
          '200 when a query answers; 503 with Retry-After while the database is away (within ' +
          'about 2 s, never a hang), and 200 again by itself once the database is back.',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const database = fastify.database.kind;
      // A replica that is down does not make the API unhealthy (writes and auth still work),
      // but the health says so: the dashboard's figures fail until it is back.
      const replica = fastify.database.replica
        ? await replicationLagSeconds(fastify.readDb).then(
            (lagSeconds) => ({ status: 'ok' as const, lagSeconds }),
            (error: unknown) => {
              fastify.log.warn({ err: error }, 'health check: read replica unreachable');
              return { status: 'unavailable' as const, lagSeconds: null };
            },
          )
        : undefined;
      try {
        await sql`select 1`.execute(fastify.db);
        return {
          status: 'ok' as const,
          database,
          ...(replica && { replica }),
          caches: fastify.resultCaches(),
          ...(fastify.reachMemory && {
            memory: {
              reach: fastify.reachMemory.state,
              impact: fastify.impactMemory?.state ?? ('none' as const),
            },
          }),
        };
      } catch (error) {
        fastify.log.warn({ err: error }, 'health check: database unreachable');
        return reply
          .status(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send({ status: 'unavailable' as const, database, ...(replica && { replica }) });
      }
    },
  );

  fastify.get(
    '/ready',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['system'],
        summary: 'Whether this server is ready for traffic (a readiness check)',
        description:
          '200 once the database answers and the in-memory figures the server loads as it ' +
          'starts are held (or found too large to hold); 503 with Retry-After until then. A ' +
          'server still loading answers every request, but computes figures in SQL, more ' +
          'slowly: a load balancer with other servers can send traffic elsewhere meanwhile. ' +
          'A single server needs no readiness check.',
        response: { 200: Readiness, 503: Readiness },
      },
    },
    async (_request, reply) => {
      const unready = (status: 'starting' | 'unavailable') =>
        reply.status(503).header('retry-after', '1').send({ status });
      if (!fastify.startLoadDone()) return unready('starting');
      try {
        await sql`select 1`.execute(fastify.readDb);
      } catch {
        return unready('unavailable');
      }
      return { status: 'ready' as const };
    },
  );
};

export default routes;
