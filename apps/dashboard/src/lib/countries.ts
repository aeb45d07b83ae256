/**
 * Country, region and income-group names in the reader's language. Countries are stored as
 * ISO 3166-1 alpha-2 codes and named by the runtime (Intl.DisplayNames, CLDR data), so every
 * language the dashboard gains names them without a list of our own.
 */
const displayNames = new Map<string, Intl.DisplayNames>();

export function countryName(locale: string, code: string | null | undefined): string {
  if (!code) return '';
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    displayNames.set(locale, names);
  }
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    // Not a well-formed region code: show what is stored rather than fail the page.
    return code;
  }
}

/** Sorted by name in the reader's language (accents and case as the language sorts them). */
export function byCountryName<T>(locale: string, rows: T[], code: (row: T) => string): T[] {
  const collator = new Intl.Collator(locale);
  return [...rows].sort((a, b) =>
    collator.compare(countryName(locale, code(a)), countryName(locale, code(b))),
  );
}

// The World Bank publishes its classification in English only; these are the names its
// Spanish-language site uses (datos.bancomundial.org), keyed by the English name we store.
const regionNamesEs: Record<string, string> = {
  'East Asia & Pacific': 'Asia oriental y el Pacífico',
  'Europe & Central Asia': 'Europa y Asia central',
  'Latin America & Caribbean': 'América Latina y el Caribe',
  'Middle East, North Africa, Afghanistan & Pakistan':
    'Oriente Medio, Norte de África, Afganistán y Pakistán',
  'North America': 'América del Norte',
  'South Asia': 'Asia meridional',
  'Sub-Saharan Africa': 'África subsahariana',
};

const incomeGroupNamesEs: Record<string, string> = {
  'High income': 'Ingreso alto',
  'Upper middle income': 'Ingreso mediano alto',
  'Lower middle income': 'Ingreso mediano bajo',
  'Low income': 'Ingreso bajo',
};

/** A region's name in the reader's language; unknown names (a future file's) as they are. */
export function regionName(locale: string, region: string): string {
  return (locale === 'es' && regionNamesEs[region]) || region;
}

export function incomeGroupName(locale: string, group: string): string {
  return (locale === 'es' && incomeGroupNamesEs[group]) || group;
}

/** Income groups from poorest to richest, the order a reader expects them in. */
export const incomeGroupOrder = [
  'Low income',
  'Lower middle income',
  'Upper middle income',
  'High income',
];
