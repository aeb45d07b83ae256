import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isReference } from '$lib/api/reference';
import { isViewFigures } from '$lib/api/view-figures';
import { isWebinarList } from '$lib/api/webinars';
import { pageSize, webinarListQuery } from '$lib/webinars/list';

export const load: PageLoad = async ({ fetch, url }) => {
  const { q, page, apiQuery } = webinarListQuery(url.searchParams);
  const [list, reference, programme] = await Promise.all([
    getJson(fetch, `/api/webinars?${apiQuery}`, isWebinarList),
    getJson(fetch, '/api/reference', isReference),
    // The whole programme, unfiltered, like the list below it.
    getJson(fetch, '/api/overview', isViewFigures),
  ]);
  return { list, reference, programme, q, page, pageSize };
};
