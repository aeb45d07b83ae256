import type { FastifyPluginAsync } from 'fastify';
import type { RippleDatabase } from '@ripple/db';
import authPlugin from './auth/plugin.js';
import databasePlugin from './plugins/database.js';
import docsPlugin from './plugins/docs.js';
import errorsPlugin from './plugins/errors.js';
import reachCachePlugin from './plugins/reach-cache.js';
import secretPlugin from './plugins/secret.js';
import securityPlugin from './plugins/security.js';
import textInputPlugin from './plugins/text-input.js';
import retentionSchedule from './privacy/schedule.js';
import breakdownRoutes from './routes/breakdown.js';
import feedbackImportRoutes from './routes/feedback-imports.js';
import healthRoutes from './routes/health.js';
import impactRoutes from './routes/impact.js';
import importRoutes from './routes/imports.js';
import invitationRoutes from './routes/invitations.js';
import loyaltyRoutes from './routes/loyalty.js';
import overviewRoutes from './routes/overview.js';
import participantRoutes from './routes/participants.js';
import referenceRoutes from './routes/reference.js';
import reportRoutes from './routes/report.js';
import responseRoutes from './routes/responses.js';
import sessionRoutes from './routes/session.js';
import shareLinkRoutes from './routes/share-links.js';
import surveyRoutes from './routes/surveys.js';
import userRoutes from './routes/users.js';
import webinarRoutes from './routes/webinars.js';
import { ErrorResponse } from './schemas/common.js';
import type { SurveyConfig } from './surveys/config.js';
import { FixedWindowLimiter } from './surveys/rate-limit.js';

export interface AppOptions {
  database: RippleDatabase;
  closeDatabaseOnShutdown?: boolean;
  /** Largest attendance file accepted for import, in bytes (default 200 MiB). */
  maxImportBytes?: number;
  /** Survey links' base URL and SMTP (surveyConfigFromEnv); default: neither configured. */
  surveys?: SurveyConfig;
  /** Open-link submissions per client address and link (default 20 per 10 minutes). */
  openLinkRateLimit?: { max: number; windowMs: number };
  /** Smallest count of people shown to funders and share links (RIPPLE_MIN_CELL_SIZE, default 5). */
  minCellSize?: number;
  /** The server's secret (RIPPLE_SECRET): keys the stored hashes of client addresses. */
  secret?: Buffer;
  /** RIPPLE_RETENTION_MONTHS: applied at start and daily when set (privacy/schedule.ts). */
  retentionMonths?: number | null;
  /** Figures computed at once (RIPPLE_COMPUTE_CONCURRENCY, default 4); see ComputeGate in @ripple/db. */
  computeConcurrency?: number;
  /** RIPPLE_REACH_MEMORY_ROWS: reach figures in memory up to this many attendance rows; 0: SQL. */
  reachMemoryRows?: number;
  /** RIPPLE_CACHE_MB in bytes: the cached results' JSON, reach and impact together. */
  cacheBytes?: number;
  /** How long a cold figure waits for the in-memory snapshot to load (plugins/reach-cache.ts). */
  memoryLoadWaitMs?: number;
  /** Load the in-memory snapshots as the server starts, not at the first request (server.ts). */
  loadMemoryAtStart?: boolean;
}

/**
 * The whole API as one Fastify plugin (fastify/demo's split): server.ts listens, tests inject.
 * Infrastructure plugins first, then the route plugins, each encapsulated under /api.
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, opts) => {
  fastify.addSchema(ErrorResponse);
  // First, so its hooks cover every route below, the docs and the 404 answer.
  await fastify.register(securityPlugin);
  await fastify.register(databasePlugin, {
    database: opts.database,
    closeOnShutdown: opts.closeDatabaseOnShutdown ?? false,
  });
  await fastify.register(errorsPlugin);
  await fastify.register(secretPlugin, { secret: opts.secret });
  await fastify.register(textInputPlugin);
  // Before every route: it checks each route's declared access as the route is added.
  await fastify.register(authPlugin, { minCellSize: opts.minCellSize });
  await fastify.register(reachCachePlugin, {
    computeConcurrency: opts.computeConcurrency,
    reachMemoryRows: opts.reachMemoryRows,
    cacheBytes: opts.cacheBytes,
    memoryLoadWaitMs: opts.memoryLoadWaitMs,
    loadMemoryAtStart: opts.loadMemoryAtStart,
  });
  await fastify.register(docsPlugin);
  if (opts.retentionMonths) {
    await fastify.register(retentionSchedule, { months: opts.retentionMonths });
  }

  await fastify.register(healthRoutes, { prefix: '/api' });
  await fastify.register(sessionRoutes, { prefix: '/api' });
  await fastify.register(userRoutes, { prefix: '/api' });
  await fastify.register(shareLinkRoutes, {
    prefix: '/api',
    publicUrl: opts.surveys?.publicUrl ?? null,
  });
  await fastify.register(overviewRoutes, { prefix: '/api' });
  await fastify.register(breakdownRoutes, { prefix: '/api' });
  await fastify.register(loyaltyRoutes, { prefix: '/api' });
  await fastify.register(webinarRoutes, { prefix: '/api' });
  await fastify.register(referenceRoutes, { prefix: '/api' });
  await fastify.register(participantRoutes, { prefix: '/api' });
  const rate = opts.openLinkRateLimit ?? { max: 20, windowMs: 10 * 60_000 };
  await fastify.register(responseRoutes, {
    prefix: '/api',
    openLinkLimiter: new FixedWindowLimiter(rate.max, rate.windowMs),
  });
  await fastify.register(invitationRoutes, {
    prefix: '/api',
    surveys: opts.surveys ?? { publicUrl: null, mail: null },
  });
  await fastify.register(surveyRoutes, { prefix: '/api' });
  await fastify.register(impactRoutes, { prefix: '/api' });
  await fastify.register(reportRoutes, { prefix: '/api' });
  await fastify.register(importRoutes, {
    prefix: '/api',
    maxFileBytes: opts.maxImportBytes ?? 200 * 1_048_576,
  });
  await fastify.register(feedbackImportRoutes, {
    prefix: '/api',
    maxFileBytes: opts.maxImportBytes ?? 200 * 1_048_576,
  });
};

export default app;
export { fastifyOptions } from './fastify-options.js';
