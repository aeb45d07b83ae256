// Microsoft Teams, Webex and GoTo Webinar exports (invented people).
import { describe, expect, it } from 'vitest';
import { detectFormat, openExport } from '../../src/import/read/index.js';
import { ExportReadError } from '../../src/import/types.js';
import { at, collect, textSource, tsv } from './helpers.js';

const teamsSummary = (start: string) => [
  ['1. Summary'],
  ['Meeting title', 'Open Parliaments, session 2'],
  ['Attended participants', '2'],
  ['Start time', start],
  ['Meeting duration', '1h 5m'],
  [''],
];

describe('Teams attendance report', () => {
  it('infers day-first from a day above 12 (en-GB, UTF-16BE) and prefers In-Meeting Activities', async () => {
    const text = tsv(
      ...teamsSummary('15/11/22, 09:30:17'),
      ['2. Participants'],
      [
        'Name',
        'First join',
        'Last leave',
        'In-meeting duration',
        'Email',
        'Participant ID (UPN)',
        'Role',
      ],
      [
        'Olu Ade',
        '15/11/22, 09:30:17',
        '15/11/22, 10:35:00',
        '1h 4m 43s',
        'olu@example.org',
        'olu@example.org',
        'Organizer',
      ],
      [
        'Mia Roy',
        '15/11/22, 09:31:00',
        '15/11/22, 10:30:00',
        '55m',
        'mia@example.com',
        'mia@example.com',
        'Presenter',
      ],
      [
        'Eli Sá',
        '15/11/22, 09:40:00',
        '15/11/22, 10:20:00',
        '40m',
        'eli@example.com',
        'eli@example.com',
        'Attendee',
      ],
      [''],
      ['3. In-Meeting activities'],
      ['Name', 'Join time', 'Leave time', 'Duration', 'Email', 'Role'],
      [
        'Olu Ade',
        '15/11/22, 09:30:17',
        '15/11/22, 10:35:00',
        '1h 4m 43s',
        'olu@example.org',
        'Organizer',
      ],
      [
        'Mia Roy',
        '15/11/22, 09:31:00',
        '15/11/22, 10:30:00',
        '55m',
        'mia@example.com',
        'Presenter',
      ],
      [
        'Eli Sá',
        '15/11/22, 09:40:00',
        '15/11/22, 09:44:46',
        '4m 46s',
        'eli@example.com',
        'Attendee',
      ],
      ['Eli Sá', '15/11/22, 09:50:00', '15/11/22, 09:50:30', '30s', 'eli@example.com', 'Attendee'],
      [
        'Eli Sá',
        '15/11/22, 10:00:00',
        '15/11/22, 10:20:00',
        '00:20:00',
        'eli@example.com',
        'Attendee',
      ],
    );
    const source = textSource(text, 'utf16be');
    expect(await detectFormat(source, 'x.csv')).toEqual({
      format: 'teams-attendance',
      confidence: 'certain',
    });
    const opened = await openExport(source, 'x.csv');
    expect(opened.metadata).toMatchObject({
      title: 'Open Parliaments, session 2',
      dateOrder: 'dmy',
      startsAt: at(2022, 11, 15, 9, 30, 17),
      durationMinutes: 65,
    });
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.name, row.seconds])).toEqual([
      ['organiser', 'Olu Ade', 3883],
      ['presenter', 'Mia Roy', 3300],
      ['attendee', 'Eli Sá', 286],
      ['attendee', 'Eli Sá', 30],
      ['attendee', 'Eli Sá', 1200],
    ]);
    expect(rows[2]?.leaveAt).toEqual(at(2022, 11, 15, 9, 44, 46));
  });

  it('infers month-first from a second field above 12 (en-US, UTF-16LE) and reads Participants when alone', async () => {
    const text = tsv(
      ...teamsSummary('11/26/25, 4:16:54 PM'),
      ['2. Participants'],
      [
        'Name',
        'First Join',
        'Last Leave',
        'In-Meeting Duration',
        'Email',
        'Participant ID (UPN)',
        'Role',
      ],
      [
        'Olu Ade',
        '11/26/25, 4:16:54 PM',
        '11/26/25, 5:00:00 PM',
        '43m 6s',
        'olu@example.org',
        'olu@example.org',
        'Organizer',
      ],
      ['Ng, Bao', '11/26/25, 4:20:00 PM', '11/26/25, 4:50:00 PM', '30m', '', '', 'Attendee'],
    );
    const opened = await openExport(textSource(text, 'utf16le'), 'x.csv');
    expect(opened.metadata).toMatchObject({
      dateOrder: 'mdy',
      startsAt: at(2025, 11, 26, 16, 16, 54),
    });
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.name, row.email, row.joinAt, row.seconds])).toEqual([
      ['organiser', 'Olu Ade', 'olu@example.org', at(2025, 11, 26, 16, 16, 54), 2586],
      ['attendee', 'Ng, Bao', null, at(2025, 11, 26, 16, 20, 0), 1800],
    ]);
  });

  it('asks when no date settles the order, and follows the answer', async () => {
    const text = tsv(
      ...teamsSummary('3/5/25, 2:00:03 PM'),
      ['2. Participants'],
      [
        'Name',
        'First Join',
        'Last Leave',
        'In-Meeting Duration',
        'Email',
        'Participant ID (UPN)',
        'Role',
      ],
      [
        'Olu Ade',
        '3/5/25, 2:00:03 PM',
        '3/5/25, 3:00:00 PM',
        '59m 57s',
        'olu@example.org',
        'olu@example.org',
        'Organizer',
      ],
    );
    const error = await openExport(textSource(text, 'utf16le'), 'x.csv').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ExportReadError);
    expect(error).toMatchObject({
      code: 'date_order_ambiguous',
      details: { sample: '3/5/25, 2:00:03 PM' },
    });
    const opened = await openExport(textSource(text, 'utf16le'), 'x.csv', { dateOrder: 'dmy' });
    expect(opened.metadata).toMatchObject({ dateOrder: 'dmy', startsAt: at(2025, 5, 3, 14, 0, 3) });
  });

  it('reads the legacy 2020–21 layout', async () => {
    const text = tsv(
      ['Meeting Summary'],
      ['Total Number of Participants', '2'],
      ['Meeting Title', 'Legacy sync'],
      ['Meeting Start Time', '11/26/2020, 4:16:54 PM'],
      [''],
      ['Full Name', 'Join Time', 'Leave Time', 'Duration', 'Email', 'Role', 'Participant ID (UPN)'],
      [
        'Olu Ade',
        '11/26/2020, 4:16:54 PM',
        '11/26/2020, 5:00:00 PM',
        '43m 6s',
        'olu@example.org',
        'Organizer',
        'olu@example.org',
      ],
      [
        'Zoe Kay',
        '11/26/2020, 4:20:00 PM',
        '11/26/2020, 4:50:00 PM',
        '30m',
        'zoe@example.org',
        'Attendee',
        'zoe@example.org',
      ],
    );
    const opened = await openExport(textSource(text, 'utf16le'), 'x.csv');
    expect(opened.metadata).toMatchObject({
      format: 'teams-attendance',
      title: 'Legacy sync',
      startsAt: at(2020, 11, 26, 16, 16, 54),
    });
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.name, row.seconds])).toEqual([
      ['organiser', 'Olu Ade', 2586],
      ['attendee', 'Zoe Kay', 1800],
    ]);
  });
});

