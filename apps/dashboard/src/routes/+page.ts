import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isCumulativeReach, isInterval, isOverview, type Interval } from '$lib/api/overview';

export const load: PageLoad = async ({ fetch, url }) => {
  const requested = url.searchParams.get('interval');
  const interval: Interval = isInterval(requested) ? requested : 'month';
  const [overview, reach] = await Promise.all([
    getJson(fetch, '/api/overview', isOverview),
    getJson(fetch, `/api/reach/cumulative?interval=${interval}`, isCumulativeReach),
  ]);
  return { overview, reach, interval };
};
