import { describe, expect, it } from 'vitest';
import { fromAcceptLanguage, negotiateLocale } from './locale';

describe('negotiateLocale', () => {
  it('prefers the query parameter over everything else', () => {
    expect(negotiateLocale({ query: 'es', cookie: 'en', acceptLanguage: 'en-GB' })).toBe('es');
  });

  it('falls back to the cookie when the query is absent or unsupported', () => {
    expect(negotiateLocale({ query: null, cookie: 'es', acceptLanguage: 'en' })).toBe('es');
    expect(negotiateLocale({ query: 'fr', cookie: 'es', acceptLanguage: 'en' })).toBe('es');
  });

  it('then uses Accept-Language', () => {
    expect(negotiateLocale({ cookie: 'xx', acceptLanguage: 'es-MX,es;q=0.9,en;q=0.8' })).toBe('es');
    expect(negotiateLocale({ acceptLanguage: 'fr-FR, en;q=0.5, es;q=0.4' })).toBe('en');
  });

  it('defaults to English', () => {
    expect(negotiateLocale({})).toBe('en');
    expect(negotiateLocale({ query: '', cookie: '', acceptLanguage: 'fr, de;q=0.8' })).toBe('en');
  });
});

describe('fromAcceptLanguage', () => {
  it('orders by q-value, keeping header order on ties', () => {
    expect(fromAcceptLanguage('en;q=0.3, es;q=0.7')).toBe('es');
    expect(fromAcceptLanguage('es, en')).toBe('es');
    expect(fromAcceptLanguage('EN-us, es')).toBe('en');
  });

  it('ignores refused languages, wildcards and malformed q-values', () => {
    expect(fromAcceptLanguage('es;q=0, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('*')).toBeUndefined();
    expect(fromAcceptLanguage('es;q=abc, en;q=0.2')).toBe('en');
    expect(fromAcceptLanguage('')).toBeUndefined();
  });
});
