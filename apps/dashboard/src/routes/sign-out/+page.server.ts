import { redirect } from '@sveltejs/kit';
import { apiHeaders, relaySetCookies } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  // The form carries the session's CSRF token, which the API checks before ending the session.
  default: async ({ request, fetch, cookies }) => {
    const form = await request.formData();
    const response = await fetch('/api/session', {
      method: 'DELETE',
      headers: apiHeaders(form),
    });
    relaySetCookies(response, cookies);
    redirect(303, response.ok ? '/sign-in?signed-out' : '/');
  },
};
