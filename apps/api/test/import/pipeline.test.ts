import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@ripple/db/testing';
import { undoImport, type RippleDatabase } from '@ripple/db';
import { importAttendance } from '../../src/import/pipeline.js';
import { bytesRequest, fixtureBytes, tableCounts, webinarContents } from './fixtures.js';

let database: RippleDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const person = (
  name: string,
  fields: {
    email?: string | null;
    registered?: boolean;
    attended?: boolean;
    minutes?: number;
    country?: string | null;
  },
) => ({
  name,
  email: fields.email ?? null,
  registered: fields.registered ?? true,
  attended: fields.attended ?? true,
  minutes: fields.minutes ?? 0,
  country: fields.country ?? null,
});

describe('the shared sample exports import to what their README says', () => {
  it('zoom-webinar-attendee-2025.csv', async () => {
    const summary = await importAttendance(
      database.db,
      bytesRequest(
        'zoom-webinar-attendee-2025.csv',
        fixtureBytes('zoom-webinar-attendee-2025.csv'),
        {
          timeZone: 'America/New_York',
        },
      ),
    );
    expect(summary.status, summary.message).toBe('succeeded');
    expect(summary.format).toBe('zoom-webinar-attendee');
    expect(summary.webinar).toMatchObject({
      title: 'Open Budgets: Citizen Participation in Fiscal Policy',
      action: 'created',
    });
    expect(summary.webinar!.startsAt).toBe('2025-03-22T23:00:00.000Z'); // 7:00 PM in New York
    expect(summary.counts).toMatchObject({ registered: 5, attendees: 3, noShows: 2, speakers: 2 });
    const contents = await webinarContents(database.db, summary.webinar!.id);
    expect(contents.attendance).toEqual([
      person('Aiko Tanaka', { email: 'aiko.t@example.com', minutes: 85, country: 'JP' }),
      person('Lucía Fernández', { email: 'lucia.f@example.com', minutes: 90, country: 'ES' }),
      person('Nadia Haddad', { email: 'nadia.h@example.com', attended: false, country: 'LB' }),
      person('Samuel Okafor', { email: 's.okafor@example.net', minutes: 53, country: 'NG' }),
      person('Tomás Reyes', { email: 'tomas.r@example.com', attended: false }),
    ]);
    expect(contents.speakers).toEqual([
      { name: 'Kofi Mensah', role: 'panelist', country: 'GH' },
      { name: 'Marta Quiroga', role: 'host', country: 'AR' },
    ]);
  });

  it('zoom-webinar-attendee-2020.csv', async () => {
    const summary = await importAttendance(
      database.db,
      bytesRequest(
        'zoom-webinar-attendee-2020.csv',
        fixtureBytes('zoom-webinar-attendee-2020.csv'),
        {
          timeZone: 'UTC',
        },
      ),
    );
    expect(summary.status, summary.message).toBe('succeeded');
    expect(summary.webinar).toMatchObject({
      title: 'Access to Information Laws: Implementation Lessons',
    });
    expect(summary.webinar!.startsAt.slice(0, 10)).toBe('2020-03-28');
    expect(summary.counts).toMatchObject({ registered: 3, attendees: 3, noShows: 1, speakers: 2 });
    const contents = await webinarContents(database.db, summary.webinar!.id);
    expect(contents.attendance).toEqual([
      person('Amara Diallo', { email: 'amara.d@example.com', minutes: 62, country: 'CI' }),
      person('Call-in User 1', { registered: false, minutes: 20, country: 'KR' }),
      person('Chen Wei', { email: 'chen.wei@example.com', minutes: 59, country: 'HK' }),
      person('Jonas Berg', { email: 'jonas.b@example.com', attended: false, country: 'SE' }),
    ]);
    expect(contents.speakers).toEqual([
      { name: 'Priya Raman', role: 'panelist', country: 'IN' },
      { name: 'Programme Host', role: 'host', country: 'US' },
    ]);
  });

  it('teams-attendance-2025.csv (UTF-16LE, TAB)', async () => {
    const summary = await importAttendance(
      database.db,
      bytesRequest('teams-attendance-2025.csv', fixtureBytes('teams-attendance-2025.csv'), {
        timeZone: 'Europe/Lisbon',
        dateOrder: 'mdy',
      }),
    );
    expect(summary.status, summary.message).toBe('succeeded');
    expect(summary.format).toBe('teams-attendance');
    expect(summary.webinar).toMatchObject({
      title: 'Right to Information: Building Request Portals',
    });
    expect(summary.webinar!.startsAt.slice(0, 10)).toBe('2025-03-05');
    const contents = await webinarContents(database.db, summary.webinar!.id);
    expect(contents.attendance).toEqual([
      person('García Simón, Pedro', {
        email: 'pedro.gs@example.com',
        registered: false,
        minutes: 34,
      }),
      person('Omar Farouk', { email: 'omar.f@example.com', registered: false, minutes: 49 }),
    ]);
    expect(contents.speakers).toEqual([{ name: 'Helena Costa', role: 'organiser', country: null }]);
  });

  it('zoom-meeting-participants-2023.csv', async () => {
    const summary = await importAttendance(
      database.db,
      bytesRequest(
        'zoom-meeting-participants-2023.csv',
        fixtureBytes('zoom-meeting-participants-2023.csv'),
        {
          timeZone: 'America/Bogota',
        },
      ),
    );
    expect(summary.status, summary.message).toBe('succeeded');
    expect(summary.webinar).toMatchObject({ title: 'Open Data Clinic (Spanish)' });
    expect(summary.webinar!.startsAt.slice(0, 10)).toBe('2026-06-16');
    const contents = await webinarContents(database.db, summary.webinar!.id);
    expect(contents.attendance).toEqual([
      person('Ravi Patel', { registered: false, minutes: 70 }),
      person('Zanele Dube', { email: 'zanele.d@example.com', registered: false, minutes: 65 }),
    ]);
    expect(contents.speakers).toEqual([{ name: 'Ana Host', role: 'host', country: null }]);
  });
});

