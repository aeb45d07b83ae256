import Fastify, { type FastifyInstance, type FastifySchema, type InjectOptions } from 'fastify';
import type { RippleDatabase } from '@ripple/db';
import { createTestDatabase, waitForReplica } from '@ripple/db/testing';
import app, { fastifyOptions, type AppOptions } from '../src/app.js';
import type { Access, Role } from '../src/auth/access.js';
import { createUser } from '@ripple/db';
import { hashPassword } from '../src/auth/passwords.js';

export type SessionHeaders = { cookie: string; 'x-csrf-token': string };

export interface TestApp {
  /** The app; its `inject` is signed in as `options.as` (default: a manager). */
  app: FastifyInstance;
  database: RippleDatabase;
  /**
   * Injects as `app.inject` does (with the session of `options.as`), but without first waiting
   * for a read replica to catch up: what a dashboard sees in production.
   */
  inject: FastifyInstance['inject'];
  /** Injects with no session at all. */
  anonymous: FastifyInstance['inject'];
  /**
   * Headers of a real session for a role: an account `<role>@test.example.org` is created on
   * first use and signed in through POST /api/session, as a browser would.
   */
  sessionOf(role: Role): Promise<SessionHeaders>;
  /** Every route the app registered, with its declared access. */
  routes: RegisteredRoute[];
  close(): Promise<void>;
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access | undefined;
  /** The route's schemas (body, querystring, params, response), as declared. */
  schema: FastifySchema | undefined;
}

export const TEST_PASSWORD = 'a test password nobody uses 7%';

/** The real app on a freshly migrated database (PGlite, or PostgreSQL when DATABASE_URL is set). */
export async function buildTestApp(
  options: Omit<AppOptions, 'database'> & {
    as?: Role | null;
    /** Fills the database before the app starts: what a server finds as it starts. */
    before?: (database: RippleDatabase) => Promise<unknown>;
  } = {},
): Promise<TestApp> {
  const { as = 'manager', before, ...appOptions } = options;
  const database = await createTestDatabase();
  if (before) {
    await before(database);
    if (database.replica) await waitForReplica(database.db, database.readDb);
  }
  const fastify = Fastify({ ...fastifyOptions(), logger: false });
  const routes: RegisteredRoute[] = [];
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      // Read later: the auth plugin's own onRoute hook, which runs after this one, fills in
      // the access of the documentation's routes.
      routes.push({
        method,
        url: route.url,
        schema: route.schema,
        get access() {
          return route.config?.access;
        },
      });
    }
  });
  await fastify.register(app, { ...appOptions, database });
  await fastify.ready();

  const inject = fastify.inject.bind(fastify) as (
    opts: InjectOptions,
  ) => ReturnType<FastifyInstance['inject']>;
  // With a read replica (DATABASE_READ_URL), each request first waits until the replica has
  // replayed every write made so far, through the API or by a test's factories on
  // `database.db`: the tests check figures, not replication lag. In production nothing waits:
  // a dashboard read may miss a write made a moment earlier (docs/scaling.md); replica.test.ts
  // shows that staleness on purpose.
  const rawInject = database.replica
    ? ((async (opts: InjectOptions) => {
        await waitForReplica(database.db, database.readDb);
        return inject(opts);
      }) as unknown as typeof inject)
    : inject;
  const sessions = new Map<Role, Promise<SessionHeaders>>();
  let passwordHash: Promise<string> | undefined;

  async function signIn(role: Role): Promise<SessionHeaders> {
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const email = `${role}@test.example.org`;
    await createUser(database.db, {
      email,
      name: `Test ${role}`,
      role,
      passwordHash: await passwordHash,
    });
    const response = await rawInject({
      method: 'POST',
      url: '/api/session',
      payload: { email, password: TEST_PASSWORD },
    });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.body}`);
    return {
      cookie: response.cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken,
    };
  }
  function sessionOf(role: Role): Promise<SessionHeaders> {
    let session = sessions.get(role);
    if (!session) {
      session = signIn(role);
      sessions.set(role, session);
    }
    return session;
  }

  if (!as && database.replica) {
    const original = fastify.inject.bind(fastify);
    fastify.inject = (opts?: InjectOptions | string) => {
      if (opts === undefined) return original(); // the chainable form
      return rawInject(typeof opts === 'string' ? { url: opts } : opts);
    };
  }
  if (as) {
    const headers = await sessionOf(as);
    // Like a browser with a session: every request carries the cookie and the CSRF header
    // unless the test sets them itself.
    const original = fastify.inject.bind(fastify);
    fastify.inject = (opts?: InjectOptions | string) => {
      if (opts === undefined) return original(); // the chainable form: no session added
      const request = typeof opts === 'string' ? { url: opts } : opts;
      return rawInject({ ...request, headers: { ...headers, ...request.headers } });
    };
  }

  const unsynced = async (opts: InjectOptions) => {
    const headers = as ? await sessionOf(as) : {};
    return inject({ ...opts, headers: { ...headers, ...opts.headers } });
  };

  return {
    app: fastify,
    inject: unsynced as FastifyInstance['inject'],
    database,
    anonymous: ((opts: InjectOptions) => rawInject(opts)) as FastifyInstance['inject'],
    sessionOf,
    routes,
    async close() {
      await fastify.close();
      await database.close();
    },
  };
}
