/**
 * The reach filters live in the page URL under the API's own parameter names, so a view can be
 * bookmarked or sent, every analytics page reads the same ones, and the page passes them to the
 * API as they are. A key may repeat ("any of"); the filter bar offers one value per key.
 */
export const filterKeys = [
  'from',
  'to',
  'tz',
  'series',
  'language',
  'topic',
  'workingGroup',
  'webinar',
  'country',
  'region',
  'incomeGroup',
  'sector',
] as const;
export type FilterKey = (typeof filterKeys)[number];

export const comparisons = ['previous', 'year'] as const;
export type Comparison = (typeof comparisons)[number];

export function isFilterKey(key: string): key is FilterKey {
  return (filterKeys as readonly string[]).includes(key);
}

/** The filters of a URL, in a fixed order, without empty values. */
export function filterParams(url: URL): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of filterKeys) {
    for (const value of url.searchParams.getAll(key)) {
      if (value.trim() !== '') params.append(key, value.trim());
    }
  }
  return params;
}

/** Whether any filter is set (the time zone alone does not narrow anything). */
export function hasFilters(url: URL): boolean {
  return [...filterParams(url).keys()].some((key) => key !== 'tz');
}

/**
 * An API path with the page's filters and a page's own parameters (undefined ones left out):
 * `apiPath('/api/breakdown/country', url, { limit: 10 })`.
 */
export function apiPath(
  path: `/api/${string}`,
  url: URL,
  extra: Record<string, string | number | undefined> = {},
): `/api/${string}` {
  const params = filterParams(url);
  for (const [key, value] of Object.entries(extra)) {
    if (value !== undefined) params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/** The comparison the URL asks for; only meaningful with both ends of a date range. */
export function comparisonOf(url: URL): Comparison | undefined {
  const value = url.searchParams.get('compare');
  return (comparisons as readonly string[]).includes(value ?? '')
    ? (value as Comparison)
    : undefined;
}

/**
 * A link to `pathname` (the current page by default) with some parameters changed: a string sets
 * a key, an array repeats it, null removes it. Everything else (language, other filters) stays.
 */
export function hrefWith(
  url: URL,
  changes: Record<string, string | readonly string[] | null>,
  pathname = url.pathname,
): string {
  const params = new URLSearchParams(url.searchParams);
  for (const [key, value] of Object.entries(changes)) {
    params.delete(key);
    if (value === null) continue;
    for (const v of typeof value === 'string' ? [value] : value) params.append(key, v);
  }
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ''}`;
}

/** The same page with no filter (and no comparison); language and page options stay. */
export function clearedHref(url: URL): string {
  return hrefWith(
    url,
    Object.fromEntries([...filterKeys, 'compare'].map((key) => [key, null] as const)),
  );
}

/** The half-open date range of one calendar year, as the `from`/`to` filter takes it. */
export function yearRange(year: number): { from: string; to: string } {
  return { from: `${year}-01-01`, to: `${year + 1}-01-01` };
}

/** The year a range covers exactly, if it is one calendar year. */
export function rangeYear(url: URL): number | undefined {
  const from = url.searchParams.get('from');
  const to = url.searchParams.get('to');
  const match = /^(\d{4})-01-01$/.exec(from ?? '');
  if (!match) return undefined;
  const year = Number(match[1]);
  return to === yearRange(year).to ? year : undefined;
}
