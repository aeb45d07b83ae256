import { getJson, isCount, isRecord } from './client';
import { isReference, type Reference } from './reference';

/** `GET /api/reference/countries`: the World Bank classification the region filters match. */
export interface CountryListing {
  countries: { code: string; region: string; incomeGroup: string | null }[];
  regions: string[];
  incomeGroups: string[];
  fiscalYear: string | null;
}

/** What the filter bar offers: reference lists, countries and the years that have webinars. */
export interface FilterOptions extends CountryListing {
  reference: Reference;
  years: number[];
}

export function isCountryListing(body: unknown): body is CountryListing {
  return (
    isRecord(body) &&
    Array.isArray(body.countries) &&
    body.countries.every(
      (row: unknown) =>
        isRecord(row) && typeof row.code === 'string' && typeof row.region === 'string',
    ) &&
    Array.isArray(body.regions) &&
    Array.isArray(body.incomeGroups)
  );
}

function isYearBreakdown(body: unknown): body is { rows: { key: string }[] } {
  return (
    isRecord(body) &&
    Array.isArray(body.rows) &&
    body.rows.every((row: unknown) => isRecord(row) && typeof row.key === 'string')
  );
}

type Fetch = typeof fetch;

/** Loaded by every analytics page beside its own figures (all answered from the API's cache). */
export async function loadFilterOptions(fetch: Fetch): Promise<FilterOptions> {
  const [reference, countries, years] = await Promise.all([
    getJson(fetch, '/api/reference', isReference),
    getJson(fetch, '/api/reference/countries', isCountryListing),
    getJson(fetch, '/api/breakdown/year?sort=key&order=asc&limit=100', isYearBreakdown),
  ]);
  return {
    reference,
    ...countries,
    years: years.rows.map((row) => Number(row.key.slice(0, 4))).filter(isCount),
  };
}
