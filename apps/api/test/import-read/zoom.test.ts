// Zoom webinar attendee, registration and meeting reports in their versions, languages and
// re-saved shapes (invented people).
import { describe, expect, it } from 'vitest';
import { detectFormat, openExport } from '../../src/import/read/index.js';
import { ExportReadError } from '../../src/import/types.js';
import { at, collect, crlf, textSource } from './helpers.js';

const PREAMBLE_2025 = [
  'Attendee Report,,,,,,,,,,,,,,,',
  'Report Generated:,"Apr 02, 2025 9:00 AM",,,,,,,,,,,,,,',
  'Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,Total Users,Max Concurrent Views,Enable Registration,,,,,,',
  'Budget Literacy,  901 2345 6789,"Apr 01, 2025 3:00 PM", 60, 4, 0, 2, 3, 2,Yes,,,,,,',
];

describe('Zoom webinar attendee report', () => {
  it('reads custom questions with commas and quotes, trailing padding and a Source Name column', async () => {
    const text = crlf(
      ...PREAMBLE_2025,
      'Host Details,,,,,,,,,,,,,,,',
      'Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,Country/Region Name,,,,,,,,',
      'Yes,Hana Host,HANA@Example.org ,"Apr 01, 2025 14:50:00","Apr 01, 2025 16:02:00",72,No,Chile,,,,,,,,',
      'Attendee Details,,,,,,,,,,,,,,,',
      'Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,Approval Status,Join Time,Leave Time,Time in Session (minutes),Is Guest,Sector,"What would you like to ask, if anything?",Country/Region Name,Source Name',
      'Yes,Ola Nowak,Ola,Nowak,ola@example.com,,"Mar 30, 2025 10:00:00",approved,"Apr 01, 2025 15:01:00","Apr 01, 2025 15:59:00",58,Yes,"Government, local","She said ""open data"", then left",Poland,Newsletter',
      'Yes,Ola Nowak,Ola,Nowak,ola@example.com,,,,"Apr 01, 2025 16:00:00","Apr 01, 2025 16:01:00",1,Yes,"Government, local","She said ""open data"", then left",Poland,Newsletter',
      'No,Ivo Petrov,Ivo,Petrov,ivo@example.com,,"Mar 31, 2025 08:00:00",approved,--,--,--,--,=HYPERLINK("x"),--,--,',
      'No,Pia Denied,Pia,Denied,pia@example.com,,"Mar 31, 2025 08:00:00",denied,--,--,--,--,,,Peru,',
      'No,Cy Cancel,Cy,Cancel,cy@example.com,,"Mar 31, 2025 08:00:00",cancelled,--,--,--,--,,,Peru,',
      'Yes,Up Graded,Up,Graded,up@example.com,,"Mar 31, 2025 08:00:00",upgraded to panelist,"Apr 01, 2025 15:00:00","Apr 01, 2025 16:00:00",60,No,,,Peru,',
    );
    const opened = await openExport(textSource(text, 'utf8bom'), 'report.csv');
    expect(opened.metadata).toMatchObject({
      title: 'Budget Literacy',
      platformId: '90123456789',
      durationMinutes: 60,
      startsAt: at(2025, 4, 1, 15, 0, 0),
      questionHeaders: ['Sector', 'What would you like to ask, if anything?'],
    });
    const rows = await collect(opened);
    expect(opened.issues.kept).toEqual([]);
    expect(rows.map((row) => row.name)).toEqual([
      'Hana Host',
      'Ola Nowak',
      'Ola Nowak',
      'Ivo Petrov',
      'Up Graded',
    ]);
    expect(rows[0]).toMatchObject({
      role: 'host',
      email: 'hana@example.org',
      registered: false,
      seconds: 72 * 60,
    });
    expect(rows[1]?.answers).toEqual({
      Sector: 'Government, local',
      'What would you like to ask, if anything?': 'She said "open data", then left',
    });
    expect(rows[1]?.country).toBe('Poland');
    expect(rows[2]).toMatchObject({ registered: true, registeredAt: null, seconds: 60 });
    // Cell text is only ever text.
    expect(rows[3]).toMatchObject({
      attended: false,
      registered: true,
      country: null,
      answers: { Sector: '=HYPERLINK("x")' },
    });
    expect(rows[4]).toMatchObject({ registered: true, attended: true, role: 'attendee' });
  });

  it('reads the newer month-first layout, re-saved by Spanish Excel with ";"', async () => {
    const text = crlf(
      'Attendee Report;;;;;',
      'Report generated time;08/09/2026 02:31:08 PM;;;;',
      'Topic;Webinar ID;Actual Start Time;Actual Duration (minutes);# Registered;Unique Viewers',
      'Open Contracting 101;812 0000 1111;08/08/2026 02:00:00 PM;45;2;1',
      'Attendee Details;;;;;',
      'Attended;User Name (Original Name);Email;Registration Time;Approval Status;Join Time;Leave Time;Time in Session (minutes);Country/Region Name',
      'Yes;Rui Costa;rui@example.com;08/01/2026 09:00:00 AM;approved;08/08/2026 02:01:00 PM;08/08/2026 02:45:00 PM;44;Portugal',
    );
    const opened = await openExport(textSource(text), 'es.csv');
    expect(opened.metadata).toMatchObject({
      dateOrder: 'mdy',
      startsAt: at(2026, 8, 8, 14, 0, 0),
      platformId: '81200001111',
    });
    const [row] = await collect(opened);
    expect(row).toMatchObject({
      registeredAt: at(2026, 8, 1, 9, 0, 0),
      joinAt: at(2026, 8, 8, 14, 1, 0),
      seconds: 2640,
    });
  });

  it('sees an Excel re-save that made the dates day-first', async () => {
    const text = crlf(
      'Topic;Webinar ID;Actual Start Time;Actual Duration (minutes)',
      'Datos abiertos;812 0000 1111;22/03/2025 19:00;45',
      'Attendee Details',
      'Attended;User Name (Original Name);Email;Registration Time;Approval Status;Join Time;Leave Time;Time in Session (minutes);Country/Region Name',
      'Yes;Rui Costa;rui@example.com;01/03/2025 09:00;approved;22/03/2025 19:01;22/03/2025 19:45;44;Portugal',
    );
    const opened = await openExport(textSource(text), 'resaved.csv');
    expect(opened.metadata).toMatchObject({
      dateOrder: 'dmy',
      startsAt: at(2025, 3, 22, 19, 0, 0),
    });
    const [row] = await collect(opened);
    expect(row?.registeredAt).toEqual(at(2025, 3, 1, 9, 0, 0));
  });

  it('reads Spanish headers, section titles and month names', async () => {
    const text = crlf(
      'Informe de asistentes,',
      'Tema,ID del seminario web,Hora de inicio real,Duración real (minutos),N.º inscritos',
      'Presupuestos abiertos,812 3456 7890,22 mar 2025 19:00:00,90,3',
      'Detalles del anfitrión,',
      'Asistió,Nombre de usuario (nombre original),Correo electrónico,Hora de entrada,Hora de salida,Tiempo en la sesión (minutos),Es invitado,Nombre de país/región',
      'Sí,Marta Anfitriona,marta@example.org,22 mar 2025 18:55:00,22 mar 2025 20:30:00,95,No,Argentina',
      'Detalles del panelista,',
      'Asistió,Nombre de usuario (nombre original),Correo electrónico,Hora de entrada,Hora de salida,Tiempo en la sesión (minutos),Es invitado,Nombre de país/región',
      'Sí,Pablo Panel,pablo@example.org,22 mar 2025 18:58:00,22 mar 2025 20:30:00,92,Sí,Uruguay',
      'Detalles del asistente,',
      'Asistió,Nombre de usuario (nombre original),Nombre,Apellido,Correo electrónico,Hora de registro,Estado de aprobación,Hora de entrada,Hora de salida,Tiempo en la sesión (minutos),Es invitado,Tipo de organización,Nombre de país/región',
      'Sí,Inés Núñez,Inés,Núñez,ines@example.com,15 mar 2025 11:00:00,approved,22 mar 2025 19:02:00,22 mar 2025 20:00:00,58,Sí,"Sociedad civil, ONG",México',
      'No,Luis Paz,Luis,Paz,luis@example.com,16 mar 2025 11:00:00,approved,--,--,--,--,Gobierno,Estados Unidos',
    );
    const opened = await openExport(textSource(text), 'informe.csv');
    expect(opened.metadata).toMatchObject({
      format: 'zoom-webinar-attendee',
      title: 'Presupuestos abiertos',
      platformId: '81234567890',
      startsAt: at(2025, 3, 22, 19, 0, 0),
      durationMinutes: 90,
      questionHeaders: ['Tipo de organización'],
    });
    const rows = await collect(opened);
    expect(
      rows.map((row) => [row.role, row.name, row.attended, row.registered, row.country]),
    ).toEqual([
      ['host', 'Marta Anfitriona', true, false, 'Argentina'],
      ['panelist', 'Pablo Panel', true, false, 'Uruguay'],
      ['attendee', 'Inés Núñez', true, true, 'México'],
      ['attendee', 'Luis Paz', false, true, 'Estados Unidos'],
    ]);
    expect(rows[2]?.answers).toEqual({ 'Tipo de organización': 'Sociedad civil, ONG' });
    expect(rows[2]?.registeredAt).toEqual(at(2025, 3, 15, 11, 0, 0));
  });

  it('reports a cell that does not parse and still gives the row', async () => {
    const text = crlf(
      'Attendee Details',
      'Attended,User Name (Original Name),Email,Registration Time,Approval Status,Join Time,Leave Time,Time in Session (minutes),Country/Region Name',
      'Yes,Ana Bad,ana@example.com,sometime,approved,"Mar 22, 2025 19:00:00","Mar 22, 2025 19:30:00",thirty,Chile',
      ',,,,,,,,',
      'Yes,,,,,,,,Chile',
    );
    const opened = await openExport(textSource(text), 'bad.csv');
    const rows = await collect(opened);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      registeredAt: null,
      seconds: null,
      joinAt: at(2025, 3, 22, 19, 0, 0),
    });
    expect(opened.issues.kept).toEqual([
      { line: 3, column: 'Registration Time', value: 'sometime', reason: 'not a date' },
      { line: 3, column: 'Time in Session (minutes)', value: 'thirty', reason: 'not a duration' },
      { line: 5, column: null, value: null, reason: 'row names no one (no name, no email)' },
    ]);
  });
});

