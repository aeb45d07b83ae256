import { describe, expect, it } from 'vitest';
import { fromLocalInput, isTimeZone, toLocalInput } from './time-zones';

describe('time zones', () => {
  it('knows IANA names', () => {
    expect(isTimeZone('America/Bogota')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('reads a wall-clock time on the clocks of a zone', () => {
    expect(fromLocalInput('2025-03-22T19:00', 'America/New_York')).toBe('2025-03-22T23:00:00.000Z');
    expect(fromLocalInput('2025-01-10T19:00', 'America/New_York')).toBe('2025-01-11T00:00:00.000Z');
    // Just after midnight in Madrid is still the previous day in UTC.
    expect(fromLocalInput('2025-07-01T00:30', 'Europe/Madrid')).toBe('2025-06-30T22:30:00.000Z');
    expect(fromLocalInput('2025-07-01T00:30', 'Nowhere/Else')).toBeUndefined();
    expect(fromLocalInput('2025-07-01', 'UTC')).toBeUndefined();
  });

  it('moves a time skipped by daylight saving forward, and round-trips the rest', () => {
    // 02:30 does not exist in New York on 9 March 2025.
    expect(fromLocalInput('2025-03-09T02:30', 'America/New_York')).toBe('2025-03-09T07:30:00.000Z');
    // 01:30 happens twice in New York on 2 November 2025: the first (daylight) one is taken.
    expect(fromLocalInput('2025-11-02T01:30', 'America/New_York')).toBe('2025-11-02T05:30:00.000Z');
    for (const local of ['2025-03-08T23:15', '2025-11-02T12:00', '2024-02-29T08:05']) {
      const instant = fromLocalInput(local, 'America/New_York')!;
      expect(toLocalInput(instant, 'America/New_York')).toBe(local);
    }
  });

  it('shows an instant as a datetime-local value in a zone', () => {
    expect(toLocalInput('2015-10-27T14:00:00Z', 'America/Bogota')).toBe('2015-10-27T09:00');
    expect(toLocalInput('2015-10-27T14:00:00Z', 'Bad/Zone')).toBe('2015-10-27T14:00');
  });
});
