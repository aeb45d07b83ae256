import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { parse } from 'csv-parse/sync';
import type { Database } from '../schema.js';

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

/**
 * Makes the country_classification table match the shipped file: rows added, changed and
 * removed in one statement per kind. Run after migrating, at every start (217 rows: a few ms).
 */
export async function syncCountryClassification(db: Kysely<Database>): Promise<void> {
  const rows = countryClassification();
  const col = <T>(pick: (r: CountryClassification) => T) => rows.map(pick);
  await db.transaction().execute(async (trx) => {
    await sql`
      insert into country_classification (iso2, iso3, name, region, income_group, fiscal_year)
      select * from unnest(${col((r) => r.iso2)}::text[], ${col((r) => r.iso3)}::text[],
                           ${col((r) => r.name)}::text[], ${col((r) => r.region)}::text[],
                           ${col((r) => r.incomeGroup)}::text[], ${col((r) => r.fiscalYear)}::text[])
      on conflict (iso2) do update set
        iso3 = excluded.iso3, name = excluded.name, region = excluded.region,
        income_group = excluded.income_group, fiscal_year = excluded.fiscal_year
      where (country_classification.iso3, country_classification.name, country_classification.region,
             country_classification.income_group, country_classification.fiscal_year)
        is distinct from (excluded.iso3, excluded.name, excluded.region, excluded.income_group,
                          excluded.fiscal_year)
    `.execute(trx);
    await trx
      .deleteFrom('country_classification')
      .where(
        'iso2',
        'not in',
        col((r) => r.iso2),
      )
      .execute();
  });
}

export interface CountryListing {
  countries: { code: string; region: string; incomeGroup: string | null }[];
  regions: string[];
  incomeGroups: string[];
  /** The World Bank fiscal year of the classification, e.g. "FY2026". */
  fiscalYear: string | null;
}

/**
 * The classification as the database holds it (what the region and income-group filters
 * match against), with the distinct regions and income groups, for filter pickers.
 */
export async function listCountryClassification(db: Kysely<Database>): Promise<CountryListing> {
  const rows = await db
    .selectFrom('country_classification')
    .select(['iso2', 'region', 'income_group', 'fiscal_year'])
    .orderBy('iso2')
    .execute();
  const distinct = (values: (string | null)[]) =>
    [...new Set(values.filter((v): v is string => v !== null))].sort();
  return {
    countries: rows.map((r) => ({ code: r.iso2, region: r.region, incomeGroup: r.income_group })),
    regions: distinct(rows.map((r) => r.region)),
    incomeGroups: distinct(rows.map((r) => r.income_group)),
    fiscalYear: rows[0]?.fiscal_year ?? null,
  };
}
