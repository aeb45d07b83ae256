import { loadFilterOptions } from '$lib/api/filter-options';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => {
  const filterOptions = await loadFilterOptions(fetch);
  return { filterOptions };
};