describe('Webex attendance report', () => {
  it('reads the older header', async () => {
    const text = tsv(
      [
        'Meeting Name',
        'Meeting Start Time',
        'Meeting End Time',
        'Name',
        'Attendee Email',
        'Join Time',
        'Leave Time',
        'Attendance Duration',
        'Connection Type',
      ],
      [
        'Fiscal openness',
        '04/14/2025 10:00 AM',
        '04/14/2025 11:00 AM',
        'Ada Obi',
        'ada@example.com',
        '04/14/2025 10:01 AM',
        '04/14/2025 10:46 AM',
        '45 mins',
        'Desktop',
      ],
      [
        'Fiscal openness',
        '04/14/2025 10:00 AM',
        '04/14/2025 11:00 AM',
        'Ada Obi',
        'ada@example.com',
        '04/14/2025 10:50 AM',
        '04/14/2025 10:59 AM',
        '9 mins',
        'Desktop',
      ],
    );
    const source = textSource(text, 'utf16le');
    expect(await detectFormat(source, 'x.csv')).toEqual({
      format: 'webex-attendance',
      confidence: 'certain',
    });
    const opened = await openExport(source, 'x.csv');
    expect(opened.metadata).toMatchObject({
      platform: 'webex',
      title: 'Fiscal openness',
      startsAt: at(2025, 4, 14, 10, 0, 0),
      dateOrder: 'mdy',
    });
    const rows = await collect(opened);
    expect(
      rows.map((row) => [row.role, row.name, row.seconds, row.registered, row.attended]),
    ).toEqual([
      ['attendee', 'Ada Obi', 2700, false, true],
      ['attendee', 'Ada Obi', 540, false, true],
    ]);
  });

  it('reads the newer header with a role column', async () => {
    const text = tsv(
      [
        'Session Name',
        'Meeting Name',
        'Meeting Start Time',
        'Meeting End Time',
        'Name',
        'Display Name',
        'First Name',
        'Last Name',
        'Role',
        'Attendee Email',
        'Join Time',
        'Leave Time',
        'Attendance Duration',
        'Connection Type',
      ],
      [
        'Main',
        'Fiscal openness',
        '2025-04-14 10:00:00',
        '2025-04-14 11:00:00',
        'Hal Host',
        'Hal',
        'Hal',
        'Host',
        'Host',
        'hal@example.org',
        '2025-04-14 09:58:00',
        '2025-04-14 11:00:00',
        '62 mins',
        'Desktop',
      ],
      [
        'Main',
        'Fiscal openness',
        '2025-04-14 10:00:00',
        '2025-04-14 11:00:00',
        'Pat Lee',
        'Pat',
        'Pat',
        'Lee',
        'Attendee',
        'pat@example.com',
        '2025-04-14 10:05:00',
        '2025-04-14 10:50:00',
        '45 mins',
        'Mobile',
      ],
    );
    const opened = await openExport(textSource(text, 'utf16le'), 'x.csv');
    expect(opened.metadata).toMatchObject({
      format: 'webex-attendance',
      dateOrder: 'iso',
      startsAt: at(2025, 4, 14, 10, 0, 0),
    });
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.name, row.email, row.seconds])).toEqual([
      ['host', 'Hal Host', 'hal@example.org', 3720],
      ['attendee', 'Pat Lee', 'pat@example.com', 2700],
    ]);
  });
});

