import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isParticipantList } from '$lib/api/participants';
import { pageSize, participantListQuery } from '$lib/participants/list';

export const load: PageLoad = async ({ fetch, url }) => {
  const { apiQuery, ...search } = participantListQuery(url.searchParams);
  const list = await getJson(fetch, `/api/participants?${apiQuery}`, isParticipantList);
  return { list, search, pageSize };
};
