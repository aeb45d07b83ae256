import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import { isBreakdown } from '$lib/api/breakdown';
import { isCumulativeReach, isInterval, isOverview, type Interval } from '$lib/api/overview';
import { apiPath, comparisonOf } from '$lib/filters';

const TOP_COUNTRIES = 10;

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { locale, session, share } = await parent();
  // Funders and share links get protected figures: the API compares their period only with the
  // year before, and its cumulative reach is for managers (the growth chart is left out).
  const protectedView = session?.user.role === 'funder' || share !== null;
  const requested = url.searchParams.get('interval');
  const interval: Interval = isInterval(requested) ? requested : 'month';
  const asked = comparisonOf(url);
  const compare = protectedView && asked === 'previous' ? 'year' : asked;
  const [filterOptions, overview, reach, countries, topics] = await Promise.all([
    loadFilterOptions(fetch),
    getJson(fetch, apiPath('/api/overview', url, { compare }), isOverview),
    protectedView
      ? null
      : getJson(fetch, apiPath('/api/reach/cumulative', url, { interval }), isCumulativeReach),
    getJson(fetch, apiPath('/api/breakdown/country', url, { limit: TOP_COUNTRIES }), isBreakdown),
    getJson(fetch, apiPath('/api/breakdown/topic', url, { lang: locale }), isBreakdown),
  ]);
  return { filterOptions, overview, reach, countries, topics, interval, compare };
};
