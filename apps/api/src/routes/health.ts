import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { ACCESS } from '../auth/access.js';
import { RETRY_AFTER_SECONDS } from '../plugins/errors.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
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
      try {
        await sql`select 1`.execute(fastify.db);
        return { status: 'ok' as const, database };
      } catch (error) {
        fastify.log.warn({ err: error }, 'health check: database unreachable');
        return reply
          .status(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send({ status: 'unavailable' as const, database });
      }
    },
  );
};

export default routes;