describe('Zoom webinar registration report', () => {
  it('gives registrants who did not (yet) attend and skips denied and pending ones', async () => {
    const text = crlf(
      'Registration Report',
      'Topic,Webinar ID,Scheduled Time,# Registered',
      'Budget Literacy,901 2345 6789,"Apr 01, 2025 03:00 PM",3',
      'Registrant Details',
      'First Name,Last Name,Email,Registration Time,Approval Status,Organization,Job title,Country/Region Name',
      'Ana,Silva,ana@example.com,"Mar 20, 2025 10:00:00",approved,Ministry of Finance,"Analyst, budget",Brazil',
      'Ben,Ode,ben@example.com,"Mar 21, 2025 10:00:00",pending,,,Kenya',
      'Cem,Yilmaz,cem@example.com,"Mar 22, 2025 10:00:00",denied,,,Türkiye',
    );
    const source = textSource(text);
    expect(await detectFormat(source, 'x.csv')).toEqual({
      format: 'zoom-webinar-registration',
      confidence: 'certain',
    });
    const opened = await openExport(source, 'x.csv');
    expect(opened.metadata).toMatchObject({
      format: 'zoom-webinar-registration',
      startsAt: at(2025, 4, 1, 15, 0, 0),
      questionHeaders: ['Job title'],
    });
    const rows = await collect(opened);
    expect(rows).toEqual([
      {
        line: 6,
        role: 'attendee',
        name: 'Ana Silva',
        email: 'ana@example.com',
        registered: true,
        registeredAt: at(2025, 3, 20, 10, 0, 0),
        attended: false,
        joinAt: null,
        leaveAt: null,
        seconds: null,
        country: 'Brazil',
        organisation: 'Ministry of Finance',
        answers: { 'Job title': 'Analyst, budget' },
      },
    ]);
  });

  it('is recognised without a title line', async () => {
    const text = crlf(
      'First Name,Last Name,Email,Registration Time,Approval Status,Country/Region Name',
      'Ana,Silva,ana@example.com,"Mar 20, 2025 10:00:00",approved,Brazil',
    );
    expect(await detectFormat(textSource(text), 'x.csv')).toEqual({
      format: 'zoom-webinar-registration',
      confidence: 'likely',
    });
  });
});

