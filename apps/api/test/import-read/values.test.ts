// Every date and duration form the exports write (see shared/import-formats.md).
import { describe, expect, it } from 'vitest';
import { digitsOnly, parseDuration, parseLocalDateTime } from '../../src/import/read/index.js';
import { sniffDelimiter, sniffEncoding } from '../../src/import/read/index.js';
import { IssueLog } from '../../src/import/types.js';
import { at } from './helpers.js';

describe('parseLocalDateTime', () => {
  it.each([
    ['Mar 22, 2025 19:13:27', null, at(2025, 3, 22, 19, 13, 27)],
    ['Mar 22, 2025 7:13 PM', null, at(2025, 3, 22, 19, 13, 0)],
    ['Mar 28, 2020 8:07 AM', null, at(2020, 3, 28, 8, 7, 0)],
    ['Mar 28, 2020 12:05 AM', null, at(2020, 3, 28, 0, 5, 0)],
    ['Mar 28, 2020 12:05 PM', null, at(2020, 3, 28, 12, 5, 0)],
    ['03/22/2025 07:13:27 PM', 'mdy', at(2025, 3, 22, 19, 13, 27)],
    ['08/09/2026 02:31:08 PM', 'mdy', at(2026, 8, 9, 14, 31, 8)],
    ['08/09/2026 02:31:08 PM', 'dmy', at(2026, 9, 8, 14, 31, 8)],
    ['11/26/25, 4:16:54 PM', 'mdy', at(2025, 11, 26, 16, 16, 54)],
    ['15/11/22, 09:30:17', 'dmy', at(2022, 11, 15, 9, 30, 17)],
    ['22/03/2025 19:13', 'dmy', at(2025, 3, 22, 19, 13, 0)],
    ['22.03.2025 19:13:27', 'dmy', at(2025, 3, 22, 19, 13, 27)],
    ['22 mar 2025 19:13:27', null, at(2025, 3, 22, 19, 13, 27)],
    ['mar. 22, 2025 19:13:27', null, at(2025, 3, 22, 19, 13, 27)],
    ['22 ene. 2025 7:05 p. m.', null, at(2025, 1, 22, 19, 5, 0)],
    ['3 abr 2025 08:00:00', null, at(2025, 4, 3, 8, 0, 0)],
    ['10 ago 2025 08:00', null, at(2025, 8, 10, 8, 0, 0)],
    ['1 set 2025 08:00', null, at(2025, 9, 1, 8, 0, 0)],
    ['5 dic 2025 23:59:59', null, at(2025, 12, 5, 23, 59, 59)],
    ['22 de marzo de 2025 19:13', null, at(2025, 3, 22, 19, 13, 0)],
    ['2025-03-22 19:13:27', null, at(2025, 3, 22, 19, 13, 27)],
    ['2025-03-22T19:13:27', null, at(2025, 3, 22, 19, 13, 27)],
    ['2025-03-22', null, at(2025, 3, 22)],
    ['2025-03-22T19:13:27.123Z', null, at(2025, 3, 22, 19, 13, 27)],
    ['2025-03-22T21:13:27+02:00', null, at(2025, 3, 22, 19, 13, 27)],
    ['Feb 29, 2024 10:00:00', null, at(2024, 2, 29, 10, 0, 0)],
  ] as const)('%s (%s)', (text, order, expected) => {
    expect(parseLocalDateTime(text, order)).toMatchObject({ ok: true, value: expected });
  });

  it('strips a GoTo zone abbreviation and names the IANA zone', () => {
    expect(parseLocalDateTime('Apr 03, 2025 04:58 PM CEST', null)).toEqual({
      ok: true,
      value: at(2025, 4, 3, 16, 58, 0),
      zone: 'Europe/Paris',
    });
    const zones = ['CET', 'EST', 'EDT', 'PST', 'PDT', 'GMT', 'UTC', 'BST', 'IST'].map(
      (abbreviation) => {
        const parsed = parseLocalDateTime(`Apr 03, 2025 04:58 PM ${abbreviation}`, null);
        return parsed.ok ? parsed.zone : null;
      },
    );
    expect(zones).toEqual([
      'Europe/Paris',
      'America/New_York',
      'America/New_York',
      'America/Los_Angeles',
      'America/Los_Angeles',
      'UTC',
      'UTC',
      'Europe/London',
      'Asia/Kolkata',
    ]);
    expect(parseLocalDateTime('Apr 03, 2025 04:58 PM XYZT', null)).toMatchObject({
      ok: true,
      zone: null,
    });
  });

  it.each([
    ['03/05/2025 10:00', null, 'day/month order unknown'],
    ['Feb 30, 2025 10:00', null, 'not a real date'],
    ['13/13/2025 10:00', 'dmy', 'not a real date'],
    ['Mar 22, 2025 25:00', null, 'not a real date'],
    ['Mar 22, 2025 13:00 PM', null, 'not a time of day'],
    ['Foo 22, 2025 10:00', null, 'unknown month name'],
    ['yesterday', null, 'not a date'],
    ['=cmd|"/c calc"!A1', null, 'not a date'],
  ] as const)('refuses %s', (text, order, reason) => {
    expect(parseLocalDateTime(text, order)).toEqual({ ok: false, reason });
  });
});

