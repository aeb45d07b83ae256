/** Suggestions for the time-zone field; any IANA name may be typed. */
export const commonTimeZones = [
  'UTC',
  'America/Argentina/Buenos_Aires',
  'America/Bogota',
  'America/Chicago',
  'America/Guatemala',
  'America/La_Paz',
  'America/Lima',
  'America/Los_Angeles',
  'America/Mexico_City',
  'America/New_York',
  'America/Santiago',
  'America/Sao_Paulo',
  'Africa/Cairo',
  'Africa/Johannesburg',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Asia/Dhaka',
  'Asia/Jakarta',
  'Asia/Kolkata',
  'Asia/Manila',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Europe/Berlin',
  'Europe/London',
  'Europe/Madrid',
  'Europe/Paris',
] as const;

/** Whether the browser (or Node) knows this IANA zone. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function wallClock(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(epochMs);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((part) => part.type === type)?.value);
  return Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
}

/** An instant as the `YYYY-MM-DDTHH:mm` of a `datetime-local` input, on the clocks of `timeZone`. */
export function toLocalInput(iso: string, timeZone: string): string {
  const epoch = new Date(iso).getTime();
  if (!Number.isFinite(epoch)) return '';
  const zone = isTimeZone(timeZone) ? timeZone : 'UTC';
  return new Date(wallClock(epoch, zone)).toISOString().slice(0, 16);
}

/**
 * The instant (ISO, UTC) at which the clocks of `timeZone` show `local` (`YYYY-MM-DDTHH:mm`).
 * `undefined` when either is not valid. Times skipped by a daylight-saving jump move forward.
 */
export function fromLocalInput(local: string, timeZone: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match || !isTimeZone(timeZone)) return undefined;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (epoch: number) => wallClock(epoch, timeZone) - epoch;
  const first = wall - offsetAt(wall);
  // Near a change of offset the first guess may sit on the other side of it.
  const second = wall - offsetAt(first);
  const matching = [first, second].filter((t) => wallClock(t, timeZone) === wall);
  // Repeated hour: the earlier instant. Skipped hour: the later one, i.e. moved forward.
  const instant = matching.length > 0 ? Math.min(...matching) : Math.max(first, second);
  return new Date(instant).toISOString();
}
