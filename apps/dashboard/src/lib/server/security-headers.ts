/** Helmet's default, as on the API: a year, for every subdomain of the dashboard's host. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The headers every dashboard answer carries besides its CSP (kit.csp in svelte.config.js, with
 * a fresh nonce per page). Headers the route set already win where that is safer: the survey
 * pages' `no-referrer`.
 */
export function setSecurityHeaders(headers: Headers, url: URL): void {
  headers.set('x-content-type-options', 'nosniff');
  headers.set('x-frame-options', 'DENY'); // for browsers that predate frame-ancestors
  // Dashboard addresses carry filters and, for managers, search words that may be a person's
  // name: no other site needs them.
  if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'same-origin');
  // Pages and their data are personal data behind sign-in: never kept by a browser's history
  // cache or a shared proxy.
  headers.set('cache-control', 'no-store');
  // url.protocol is what the server in front says (Fastify tells the adapter, believing
  // X-Forwarded-Proto only from the loopback): plain-http installs must not claim HTTPS.
  if (url.protocol === 'https:') headers.set('strict-transport-security', HSTS);
}
