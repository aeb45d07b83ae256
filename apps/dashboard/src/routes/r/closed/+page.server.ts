import { redirect } from '@sveltejs/kit';
import { relaySetCookies } from '$lib/server/session';
import type { Actions } from './$types';

export const actions: Actions = {
  // "Close shared view": the share session ends in the database and its cookie is cleared. The
  // hooks refuse cross-site form posts, so another site cannot close someone's view.
  default: async ({ fetch, cookies }) => {
    const response = await fetch('/api/share-links/session', { method: 'DELETE' });
    relaySetCookies(response, cookies);
    redirect(303, '/r/closed');
  },
};
