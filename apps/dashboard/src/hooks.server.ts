import { dev } from '$app/environment';
import type { Handle, HandleFetch, HandleServerError } from '@sveltejs/kit';
import { isLocale, localeParam, negotiateLocale } from '$lib/i18n/locale';
import { devApiUrl, rewriteApiUrl } from '$lib/server/api-url';
import { isCrossSiteFormPost } from '$lib/server/csrf';
import { setSecurityHeaders } from '$lib/server/security-headers';

const oneYearInSeconds = 60 * 60 * 24 * 365;

export const handle: Handle = async ({ event, resolve }) => {
  if (isCrossSiteFormPost(event.request, event.url.origin)) {
    return new Response(`Cross-site ${event.request.method} form submissions are forbidden`, {
      status: 403,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
  const query = event.url.searchParams.get(localeParam);
  const cookie = event.cookies.get(localeParam);
  const locale = negotiateLocale({
    query,
    cookie,
    acceptLanguage: event.request.headers.get('accept-language'),
  });
  event.locals.locale = locale;

  // An explicit choice in the URL is remembered, so links without `?lang=` keep the language.
  if (isLocale(query) && query !== cookie) {
    event.cookies.set(localeParam, query, {
      path: '/',
      maxAge: oneYearInSeconds,
      sameSite: 'lax',
      httpOnly: true,
      secure: event.url.protocol === 'https:',
    });
  }

  const response = await resolve(event, {
    // Read when the page is rendered: a page may set the language of its content in its load
    // (a survey is in its respondent's language whatever the browser prefers).
    transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale),
  });
  if (event.url.pathname.startsWith('/s/') || event.url.pathname.startsWith('/r/')) {
    // A survey or share link's token is its only credential: it must not leak to another site
    // through the Referer header, nor stay in a shared cache.
    response.headers.set('referrer-policy', 'no-referrer');
    response.headers.set('cache-control', 'no-store');
  }
  setSecurityHeaders(response.headers, event.url);
  // The same URL renders in different languages depending on these headers.
  response.headers.append('vary', 'Accept-Language, Cookie');
  return response;
};

export const handleFetch: HandleFetch = async ({ event, request, fetch }) => {
  // Read per request, not at start-up: the production server runs API and dashboard in one
  // process and may only know the API's address once it is listening. During server rendering
  // the public origin may not be reachable from inside, so `/api/` goes straight to the API.
  const apiBase = process.env.RIPPLE_API_URL ?? (dev ? devApiUrl : undefined);
  const target = rewriteApiUrl(new URL(request.url), event.url.origin, apiBase);
  if (!target) return fetch(request);

  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  // The API is another origin (the loopback), so SvelteKit would not pass the browser's cookies
  // on: the session goes along explicitly, with the client's address and protocol, which the API
  // believes from the loopback only (sign-in limits per address, __Host- cookies over HTTPS).
  const headers = new Headers(request.headers);
  const cookie = event.request.headers.get('cookie');
  if (cookie && !headers.has('cookie')) headers.set('cookie', cookie);
  if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', event.getClientAddress());
  headers.set('x-forwarded-proto', event.url.protocol.replace(':', ''));
  // And the host the browser used, so links the API makes (share links, survey links without
  // RIPPLE_PUBLIC_URL) point where the reader can reach, not at the loopback.
  headers.set('x-forwarded-host', event.url.host);
  return fetch(
    new Request(target, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      signal: request.signal,
    }),
  );
};

export const handleError: HandleServerError = ({ error, status }) => {
  // The error page translates by key; the message is the English fallback for logs and tools.
  if (status === 404) return { message: 'Not Found', messageKey: 'errors.notFound' };
  console.error(error);
  return { message: 'Internal Error', messageKey: 'errors.unexpected' };
};
