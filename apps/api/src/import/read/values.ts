// Cell values as the exports write them: dates in a dozen shapes, durations in words or clocks,
// placeholders for "nothing". Every parser here matches fixed patterns against the cell; cell
// text is only ever data (never a pattern, never code).
import type { LocalDateTime } from '../types.js';

export type DateOrder = 'dmy' | 'mdy';

/** `--` (Zoom's no-show mark) and blank cells mean "no value" in every format. */
export function clean(value: string | undefined): string | null {
  if (value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '--') return null;
  return trimmed;
}

export function cleanEmail(value: string | undefined): string | null {
  const text = clean(value);
  return text === null ? null : text.toLowerCase();
}

/** Platform ids are written with spaces or dashes for reading aloud ("812 3456 7890"). */
export function digitsOnly(value: string | undefined): string | null {
  const digits = (value ?? '').replace(/\D/g, '');
  return digits === '' ? null : digits;
}

/** Header cells compare case-insensitively, ignoring surrounding and doubled spaces. */
export function normaliseHeader(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}

// --- Dates -------------------------------------------------------------------------------------

// Keyed by the first three letters (accents stripped), so "March", "marzo", "mar." and "Mär"
// variants that Zoom's Spanish localisation writes all land on the same month.
const MONTHS: Record<string, number> = {
  jan: 1,
  ene: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  abr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  ago: 8,
  sep: 9,
  set: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  dic: 12,
};

function monthFromName(word: string): number | null {
  const plain = word
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  if (plain.length < 3 || plain.length > 10) return null;
  return MONTHS[plain.slice(0, 3)] ?? null;
}

// Zone abbreviations GoTo appends to its times; the IANA zone is what the pipeline can use.
// Where an abbreviation covers several zones (IST, CST) we pick the one our users meet most.
const ZONES: Record<string, string> = {
  UTC: 'UTC',
  GMT: 'UTC',
  Z: 'UTC',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  SGT: 'Asia/Singapore',
  HKT: 'Asia/Hong_Kong',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  ART: 'America/Argentina/Buenos_Aires',
  BRT: 'America/Sao_Paulo',
  EAT: 'Africa/Nairobi',
  WAT: 'Africa/Lagos',
  CAT: 'Africa/Maputo',
  SAST: 'Africa/Johannesburg',
};

export function zoneFromAbbreviation(abbreviation: string): string | null {
  return ZONES[abbreviation.toUpperCase()] ?? null;
}

const TIME = String.raw`(?:[,\s]+(?:a las\s+)?(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([aApP]\.?\s?[mM]\.?)?)?`;
// Upper-case abbreviations only ("CEST"), or a GMT/UTC offset ("GMT+2").
const ZONE = String.raw`(?:\s+([A-Z]{2,5}|(?:UTC|GMT)[+-]\d{1,2}))?`;
const ISO = new RegExp(
  String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$`,
  'i',
);
const MONTH_FIRST = new RegExp(
  String.raw`^([A-Za-zÀ-ÿ]+)\.?\s+(\d{1,2}),?\s+(\d{4})` + TIME + ZONE + '$',
);
const DAY_FIRST_NAME = new RegExp(
  String.raw`^(\d{1,2})(?:\s+de)?[\s-]+([A-Za-zÀ-ÿ]+)\.?(?:\s+de)?[\s-]+(\d{4})` +
    TIME +
    ZONE +
    '$',
);
const NUMERIC = new RegExp(
  String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})` + TIME + ZONE + '$',
);

export type DateResult =
  /** `zone`: the IANA zone when the text named one ("CEST"), else null. */
  { ok: true; value: LocalDateTime; zone: string | null } | { ok: false; reason: string };

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
): LocalDateTime | null {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // Day 0 of the next month is the last day of this one (leap years included).
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) return null;
  return { year, month, day, hour, minute, second };
}

function clock(
  hourText: string | undefined,
  minuteText: string | undefined,
  secondText: string | undefined,
  meridiem: string | undefined,
): [number, number, number] | null {
  if (hourText === undefined) return [0, 0, 0];
  let hour = Number(hourText);
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return null;
    const pm = meridiem.toLowerCase().startsWith('p');
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  return [hour, Number(minuteText), Number(secondText ?? '0')];
}

function zoneOf(text: string | undefined): string | null {
  if (text === undefined) return null;
  const offset = /^(?:UTC|GMT)([+-])(\d{1,2})$/.exec(text);
  // IANA's Etc zones count the other way round: GMT+2 is Etc/GMT-2.
  if (offset !== null) return `Etc/GMT${offset[1] === '+' ? '-' : '+'}${Number(offset[2])}`;
  // An abbreviation we cannot map is still stripped; the caller then asks for the zone.
  return zoneFromAbbreviation(text);
}

/** Day/month fields of a numeric date such as `03/05/25`, for inferring the file's order. */
export function numericDateFields(text: string): [number, number] | null {
  const match = NUMERIC.exec(text.trim());
  if (match === null) return null;
  return [Number(match[1]), Number(match[2])];
}

/**
 * Reads every date form the exports use into a zone-less wall time. `order` settles numeric
 * day/month forms; without it such a date is refused rather than guessed.
 */
