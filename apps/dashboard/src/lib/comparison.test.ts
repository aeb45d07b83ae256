import { describe, expect, it } from 'vitest';
import { createI18n } from '$lib/i18n';
import { describeChange, formatFigure } from './comparison';

const en = createI18n('en');
const es = createI18n('es');

describe('comparison with an earlier period', () => {
  it('gives counts a relative change with the earlier figure', () => {
    expect(describeChange(en, 'uniqueParticipants', 1165, 953)).toEqual({
      direction: 'up',
      text: 'up 22.2% from 953',
    });
    expect(describeChange(en, 'webinarsHeld', 9, 12)?.text).toBe('down 25% from 12');
  });

  it('gives ratios a change in percentage points, never a percentage of a percentage', () => {
    expect(describeChange(en, 'returningShare', 0.224, 0.0997)).toEqual({
      direction: 'up',
      text: 'up 12.4 points from 10%',
    });
  });

  it('says when nothing changed and when there was nothing before', () => {
    expect(describeChange(en, 'countries', 88, 88)?.direction).toBe('same');
    expect(describeChange(en, 'attendanceRate', 0.6133, 0.6131)?.direction).toBe('same');
    expect(describeChange(en, 'attendances', 40, 0)).toEqual({
      direction: 'up',
      text: 'none before',
    });
  });

  it('shows an average over nobody as a dash and does not compare it', () => {
    expect(formatFigure(en, 'averageMinutes', null)).toBe('—');
    expect(describeChange(en, 'averageMinutes', null, 40)).toBeUndefined();
    expect(describeChange(en, 'averageMinutes', 40, null)?.text).toBe('none before');
  });

  it('speaks Spanish with Spanish numbers', () => {
    expect(describeChange(es, 'attendances', 1342, 1069)?.text).toBe('sube 25,5\u00a0% desde 1069');
    expect(formatFigure(es, 'averageMinutes', 44.75)).toBe('44,8');
    expect(formatFigure(es, 'attendanceRate', 0.6133)).toBe('61,3\u00a0%');
  });
});
