import { error, fail, redirect } from '@sveltejs/kit';
import { isRecord } from '$lib/api/client';
import { hrefWith } from '$lib/filters';
import { relaySetCookies, shareParams, type ShareScope } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

// A share link, `/r/<token>`: opening it starts a shared view (the API's ripple_share cookie)
// and lands on the aggregate pages locked to the link's scope. A link with a password asks for
// it in a plain form, which works without JavaScript. hooks.server.ts sends these pages with
// `Referrer-Policy: no-referrer` and `Cache-Control: no-store`: the token is the credential.

type Fetch = typeof fetch;

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;
/** Where a shared view starts: the impact report, of the link's period and scope. */
const LANDING = '/report';

type Opened =
  | { kind: 'opened'; response: Response; scope: ShareScope }
  | { kind: 'password'; reason: 'password-required' | 'password-wrong' }
  | { kind: 'limited'; minutes: number };

async function openLink(fetch: Fetch, token: string, password?: string): Promise<Opened> {
  if (!TOKEN.test(token)) notFound();
  let response: Response;
  try {
    response = await fetch('/api/share-links/open', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(password === undefined ? { token } : { token, password }),
    });
  } catch (cause) {
    console.error('POST /api/share-links/open failed', cause);
    unavailable();
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.status === 404) notFound();
  if (response.status === 410 && isRecord(body)) {
    const reason = body.reason === 'revoked' ? 'revoked' : 'expired';
    error(410, {
      message: `Share link ${reason}`,
      messageKey: `share.closed.${reason}`,
      at: typeof body.at === 'string' ? body.at : undefined,
    });
  }
  if (response.status === 401 && isRecord(body)) {
    return {
      kind: 'password',
      reason: body.reason === 'password-wrong' ? 'password-wrong' : 'password-required',
    };
  }
  if (response.status === 429) {
    return {
      kind: 'limited',
      minutes: Math.ceil(Number(response.headers.get('retry-after') ?? '900') / 60),
    };
  }
  if (response.ok && isRecord(body) && isRecord(body.scope)) {
    return { kind: 'opened', response, scope: body.scope as unknown as ShareScope };
  }
  console.error(`POST /api/share-links/open answered ${response.status}`);
  unavailable();
}

function notFound(): never {
  error(404, { message: 'Share link not found', messageKey: 'share.closed.notFound' });
}

function unavailable(): never {
  error(503, { message: 'Share link unavailable', messageKey: 'share.closed.unavailable' });
}

/** The landing page with the link's scope in its address, as the filter bar shows it. */
function landing(url: URL, scope: ShareScope): string {
  const base = new URL(url);
  base.search = '';
  const lang = url.searchParams.get('lang');
  if (lang) base.searchParams.set('lang', lang);
  return hrefWith(base, shareParams(scope), LANDING);
}

export const load: PageServerLoad = async ({ params, fetch, cookies, url }) => {
  const opened = await openLink(fetch, params.token);
  if (opened.kind === 'opened') {
    relaySetCookies(opened.response, cookies);
    redirect(303, landing(url, opened.scope));
  }
  return { limitedMinutes: opened.kind === 'limited' ? opened.minutes : null };
};

export const actions: Actions = {
  default: async ({ params, request, fetch, cookies, url }) => {
    const form = await request.formData();
    const password = String(form.get('password') ?? '');
    if (!password) return fail(400, { error: 'wrong' as const });
    const opened = await openLink(fetch, params.token, password);
    if (opened.kind === 'limited') {
      return fail(429, { error: 'limited' as const, minutes: opened.minutes });
    }
    if (opened.kind === 'password') return fail(401, { error: 'wrong' as const });
    relaySetCookies(opened.response, cookies);
    redirect(303, landing(url, opened.scope));
  },
};
