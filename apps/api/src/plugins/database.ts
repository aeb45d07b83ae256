import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { Database, RippleDatabase } from '@ripple/db';

declare module 'fastify' {
  interface FastifyInstance {
    /** The primary: writes, transactions, auth, and reads of what the request or user just wrote. */
    db: Kysely<Database>;
    /**
     * The dashboard's aggregate reads: the streaming replica of DATABASE_READ_URL, else `db`.
     * It may lag the primary; see docs/scaling.md for what reads where.
     */
    readDb: Kysely<Database>;
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
    fastify.decorate('readDb', opts.database.readDb);
    if (opts.closeOnShutdown) {
      fastify.addHook('onClose', async () => {
        await opts.database.close();
      });
    }
    done();
  },
  { name: 'database' },
);
