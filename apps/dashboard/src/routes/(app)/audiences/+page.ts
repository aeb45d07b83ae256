import { getJson } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import { isBreakdown, isCrossTab, type Dimension } from '$lib/api/breakdown';
import { measureOf } from '$lib/crosstab/api';
import { apiPath } from '$lib/filters';
import type { PageLoad } from './$types';

/** How many countries the country × sector table shows: the top ones by participants. */
const TOP_COUNTRIES = 20;

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const measure = measureOf(url);
  // The API does not cross-tabulate countries for funders and share links (too big a table to
  // protect within a request): the country × sector table is left out for them.
  const { session, share } = await parent();
  const protectedView = session?.user.role === 'funder' || share !== null;
  // Every row of a small dimension; the API pages at 50 by default.
  const breakdown = (dimension: Dimension, extra: Record<string, string | number> = {}) =>
    getJson(
      fetch,
      apiPath(`/api/breakdown/${dimension}`, url, { limit: 500, ...extra }),
      isBreakdown,
    );
  const crosstab = (rows: Dimension, columns: Dimension) =>
    getJson(fetch, apiPath('/api/crosstab', url, { rows, columns }), isCrossTab);

  const [
    filterOptions,
    sectors,
    genders,
    languages,
    topics,
    countries,
    regions,
    years,
    sectorTopic,
    countrySector,
    regionYear,
  ] = await Promise.all([
    loadFilterOptions(fetch),
    breakdown('sector'),
    breakdown('gender'),
    breakdown('language'),
    breakdown('topic'),
    breakdown('country', { limit: TOP_COUNTRIES }),
    breakdown('region'),
    breakdown('year', { sort: 'key', order: 'asc' }),
    crosstab('sector', 'topic'),
    protectedView ? null : crosstab('country', 'sector'),
    crosstab('region', 'year'),
  ]);

  return {
    filterOptions,
    measure,
    sectors,
    genders,
    languages,
    topics,
    countries,
    regions,
    years,
    sectorTopic,
    countrySector,
    regionYear,
  };
};
