import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isReference } from '$lib/api/reference';
import { isWebinarList } from '$lib/api/webinars';
import { pageSize, webinarListQuery } from '$lib/webinars/list';

export const load: PageLoad = async ({ fetch, url }) => {
  const { q, page, apiQuery } = webinarListQuery(url.searchParams);
  const [list, reference] = await Promise.all([
    getJson(fetch, `/api/webinars?${apiQuery}`, isWebinarList),
    getJson(fetch, '/api/reference', isReference),
  ]);
  return { list, reference, q, page, pageSize };
};
