import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

/** The admin every test server starts with (RIPPLE_ADMIN_EMAIL / RIPPLE_ADMIN_PASSWORD). */
export const E2E_ADMIN = {
  email: 'e2e-admin@example.org',
  password: 'browser tests sign in with this 42',
};
export const adminEnv = {
  RIPPLE_ADMIN_EMAIL: E2E_ADMIN.email,
  RIPPLE_ADMIN_PASSWORD: E2E_ADMIN.password,
};

export interface SignedIn {
  cookies: { name: string; value: string }[];
  /** For fetch: the cookie header and the CSRF header. */
  headers: { cookie: string; 'x-csrf-token': string };
}

/** Signs in through the API, as the sign-in page does. */
export async function signIn(
  baseUrl: string,
  account: { email: string; password: string } = E2E_ADMIN,
): Promise<SignedIn> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(account),
  });
  if (response.status !== 200) {
    throw new Error(
      `sign-in as ${account.email} failed: ${response.status} ${await response.text()}`,
    );
  }
  const cookies = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0]!)
    .map((pair) => ({ name: pair.split('=')[0]!, value: pair.slice(pair.indexOf('=') + 1) }));
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return {
    cookies,
    headers: {
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; '),
      'x-csrf-token': csrfToken,
    },
  };
}

/**
 * The browser, with every new context and page already signed in (the session's cookies added
 * for the server's origin), so the page tests need not go through the sign-in form each time.
 */
export function signedInBrowser(browser: Browser, baseUrl: string, session: SignedIn): Browser {
  const withCookies = async (options?: BrowserContextOptions): Promise<BrowserContext> => {
    const context = await browser.newContext(options);
    await context.addCookies(session.cookies.map((c) => ({ ...c, url: baseUrl })));
    return context;
  };
  return new Proxy(browser, {
    get(target, property, receiver) {
      if (property === 'newContext') return withCookies;
      if (property === 'newPage') {
        return async (options?: BrowserContextOptions) => {
          const context = await withCookies(options);
          const page = await context.newPage();
          // The page's own context goes with it (the browser may already be closing).
          page.once('close', () => void context.close().catch(() => undefined));
          return page;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
