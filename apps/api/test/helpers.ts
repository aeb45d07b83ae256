import Fastify, { type FastifyInstance } from 'fastify';
import type { RippleDatabase } from '@ripple/db';
import { createTestDatabase } from '@ripple/db/testing';
import app, { fastifyOptions } from '../src/app.js';

export interface TestApp {
  app: FastifyInstance;
  database: RippleDatabase;
  close(): Promise<void>;
}

/** The real app on a freshly migrated database (PGlite, or PostgreSQL when DATABASE_URL is set). */
export async function buildTestApp(): Promise<TestApp> {
  const database = await createTestDatabase();
  const fastify = Fastify({ ...fastifyOptions(), logger: false });
  await fastify.register(app, { database });
  await fastify.ready();
  return {
    app: fastify,
    database,
    async close() {
      await fastify.close();
      await database.close();
    },
  };
}