describe('Zoom meeting participants report', () => {
  it('reads the 2020–22 layout (host from User Email, CRLF, Recording Consent)', async () => {
    const text = crlf(
      'Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants,',
      '817 9640 5615,Weekly clinic,06/16/2021 03:10:26 PM,06/16/2021 04:26:31 PM,host@example.org,77,3,',
      '',
      'Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,In Waiting Room',
      'Clinic Host,host@example.org,06/16/2021 03:10:26 PM,06/16/2021 04:26:31 PM,77,No,Y,No',
      "Kim Lee (Kim's iPad),KIM@example.com,06/16/2021 03:12:02 PM,06/16/2021 03:40:10 PM,29,Yes,Y,No",
    );
    const source = textSource(text);
    expect(await detectFormat(source, 'x')).toEqual({
      format: 'zoom-meeting-participants',
      confidence: 'certain',
    });
    const opened = await openExport(source, 'x.csv');
    expect(opened.metadata).toMatchObject({
      platformId: '81796405615',
      title: 'Weekly clinic',
      startsAt: at(2021, 6, 16, 15, 10, 26),
    });
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.name, row.email, row.seconds])).toEqual([
      ['host', 'Clinic Host', 'host@example.org', 4620],
      ['attendee', "Kim Lee (Kim's iPad)", 'kim@example.com', 1740],
    ]);
  });

  it('reads Spanish headers and a host matched by name when it has no email', async () => {
    const text = crlf(
      'Tema,ID,Anfitrión,Duración (minutos),Hora de inicio,Hora de finalización,Participantes',
      'Clínica,817 9640 5615,Ana Anfitriona,60,06/16/2026 03:00:00 PM,06/16/2026 04:00:00 PM,2',
      '',
      'Nombre (nombre original),Correo electrónico,Hora de entrada,Hora de salida,Duración (minutos),Invitado',
      'Ana Anfitriona,,06/16/2026 03:00:00 PM,06/16/2026 04:00:00 PM,60,No',
      'José Núñez,jose@example.com,06/16/2026 03:05:00 PM,06/16/2026 03:50:00 PM,45,Sí',
    );
    const opened = await openExport(textSource(text, 'win1252'), 'x.csv');
    expect(opened.metadata).toMatchObject({
      format: 'zoom-meeting-participants',
      title: 'Clínica',
    });
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.name])).toEqual([
      ['host', 'Ana Anfitriona'],
      ['attendee', 'José Núñez'],
    ]);
  });

  it('reads the unique-users variant', async () => {
    const text = crlf(
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants',
      'Clinic,81796405615,Ana Host (ana.host@example.org),77,06/16/2026 03:10:26 PM,06/16/2026 04:26:31 PM,2',
      '',
      'Name (original name),Email,Total duration (minutes),Guest',
      'Ana Host,ana.host@example.org,77,No',
      'Ravi Patel,,70,Yes',
    );
    const source = textSource(text);
    expect(await detectFormat(source, 'x.csv')).toEqual({
      format: 'zoom-meeting-unique',
      confidence: 'certain',
    });
    const rows = await collect(await openExport(source, 'x.csv'));
    expect(rows.map((row) => [row.role, row.name, row.email, row.seconds, row.joinAt])).toEqual([
      ['host', 'Ana Host', 'ana.host@example.org', 4620, null],
      ['attendee', 'Ravi Patel', null, 4200, null],
    ]);
  });

  it('follows options.format over detection', async () => {
    const text = crlf(
      'Name (original name),Email,Total duration (minutes),Guest',
      'Ravi Patel,,70,Yes',
    );
    const opened = await openExport(textSource(text), 'x.csv', {
      format: 'zoom-meeting-participants',
    });
    expect(opened.metadata.format).toBe('zoom-meeting-participants');
    expect((await collect(opened))[0]?.seconds).toBe(4200);
  });

  it('turns an unclosed quote into an issue, not a crash', async () => {
    const text = crlf(
      'Name (original name),Email,Total duration (minutes),Guest',
      'Ravi Patel,,70,Yes',
      '"Broken,x,1,No',
    );
    const opened = await openExport(textSource(text), 'x.csv');
    const rows = await collect(opened);
    expect(rows.map((row) => row.name)).toEqual(['Ravi Patel']);
    expect(opened.issues.count).toBeGreaterThan(0);
  });
});

describe('unreadable input', () => {
  it('says there is no header in an empty file', async () => {
    const error = await openExport(textSource(''), 'empty.csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportReadError);
    expect(error).toMatchObject({ code: 'no_header' });
    expect(await detectFormat(textSource(''), 'empty.csv')).toBeNull();
  });
});
