import { createTestDatabase } from '../src/testing.js';
import { describe, expect, it } from 'vitest';
import { countryClassification, syncCountryClassification } from '../src/index.js';

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

describe('the classification in the database', () => {
  it('is loaded at migration and kept in step with the shipped file', async () => {
    const database = await createTestDatabase();
    try {
      const db = database.db;
      const count = async () =>
        (
          await db
            .selectFrom('country_classification')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n;
      expect(await count()).toBe(217);
      expect(
        await db
          .selectFrom('country_classification')
          .selectAll()
          .where('iso2', '=', 'NA')
          .executeTakeFirst(),
      ).toMatchObject({
        region: 'Sub-Saharan Africa',
        income_group: 'Lower middle income',
      });
      // As if last year's file had been loaded: a changed row and a row no longer listed.
      await db
        .updateTable('country_classification')
        .set({ income_group: 'Low income' })
        .where('iso2', '=', 'NA')
        .execute();
      await db
        .insertInto('country_classification')
        .values({
          iso2: 'ZZ',
          iso3: 'ZZZ',
          name: 'Gone',
          region: 'Nowhere',
          income_group: null,
          fiscal_year: 'FY2025',
        })
        .execute();
      await syncCountryClassification(db);
      expect(await count()).toBe(217);
      const namibia = await db
        .selectFrom('country_classification')
        .select('income_group')
        .where('iso2', '=', 'NA')
        .executeTakeFirstOrThrow();
      expect(namibia.income_group).toBe('Lower middle income');
    } finally {
      await database.close();
    }
  });
});
