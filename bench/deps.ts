// bench/ has no node_modules of its own: Fastify, pg and Kysely come from the packages that use
// them, so the benchmarks run the same versions as the product.
import { createRequire } from 'node:module';
import type pgTypes from 'pg';

const fromApi = createRequire(new URL('../apps/api/package.json', import.meta.url));
const fromDb = createRequire(new URL('../packages/db/package.json', import.meta.url));

export const { default: Fastify } = (await import(fromApi.resolve('fastify'))) as {
  default: typeof import('fastify').default;
};
export const { default: pg } = (await import(fromDb.resolve('pg'))) as { default: typeof pgTypes };
export const { sql } = (await import(fromDb.resolve('kysely'))) as typeof import('kysely');
export type PgClient = InstanceType<typeof pgTypes.Client>;
