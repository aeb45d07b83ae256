import { isCount, isRecord } from './client';

// Small-cell protection as funders and share links receive it (packages/db/src/disclosure/
// shapes.ts): a hidden count is null and its row carries `suppressed`; objects of named figures
// carry a `suppressed` map field → reason; every protected answer carries `minCellSize`.

export type Suppressed = 'small' | 'withheld';

export function isSuppressed(value: unknown): value is Suppressed {
  return value === 'small' || value === 'withheld';
}

/** A row's `suppressed`: absent on a shown row. */
export function isRowSuppression(value: unknown): value is Suppressed | undefined {
  return value === undefined || isSuppressed(value);
}

/** An object's `suppressed` map: absent for managers, `{ field: reason }` for funders. */
export function isSuppressionMap(value: unknown): boolean {
  return value === undefined || (isRecord(value) && Object.values(value).every(isSuppressed));
}

/** `minCellSize`: absent (exact figures) or the k below which counts are hidden. */
export function isMinCellSize(value: unknown): value is number | undefined {
  return value === undefined || (isCount(value) && value >= 1);
}

/** A count the API may hide (null). */
export function isCountOrHidden(value: unknown): value is number | null {
  return value === null || isCount(value);
}
