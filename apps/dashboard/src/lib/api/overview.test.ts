import { describe, expect, it } from 'vitest';
import { isOverview } from './overview';

const figures = {
  webinarsHeld: 12,
  speakers: 29,
  uniqueParticipants: 1165,
  attendances: 1342,
  countries: 103,
  sectors: 7,
  registrations: 2188,
  attendanceRate: 0.6133,
  averageAttendeesPerWebinar: 111.83,
  averageMinutes: 43,
  returningShare: 0.224,
  newParticipants: 973,
};
const bySector = [{ sector: 'government', participants: 423 }];

describe('the overview answer', () => {
  it('is read with and without a comparison (the API sends null when there is none)', () => {
    expect(isOverview({ ...figures, bySector, comparison: null })).toBe(true);
    expect(
      isOverview({
        ...figures,
        bySector,
        comparison: { from: '2012-01-02', to: '2013-01-01', figures },
      }),
    ).toBe(true);
  });

  it('is read when nothing matches: averages and ratios over nobody are null', () => {
    const empty = { ...figures, attendances: 0, averageMinutes: null, attendanceRate: null };
    expect(isOverview({ ...empty, bySector: [], comparison: null })).toBe(true);
    expect(isOverview({ ...figures, webinarsHeld: null, bySector, comparison: null })).toBe(false);
  });

  it('is refused when a figure is missing or a sector unknown', () => {
    expect(isOverview({ ...figures, countries: undefined, bySector, comparison: null })).toBe(
      false,
    );
    expect(
      isOverview({
        ...figures,
        bySector: [{ sector: 'aliens', participants: 1 }],
        comparison: null,
      }),
    ).toBe(false);
  });

  it("is read as a funder receives it, hidden figures named in 'suppressed'", () => {
    const body = {
      ...figures,
      uniqueParticipants: null,
      newParticipants: null,
      suppressed: { uniqueParticipants: 'small', newParticipants: 'withheld' },
      bySector: [{ sector: 'media', participants: null, suppressed: 'small' }, ...bySector],
      comparison: null,
      minCellSize: 5,
    };
    expect(isOverview(body)).toBe(true);
    // A count hidden without its reason in the map is refused.
    expect(isOverview({ ...body, suppressed: { uniqueParticipants: 'small' } })).toBe(false);
    expect(isOverview({ ...body, bySector: [{ sector: 'media', participants: null }] })).toBe(
      false,
    );
  });
});
