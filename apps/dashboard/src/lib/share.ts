import { label, type Reference } from './api/reference';
import type { I18n } from './i18n';

/** The period and scope a share link is locked to, as the API gives it. */
export interface ShareScope {
  from: string;
  to: string;
  series?: number;
  topic?: number;
  workingGroup?: number;
  region?: string;
}

function quarterOf(day: string): { year: number; quarter: number } {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return { year, quarter: Math.floor((month - 1) / 3) + 1 };
}

/** The last quarter included by a period that ends (excluded) on `to`. */
function lastQuarter(to: string): { year: number; quarter: number } {
  const { year, quarter } = quarterOf(to);
  return quarter === 1 ? { year: year - 1, quarter: 4 } : { year, quarter: quarter - 1 };
}

/**
 * A link's period in words: "2024", "2023 – 2024", "Q2 2024" or "Q1 2024 – Q3 2024" (its ends
 * are first days of quarters; `to` is excluded).
 */
export function describePeriod(scope: Pick<ShareScope, 'from' | 'to'>, i18n: I18n): string {
  const first = quarterOf(scope.from);
  const last = lastQuarter(scope.to);
  if (first.quarter === 1 && last.quarter === 4) {
    return first.year === last.year ? String(first.year) : `${first.year} – ${last.year}`;
  }
  const name = (q: { year: number; quarter: number }) =>
    i18n.t('period.quarter', { quarter: q.quarter, year: q.year });
  return first.year === last.year && first.quarter === last.quarter
    ? name(first)
    : `${name(first)} – ${name(last)}`;
}

/** A link's period and scope in words, with names from the reference lists when known. */
export function describeScope(scope: ShareScope, reference: Reference | null, i18n: I18n): string {
  const parts = [describePeriod(scope, i18n)];
  if (scope.region) parts.push(scope.region);
  const named = <T extends { id: number }>(
    rows: T[] | undefined,
    id: number,
    name: (row: T) => string,
  ) => {
    const row = rows?.find((r) => r.id === id);
    return row ? name(row) : `#${id}`;
  };
  if (scope.series !== undefined) {
    parts.push(named(reference?.series, scope.series, (s) => s.name));
  }
  if (scope.topic !== undefined) {
    parts.push(named(reference?.topics, scope.topic, (t) => label(t, i18n.locale)));
  }
  if (scope.workingGroup !== undefined) {
    parts.push(named(reference?.workingGroups, scope.workingGroup, (w) => label(w, i18n.locale)));
  }
  return parts.join(', ');
}
