import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database, RippleDatabase } from '@ripple/db';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    database: RippleDatabase;
  }
}

export interface DatabasePluginOptions {
  database: RippleDatabase;
  /** Close the database when the app closes (the server owns it; tests may share one). */
  closeOnShutdown?: boolean;
}

/** Hands the already-opened database to every route, and closes it last on shutdown. */
export default fp<DatabasePluginOptions>(
  (fastify, opts, done) => {
    fastify.decorate('database', opts.database);
    fastify.decorate('db', opts.database.db);
    if (opts.closeOnShutdown) {
      fastify.addHook('onClose', async () => {
        await opts.database.close();
      });
    }
    done();
  },
  { name: 'database' },
);
