import { describe, expect, it } from 'vitest';
import { byCountryName, countryName, incomeGroupName, regionName } from './countries';

describe('country names', () => {
  it('names ISO codes in the reader language, Namibia included', () => {
    expect(countryName('en', 'MX')).toBe('Mexico');
    expect(countryName('es', 'MX')).toBe('México');
    expect(countryName('en', 'NA')).toBe('Namibia');
    expect(countryName('es', 'DE')).toBe('Alemania');
  });

  it('shows an unknown or malformed code as it is, never throws', () => {
    expect(countryName('en', 'XX')).toBe('XX');
    expect(countryName('en', '??')).toBe('??');
    expect(countryName('en', null)).toBe('');
  });

  it('sorts by the name in the reader language', () => {
    const codes = ['DE', 'AR', 'ES'];
    // English: Argentina, Germany, Spain; Spanish: Alemania, Argentina, España.
    expect(byCountryName('en', codes, (c) => c)).toEqual(['AR', 'DE', 'ES']);
    expect(byCountryName('es', codes, (c) => c)).toEqual(['DE', 'AR', 'ES']);
  });
});

describe('World Bank names', () => {
  it('translates regions and income groups to Spanish and keeps unknown ones', () => {
    expect(regionName('es', 'Sub-Saharan Africa')).toBe('África subsahariana');
    expect(regionName('en', 'Sub-Saharan Africa')).toBe('Sub-Saharan Africa');
    expect(incomeGroupName('es', 'Low income')).toBe('Ingreso bajo');
    expect(regionName('es', 'A region of next year')).toBe('A region of next year');
  });
});
