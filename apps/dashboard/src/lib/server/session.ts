import type { Cookies } from '@sveltejs/kit';

export type Role = 'admin' | 'manager' | 'funder';

export interface Session {
  user: { id: number; email: string; name: string; role: Role };
  csrfToken: string;
}

export function isSession(body: unknown): body is Session {
  if (typeof body !== 'object' || body === null) return false;
  const { user, csrfToken } = body as Record<string, unknown>;
  if (typeof csrfToken !== 'string' || typeof user !== 'object' || user === null) return false;
  const { id, email, name, role } = user as Record<string, unknown>;
  return (
    typeof id === 'number' &&
    typeof email === 'string' &&
    typeof name === 'string' &&
    (role === 'admin' || role === 'manager' || role === 'funder')
  );
}

/**
 * Hands the API's Set-Cookie answers (sign-in, sign-out) on to the browser. The API is reached
 * over the loopback during server rendering, so SvelteKit does not apply them by itself; they
 * are re-set with the same attributes through SvelteKit's cookie jar.
 */
export function relaySetCookies(response: Response, cookies: Cookies): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const name = pair.slice(0, eq);
    const value = decodeURIComponent(pair.slice(eq + 1));
    const options: Parameters<Cookies['set']>[2] = { path: '/', httpOnly: false, secure: false };
    for (const attribute of attributes) {
      const [key = '', raw = ''] = attribute.split('=');
      switch (key.toLowerCase()) {
        case 'path':
          options.path = raw;
          break;
        case 'expires':
          options.expires = new Date(raw);
          break;
        case 'max-age':
          options.maxAge = Number(raw);
          break;
        case 'httponly':
          options.httpOnly = true;
          break;
        case 'secure':
          options.secure = true;
          break;
        case 'samesite':
          options.sameSite = raw.toLowerCase() as 'lax' | 'strict' | 'none';
          break;
      }
    }
    cookies.set(name, value, options);
  }
}

/** Where to go after signing in: only a path on this site, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
