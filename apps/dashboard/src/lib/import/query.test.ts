import { describe, expect, it } from 'vitest';
import { emptyImportOptions, guessMapping, importQuery, mappingJson } from './query';

describe('importQuery', () => {
  it('sends the time zone, dry run and strict flags, leaving empty answers out', () => {
    const params = new URLSearchParams(importQuery(emptyImportOptions('America/New_York'), true));
    expect([...params]).toEqual([
      ['timeZone', 'America/New_York'],
      ['dryRun', 'true'],
      ['strict', 'false'],
    ]);
  });

  it('sends every answer, topics as repeated parameters in order and without duplicates', () => {
    const query = importQuery(
      {
        ...emptyImportOptions(' Europe/Madrid '),
        webinarId: 12,
        dateOrder: 'dmy',
        strict: true,
        language: ' ES ',
        seriesId: 2,
        workingGroupId: 3,
        topicIds: [9, 4, 9],
        mapping: { 'Full name': 'name', Mail: 'email' },
      },
      false,
    );
    const params = new URLSearchParams(query);
    expect(params.get('timeZone')).toBe('Europe/Madrid');
    expect(params.get('webinarId')).toBe('12');
    expect(params.get('dateOrder')).toBe('dmy');
    expect(params.get('dryRun')).toBe('false');
    expect(params.get('strict')).toBe('true');
    expect(params.get('language')).toBe('es');
    expect(params.get('seriesId')).toBe('2');
    expect(params.get('workingGroupId')).toBe('3');
    expect(params.getAll('topicIds')).toEqual(['4', '9']);
    expect(JSON.parse(params.get('mapping')!)).toEqual({ 'Full name': 'name', Mail: 'email' });
    // Characters of headers survive the query string.
    expect(query).not.toContain('{');
  });
});

describe('mappingJson', () => {
  it('keeps answered headers only, and is undefined when nothing is answered', () => {
    expect(mappingJson({})).toBeUndefined();
    expect(mappingJson({ A: '' })).toBeUndefined();
    expect(mappingJson({ 'E-mail "work"': 'email', B: '', C: 'ignore' })).toBe(
      '{"E-mail \\"work\\"":"email","C":"ignore"}',
    );
  });

  it('drops values that are not fields', () => {
    expect(mappingJson({ A: 'nonsense' as never, B: 'country' })).toBe('{"B":"country"}');
  });
});

describe('guessMapping', () => {
  it('guesses common headers once each, ignoring the rest', () => {
    expect(
      guessMapping(['Nombre', 'Apellido', 'Correo', 'País', 'Joined at', 'Notes', 'E-mail 2']),
    ).toEqual({
      Nombre: 'first_name',
      Apellido: 'last_name',
      Correo: 'email',
      País: 'country',
      'Joined at': 'join_at',
      Notes: 'ignore',
      'E-mail 2': 'ignore',
    });
    expect(guessMapping(['Full Name'])).toEqual({ 'Full Name': 'name' });
  });
});
