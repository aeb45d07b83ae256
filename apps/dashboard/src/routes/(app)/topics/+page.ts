import { getJson } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import { isBreakdown, isCrossTab } from '$lib/api/breakdown';
import { apiPath } from '$lib/filters';
import type { PageLoad } from './$types';

/** The time buckets the topic charts offer (months would make dozens of thin stacks). */
export type TopicInterval = 'year' | 'quarter';

export const load: PageLoad = async ({ fetch, url }) => {
  const interval: TopicInterval =
    url.searchParams.get('interval') === 'quarter' ? 'quarter' : 'year';
  const [filterOptions, topicTime, groupTime, topics, workingGroups] = await Promise.all([
    loadFilterOptions(fetch),
    getJson(fetch, apiPath('/api/crosstab', url, { rows: 'topic', columns: interval }), isCrossTab),
    getJson(
      fetch,
      apiPath('/api/crosstab', url, { rows: 'working_group', columns: interval }),
      isCrossTab,
    ),
    getJson(fetch, apiPath('/api/breakdown/topic', url, { limit: 500 }), isBreakdown),
    getJson(fetch, apiPath('/api/breakdown/working_group', url, { limit: 500 }), isBreakdown),
  ]);
  return { filterOptions, interval, topicTime, groupTime, topics, workingGroups };
};
