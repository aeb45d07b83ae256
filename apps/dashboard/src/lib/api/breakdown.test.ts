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

  it("is read as a funder receives it: hidden rows' measures null, marked, with minCellSize", () => {
    const hidden = {
      participants: null,
      attendances: null,
      registrations: null,
      minutes: null,
      share: null,
    };
    const body = {
      dimension: 'country',
      total: measures,
      totalRows: 3,
      rows: [
        { key: 'MX', label: null, ...measures, share: 0.6 },
        { key: 'BZ', label: null, ...hidden, suppressed: 'small' },
        { key: 'GT', label: null, ...hidden, suppressed: 'withheld' },
        // Registered but nobody attended: a few registrations hidden on a shown row.
        { key: 'HN', label: null, ...measures, participants: 0, registrations: null, share: 0 },
      ],
      minCellSize: 5,
    };
    expect(isBreakdown(body)).toBe(true);
    // A null count with no reason, an unknown reason, or a k that is no count: refused.
    const [shown, small] = [body.rows[0]!, body.rows[1]!];
    expect(isBreakdown({ ...body, rows: [{ ...shown, participants: null }] })).toBe(false);
    expect(isBreakdown({ ...body, rows: [{ ...small, suppressed: 'tiny' }] })).toBe(false);
    expect(isBreakdown({ ...body, rows: [{ ...shown, share: null }] })).toBe(false);
    expect(isBreakdown({ ...body, minCellSize: '5' })).toBe(false);
  });
});
