import { describe, expect, it } from 'vitest';
import type { CrossTabCell } from '$lib/api/breakdown';
import {
  axisKeys,
  heatColour,
  largestCell,
  parsePeriod,
  periodRange,
  toMatrix,
  wrapLabel,
} from './matrix';

function cell(row: string | null, column: string | null, participants: number): CrossTabCell {
  return { row, column, participants, attendances: participants * 2, registrations: 0, minutes: 0 };
}

const cells = [
  cell('government', '1', 30),
  cell('government', '2', 12),
  cell('media', '2', 5),
  cell('media', null, 2),
];

describe('axisKeys', () => {
  it('puts the preferred order first and keeps every key the cells have', () => {
    expect(axisKeys(cells, 'row', ['media'])).toEqual(['media', 'government']);
    expect(axisKeys(cells, 'column', ['2', '1'])).toEqual(['2', '1', null]);
  });
});

describe('toMatrix', () => {
  const rows = [
    { key: 'government', label: 'Government' },
    { key: 'media', label: 'Media' },
  ];
  const columns = [
    { key: '1', label: 'Open data' },
    { key: '2', label: 'Fiscal openness' },
    { key: null, label: 'No topic' },
  ];

  it('lays the chosen measure out on the axes, 0 where the API has no cell', () => {
    expect(toMatrix(cells, 'participants', rows, columns).values).toEqual([
      [30, 12, 0],
      [0, 5, 2],
    ]);
    expect(toMatrix(cells, 'attendances', rows, columns).values).toEqual([
      [60, 24, 0],
      [0, 10, 4],
    ]);
  });

  it('leaves out pairs outside the axes (e.g. countries beyond the top 20)', () => {
    expect(toMatrix(cells, 'participants', rows.slice(0, 1), columns).values).toEqual([
      [30, 12, 0],
    ]);
  });
});

describe('largestCell', () => {
  it('finds the largest value, the first one on a tie', () => {
    expect(
      largestCell([
        [1, 9],
        [9, 3],
      ]),
    ).toEqual({ row: 0, column: 1, value: 9 });
  });

  it('finds none in an empty or all-zero table', () => {
    expect(largestCell([])).toBeUndefined();
    expect(largestCell([[0, 0]])).toBeUndefined();
  });
});

describe('heatColour', () => {
  it('runs from near-white at 0 to the darkest shade at the maximum', () => {
    expect(heatColour(0, 10)).toBe('rgb(247, 250, 253)');
    expect(heatColour(10, 10)).toBe('rgb(110, 160, 215)');
    expect(heatColour(5, 0)).toBe(heatColour(0, 10));
  });

  it('keeps dark text readable (WCAG AA) on the darkest shade', () => {
    const luminance = (rgb: number[]) => {
      const [r, g, b] = rgb.map((c) => {
        const s = c / 255;
        return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    const text = luminance([0x1f, 0x29, 0x33]);
    const darkest = luminance([110, 160, 215]);
    expect((darkest + 0.05) / (text + 0.05)).toBeGreaterThan(4.5);
  });
});

describe('periodRange', () => {
  it('fills the years between the first and the last', () => {
    expect(periodRange(['2015', '2012', null])).toEqual(['2012', '2013', '2014', '2015']);
  });

  it('fills quarters across a year end', () => {
    expect(periodRange(['2013-Q4', '2013-Q2', '2014-Q2'])).toEqual([
      '2013-Q2',
      '2013-Q3',
      '2013-Q4',
      '2014-Q1',
      '2014-Q2',
    ]);
  });

  it('is empty without periods', () => {
    expect(periodRange([])).toEqual([]);
    expect(periodRange(['government'])).toEqual([]);
  });
});

describe('parsePeriod', () => {
  it('reads years and quarters and nothing else', () => {
    expect(parsePeriod('2014')).toEqual({ year: 2014 });
    expect(parsePeriod('2014-Q3')).toEqual({ year: 2014, quarter: 3 });
    expect(parsePeriod('2014-03')).toBeUndefined();
  });
});

describe('wrapLabel', () => {
  it('keeps short labels and breaks long ones at spaces', () => {
    expect(wrapLabel('Open data')).toBe('Open data');
    expect(wrapLabel('Natural resources and extractive industries', 20)).toEqual([
      'Natural resources',
      'and extractive',
      'industries',
    ]);
  });
});
