import { describe, expect, it } from 'vitest';
import {
  apiPath,
  clearedHref,
  comparisonOf,
  filterParams,
  hasFilters,
  hrefWith,
  rangeYear,
  yearRange,
} from './filters';

const page = (search: string) => new URL(`http://localhost/reach${search}`);

describe('filters in the URL', () => {
  it('passes the filters to the API under their own names, repeats included, and nothing else', () => {
    const url = page('?lang=es&topic=3&topic=4&from=2014-01-01&to=2015-01-01&interval=year&x=1');
    expect(filterParams(url).toString()).toBe('from=2014-01-01&to=2015-01-01&topic=3&topic=4');
    expect(apiPath('/api/breakdown/country', url, { limit: 10, offset: undefined })).toBe(
      '/api/breakdown/country?from=2014-01-01&to=2015-01-01&topic=3&topic=4&limit=10',
    );
    expect(apiPath('/api/overview', page('?lang=en'))).toBe('/api/overview');
  });

  it('drops empty values a submitted form leaves behind', () => {
    const url = page('?topic=&country=MX&sector=');
    expect(filterParams(url).toString()).toBe('country=MX');
    expect(hasFilters(page('?topic=&tz=UTC'))).toBe(false);
    expect(hasFilters(url)).toBe(true);
  });

  it('changes one key and keeps the language and the other filters', () => {
    const url = page('?lang=es&topic=3&country=MX');
    expect(hrefWith(url, { country: null })).toBe('/reach?lang=es&topic=3');
    expect(hrefWith(url, { topic: ['1', '2'] }, '/topics')).toBe(
      '/topics?lang=es&country=MX&topic=1&topic=2',
    );
    expect(clearedHref(page('?lang=es&topic=3&compare=year&interval=month'))).toBe(
      '/reach?lang=es&interval=month',
    );
  });

  it('reads a comparison only when it is one the API knows', () => {
    expect(comparisonOf(page('?compare=year'))).toBe('year');
    expect(comparisonOf(page('?compare=decade'))).toBeUndefined();
  });

  it('recognises a calendar year range', () => {
    expect(yearRange(2014)).toEqual({ from: '2014-01-01', to: '2015-01-01' });
    expect(rangeYear(page('?from=2014-01-01&to=2015-01-01'))).toBe(2014);
    expect(rangeYear(page('?from=2014-01-01&to=2014-07-01'))).toBeUndefined();
  });
});
