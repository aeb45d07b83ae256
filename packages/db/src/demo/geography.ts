import { COUNTRIES, type RegionCode } from './countries.js';
import { WeightedTable, type Rng } from './random.js';

export type DemoLanguage = 'en' | 'es';

// How strongly each country is represented, by session language. Invented, but shaped like
// the programme's audience: English sessions draw broadly, Spanish ones from Latin America.
// Every other country keeps a small weight, which gives the long tail of 100+ countries.
const ENGLISH_WEIGHTS: Record<string, number> = {
  US: 9,
  GB: 5,
  IN: 6,
  KE: 5,
  NG: 5,
  PH: 4,
  ID: 4,
  ZA: 3.5,
  GH: 3,
  CA: 3,
  PK: 2,
  BD: 2,
  UG: 2,
  TZ: 2,
  AU: 1.5,
  BR: 1.5,
  UA: 1.2,
  FR: 1,
  DE: 1,
  NL: 1,
  GE: 1,
  MW: 1,
  ZM: 1,
  LR: 1,
  SL: 1,
  RW: 1,
  ET: 1,
  TN: 1,
  MA: 1,
  JO: 1,
  LK: 1,
  NP: 1,
  MX: 1,
  AM: 0.8,
  MN: 0.8,
  KR: 0.8,
  IT: 0.8,
  SE: 0.8,
  NO: 0.8,
  CM: 0.8,
  JM: 0.6,
  NZ: 0.6,
  IE: 0.6,
  BE: 0.6,
};
const ENGLISH_TAIL = 0.015;

const SPANISH_WEIGHTS: Record<string, number> = {
  MX: 14,
  CO: 10,
  AR: 8,
  PE: 8,
  CL: 6,
  ES: 6,
  GT: 5,
  CR: 5,
  UY: 5,
  PY: 4,
  DO: 4,
  EC: 4,
  HN: 3,
  SV: 3,
  BO: 3,
  PA: 3,
  VE: 2,
  NI: 1,
  US: 1.5,
  BR: 1,
  GQ: 0.3,
};
const SPANISH_LAC_TAIL = 0.3;
const SPANISH_TAIL = 0.005;

export type NamePool =
  | 'hispanic'
  | 'lusophone'
  | 'anglo'
  | 'european'
  | 'african'
  | 'southasian'
  | 'eastasian'
  | 'arabic';

const LUSOPHONE = new Set(['BR', 'PT', 'AO', 'MZ', 'CV', 'GW', 'ST', 'TL']);
const ANGLO = new Set(['US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'JM', 'TT', 'BS', 'BB', 'GY', 'BZ']);
const HISPANIC_OUTSIDE_LAC = new Set(['ES', 'GQ']);
const REGION_POOL: Record<RegionCode, NamePool> = {
  EAP: 'eastasian',
  ECA: 'european',
  LAC: 'hispanic',
  MNA: 'arabic',
  NAM: 'anglo',
  SAR: 'southasian',
  SSA: 'african',
};

export function namePoolOf(iso2: string, region: RegionCode): NamePool {
  if (LUSOPHONE.has(iso2)) return 'lusophone';
  if (ANGLO.has(iso2)) return 'anglo';
  if (HISPANIC_OUTSIDE_LAC.has(iso2)) return 'hispanic';
  if (iso2 === 'PK' || iso2 === 'AF') return 'southasian';
  return REGION_POOL[region];
}

export const COUNTRY_CODES: readonly string[] = COUNTRIES.map(([iso2]) => iso2);
export const COUNTRY_POOLS: readonly NamePool[] = COUNTRIES.map(([iso2, region]) =>
  namePoolOf(iso2, region),
);

function englishWeight(iso2: string): number {
  return ENGLISH_WEIGHTS[iso2] ?? ENGLISH_TAIL;
}

function spanishWeight(iso2: string, region: RegionCode): number {
  return SPANISH_WEIGHTS[iso2] ?? (region === 'LAC' ? SPANISH_LAC_TAIL : SPANISH_TAIL);
}

const COUNTRY_TABLES: Record<DemoLanguage, WeightedTable> = {
  en: new WeightedTable(COUNTRIES.map(([iso2]) => englishWeight(iso2))),
  es: new WeightedTable(COUNTRIES.map(([iso2, region]) => spanishWeight(iso2, region))),
};

/** Index into COUNTRY_CODES of a participant's country, given their language. */
export function drawCountry(rng: Rng, language: DemoLanguage): number {
  return COUNTRY_TABLES[language].draw(rng);
}

/** Countries a webinar might feature as a case study: the well-represented ones. */
export const CASE_STUDY_COUNTRIES: Record<DemoLanguage, readonly string[]> = {
  en: Object.keys(ENGLISH_WEIGHTS).filter((iso2) => (ENGLISH_WEIGHTS[iso2] ?? 0) >= 1),
  es: Object.keys(SPANISH_WEIGHTS).filter((iso2) => (SPANISH_WEIGHTS[iso2] ?? 0) >= 3),
};
