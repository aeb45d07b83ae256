// The benchmarks call the API as a manager would: through a real account and session, so the
// figures include the session lookup every dashboard request pays.
import { hashPassword } from '../apps/api/dist/auth/passwords.js';
import { createUser, getUserByEmail, type RippleDatabase } from '../packages/db/dist/index.js';

export const BENCH_MANAGER = {
  email: 'bench-manager@example.org',
  password: 'benchmarks measure rather than guess',
};

export type SessionHeaders = { cookie: string; 'x-csrf-token': string };

/** Signs in at `baseUrl` (a listening server) as the benchmark's manager, made if missing. */
export async function managerSession(
  database: RippleDatabase | null,
  baseUrl: string,
): Promise<SessionHeaders> {
  if (database && !(await getUserByEmail(database.db, BENCH_MANAGER.email))) {
    await createUser(database.db, {
      email: BENCH_MANAGER.email,
      name: 'Benchmark manager',
      role: 'manager',
      passwordHash: await hashPassword(BENCH_MANAGER.password),
    });
  }
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_MANAGER),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookie: response.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    'x-csrf-token': csrfToken,
  };
}
