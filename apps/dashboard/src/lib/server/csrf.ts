/**
 * Whether a request is a form submission from another site, which the dashboard refuses.
 *
 * SvelteKit's own check compares the Origin header with the page's origin. The survey pages send
 * `Referrer-Policy: no-referrer` (their address holds the respondent's token), and under that
 * policy browsers send `Origin: null` with a form post even to the same origin, so that check
 * would refuse every respondent without JavaScript. Fetch metadata is not affected by the
 * referrer policy: `Sec-Fetch-Site: same-origin` is the browser's word that the form came from
 * this site. Browsers without fetch metadata still send a real Origin outside those pages.
 */
export function isCrossSiteFormPost(request: Request, origin: string): boolean {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method)) return false;
  // Content types a cross-site HTML form can send without a preflight (compared in lower case:
  // the header is case-insensitive, and SvelteKit was once bypassed by upper case).
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const formLike =
    type === '' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'multipart/form-data' ||
    type === 'text/plain';
  if (!formLike) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site === 'same-origin') return false;
  if (site !== null) return true;
  return request.headers.get('origin') !== origin;
}
