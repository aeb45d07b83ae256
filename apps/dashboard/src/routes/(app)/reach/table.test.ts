import { describe, expect, it } from 'vitest';
import { nextSort, sortOf, sortRows, type CountryRow } from './table';

function row(code: string, name: string, participants: number, extra: Partial<CountryRow> = {}) {
  return {
    code,
    name,
    region: 'Latin America & Caribbean',
    incomeGroup: 'Upper middle income',
    participants,
    attendances: participants * 2,
    registrations: participants * 3,
    minutes: participants * 40,
    share: participants / 100,
    ...extra,
  } satisfies CountryRow;
}

const names = { region: (key: string) => key, incomeGroup: (key: string) => key };
const url = (query: string) => new URL(`http://localhost/reach${query}`);

describe('the sort in the URL', () => {
  it('defaults to the most participants first', () => {
    expect(sortOf(url(''))).toEqual({ key: 'participants', order: 'desc' });
    expect(sortOf(url('?sort=nonsense&order=asc'))).toEqual({ key: 'participants', order: 'desc' });
  });

  it('reads a column and a direction, names A to Z when no direction is given', () => {
    expect(sortOf(url('?sort=minutes&order=asc'))).toEqual({ key: 'minutes', order: 'asc' });
    expect(sortOf(url('?sort=country'))).toEqual({ key: 'country', order: 'asc' });
    expect(sortOf(url('?sort=attendances&order=up'))).toEqual({
      key: 'attendances',
      order: 'desc',
    });
  });

  it('turns the sorted column around and starts another in its natural direction', () => {
    expect(nextSort({ key: 'participants', order: 'desc' }, 'participants')).toEqual({
      key: 'participants',
      order: 'asc',
    });
    expect(nextSort({ key: 'participants', order: 'desc' }, 'country')).toEqual({
      key: 'country',
      order: 'asc',
    });
    expect(nextSort({ key: 'country', order: 'asc' }, 'minutes')).toEqual({
      key: 'minutes',
      order: 'desc',
    });
  });
});

describe('sorting the countries', () => {
  const rows = [
    row('MX', 'México', 242),
    row('PE', 'Perú', 120, { incomeGroup: null }),
    row('ES', 'España', 90, { region: 'Europe & Central Asia', incomeGroup: 'High income' }),
    row('EC', 'Ecuador', 90),
  ];
  const codes = (sorted: CountryRow[]) => sorted.map((r) => r.code);

  it('sorts figures both ways, ties by participants then name', () => {
    expect(codes(sortRows(rows, { key: 'participants', order: 'desc' }, 'es', names))).toEqual([
      'MX',
      'PE',
      'EC',
      'ES',
    ]);
    expect(codes(sortRows(rows, { key: 'minutes', order: 'asc' }, 'es', names))).toEqual([
      'EC',
      'ES',
      'PE',
      'MX',
    ]);
  });

  it("sorts names as the reader's language does, accents included", () => {
    expect(codes(sortRows(rows, { key: 'country', order: 'asc' }, 'es', names))).toEqual([
      'EC',
      'ES',
      'MX',
      'PE',
    ]);
    expect(codes(sortRows(rows, { key: 'country', order: 'desc' }, 'es', names))).toEqual([
      'PE',
      'MX',
      'ES',
      'EC',
    ]);
  });

  it('keeps unclassified countries last in either direction', () => {
    for (const order of ['asc', 'desc'] as const) {
      const sorted = sortRows(rows, { key: 'incomeGroup', order }, 'en', names);
      expect(sorted.at(-1)?.code).toBe('PE');
    }
  });

  it('does not change the list it is given', () => {
    const copy = [...rows];
    sortRows(rows, { key: 'country', order: 'asc' }, 'es', names);
    expect(rows).toEqual(copy);
  });
});
