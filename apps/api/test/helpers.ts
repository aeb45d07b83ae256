import Fastify, { type FastifyInstance } from 'fastify';
import type { RippleDatabase } from '@ripple/db';
import { createTestDatabase } from '@ripple/db/testing';
import app, { fastifyOptions, type AppOptions } from '../src/app.js';

export interface TestApp {
  app: FastifyInstance;
  database: RippleDatabase;
  close(): Promise<void>;
}

/** The real app on a freshly migrated database (PGlite, or PostgreSQL when DATABASE_URL is set). */
export async function buildTestApp(options: Omit<AppOptions, 'database'> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const fastify = Fastify({ ...fastifyOptions(), logger: false });
  await fastify.register(app, { ...options, database });
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
