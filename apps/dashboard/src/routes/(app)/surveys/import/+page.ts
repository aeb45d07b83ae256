import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isWebinarList } from '$lib/api/webinars';

export const load: PageLoad = async ({ fetch }) => {
  const webinars = await getJson(fetch, '/api/webinars?limit=500', isWebinarList);
  return { webinars };
};
