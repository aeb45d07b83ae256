import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isOpenLinkList, isSurveySummary, isWaveList } from '$lib/api/surveys';

export const load: PageLoad = async ({ fetch }) => {
  const [summary, waves, openLinks] = await Promise.all([
    getJson(fetch, '/api/surveys/summary', isSurveySummary),
    getJson(fetch, '/api/surveys/waves', isWaveList),
    getJson(fetch, '/api/open-links', isOpenLinkList),
  ]);
  return { summary, waves: waves.items, openLinks: openLinks.items };
};
