import { describe, expect, it } from 'vitest';
import { countryCodes, countryOptions } from './countries';

describe('countryOptions', () => {
  it('lists every ISO code once, upper case', () => {
    expect(new Set(countryCodes).size).toBe(countryCodes.length);
    expect(countryCodes.length).toBe(250);
    for (const code of countryCodes) expect(code).toMatch(/^[A-Z]{2}$/);
    expect(countryCodes).toContain('NA');
  });

  it('names countries in the reader language and sorts by that name', () => {
    for (const locale of ['en', 'es']) {
      const options = countryOptions(locale);
      const collator = new Intl.Collator(locale);
      const names = options.map((option) => option.name);
      expect(names).toEqual([...names].sort(collator.compare));
    }
    const es = countryOptions('es');
    expect(es.find((option) => option.code === 'DE')?.name).toBe('Alemania');
    expect(countryOptions('en').find((option) => option.code === 'DE')?.name).toBe('Germany');
    // Spanish order puts Alemania before Zambia but Japón (J) after Italia (I).
    const index = (code: string) => es.findIndex((option) => option.code === code);
    expect(index('DE')).toBeLessThan(index('ZM'));
    expect(index('IT')).toBeLessThan(index('JP'));
  });
});