describe('repeating, correcting and undoing', () => {
  it('changes nothing when the same file comes again, and says so', async () => {
    const before = await tableCounts(database.db);
    const again = await importAttendance(
      database.db,
      bytesRequest('renamed.csv', fixtureBytes('zoom-webinar-attendee-2025.csv'), {
        timeZone: 'America/New_York',
      }),
    );
    expect(again.status).toBe('unchanged');
    expect(again.message).toMatch(/already imported as import #\d+/);
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it("replaces a webinar's attendance with a corrected file, says what changed, and undoes back", async () => {
    const original = fixtureBytes('zoom-webinar-attendee-2025.csv').toString('utf8');
    // The corrected export: Samuel stayed longer, Nadia is gone, a new attendee appears.
    const corrected = original
      .replace('"Mar 22, 2025 19:52:40",53', '"Mar 22, 2025 20:02:40",63')
      .replace(
        /\nNo,Nadia Haddad[^\n]*/,
        '\nYes,Ines Sol,Ines,Sol,ines.s@example.org,,"Mar 21, 2025 10:00:00",approved,"Mar 22, 2025 19:10:00","Mar 22, 2025 19:40:00",30,Yes,Media,Chile',
      );
    expect(corrected).not.toBe(original);
    const before = await tableCounts(database.db);

    const summary = await importAttendance(
      database.db,
      bytesRequest('corrected.csv', Buffer.from(corrected), { timeZone: 'America/New_York' }),
    );
    expect(summary.status, summary.message).toBe('succeeded');
    expect(summary.webinar?.action).toBe('matched');
    expect(summary.replaced).toMatchObject({ added: 1, removed: 1, changed: 1 });
    const contents = await webinarContents(database.db, summary.webinar!.id);
    expect(contents.attendance.map((a) => [a.name, a.minutes])).toEqual([
      ['Aiko Tanaka', 85],
      ['Ines Sol', 30],
      ['Lucía Fernández', 90],
      ['Samuel Okafor', 63],
      ['Tomás Reyes', 0],
    ]);

    const undone = await undoImport(database.db, summary.importId!);
    expect(undone.attendanceRestored).toBe(5);
    expect(undone.participantsRemoved).toBe(1); // Ines, who only this file brought
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('undoes a first import entirely, webinar and people included', async () => {
    const before = await tableCounts(database.db);
    const bytes = Buffer.from(
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n' +
        'Undo me,99911122233,Host Person (host.p@example.org),30,"01/10/2024 10:00:00 AM","01/10/2024 10:30:00 AM",2\n\n' +
        'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n' +
        'Host Person,host.p@example.org,01/10/2024 10:00:00 AM,01/10/2024 10:30:00 AM,30,No\n' +
        'Only Once,only.once@example.org,01/10/2024 10:01:00 AM,01/10/2024 10:29:00 AM,28,Yes\n',
    );
    const summary = await importAttendance(
      database.db,
      bytesRequest('undo.csv', bytes, { timeZone: 'UTC' }),
    );
    expect(summary.status, summary.message).toBe('succeeded');
    const result = await undoImport(database.db, summary.importId!);
    expect(result.webinarRemoved).toBe(true);
    expect(await tableCounts(database.db)).toEqual(before);
    await expect(undoImport(database.db, summary.importId!)).rejects.toThrow(
      /is undone; only a completed import/,
    );
  });
});

describe('a spreadsheet kept by hand', () => {
  it('asks for a column mapping once, then reuses it for files with the same header', async () => {
    const webinar = await database.db
      .insertInto('webinar')
      .values({
        title: 'Hand-kept list',
        starts_at: '2015-02-03T15:00:00Z',
        language: 'es',
        status: 'held',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const header = 'Nombre completo;Correo;País;¿Asistió?;Tipo de organización\n';
    const first = Buffer.from(
      header +
        'Ana Gómez;ana.g@example.org;Perú;sí;Ministerio de Economía\nLuis Paz;luis.p@example.org;Chile;no;ONG\n',
    );

    const asked = await importAttendance(
      database.db,
      bytesRequest('lista.csv', first, { webinarId: webinar.id }),
    );
    expect(asked.status).toBe('failed');
    expect(asked.error?.code).toBe('mapping_required');
    expect(asked.error?.details?.header).toEqual([
      'Nombre completo',
      'Correo',
      'País',
      '¿Asistió?',
      'Tipo de organización',
    ]);

    const mapping = {
      'Nombre completo': 'name',
      Correo: 'email',
      País: 'country',
      '¿Asistió?': 'attended',
      'Tipo de organización': 'sector',
    } as const;
    const mapped = await importAttendance(
      database.db,
      bytesRequest('lista.csv', first, { webinarId: webinar.id, mapping }),
    );
    expect(mapped.status, mapped.message).toBe('succeeded');
    expect(mapped.webinar).toMatchObject({ id: webinar.id, action: 'chosen' });
    const people = await database.db
      .selectFrom('participant')
      .select(['name', 'country', 'sector'])
      .where('email', 'in', ['ana.g@example.org', 'luis.p@example.org'])
      .orderBy('name')
      .execute();
    expect(people).toEqual([
      { name: 'Ana Gómez', country: 'PE', sector: 'government' },
      { name: 'Luis Paz', country: 'CL', sector: 'civil_society' },
    ]);

    const second = Buffer.from(header + 'Eva Ríos;eva.r@example.org;Uruguay;sí;Universidad\n');
    const reused = await importAttendance(
      database.db,
      bytesRequest('lista-2.csv', second, { webinarId: webinar.id }),
    );
    expect(reused.status, reused.message).toBe('succeeded');
    expect(reused.format).toBe('generic');
    expect(reused.counts).toMatchObject({ attendees: 1 });
  });
});

describe('text as written', () => {
  it('keeps names with commas, quotes, backslashes, tabs and line breaks exactly', async () => {
    const names = [
      'García Simón, Pedro',
      'O\'Brien "Ted"',
      'Back\\slash',
      'Tab\there',
      'Two\nlines',
    ];
    const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
    const bytes = Buffer.from(
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n' +
        'Odd names,31231231231,H (h@example.org),30,"01/10/2024 10:00:00 AM","01/10/2024 10:30:00 AM",5\n\n' +
        'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n' +
        names
          .map(
            (name, i) =>
              `${quoted(name)},odd${i}@example.org,01/10/2024 10:01:00 AM,01/10/2024 10:29:00 AM,28,Yes\n`,
          )
          .join(''),
    );
    const summary = await importAttendance(
      database.db,
      bytesRequest('odd.csv', bytes, { timeZone: 'UTC' }),
    );
    expect(summary.status, summary.message).toBe('succeeded');
    const stored = await webinarContents(database.db, summary.webinar!.id);
    expect(stored.attendance.map((a) => a.name).sort()).toEqual([...names].sort());
  });
});

describe('safe to fail', () => {
  it('writes nothing on a dry run, and says what would happen', async () => {
    const before = await tableCounts(database.db);
    const bytes = Buffer.from(
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n' +
        'Dry,12312312312,H (h@example.org),30,"01/10/2024 10:00:00 AM","01/10/2024 10:30:00 AM",2\n\n' +
        'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n' +
        'New Person,new.person@example.org,01/10/2024 10:01:00 AM,01/10/2024 10:29:00 AM,28,Yes\n',
    );
    const summary = await importAttendance(
      database.db,
      bytesRequest('dry.csv', bytes, { dryRun: true, timeZone: 'UTC' }),
    );
    expect(summary.status).toBe('dry_run');
    expect(summary.counts).toMatchObject({ attendees: 1, newParticipants: 1 });
    expect(summary.webinar?.action).toBe('created');
    expect(await tableCounts(database.db)).toEqual(before);
    const records = await database.db
      .selectFrom('data_import')
      .select('id')
      .where('file_name', '=', 'dry.csv')
      .execute();
    expect(records).toEqual([]);
  });

  it('refuses a file with row problems in strict mode and keeps the good rows otherwise', async () => {
    const bytes = Buffer.from(
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n' +
        'Strict,45645645645,H (h@example.org),30,"01/10/2024 10:00:00 AM","01/10/2024 10:30:00 AM",2\n\n' +
        'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n' +
        'Good Row,good.row@example.org,01/10/2024 10:01:00 AM,01/10/2024 10:29:00 AM,28,Yes\n' +
        'Bad Row,bad.row@example.org,not a date,01/10/2024 10:29:00 AM,twenty,Yes\n',
    );
    const before = await tableCounts(database.db);
    const strict = await importAttendance(
      database.db,
      bytesRequest('strict.csv', bytes, { strict: true, timeZone: 'UTC' }),
    );
    expect(strict.status).toBe('failed');
    expect(strict.error?.code).toBe('strict_mode');
    expect(strict.issues.length).toBeGreaterThan(0);
    expect(strict.issues[0]).toMatchObject({ line: 6 });
    expect(await tableCounts(database.db)).toEqual(before);

    const lenient = await importAttendance(
      database.db,
      bytesRequest('strict.csv', bytes, { timeZone: 'UTC' }),
    );
    expect(lenient.status, lenient.message).toBe('succeeded');
    expect(lenient.issueCount).toBeGreaterThan(0);
    expect(lenient.counts).toMatchObject({ attendees: 2, rowsWithIssues: 1 });
  });

  it('records a file it cannot read, with the reason, and changes nothing', async () => {
    const before = await tableCounts(database.db);
    const summary = await importAttendance(
      database.db,
      bytesRequest('notes.txt', Buffer.from('just some notes\nnothing tabular here\n')),
    );
    expect(summary.status).toBe('failed');
    expect(summary.importId).not.toBeNull();
    expect(summary.message.length).toBeGreaterThan(10);
    const record = await database.db
      .selectFrom('data_import')
      .selectAll()
      .where('id', '=', summary.importId!)
      .executeTakeFirstOrThrow();
    expect(record.status).toBe('failed');
    expect(await tableCounts(database.db)).toEqual(before);
  });

  it('says which time zone is unknown', async () => {
    const summary = await importAttendance(
      database.db,
      bytesRequest('x.csv', fixtureBytes('zoom-meeting-participants-2023.csv'), {
        timeZone: 'Mars/Olympus',
      }),
    );
    expect(summary.status).toBe('failed');
    expect(summary.message).toMatch(/Unknown time zone "Mars\/Olympus"/);
  });
});
