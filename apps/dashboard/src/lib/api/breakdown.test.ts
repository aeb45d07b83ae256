import { describe, expect, it } from 'vitest';
import { isBreakdown } from './breakdown';

const measures = { participants: 3, attendances: 4, registrations: 6, minutes: 120 };

describe('the breakdown answer', () => {
  it('is read with a "not known" row, whose key is null', () => {
    const body = {
      dimension: 'country',
      total: measures,
      totalRows: 2,
      rows: [
        { key: 'MX', label: null, ...measures, share: 0.6667 },
        { key: null, label: null, ...measures, share: 0.3333 },
      ],
    };
    expect(isBreakdown(body)).toBe(true);
    expect(isBreakdown({ ...body, rows: [{ key: 'MX', label: null, share: 1 }] })).toBe(false);
  });
});
