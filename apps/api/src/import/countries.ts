import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { countryClassification, foldKey } from '@ripple/db';

export { foldKey };

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json') as countries.LocaleData);
countries.registerLocale(require('i18n-iso-countries/langs/es.json') as countries.LocaleData);

// What exports write that neither the ISO names nor the World Bank's cover. Spanish aliases in
// i18n-iso-countries are thin, so the common Spanish forms are here too.
const BUILT_IN_ALIASES: Record<string, string> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  'united states of america': 'US',
  'estados unidos': 'US',
  'estados unidos de america': 'US',
  'ee uu': 'US',
  eeuu: 'US',
  eua: 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'reino unido': 'GB',
  'hong kong': 'HK',
  'hong kong china': 'HK',
  'hong kong sar': 'HK',
  'hong kong sar china': 'HK',
  macau: 'MO',
  'macao china': 'MO',
  'korea republic of': 'KR',
  'republic of korea': 'KR',
  'south korea': 'KR',
  korea: 'KR',
  'corea del sur': 'KR',
  'republica de corea': 'KR',
  'north korea': 'KP',
  'corea del norte': 'KP',
  'cote d ivoire': 'CI',
  'ivory coast': 'CI',
  'costa de marfil': 'CI',
  russia: 'RU',
  rusia: 'RU',
  vietnam: 'VN',
  'viet nam': 'VN',
  iran: 'IR',
  syria: 'SY',
  laos: 'LA',
  bolivia: 'BO',
  venezuela: 'VE',
  tanzania: 'TZ',
  moldova: 'MD',
  palestine: 'PS',
  palestina: 'PS',
  'state of palestine': 'PS',
  taiwan: 'TW',
  turkey: 'TR',
  turquia: 'TR',
  turkiye: 'TR',
  'czech republic': 'CZ',
  'republica checa': 'CZ',
  chequia: 'CZ',
  kosovo: 'XK',
  'cape verde': 'CV',
  'cabo verde': 'CV',
  swaziland: 'SZ',
  eswatini: 'SZ',
  burma: 'MM',
  myanmar: 'MM',
  drc: 'CD',
  'dr congo': 'CD',
  'democratic republic of the congo': 'CD',
  'republica democratica del congo': 'CD',
  'republic of the congo': 'CG',
  'republica del congo': 'CG',
  'the netherlands': 'NL',
  holland: 'NL',
  'paises bajos': 'NL',
  holanda: 'NL',
  'the gambia': 'GM',
  'the bahamas': 'BS',
  micronesia: 'FM',
  'north macedonia': 'MK',
  macedonia: 'MK',
  'macedonia del norte': 'MK',
  'timor leste': 'TL',
  'east timor': 'TL',
  'vatican city': 'VA',
  'republica dominicana': 'DO',
  'dominican republic': 'DO',
  'puerto rico': 'PR',
  brasil: 'BR',
  mexico: 'MX',
  peru: 'PE',
  panama: 'PA',
  haiti: 'HT',
  belice: 'BZ',
  'trinidad y tobago': 'TT',
  'emiratos arabes unidos': 'AE',
  uae: 'AE',
  'arabia saudita': 'SA',
  'arabia saudi': 'SA',
};

let baseAliases: Map<string, string> | undefined;

/** Built-in aliases plus every World Bank economy name ("Korea, Rep.", "Egypt, Arab Rep."). */
function builtInAliases(): Map<string, string> {
  if (!baseAliases) {
    baseAliases = new Map(Object.entries(BUILT_IN_ALIASES));
    for (const row of countryClassification()) {
      if (!baseAliases.has(foldKey(row.name))) baseAliases.set(foldKey(row.name), row.iso2);
    }
  }
  return baseAliases;
}

export interface CountryMatcher {
  /** The ISO alpha-2 code for a country as written in an export, or null when unknown. */
  match: (text: string) => string | null;
}

/**
 * Maps free-text countries to ISO 3166-1 alpha-2: codes (alpha-2, alpha-3), the manager's own
 * remembered aliases (`remembered`, keyed by foldKey), built-in aliases and World Bank names,
 * then the ISO names in English and Spanish, accent-insensitive.
 */
export function createCountryMatcher(
  remembered: ReadonlyMap<string, string> = new Map(),
): CountryMatcher {
  const aliases = builtInAliases();
  const cache = new Map<string, string | null>();
  return {
    match: (text: string): string | null => {
      const trimmed = text.trim();
      if (!trimmed) return null;
      const cached = cache.get(trimmed);
      if (cached !== undefined) return cached;
      const found = lookup(trimmed, remembered, aliases);
      cache.set(trimmed, found);
      return found;
    },
  };
}

function lookup(
  text: string,
  remembered: ReadonlyMap<string, string>,
  aliases: ReadonlyMap<string, string>,
): string | null {
  if (/^[A-Za-z]{2}$/.test(text)) {
    const code = text.toUpperCase();
    if (countries.isValid(code) || code === 'XK') return code;
  }
  if (/^[A-Za-z]{3}$/.test(text)) {
    const code = countries.alpha3ToAlpha2(text.toUpperCase());
    if (code) return code;
  }
  const key = foldKey(text);
  const known = remembered.get(key) ?? aliases.get(key);
  if (known) return known;
  for (const lang of ['en', 'es']) {
    const code = countries.getAlpha2Code(text, lang) ?? countries.getSimpleAlpha2Code(text, lang);
    if (code) return code;
  }
  return null;
}
