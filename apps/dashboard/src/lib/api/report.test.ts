import { describe, expect, it } from 'vitest';
import { reportParams } from './report';

describe('the report’s parameters', () => {
  it('keeps the period and scope, repeated keys included, and leaves out the other pages’ filters', () => {
    const url = new URL(
      'http://x/report?lang=es&country=AR&from=2014-01-01&to=2015-01-01&series=2&region=South+Asia&region=North+America&sector=media&topic=&tz=America%2FBogota',
    );
    expect(reportParams(url).toString()).toBe(
      'from=2014-01-01&to=2015-01-01&tz=America%2FBogota&series=2&region=South+Asia&region=North+America',
    );
  });

  it('is empty for the whole programme', () => {
    expect(reportParams(new URL('http://x/report?lang=en')).toString()).toBe('');
  });
});
