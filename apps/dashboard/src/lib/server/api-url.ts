/**
 * Where the dashboard finds the API when no `RIPPLE_API_URL` is given in development; the Vite
 * proxy in vite.config.ts repeats this default, so browser and server rendering agree.
 */
export const devApiUrl = 'http://127.0.0.1:3001';

/**
 * Maps a same-origin `/api/...` request to the API server's internal base URL, keeping the query
 * and any path prefix of the base. Returns `undefined` for requests that must not be rewritten:
 * no base configured, another origin, or a path outside `/api/`.
 */
export function rewriteApiUrl(
  url: URL,
  origin: string,
  apiBase: string | undefined,
): URL | undefined {
  if (!apiBase || url.origin !== origin || !url.pathname.startsWith('/api/')) return undefined;
  const base = new URL(apiBase);
  const target = new URL(base.origin);
  target.pathname = base.pathname.replace(/\/+$/, '') + url.pathname;
  target.search = url.search;
  return target;
}