describe('parseDuration', () => {
  it.each([
    ['1h 2m 10s', 3730],
    ['55m', 3300],
    ['4m 46s', 286],
    ['30s', 30],
    ['45 mins', 2700],
    ['47 minutes', 2820],
    ['1 hour 5 minutes', 3900],
    ['2 hours', 7200],
    ['1 hour, 5 minutes', 3900],
    ['01:02:10', 3730],
    ['1:02:10', 3730],
    ['04:46', 286],
    ['62', 3720],
    [' 62 ', 3720],
    ['1.5', 90],
    ['1,5', 90],
    ['1 h 5 min', 3900],
    ['45 minutos', 2700],
    ['1 hora 5 minutos', 3900],
    ['1 hora y 5 minutos', 3900],
  ] as const)('%s → %i s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it('reads a bare number in the unit asked for', () => {
    expect(parseDuration('90', 'seconds')).toBe(90);
  });

  it.each(['', 'soon', '5 parsecs', '1:99:00', '12:75', '5m and then', 'h'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});

describe('small helpers', () => {
  it('keeps digits of platform ids', () => {
    expect(digitsOnly('812 3456 7890')).toBe('81234567890');
    expect(digitsOnly('328-972-509')).toBe('328972509');
    expect(digitsOnly('  81796405615')).toBe('81796405615');
    expect(digitsOnly('--')).toBeNull();
  });

  it('sniffs encodings from the first bytes', () => {
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe('utf16le');
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0x00, 0x41]))).toBe('utf16be');
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('utf8');
    expect(sniffEncoding(Buffer.from('Lucía', 'utf8'))).toBe('utf8');
    expect(sniffEncoding(Buffer.from([0x4c, 0x75, 0x63, 0xed, 0x61]))).toBe('win1252');
    // A character cut in half by the 64 KiB window is not a reason to fall back.
    expect(sniffEncoding(Buffer.from('Lucía', 'utf8').subarray(0, 4))).toBe('utf8');
    // UTF-16 whose byte-order mark was lost: a NUL beside each character gives it away (read as
    // UTF-8, every NUL would reach the database, which refuses them).
    expect(sniffEncoding(Buffer.from('Name\tEmail\r\n', 'utf16le'))).toBe('utf16le');
    expect(sniffEncoding(Buffer.from('Name\tEmail\r\n', 'utf16le').swap16())).toBe('utf16be');
    expect(sniffEncoding(Buffer.from('Name,Email\0,x\r\n', 'utf8'))).toBe('utf8');
  });

  it('sniffs delimiters outside quotes', () => {
    expect(sniffDelimiter('Attendee Report,\nName,Email\n"a, b",c\n')).toBe(',');
    expect(sniffDelimiter('Name;Email;Country\n"Pérez, Ana";ana@example.com;"Spain"\n')).toBe(';');
    expect(sniffDelimiter('1. Summary\nStart time\t3/5/25, 2:00:03 PM\nName\tEmail\n')).toBe('\t');
    expect(sniffDelimiter('"a;b;c","d"\n"e;f","g"\n')).toBe(',');
  });
});

describe('the issue log', () => {
  it('keeps the first issues in full and counts all of them and their rows', () => {
    const log = new IssueLog(2);
    for (let line = 1; line <= 5; line++) {
      log.push({ line, column: 'Join Time', value: 'x', reason: 'not a date' });
      log.push({ line, column: 'Leave Time', value: 'y', reason: 'not a date' });
    }
    expect(log.count).toBe(10);
    expect(log.rows).toBe(5);
    expect(log.kept).toHaveLength(2);
  });
});
