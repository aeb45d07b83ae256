import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import { isBreakdown } from '$lib/api/breakdown';
import { isCumulativeReach, isInterval, isOverview, type Interval } from '$lib/api/overview';
import { apiPath, comparisonOf } from '$lib/filters';

const TOP_COUNTRIES = 10;

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { locale } = await parent();
  const requested = url.searchParams.get('interval');
  const interval: Interval = isInterval(requested) ? requested : 'month';
  const compare = comparisonOf(url);
  const [filterOptions, overview, reach, countries, topics] = await Promise.all([
    loadFilterOptions(fetch),
    getJson(fetch, apiPath('/api/overview', url, { compare }), isOverview),
    getJson(fetch, apiPath('/api/reach/cumulative', url, { interval }), isCumulativeReach),
    getJson(fetch, apiPath('/api/breakdown/country', url, { limit: TOP_COUNTRIES }), isBreakdown),
    getJson(fetch, apiPath('/api/breakdown/topic', url, { lang: locale }), isBreakdown),
  ]);
  return { filterOptions, overview, reach, countries, topics, interval, compare };
};
