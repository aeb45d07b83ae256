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
