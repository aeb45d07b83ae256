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

/** The period and scope a share link is locked to (ids of series, topic and working group). */
export interface ShareScope {
  from: string;
  to: string;
  series?: number;
  topic?: number;
  workingGroup?: number;
  region?: string;
}

/** What GET /api/session answers a share link's viewer. */
export interface ShareView {
  label: string;
  scope: ShareScope;
  expiresAt: string;
}

export function isShareView(body: unknown): body is { share: ShareView } {
  if (typeof body !== 'object' || body === null) return false;
  const share = (body as Record<string, unknown>).share;
  if (typeof share !== 'object' || share === null) return false;
  const { label, scope, expiresAt } = share as Record<string, unknown>;
  return (
    typeof label === 'string' &&
    typeof expiresAt === 'string' &&
    typeof scope === 'object' &&
    scope !== null &&
    typeof (scope as Record<string, unknown>).from === 'string' &&
    typeof (scope as Record<string, unknown>).to === 'string'
  );
}

/** The share session's cookie, under either name (`__Host-` over HTTPS). */
export const shareCookieNames = ['ripple_share', '__Host-ripple_share'] as const;

/**
 * The query parameters a share link fixes, as the analytics pages carry them in their address;
 * the API forces the same ones, so the filter bar shows what the figures are.
 */
export function shareParams(scope: ShareScope): Record<string, string | null> {
  return {
    from: scope.from,
    to: scope.to,
    tz: null, // UTC, in which the link's quarters are whole
    ...(scope.series !== undefined && { series: String(scope.series) }),
    ...(scope.topic !== undefined && { topic: String(scope.topic) }),
    ...(scope.workingGroup !== undefined && { workingGroup: String(scope.workingGroup) }),
    ...(scope.region !== undefined && { region: scope.region }),
  };
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

/**
 * Headers for a form action's call to the API: the session's CSRF token, which every form that
 * writes carries in its hidden `csrf` field, and JSON when the call sends a body.
 */
export function apiHeaders(form: FormData, { json = false } = {}): Record<string, string> {
  const headers: Record<string, string> = { 'x-csrf-token': String(form.get('csrf') ?? '') };
  if (json) {
    headers['content-type'] = 'application/json';
    headers.accept = 'application/json';
  }
  return headers;
}
