import type { Suppressed } from '$lib/api/hidden';

/**
 * The country table's sort, kept in the page URL (`?sort=minutes&order=asc`) so a sorted view can
 * be bookmarked and the header buttons work as plain GET forms without JavaScript. Sorting is
 * done here over the full list, never by asking the API again.
 */
// Also the table's columns, in order: the figures next to the country, so a phone shows them
// without scrolling sideways; the classification comes last.
export const sortKeys = [
  'country',
  'participants',
  'share',
  'attendances',
  'registrations',
  'minutes',
  'region',
  'incomeGroup',
] as const;
export type SortKey = (typeof sortKeys)[number];
export type Order = 'asc' | 'desc';

export interface Sort {
  key: SortKey;
  order: Order;
}

/** One country of the table, with its names already in the reader's language. */
export interface CountryRow {
  code: string;
  name: string;
  /** null when the World Bank does not classify the country. */
  region: string | null;
  incomeGroup: string | null;
  /** null when hidden from a funder or share link (`suppressed` says why). */
  participants: number | null;
  attendances: number | null;
  registrations: number | null;
  minutes: number | null;
  share: number | null;
  suppressed?: Suppressed;
}

const textKeys = new Set<SortKey>(['country', 'region', 'incomeGroup']);

export const defaultSort: Sort = { key: 'participants', order: 'desc' };

function isSortKey(value: string | null): value is SortKey {
  return (sortKeys as readonly (string | null)[]).includes(value);
}

/** Names read A to Z first, figures largest first. */
export function firstOrder(key: SortKey): Order {
  return textKeys.has(key) ? 'asc' : 'desc';
}

/** The sort a URL asks for; anything unknown falls back to the most participants first. */
export function sortOf(url: URL): Sort {
  const key = url.searchParams.get('sort');
  if (!isSortKey(key)) return defaultSort;
  const order = url.searchParams.get('order');
  return { key, order: order === 'asc' || order === 'desc' ? order : firstOrder(key) };
}

/** What a header's button asks for: the other direction on the sorted column, else its first. */
export function nextSort(current: Sort, key: SortKey): Sort {
  if (current.key === key) return { key, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { key, order: firstOrder(key) };
}

/**
 * The rows in the order asked, names compared as the reader's language sorts them. Unclassified
 * countries stay last in either direction; ties go by participants, then by name.
 */
export function sortRows(
  rows: readonly CountryRow[],
  sort: Sort,
  locale: string,
  names: { region: (key: string) => string; incomeGroup: (key: string) => string },
): CountryRow[] {
  const collator = new Intl.Collator(locale);
  const direction = sort.order === 'asc' ? 1 : -1;
  const text = (row: CountryRow): string | null => {
    switch (sort.key) {
      case 'country':
        return row.name;
      case 'region':
        return row.region === null ? null : names.region(row.region);
      case 'incomeGroup':
        return row.incomeGroup === null ? null : names.incomeGroup(row.incomeGroup);
      default:
        return null;
    }
  };
  const primary = (a: CountryRow, b: CountryRow): number => {
    if (!textKeys.has(sort.key)) {
      const key = sort.key as Exclude<SortKey, 'country' | 'region' | 'incomeGroup'>;
      // Hidden figures go last either way: placing them among the shown ones would bound them.
      const [x, y] = [a[key], b[key]];
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return direction * (x - y);
    }
    const [x, y] = [text(a), text(b)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return direction * collator.compare(x, y);
  };
  return [...rows].sort(
    (a, b) =>
      primary(a, b) ||
      (b.participants ?? -1) - (a.participants ?? -1) ||
      collator.compare(a.name, b.name),
  );
}
