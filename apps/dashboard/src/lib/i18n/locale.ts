export const locales = ['en', 'es'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'en';
/** Name of the query parameter and of the cookie that carry an explicit choice of language. */
export const localeParam = 'lang';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export interface LocaleSources {
  query?: string | null;
  cookie?: string | null;
  acceptLanguage?: string | null;
}

/**
 * Picks the language for one request: an explicit `?lang=` wins (it is what the reader just
 * clicked), then the remembered `lang` cookie, then the browser's preferences, then English.
 */
export function negotiateLocale({ query, cookie, acceptLanguage }: LocaleSources): Locale {
  if (isLocale(query)) return query;
  if (isLocale(cookie)) return cookie;
  return fromAcceptLanguage(acceptLanguage) ?? defaultLocale;
}

/** Best supported language in an `Accept-Language` header, honouring q-values; `es-MX` counts as `es`. */
export function fromAcceptLanguage(header: string | null | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return {
        language: tag.trim().toLowerCase().split('-')[0],
        q: Number.isFinite(q) ? q : 0,
        index,
      };
    })
    .filter((range) => range.q > 0)
    // Stable on equal q so the header's own order breaks ties.
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranges.map((range) => range.language).find(isLocale);
}
