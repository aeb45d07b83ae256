import { fail, redirect } from '@sveltejs/kit';
import { relaySetCookies, safeNext } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, url }) => {
  const next = safeNext(url.searchParams.get('next'));
  // Already signed in: straight on.
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } });
  if (response.ok) redirect(303, next);
  return { next, signedOut: url.searchParams.has('signed-out') };
};

export const actions: Actions = {
  default: async ({ request, fetch, cookies, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const next = safeNext(String(form.get('next') ?? url.searchParams.get('next') ?? '/'));
    if (!email || !password) return fail(400, { email, error: 'invalid' as const });

    const response = await fetch('/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (response.status === 429) {
      const seconds = Number(response.headers.get('retry-after') ?? '900');
      return fail(429, { email, error: 'limited' as const, minutes: Math.ceil(seconds / 60) });
    }
    if (!response.ok)
      return fail(response.status === 401 ? 401 : 502, { email, error: 'invalid' as const });
    relaySetCookies(response, cookies);
    redirect(303, next);
  },
};
