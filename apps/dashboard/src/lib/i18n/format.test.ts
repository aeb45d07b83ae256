import { describe, expect, it } from 'vitest';
import { formatPeriod } from '$lib/format';
import { createI18n } from './index';

describe('createI18n', () => {
  const en = createI18n('en');
  const es = createI18n('es');

  it('formats numbers differently in en and es', () => {
    expect(en.formatNumber(4731)).toBe('4,731');
    expect(es.formatNumber(4731)).toBe(new Intl.NumberFormat('es').format(4731));
    expect(es.formatNumber(4731)).not.toBe(en.formatNumber(4731));
  });

  it('translates and interpolates in its own language', () => {
    expect(en.t('sector.civil_society')).toBe('Civil society');
    expect(es.t('sector.civil_society')).toBe('Sociedad civil');
    expect(es.t('app.pageTitle', { page: es.t('overview.title') })).toBe('Resumen — Ripple');
  });

  it('keeps instances independent, as concurrent requests need', () => {
    expect(en.t('nav.overview')).toBe('Overview');
    expect(es.t('nav.overview')).toBe('Resumen');
    expect(en.t('nav.overview')).toBe('Overview');
  });

  it('does not shift ISO dates across the UTC day boundary', () => {
    expect(formatPeriod(en, '2012-03-01', 'month')).toBe(
      new Intl.DateTimeFormat('en', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
        Date.UTC(2012, 2, 1),
      ),
    );
    expect(formatPeriod(es, '2012-10-01', 'quarter')).toBe('T4 2012');
    expect(formatPeriod(en, '2012-01-01', 'year')).toBe('2012');
  });

  it('formats percentages for the locale', () => {
    expect(en.formatPercent(0.25)).toBe('25%');
    expect(es.formatPercent(0.25)).toBe(
      new Intl.NumberFormat('es', { style: 'percent' }).format(0.25),
    );
  });
});
