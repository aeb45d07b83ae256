#!/usr/bin/env node
// `pnpm start`: opens and migrates the database, fills the demo into an empty one, and serves
// the API and the dashboard on one port. Everything that can go wrong before serving is
// reported as one line and a non-zero exit, not a stack trace.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { countUsers, keyStoredAddresses, type RippleDatabase } from '@ripple/db';
import app, { fastifyOptions } from './app.js';
import { requestTimeoutFor } from './fastify-options.js';
import { serverConfigFromEnv } from './config.js';
import dashboardPlugin from './plugins/dashboard.js';
import { ADDRESS_KEY_PREFIX, addressKeyer } from './auth/address-key.js';
import { createDemoAdmin, ensureAdminFromEnv } from './auth/bootstrap.js';
import { durabilityWarnings } from './durability.js';
import { developmentSecret } from './secret.js';
import { gracefulShutdown } from './shutdown.js';
import { openMigratedDatabase, seedDemoIfEmpty } from './startup.js';
import { surveyConfigFromEnv } from './surveys/config.js';
import { retentionMonthsFromEnv } from './privacy/schedule.js';

const SHUTDOWN_DEADLINE_MS = 10_000;
// How long open keep-alive connections get to take their last answer (with Connection: close)
// before the stragglers are refused with 503 and idle ones closed; see shutdown.ts.
const DRAIN_GRACE_MS = 2_000;
const dashboardHandler = new URL('../../dashboard/build/handler.js', import.meta.url);

let database: RippleDatabase | undefined;
let server: FastifyInstance | undefined;
let stopServing: ((graceMs: number) => Promise<void>) | undefined;
let shuttingDown = false;

async function shutdown(signal: string) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.error(`\nReceived ${signal}: finishing requests in flight and closing the database…`);
  setTimeout(() => {
    console.error(`Shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting anyway.`);
    process.exit(1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  try {
    // Stops new connections, drains open ones, waits for requests in flight, then runs the
    // onClose hooks, which close the database last (shutdown.ts).
    if (stopServing) await stopServing(DRAIN_GRACE_MS);
    else if (server) await server.close();
    else await database?.close();
    process.exit(0);
  } catch (error) {
    console.error(`Shutdown failed: ${(error as Error).message}`);
    process.exit(1);
  }
}

async function main() {
  const config = serverConfigFromEnv();
  const surveys = surveyConfigFromEnv();
  const retentionMonths = retentionMonthsFromEnv();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void shutdown(signal));
  }

  database = await openMigratedDatabase();
  if (config.production) {
    for (const warning of await durabilityWarnings(database)) console.error(warning);
  }
  let secret = config.secret;
  if (!secret) {
    const kept = developmentSecret(database);
    secret = kept.secret;
    if (kept.created) {
      console.error(
        `No RIPPLE_SECRET: made one for development and kept it in ${kept.path} (production needs RIPPLE_SECRET).`,
      );
    }
  }
  // Addresses stored before they were keyed (or under no key at all) are keyed now.
  const keyed = await keyStoredAddresses(database.db, addressKeyer(secret), ADDRESS_KEY_PREFIX);
  if (keyed > 0) console.error(`${keyed} stored client address(es) replaced by their keyed hash.`);
  const envAdmin = await ensureAdminFromEnv(database.db);
  const seeded = config.demo && (await seedDemoIfEmpty(database));
  const demoAdmin = seeded ? await createDemoAdmin(database.db) : null;
  const accounts = await countUsers(database.db);
  if (shuttingDown) return;

  server = Fastify({
    // A larger upload limit (RIPPLE_MAX_UPLOAD_MB) gets the time to arrive at the same slow rate.
    ...fastifyOptions({ requestTimeout: requestTimeoutFor(config.maxImportBytes) }),
    logger: { level: config.logLevel },
    // Idle keep-alive sockets are closed at shutdown; busy ones finish their request first.
    forceCloseConnections: 'idle',
  });
  await server.register(app, {
    database,
    closeDatabaseOnShutdown: true,
    maxImportBytes: config.maxImportBytes,
    minCellSize: config.minCellSize,
    computeConcurrency: config.computeConcurrency,
    reachMemoryRows: config.reachMemoryRows,
    loadMemoryAtStart: true,
    cacheBytes: config.cacheMb * 2 ** 20,
    secret,
    surveys,
    retentionMonths,
  });

  const hasDashboard = existsSync(fileURLToPath(dashboardHandler));
  if (hasDashboard) {
    await server.register(dashboardPlugin, { handlerUrl: dashboardHandler });
  }

  const graceful = gracefulShutdown(server);
  await server.listen({ port: config.port, host: config.host });
  stopServing = (graceMs) => graceful.close(graceMs);
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  // The dashboard's server-side rendering fetches the API over loopback, whatever the public origin.
  process.env.RIPPLE_API_URL ??= `http://127.0.0.1:${port}`;

  const shownHost = ['0.0.0.0', '::', '127.0.0.1', '::1'].includes(config.host)
    ? 'localhost'
    : config.host;
  const url = `http://${shownHost}:${port}`;
  console.log(`Ripple is running at ${url}  (database: ${database.kind} at ${database.location})`);
  console.log(`  API documentation: ${url}/api/docs`);
  if (demoAdmin) {
    console.log(
      `  Sign in at ${url}/sign-in as ${demoAdmin.email} with the password ${demoAdmin.password}\n` +
        '  (shown this once; `pnpm ripple user password --email ' +
        `${demoAdmin.email}\` sets a new one).`,
    );
  } else if (envAdmin === 'created') {
    console.log(
      `  Admin account ${process.env.RIPPLE_ADMIN_EMAIL} created from RIPPLE_ADMIN_EMAIL.`,
    );
  } else if (accounts === 0) {
    console.log(
      '  No accounts yet: create the first admin with\n' +
        '  `pnpm ripple user add --email you@example.org --role admin` (or set RIPPLE_ADMIN_EMAIL and RIPPLE_ADMIN_PASSWORD).',
    );
  }
  if (!hasDashboard) {
    console.log(
      '  The dashboard is not built: run `pnpm build` (or use `pnpm start`) to serve it.',
    );
  }
}

main().catch(async (error: unknown) => {
  console.error(`ripple: ${error instanceof Error ? error.message : String(error)}`);
  if (server) await server.close().catch(() => undefined);
  else await database?.close().catch(() => undefined);
  process.exit(1);
});
