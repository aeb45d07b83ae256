import { DateTime, IANAZone } from 'luxon';
import type { LocalDateTime } from './types.js';

export function isIanaZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * Converts the zone-less wall times of an export to UTC instants in one IANA zone. A zone's
 * offset only changes on the hour boundaries of its transitions, so it is computed once per
 * local hour with Luxon and reused: a million join times cost a few thousand Luxon calls.
 */
export function utcConverter(zone: string): (local: LocalDateTime) => Date {
  if (!isIanaZone(zone)) throw new RangeError(`Unknown time zone "${zone}"`);
  const offsets = new Map<number, number>();
  return (t) => {
    const hourKey = ((t.year * 13 + t.month) * 32 + t.day) * 24 + t.hour;
    let offsetMinutes = offsets.get(hourKey);
    if (offsetMinutes === undefined) {
      offsetMinutes = DateTime.fromObject(
        { year: t.year, month: t.month, day: t.day, hour: t.hour, minute: 30 },
        { zone },
      ).offset;
      offsets.set(hourKey, offsetMinutes);
    }
    return new Date(
      Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000,
    );
  };
}
