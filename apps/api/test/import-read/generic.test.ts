// Any table with a header row, read through a column mapping; encodings; .xlsx (invented people).
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { detectFormat, openExport } from '../../src/import/read/index.js';
import { ExportReadError, type GenericMapping } from '../../src/import/types.js';
import { at, bufferSource, collect, crlf, textSource, type TestEncoding } from './helpers.js';

const SHEET = crlf(
  'Participant list — spring cohort',
  '',
  'First name,Surname,E-mail,Signed up,Came?,Minutes,Sector,Notes',
  'Zoë,Ålund,ZOE@example.com,2025-03-01 10:00,Yes,45,"Media, print",first time',
  'Björn,Öst,bjorn@example.com,2025-03-02 11:00,no,,Academia,',
  'Chloé,Roux,,2025-03-03 12:00,X,30,,',
  'Dan,Reed,dan@example.com,,No,,,',
);
const MAPPING: GenericMapping = {
  'First name': 'first_name',
  Surname: 'last_name',
  'e-mail': 'email',
  'Signed up': 'registered_at',
  'Came?': 'attended',
  Minutes: 'minutes',
  Sector: 'sector',
  Notes: 'ignore',
};

describe('generic import', () => {
  it('asks for a mapping, giving the header it found', async () => {
    const source = textSource(SHEET);
    expect(await detectFormat(source, 'x.csv')).toEqual({
      format: 'generic',
      confidence: 'likely',
    });
    const error = await openExport(source, 'x.csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportReadError);
    expect(error).toMatchObject({
      code: 'mapping_required',
      details: {
        header: [
          'First name',
          'Surname',
          'E-mail',
          'Signed up',
          'Came?',
          'Minutes',
          'Sector',
          'Notes',
        ],
      },
    });
    const forced = await openExport(textSource(SHEET), 'x.csv', { format: 'generic' }).catch(
      (caught: unknown) => caught,
    );
    expect(forced).toMatchObject({ code: 'mapping_required' });
  });

  it.each<TestEncoding>(['utf8', 'utf8bom', 'utf16le', 'utf16be', 'win1252'])(
    'reads with a mapping (%s)',
    async (encoding) => {
      const opened = await openExport(textSource(SHEET, encoding), 'x.csv', { mapping: MAPPING });
      expect(opened.metadata).toMatchObject({
        format: 'generic',
        platform: 'other',
        title: null,
        dateOrder: 'iso',
        questionHeaders: ['Sector'],
        header: [
          'First name',
          'Surname',
          'E-mail',
          'Signed up',
          'Came?',
          'Minutes',
          'Sector',
          'Notes',
        ],
      });
      const rows = await collect(opened);
      expect(
        rows.map((row) => [
          row.line,
          row.name,
          row.email,
          row.registered,
          row.attended,
          row.seconds,
        ]),
      ).toEqual([
        [4, 'Zoë Ålund', 'zoe@example.com', true, true, 2700],
        [5, 'Björn Öst', 'bjorn@example.com', true, false, null],
        [6, 'Chloé Roux', null, true, true, 1800],
        // On a list that marks attendance, someone marked absent signed up for it.
        [7, 'Dan Reed', 'dan@example.com', true, false, null],
      ]);
      expect(rows[0]).toMatchObject({
        registeredAt: at(2025, 3, 1, 10, 0, 0),
        answers: { Sector: 'Media, print' },
      });
    },
  );

  it('reads a KoboToolbox export: ";" with every field quoted, ISO times with offsets', async () => {
    const text = crlf(
      '"start";"end";"group_a/full_name";"group_a/email";"group_a/country";"_submission_time";"_id"',
      '"2025-03-22T19:00:00.000+01:00";"x";"Ana Ruiz";"ana@example.com";"Spain";"2025-03-22T18:05:00";"1"',
      '"2025-03-22T19:00:00.000+01:00";"x";"Li, Wen";"wen@example.com";"";"2025-03-22T18:06:00";"2"',
    );
    const mapping: GenericMapping = {
      'group_a/full_name': 'name',
      'group_a/email': 'email',
      'group_a/country': 'country',
      _submission_time: 'join_at',
    };
    const rows = await collect(await openExport(textSource(text), 'kobo.csv', { mapping }));
    expect(
      rows.map((row) => [
        row.name,
        row.email,
        row.country,
        row.attended,
        row.registered,
        row.joinAt,
      ]),
    ).toEqual([
      ['Ana Ruiz', 'ana@example.com', 'Spain', true, false, at(2025, 3, 22, 18, 5, 0)],
      ['Li, Wen', 'wen@example.com', null, true, false, at(2025, 3, 22, 18, 6, 0)],
    ]);
  });

  it('infers the order of numeric dates and maps roles', async () => {
    const text = crlf(
      'Name\tEmail\tJoined\tRole',
      'Ana Ruiz\tana@example.com\t03/04/2025 10:00\tSpeaker',
      'Ben Ode\tben@example.com\t25/04/2025 10:00\tParticipant',
    );
    const mapping: GenericMapping = {
      Name: 'name',
      Email: 'email',
      Joined: 'join_at',
      Role: 'role',
    };
    const opened = await openExport(textSource(text), 'x.tsv', { mapping });
    expect(opened.metadata.dateOrder).toBe('dmy');
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.joinAt])).toEqual([
      ['presenter', at(2025, 4, 3, 10, 0, 0)],
      ['attendee', at(2025, 4, 25, 10, 0, 0)],
    ]);
  });

  it('reads an .xlsx workbook (detected by content, whatever its name)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Attendees');
    sheet.addRow(['Webinar roster']);
    sheet.addRow(['Name', 'Email', 'Registered', 'Minutes', 'Country']);
    sheet.addRow([
      'Nuno Sá',
      'NUNO@example.com',
      new Date(Date.UTC(2025, 2, 22, 19, 13, 27)),
      42.5,
      'Portugal',
    ]);
    sheet.addRow([
      'Ama Owusu',
      { text: 'ama@example.com', hyperlink: 'mailto:ama@example.com' },
      null,
      10,
      'Ghana',
    ]);
    workbook.addWorksheet('Summary').addRow(['Name', 'Email']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const source = bufferSource(buffer, 4096);
    expect(await detectFormat(source, 'roster.csv')).toEqual({
      format: 'generic',
      confidence: 'likely',
    });
    const mapping: GenericMapping = {
      Name: 'name',
      Email: 'email',
      Registered: 'registered_at',
      Minutes: 'minutes',
      Country: 'country',
    };
    const opened = await openExport(source, 'roster.csv', { mapping });
    const rows = await collect(opened);
    expect(
      rows.map((row) => [
        row.line,
        row.name,
        row.email,
        row.registeredAt,
        row.seconds,
        row.country,
        row.attended,
      ]),
    ).toEqual([
      [3, 'Nuno Sá', 'nuno@example.com', at(2025, 3, 22, 19, 13, 27), 2550, 'Portugal', true],
      [4, 'Ama Owusu', 'ama@example.com', null, 600, 'Ghana', true],
    ]);
  });

  it('reads a Zoom report saved as .xlsx as Zoom', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sheet1');
    sheet.addRow([
      'Name (original name)',
      'Email',
      'Join time',
      'Leave time',
      'Duration (minutes)',
      'Guest',
    ]);
    sheet.addRow([
      'Ravi Patel',
      '',
      new Date(Date.UTC(2026, 5, 16, 15, 12, 2)),
      new Date(Date.UTC(2026, 5, 16, 15, 40, 10)),
      29,
      'Yes',
    ]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const opened = await openExport(() => Readable.from([buffer]), 'report.xlsx');
    expect(opened.metadata.format).toBe('zoom-meeting-participants');
    const rows = await collect(opened);
    expect(rows[0]).toMatchObject({
      name: 'Ravi Patel',
      email: null,
      joinAt: at(2026, 6, 16, 15, 12, 2),
      seconds: 1740,
    });
  });
});