describe('GoTo Webinar attendee report', () => {
  it('strips the zone into fileTimeZone and reads worded durations', async () => {
    const text = [
      'Attendee Report',
      'Generated,"Apr 04, 2025 09:00 AM CEST"',
      'Webinar Name,Webinar ID,Actual Start Date/Time,Actual Duration (minutes)',
      'Open Courts,328-972-509,"Apr 03, 2025 04:00 PM CEST",75',
      'Attendee Details',
      'Attended,Interest Rating,Last Name,First Name,Email Address,Registration Date,Join Time,Leave Time,Time in Session,Country/Region,Which court do you work in?,Unsubscribed',
      'Yes,80,Haddad,Rami,rami@example.com,"Mar 30, 2025 10:00 AM CEST","Apr 03, 2025 04:58 PM CEST","Apr 03, 2025 05:45 PM CEST",47 minutes,Jordan,"Appeals, civil",No',
      'Yes,90,Lund,Eva,eva@example.com,"Mar 30, 2025 11:00 AM CEST","Apr 03, 2025 04:00 PM CEST","Apr 03, 2025 05:05 PM CEST",1 hour 5 minutes,Sweden,,No',
      'No,--,Moss,Kai,kai@example.com,"Mar 31, 2025 11:00 AM CEST",--,--,--,--,,No',
    ].join('\n');
    const source = textSource(text);
    expect(await detectFormat(source, 'x.csv')).toEqual({
      format: 'goto-webinar-attendee',
      confidence: 'certain',
    });
    const opened = await openExport(source, 'x.csv');
    expect(opened.metadata).toMatchObject({
      format: 'goto-webinar-attendee',
      platform: 'goto',
      title: 'Open Courts',
      platformId: '328972509',
      startsAt: at(2025, 4, 3, 16, 0, 0),
      fileTimeZone: 'Europe/Paris',
      questionHeaders: ['Which court do you work in?'],
    });
    const rows = await collect(opened);
    expect(
      rows.map((row) => [row.name, row.attended, row.registered, row.seconds, row.country]),
    ).toEqual([
      ['Rami Haddad', true, true, 2820, 'Jordan'],
      ['Eva Lund', true, true, 3900, 'Sweden'],
      ['Kai Moss', false, true, null, null],
    ]);
    expect(rows[0]).toMatchObject({
      joinAt: at(2025, 4, 3, 16, 58, 0),
      registeredAt: at(2025, 3, 30, 10, 0, 0),
      answers: { 'Which court do you work in?': 'Appeals, civil' },
    });
  });
});
