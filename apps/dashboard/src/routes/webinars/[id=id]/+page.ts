import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isReference } from '$lib/api/reference';
import { isWebinarDetail } from '$lib/api/webinars';

export const load: PageLoad = async ({ fetch, params }) => {
  const [webinar, reference] = await Promise.all([
    getJson(fetch, `/api/webinars/${params.id}`, isWebinarDetail),
    getJson(fetch, '/api/reference', isReference),
  ]);
  return { webinar, reference };
};
