import { error, redirect } from '@sveltejs/kit';
import { isSession } from '$lib/server/session';
import type { LayoutServerLoad } from './$types';

// Every dashboard page is for signed-in users: without a session, to the sign-in page and back.
export const load: LayoutServerLoad = async ({ fetch, url }) => {
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } });
  if (response.status === 401) {
    redirect(303, `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const body: unknown = response.ok ? await response.json() : null;
  if (!isSession(body)) {
    error(502, { message: 'API unavailable', messageKey: 'errors.apiUnavailable' });
  }
  return { session: body };
};
