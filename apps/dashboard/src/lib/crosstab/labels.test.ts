import { describe, expect, it } from 'vitest';
import type { Reference } from '$lib/api/reference';
import { createI18n } from '$lib/i18n';
import { measureOf } from './api';
import { keyLabel, languageName, periodLabel } from './labels';

const reference: Reference = {
  sectors: [],
  workingGroups: [
    { id: 2, code: 'fiscal', labelEn: 'Fiscal Openness', labelEs: 'Apertura fiscal' },
  ],
  topics: [
    {
      id: 3,
      code: 'open-data',
      workingGroupId: null,
      labelEn: 'Open data',
      labelEs: 'Datos abiertos',
    },
  ],
  series: [],
};

const en = createI18n('en');
const es = createI18n('es');

describe('keyLabel', () => {
  it('names sectors, topics and working groups in the reader language', () => {
    expect(keyLabel(en, reference, 'sector', 'civil_society')).toBe('Civil society');
    expect(keyLabel(es, reference, 'sector', 'civil_society')).toBe('Sociedad civil');
    expect(keyLabel(en, reference, 'topic', '3')).toBe('Open data');
    expect(keyLabel(es, reference, 'topic', '3')).toBe('Datos abiertos');
    expect(keyLabel(es, reference, 'working_group', '2')).toBe('Apertura fiscal');
  });

  it('names countries and World Bank regions', () => {
    expect(keyLabel(es, reference, 'country', 'MX')).toBe('México');
    expect(keyLabel(es, reference, 'region', 'Sub-Saharan Africa')).toBe('África subsahariana');
  });

  it('shows a key it cannot name as it is', () => {
    expect(keyLabel(en, reference, 'topic', '99')).toBe('99');
    expect(keyLabel(en, reference, 'sector', 'pirates')).toBe('pirates');
  });
});

describe('periodLabel', () => {
  it('labels quarters in the reader language and years as they are', () => {
    expect(periodLabel(en, '2014-Q3')).toBe('Q3 2014');
    expect(periodLabel(es, '2014-Q3')).toBe(es.t('period.quarter', { quarter: 3, year: 2014 }));
    expect(periodLabel(es, '2014')).toBe('2014');
  });
});

describe('languageName', () => {
  it('names a session language with a capital, in either language', () => {
    expect(languageName('en', 'es')).toBe('Spanish');
    expect(languageName('es', 'es')).toBe('Español');
    expect(languageName('es', 'en')).toBe('Inglés');
    expect(languageName('es', 'en', false)).toBe('inglés');
  });
});

describe('measureOf', () => {
  it('takes attendances when asked and participants otherwise', () => {
    expect(measureOf(new URL('http://x/audiences?measure=attendances'))).toBe('attendances');
    expect(measureOf(new URL('http://x/audiences?measure=minutes'))).toBe('participants');
    expect(measureOf(new URL('http://x/audiences'))).toBe('participants');
  });
});
