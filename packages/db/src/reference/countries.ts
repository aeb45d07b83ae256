import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export interface CountryClassification {
  /** ISO 3166-1 alpha-2; the Channel Islands (no ISO code) are left out. */
  iso2: string;
  iso3: string;
  /** The World Bank's name, e.g. "Korea, Rep.". For display use Intl.DisplayNames on iso2. */
  name: string;
  region: string;
  /** Null for economies the World Bank leaves unclassified (e.g. Venezuela, RB). */
  incomeGroup: string | null;
  fiscalYear: string;
}

const CLASSIFICATION_FILE = new URL('../../data/wb-country-classification.csv', import.meta.url);

let cached: CountryClassification[] | undefined;

/**
 * The World Bank country classification shipped in packages/db/data. Read as plain strings:
 * Namibia's code is "NA", which careless readers turn into a missing value.
 */
export function countryClassification(): CountryClassification[] {
  cached ??= parse<Record<string, string>>(readFileSync(CLASSIFICATION_FILE, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  })
    .filter((row) => row.iso2)
    .map((row) => ({
      iso2: row.iso2!,
      iso3: row.iso3!,
      name: row.name!,
      region: row.region!,
      incomeGroup: row.income_group || null,
      fiscalYear: row.fiscal_year!,
    }));
  return cached;
}
