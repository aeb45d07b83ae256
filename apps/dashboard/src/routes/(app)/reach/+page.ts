import { getJson } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import { apiPath } from '$lib/filters';
import { isBreakdown } from '$lib/api/breakdown';
import { isReachHeadline } from './api';
import type { PageLoad } from './$types';

// Every country in one answer (there are fewer than 300), so the table sorts without asking
// the API again. The page reads only the filters from the URL: changing `sort` or `order`
// does not rerun this load.
const ALL_COUNTRIES = 300;

export const load: PageLoad = async ({ fetch, url }) => {
  const [filterOptions, headline, countries, regions, incomeGroups] = await Promise.all([
    loadFilterOptions(fetch),
    getJson(fetch, apiPath('/api/overview', url), isReachHeadline),
    getJson(fetch, apiPath('/api/breakdown/country', url, { limit: ALL_COUNTRIES }), isBreakdown),
    getJson(fetch, apiPath('/api/breakdown/region', url, { limit: 50 }), isBreakdown),
    getJson(fetch, apiPath('/api/breakdown/income_group', url, { limit: 50 }), isBreakdown),
  ]);
  return { filterOptions, headline, countries, regions, incomeGroups };
};