export function parseLocalDateTime(text: string, order: DateOrder | null): DateResult {
  const value = text.trim().replace(/\s+/g, ' ');
  let match = ISO.exec(value);
  if (match !== null) {
    const [, y, mo, d, h, mi, s, offset] = match;
    let result = build(
      Number(y),
      Number(mo),
      Number(d),
      Number(h ?? 0),
      Number(mi ?? 0),
      Number(s ?? 0),
    );
    if (result === null) return { ok: false, reason: 'not a real date' };
    if (offset === undefined) return { ok: true, value: result, zone: null };
    // An explicit offset (KoboToolbox writes UTC) is turned into UTC wall time.
    const minutes = offsetMinutes(offset);
    if (minutes !== 0) result = shift(result, -minutes);
    return { ok: true, value: result, zone: 'UTC' };
  }
  match = MONTH_FIRST.exec(value);
  if (match !== null) {
    const [, name, d, y, h, mi, s, ampm, zoneText] = match;
    return finish(monthFromName(name ?? ''), Number(d), Number(y), h, mi, s, ampm, zoneText);
  }
  match = DAY_FIRST_NAME.exec(value);
  if (match !== null) {
    const [, d, name, y, h, mi, s, ampm, zoneText] = match;
    return finish(monthFromName(name ?? ''), Number(d), Number(y), h, mi, s, ampm, zoneText);
  }
  match = NUMERIC.exec(value);
  if (match !== null) {
    const [, a, b, y, h, mi, s, ampm, zoneText] = match;
    if (order === null) return { ok: false, reason: 'day/month order unknown' };
    const [day, month] = order === 'dmy' ? [Number(a), Number(b)] : [Number(b), Number(a)];
    // Two-digit years (Teams) are this century's.
    const year = (y ?? '').length === 2 ? 2000 + Number(y) : Number(y);
    return finish(month, day, year, h, mi, s, ampm, zoneText);
  }
  return { ok: false, reason: 'not a date' };
}

function finish(
  month: number | null,
  day: number,
  year: number,
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  ampm: string | undefined,
  zoneText: string | undefined,
): DateResult {
  if (month === null) return { ok: false, reason: 'unknown month name' };
  const time = clock(h, mi, s, ampm);
  if (time === null) return { ok: false, reason: 'not a time of day' };
  const value = build(year, month, day, ...time);
  if (value === null) return { ok: false, reason: 'not a real date' };
  return { ok: true, value, zone: zoneOf(zoneText) };
}

function offsetMinutes(offset: string): number {
  if (offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function shift(value: LocalDateTime, minutes: number): LocalDateTime {
  const date = new Date(
    Date.UTC(
      value.year,
      value.month - 1,
      value.day,
      value.hour,
      value.minute + minutes,
      value.second,
    ),
  );
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
  };
}

/** `2025-03-22 19:13:27`, the form .xlsx date cells are turned into before parsing. */
export function formatLocalDateTime(value: LocalDateTime): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return (
    `${String(value.year).padStart(4, '0')}-${pad(value.month)}-${pad(value.day)} ` +
    `${pad(value.hour)}:${pad(value.minute)}:${pad(value.second)}`
  );
}

// --- Durations ---------------------------------------------------------------------------------

const UNIT_SECONDS: Record<string, number> = {
  h: 3600,
  hr: 3600,
  hrs: 3600,
  hour: 3600,
  hours: 3600,
  hora: 3600,
  horas: 3600,
  m: 60,
  min: 60,
  mins: 60,
  minute: 60,
  minutes: 60,
  minuto: 60,
  minutos: 60,
  s: 1,
  sec: 1,
  secs: 1,
  second: 1,
  seconds: 1,
  segundo: 1,
  segundos: 1,
};

const PLAIN_NUMBER = /^\d+(?:[.,]\d+)?$/;
const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{2})$/;
// One "<number> <unit>" part; parts may be joined by spaces, commas, "and" or "y".
const PART = /(\d+(?:[.,]\d+)?)\s*([a-z]+)\.?(?:\s*,)?\s*(?:(?:and|y)\s+)?/y;

/**
 * Time in session in seconds. A bare number is in `plainUnit` (Zoom's columns are minutes);
 * returns null for text that is not a duration.
 */
export function parseDuration(
  text: string,
  plainUnit: 'minutes' | 'seconds' = 'minutes',
): number | null {
  const value = text.trim().toLowerCase();
  if (value === '') return null;
  if (PLAIN_NUMBER.test(value)) {
    const number = Number(value.replace(',', '.'));
    return Math.round(plainUnit === 'minutes' ? number * 60 : number);
  }
  const clockMatch = CLOCK.exec(value);
  if (clockMatch !== null) {
    const [, hours, minutes, seconds] = clockMatch;
    if (Number(seconds) > 59 || (hours !== undefined && Number(minutes) > 59)) return null;
    return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
  }
  let total = 0;
  let position = 0;
  PART.lastIndex = 0;
  while (position < value.length) {
    PART.lastIndex = position;
    const part = PART.exec(value);
    if (part === null) return null;
    const unit = UNIT_SECONDS[part[2] ?? ''];
    if (unit === undefined) return null;
    total += Number((part[1] ?? '0').replace(',', '.')) * unit;
    position = PART.lastIndex;
  }
  return Math.round(total);
}
