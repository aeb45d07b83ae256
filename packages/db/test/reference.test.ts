import { describe, expect, it } from 'vitest';
import { countryClassification } from '../src/index.js';

describe('the World Bank country classification', () => {
  const rows = countryClassification();

  it('has the 217 economies with an ISO code, Namibia included', () => {
    expect(rows).toHaveLength(217);
    expect(rows.find((r) => r.iso3 === 'NAM')).toMatchObject({
      iso2: 'NA',
      region: 'Sub-Saharan Africa',
    });
    expect(new Set(rows.map((r) => r.iso2)).size).toBe(217);
  });

  it('keeps unclassified economies as such', () => {
    expect(rows.find((r) => r.iso2 === 'VE')?.incomeGroup).toBeNull();
    expect(rows.find((r) => r.iso2 === 'ET')?.incomeGroup).toBeNull();
    // 87 high-income economies in the source, less the Channel Islands, which have no ISO code.
    expect(rows.filter((r) => r.incomeGroup === 'High income')).toHaveLength(86);
  });
});
