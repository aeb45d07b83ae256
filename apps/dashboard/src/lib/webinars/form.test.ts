import { describe, expect, it } from 'vitest';
import type { WebinarDetail } from '$lib/api/webinars';
import { emptyWebinarForm, speakersBody, webinarBody, webinarToForm } from './form';
import { pageSearch, webinarListQuery } from './list';

const detail: WebinarDetail = {
  id: 7,
  title: 'Open budgets',
  description: null,
  startsAt: '2025-03-22T23:00:00Z',
  durationMinutes: 90,
  timezone: 'America/New_York',
  language: 'en',
  seriesId: 1,
  workingGroupId: null,
  topicIds: [3, 1],
  status: 'held',
  platform: 'zoom',
  platformId: '81234567890',
  speakers: [],
};

describe('webinar form', () => {
  it('shows the start on the clocks of the webinar zone and sends it back unchanged', () => {
    const form = webinarToForm(detail);
    expect(form.startsLocal).toBe('2025-03-22T19:00');
    expect(form.durationMinutes).toBe('90');
    const made = webinarBody(form, 'update');
    expect(made).toEqual({
      body: {
        title: 'Open budgets',
        description: null,
        startsAt: '2025-03-22T23:00:00.000Z',
        timezone: 'America/New_York',
        durationMinutes: 90,
        language: 'en',
        seriesId: 1,
        workingGroupId: null,
        topicIds: [1, 3],
        status: 'held',
        platform: 'zoom',
        platformId: '81234567890',
      },
    });
  });

  it('leaves empty fields to the server on creation', () => {
    const form = {
      ...emptyWebinarForm('Europe/Madrid'),
      title: ' New ',
      startsLocal: '2026-01-15T16:00',
    };
    expect(webinarBody(form, 'create')).toEqual({
      body: {
        title: 'New',
        startsAt: '2026-01-15T15:00:00.000Z',
        timezone: 'Europe/Madrid',
        language: 'en',
      },
    });
  });

  it('reports a missing start or a bad duration before sending', () => {
    expect(webinarBody(emptyWebinarForm('UTC'), 'create')).toEqual({
      problem: { field: 'startsLocal', reason: 'invalidStart' },
    });
    const form = { ...webinarToForm(detail), durationMinutes: '1.5' };
    expect(webinarBody(form, 'update')).toEqual({
      problem: { field: 'durationMinutes', reason: 'invalidDuration' },
    });
  });

  it('sends an unknown zone as typed, for the server to name it', () => {
    const form = { ...webinarToForm(detail), timezone: 'Mars/Base' };
    const made = webinarBody(form, 'update');
    expect('body' in made && made.body.timezone).toBe('Mars/Base');
  });
});

describe('speakersBody', () => {
  it('trims, turns blanks into null and drops empty rows', () => {
    expect(
      speakersBody([
        {
          key: 1,
          name: ' Ana ',
          email: '',
          organisation: ' Fundar ',
          country: 'MX',
          sector: 'civil_society',
          role: 'panelist',
        },
        {
          key: 2,
          name: '',
          email: ' ',
          organisation: '',
          country: '',
          sector: 'unknown',
          role: 'presenter',
        },
      ]),
    ).toEqual([
      {
        name: 'Ana',
        email: null,
        organisation: 'Fundar',
        country: 'MX',
        sector: 'civil_society',
        role: 'panelist',
      },
    ]);
  });
});

describe('webinar list URL', () => {
  it('reads search and page from the URL, defaulting bad pages to 1', () => {
    expect(webinarListQuery(new URLSearchParams('q=budget&page=3'))).toEqual({
      q: 'budget',
      page: 3,
      apiQuery: 'limit=25&offset=50&q=budget',
    });
    expect(webinarListQuery(new URLSearchParams('page=-2')).page).toBe(1);
    expect(webinarListQuery(new URLSearchParams('page=abc')).apiQuery).toBe('limit=25&offset=0');
  });

  it('writes page links without page 1', () => {
    expect(pageSearch('', 1)).toBe('');
    expect(pageSearch('a&b', 2)).toBe('?q=a%26b&page=2');
  });
});
