import type { Interval } from '$lib/api/overview';
import type { I18n } from '$lib/i18n';

/** Labels a bucket by its first day: `Mar 2012` / `mar 2012`, `Q1 2012` / `T1 2012`, `2012`. */
export function formatPeriod(i18n: I18n, period: string, interval: Interval): string {
  switch (interval) {
    case 'month':
      return i18n.formatDate(period, { month: 'short', year: 'numeric' });
    case 'quarter': {
      const date = new Date(period);
      return i18n.t('period.quarter', {
        quarter: Math.floor(date.getUTCMonth() / 3) + 1,
        year: date.getUTCFullYear(),
      });
    }
    case 'year':
      return i18n.formatDate(period, { year: 'numeric' });
  }
}

/**
 * An instant with date and time on the clocks of `timeZone` (UTC unless told), with the zone's
 * name, so server and browser render the same text wherever they are.
 */
export function formatDateTime(locale: string, value: string, timeZone = 'UTC'): string {
  const date = new Date(value);
  if (!Number.isFinite(date.getTime())) return value;
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat(locale, { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  return (
    new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: zone,
    }).format(date) + ` (${zone})`
  );
}
