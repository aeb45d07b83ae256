import type { Suppressed } from './api/hidden';
import type { I18n } from './i18n';

// How a figure hidden from funders and share links reads: "<k" for 1 to k−1 people, "—" for one
// withheld so that a small one cannot be worked out. The same text in tables, tiles and CSV.

export function hiddenMark(suppressed: Suppressed | undefined, k: number | undefined): string {
  return suppressed === 'small' && k !== undefined ? `<${k}` : '—';
}

/** A count as the reader sees it: the number, or its mark when the API hid it (null). */
export function shownCount(
  i18n: I18n,
  value: number | null,
  suppressed: Suppressed | undefined,
  k: number | undefined,
): string {
  return value === null ? hiddenMark(suppressed, k) : i18n.formatNumber(value);
}

/** A share as the reader sees it; a hidden row's share is withheld with it. */
export function shownPercent(
  i18n: I18n,
  value: number | null,
  suppressed: Suppressed | undefined,
  k: number | undefined,
): string {
  return value === null ? hiddenMark(suppressed, k) : i18n.formatPercent(value);
}

/** A CSV cell: the raw number, or the same mark as on screen. */
export function csvCount(
  value: number | null,
  suppressed: Suppressed | undefined,
  k: number | undefined,
): number | string {
  return value === null ? hiddenMark(suppressed, k) : value;
}
