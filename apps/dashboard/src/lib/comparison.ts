import { ratioKeys, type TileKey } from '$lib/api/overview';
import type { I18n } from '$lib/i18n';

/** A headline figure in the reader's language: ratios as percentages, averages to one decimal. */
export function formatFigure(i18n: I18n, key: TileKey, value: number | null): string {
  // An average over nobody: a dash, not a made-up zero.
  if (value === null) return '—';
  if (ratioKeys.includes(key)) return i18n.formatPercent(value);
  if (key === 'averageAttendeesPerWebinar' || key === 'averageMinutes') {
    return i18n.formatNumber(value, { maximumFractionDigits: 1 });
  }
  return i18n.formatNumber(value);
}

export type Direction = 'up' | 'down' | 'same';

/**
 * How a figure moved since the earlier period, in words: counts and averages as a relative
 * change ("up 12.4 % from 1,069"), ratios in percentage points ("down 3.1 points from 61 %"),
 * since a relative change of a percentage reads as nonsense.
 */
export function describeChange(
  i18n: I18n,
  key: TileKey,
  now: number | null,
  before: number | null,
): { direction: Direction; text: string } | undefined {
  if (now === null) return undefined;
  if (before === null)
    return { direction: now > 0 ? 'up' : 'same', text: i18n.t('overview.comparison.noBase') };
  const beforeText = formatFigure(i18n, key, before);
  const isRatio = ratioKeys.includes(key);
  const delta = now - before;
  // Figures arrive rounded (ratios to 4 places): smaller differences are rounding, not change.
  if (Math.abs(delta) < (isRatio ? 0.0005 : 1e-9)) {
    return { direction: 'same', text: i18n.t('overview.comparison.same', { before: beforeText }) };
  }
  const direction: Direction = delta > 0 ? 'up' : 'down';
  let change: string;
  if (isRatio) {
    change = i18n.t('overview.comparison.points', {
      value: i18n.formatNumber(Math.abs(delta) * 100, {
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }),
    });
  } else if (before === 0) {
    return { direction, text: i18n.t('overview.comparison.noBase') };
  } else {
    change = i18n.formatPercent(Math.abs(delta) / before);
  }
  return {
    direction,
    text: i18n.t(`overview.comparison.${direction}`, { change, before: beforeText }),
  };
}
