import type { PageLoad } from './$types';
import { getJson } from '$lib/api/client';
import { isParticipantRecord } from '$lib/api/participants';

export const load: PageLoad = async ({ fetch, params, parent }) => {
  const { locale } = await parent();
  // The route's matcher lets only a positive integer through.
  const person = await getJson(
    fetch,
    `/api/participants/${params.id}?lang=${locale}`,
    isParticipantRecord,
  );
  return { person };
};
