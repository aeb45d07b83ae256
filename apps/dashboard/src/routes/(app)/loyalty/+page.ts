import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import { isCohorts, isDistribution, isNewReturning } from '$lib/api/loyalty';
import { isCumulativeReach, isInterval, type Interval } from '$lib/api/overview';
import { isViewFigures } from '$lib/api/view-figures';
import { apiPath } from '$lib/filters';

export const load: PageLoad = async ({ fetch, url }) => {
  const requested = url.searchParams.get('interval');
  const interval: Interval = isInterval(requested) ? requested : 'quarter';
  const [filterOptions, figures, newReturning, reach, cohorts, distribution] = await Promise.all([
    loadFilterOptions(fetch),
    getJson(fetch, apiPath('/api/overview', url), isViewFigures),
    getJson(fetch, apiPath('/api/loyalty/new-returning', url), isNewReturning),
    getJson(fetch, apiPath('/api/reach/cumulative', url, { interval }), isCumulativeReach),
    getJson(fetch, apiPath('/api/loyalty/cohorts', url), isCohorts),
    getJson(fetch, apiPath('/api/loyalty/distribution', url), isDistribution),
  ]);
  return { filterOptions, figures, newReturning, reach, cohorts, distribution, interval };
};
