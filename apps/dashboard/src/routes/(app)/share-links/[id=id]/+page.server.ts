import { getJson } from '$lib/api/client';
import { isReference } from '$lib/api/reference';
import { isShareLinkViews } from '$lib/api/share-links';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ fetch, params }) => {
  const [log, reference] = await Promise.all([
    getJson(fetch, `/api/share-links/${params.id}/views`, isShareLinkViews),
    getJson(fetch, '/api/reference', isReference),
  ]);
  return { log, reference };
};
