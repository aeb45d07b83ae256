import { describe, expect, it } from 'vitest';
import { createCountryMatcher, foldKey } from '../../src/import/countries.js';
import { findSectorQuestion, sectorFromAnswer } from '../../src/import/sectors.js';

describe('country matching', () => {
  const matcher = createCountryMatcher();
  it.each([
    ['United States of America', 'US'],
    ['USA', 'US'],
    ['Estados Unidos', 'US'],
    ['EE. UU.', 'US'],
    ['Hong Kong, China', 'HK'],
    ['Hong Kong', 'HK'],
    ["Côte d'Ivoire", 'CI'],
    ['Côte d’Ivoire', 'CI'],
    ['Korea, Republic of', 'KR'],
    ['Korea, Rep.', 'KR'],
    ['Corea del Sur', 'KR'],
    ['México', 'MX'],
    ['Mexico', 'MX'],
    ['España', 'ES'],
    ['Spain', 'ES'],
    ['Namibia', 'NA'],
    ['NA', 'NA'],
    ['nam', 'NA'],
    ['Egypt, Arab Rep.', 'EG'],
    ['Türkiye', 'TR'],
    ['  Argentina ', 'AR'],
    ['Perú', 'PE'],
    ['Brasil', 'BR'],
    ['Alemania', 'DE'],
    ['Kosovo', 'XK'],
  ])('%s → %s', (text, code) => {
    expect(matcher.match(text)).toBe(code);
  });

  it('says it does not know rather than guessing', () => {
    expect(matcher.match('Atlantis')).toBeNull();
    expect(matcher.match('')).toBeNull();
    expect(matcher.match('ZZ')).toBeNull();
  });

  it('uses the names a manager mapped before', () => {
    const remembered = new Map([[foldKey('Republica Oriental'), 'UY']]);
    expect(createCountryMatcher(remembered).match('República Oriental')).toBe('UY');
  });
});

describe('sectors from a registration question', () => {
  it('finds the question', () => {
    expect(findSectorQuestion(['Job title', 'Organisation type'])).toBe('Organisation type');
    expect(findSectorQuestion(['Tipo de organización'])).toBe('Tipo de organización');
    expect(findSectorQuestion(['Job title'])).toBeNull();
  });

  it.each([
    ['NGO', 'civil_society'],
    ['Civil society', 'civil_society'],
    ['Sociedad civil', 'civil_society'],
    ['Ministry of Finance', 'government'],
    ['Ministerio de Hacienda', 'government'],
    ['Government', 'government'],
    ['Research, academia', 'academia'],
    ['Universidad', 'academia'],
    ['Student', 'academia'],
    ['Media', 'media'],
    ['Periodista', 'media'],
    ['Private sector', 'private_sector'],
    ['Empresa privada', 'private_sector'],
    ['World Bank', 'international_organisation'],
    ['Organismo internacional', 'international_organisation'],
    ['Other', 'other'],
    ['Something else entirely', 'unknown'],
    ['', 'unknown'],
  ])('%s → %s', (answer, sector) => {
    expect(sectorFromAnswer(answer)).toBe(sector);
  });

  it("lets a manager's mapping override the rules", () => {
    const remembered = new Map([[foldKey('State university'), 'academia' as const]]);
    expect(sectorFromAnswer('State University', remembered)).toBe('academia');
    expect(sectorFromAnswer('State agency')).toBe('government');
  });
});
