import i18next from 'i18next';
import { createContext } from 'svelte';
import { en, type MessageKey } from './en';
import { es } from './es';
import { defaultLocale, type Locale } from './locale';

export { en, es };
export type { MessageKey };
export * from './locale';

export const catalogues = { en, es } as const;

export interface I18n {
  locale: Locale;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  formatNumber: (value: number, options?: Intl.NumberFormatOptions) => string;
  formatPercent: (ratio: number, options?: Intl.NumberFormatOptions) => string;
  /** Formats a date or an ISO date (`2012-03-01`); dates are read and shown in UTC so a day never shifts. */
  formatDate: (value: Date | string, options?: Intl.DateTimeFormatOptions) => string;
}

const resources = {
  en: { translation: en },
  es: { translation: es },
};

/**
 * One i18next instance per call, never a shared global: during server rendering concurrent
 * requests in different languages would otherwise overwrite each other's language.
 */
export function createI18n(locale: Locale): I18n {
  const instance = i18next.createInstance();
  // Resources are in memory, so initialisation is synchronous and `t` is ready on return.
  void instance.init({
    lng: locale,
    fallbackLng: defaultLocale,
    resources,
    initAsync: false,
    // Svelte escapes what it renders; escaping here too would double-escape.
    interpolation: { escapeValue: false },
  });
  const numberFormat = new Intl.NumberFormat(locale);
  return {
    locale,
    t: (key, values) => instance.t(key, values ?? {}),
    formatNumber: (value, options) =>
      options ? new Intl.NumberFormat(locale, options).format(value) : numberFormat.format(value),
    formatPercent: (ratio, options) =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: 1,
        ...options,
      }).format(ratio),
    formatDate: (value, options) =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: options ? undefined : 'medium',
        ...options,
        timeZone: 'UTC',
      }).format(typeof value === 'string' ? new Date(value) : value),
  };
}

const [getI18n, setI18n] = createContext<I18n>();

/** Read the reader's language and formatters in any component below the root layout. */
export { getI18n, setI18n };
