// The four real-shaped sample exports in shared/fixtures give what their README promises.
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectFormat, openExport } from '../../src/import/read/index.js';
import { ExportReadError, type ExportRow } from '../../src/import/types.js';
import { at, collect } from './helpers.js';

// CI places shared/ beside the clone, so it is ../shared from the repository root.
const fixtures = new URL('../../../../../shared/fixtures/', import.meta.url);
const fixture = (name: string) => () => createReadStream(fileURLToPath(new URL(name, fixtures)));

function minutesByPerson(rows: ExportRow[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of rows) {
    if (!row.attended || row.role !== 'attendee') continue;
    const key = row.name ?? '';
    totals[key] = (totals[key] ?? 0) + (row.seconds ?? 0);
  }
  return Object.fromEntries(
    Object.entries(totals).map(([name, seconds]) => [name, Math.round(seconds / 60)]),
  );
}

describe('zoom-webinar-attendee-2025.csv', () => {
  const source = fixture('zoom-webinar-attendee-2025.csv');

  it('reads the preamble', async () => {
    const opened = await openExport(source, 'zoom-webinar-attendee-2025.csv');
    expect(opened.metadata).toMatchObject({
      format: 'zoom-webinar-attendee',
      platform: 'zoom',
      title: 'Open Budgets: Citizen Participation in Fiscal Policy',
      platformId: '81234567890',
      startsAt: at(2025, 3, 22, 19, 0, 0),
      durationMinutes: 95,
      questionHeaders: ['Organisation type'],
    });
    expect(opened.metadata.header).toContain('Time in Session (minutes)');
    expect(await detectFormat(source, 'anything.txt')).toEqual({
      format: 'zoom-webinar-attendee',
      confidence: 'certain',
    });
  });

  it('gives speakers, registrants, attendees and no-shows', async () => {
    const opened = await openExport(source, 'zoom-webinar-attendee-2025.csv');
    const rows = await collect(opened);
    expect(opened.issues.kept).toEqual([]);
    const speakers = rows.filter((row) => row.role !== 'attendee');
    expect(speakers.map((row) => [row.role, row.name, row.country])).toEqual([
      ['host', 'Marta Quiroga', 'Argentina'],
      ['panelist', 'Kofi Mensah', 'Ghana'],
    ]);
    const attendees = rows.filter((row) => row.role === 'attendee');
    expect(new Set(attendees.filter((row) => row.registered).map((row) => row.email)).size).toBe(5);
    expect(new Set(attendees.filter((row) => row.attended).map((row) => row.email))).toEqual(
      new Set(['lucia.f@example.com', 'aiko.t@example.com', 's.okafor@example.net']),
    );
    expect(minutesByPerson(rows)).toEqual({
      'Lucía Fernández': 90,
      'Aiko Tanaka': 85,
      'Samuel Okafor': 53,
    });
    const lucia = attendees.filter((row) => row.email === 'lucia.f@example.com');
    expect(lucia.map((row) => row.seconds)).toEqual([39 * 60, 51 * 60]);
    expect(lucia[1]).toMatchObject({
      registered: true,
      registeredAt: null,
      joinAt: at(2025, 3, 22, 19, 44, 10),
    });
    expect(lucia[0]?.registeredAt).toEqual(at(2025, 3, 15, 11, 23, 29));
    const countries = attendees.filter((row) => row.attended).map((row) => row.country);
    expect(new Set(countries)).toEqual(new Set(['Spain', 'Japan', 'Nigeria']));
    const tomas = attendees.find((row) => row.name === 'Tomás Reyes');
    expect(tomas).toMatchObject({
      attended: false,
      registered: true,
      joinAt: null,
      leaveAt: null,
      seconds: null,
      country: null,
    });
    const nadia = attendees.find((row) => row.name === 'Nadia Haddad');
    expect(nadia).toMatchObject({
      attended: false,
      country: 'Lebanon',
      answers: { 'Organisation type': 'Media' },
    });
    expect(attendees.find((row) => row.name === 'Aiko Tanaka')?.answers).toEqual({
      'Organisation type': 'Research, academia',
    });
    expect(rows.map((row) => row.line)).toEqual([7, 10, 13, 14, 15, 16, 17, 18]);
  });
});

describe('zoom-webinar-attendee-2020.csv', () => {
  const source = fixture('zoom-webinar-attendee-2020.csv');

  it('reads the 2020 layout with quoted sections and Other Attended', async () => {
    const opened = await openExport(source, 'zoom-webinar-attendee-2020.csv');
    expect(opened.metadata).toMatchObject({
      format: 'zoom-webinar-attendee',
      title: 'Access to Information Laws: Implementation Lessons',
      platformId: '328972509',
      startsAt: at(2020, 3, 28, 8, 7, 0),
      durationMinutes: 62,
      questionHeaders: [],
    });
    const rows = await collect(opened);
    expect(
      rows.filter((row) => row.role !== 'attendee').map((row) => [row.role, row.name, row.country]),
    ).toEqual([
      ['host', 'Programme Host', 'United States of America'],
      ['panelist', 'Priya Raman', 'India'],
    ]);
    const attendees = rows.filter((row) => row.role === 'attendee');
    expect(new Set(attendees.filter((row) => row.registered).map((row) => row.email)).size).toBe(3);
    expect(minutesByPerson(rows)).toEqual({
      'Chen Wei': 59,
      'Amara Diallo': 62,
      'Call-in User 1': 20,
    });
    expect(attendees.filter((row) => row.name === 'Chen Wei').map((row) => row.country)).toEqual([
      'Hong Kong, China',
      'Hong Kong',
    ]);
    expect(attendees.find((row) => row.name === 'Amara Diallo')?.country).toBe("Côte d'Ivoire");
    expect(attendees.find((row) => row.name === 'Jonas Berg')).toMatchObject({
      attended: false,
      registered: true,
    });
    const callIn = attendees.find((row) => row.name === 'Call-in User 1');
    expect(callIn).toMatchObject({
      registered: false,
      attended: true,
      email: null,
      country: 'Korea, Republic of',
      joinAt: at(2020, 3, 28, 8, 20, 0),
      leaveAt: at(2020, 3, 28, 8, 40, 0),
    });
  });
});

describe('teams-attendance-2025.csv (UTF-16LE, TAB)', () => {
  const source = fixture('teams-attendance-2025.csv');

  it('asks for the date order: every date in it reads either way (3/5/25)', async () => {
    const error = await openExport(source, 'teams.csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExportReadError);
    expect(error).toMatchObject({
      code: 'date_order_ambiguous',
      details: { sample: '3/5/25, 2:00:03 PM' },
    });
  });

  it('reads join segments from In-Meeting Activities once told month-first', async () => {
    const opened = await openExport(source, 'teams.csv', { dateOrder: 'mdy' });
    expect(opened.metadata).toMatchObject({
      format: 'teams-attendance',
      platform: 'teams',
      title: 'Right to Information: Building Request Portals',
      platformId: null,
      startsAt: at(2025, 3, 5, 14, 0, 3),
      dateOrder: 'mdy',
      header: ['Name', 'Join Time', 'Leave Time', 'Duration', 'Email', 'Role'],
    });
    const rows = await collect(opened);
    expect(rows.map((row) => [row.role, row.name, row.seconds])).toEqual([
      ['organiser', 'Helena Costa', 3697],
      ['attendee', 'Omar Farouk', 26 * 60 + 50],
      ['attendee', 'Omar Farouk', 22 * 60 + 15],
      ['attendee', 'García Simón, Pedro', 33 * 60 + 54],
    ]);
    expect(minutesByPerson(rows)).toEqual({ 'Omar Farouk': 49, 'García Simón, Pedro': 34 });
    expect(rows.every((row) => !row.registered && row.attended && row.country === null)).toBe(true);
    expect(rows[3]).toMatchObject({
      email: 'pedro.gs@example.com',
      joinAt: at(2025, 3, 5, 14, 10, 0),
      line: 20,
    });
  });
});

describe('zoom-meeting-participants-2023.csv', () => {
  it('marks the preamble host and keeps rows without email', async () => {
    const source = fixture('zoom-meeting-participants-2023.csv');
    const opened = await openExport(source, 'zoom-meeting-participants-2023.csv');
    expect(opened.metadata).toMatchObject({
      format: 'zoom-meeting-participants',
      title: 'Open Data Clinic (Spanish)',
      platformId: '81796405615',
      startsAt: at(2026, 6, 16, 15, 10, 26),
      durationMinutes: 77,
      dateOrder: 'mdy',
    });
    const rows = await collect(opened);
    expect(
      rows.map((row) => [row.role, row.name, row.email, row.registered, row.attended]),
    ).toEqual([
      ['host', 'Ana Host', 'ana.host@example.org', false, true],
      ['attendee', 'Ravi Patel', null, false, true],
      ['attendee', 'Ravi Patel', null, false, true],
      ['attendee', 'Zanele Dube', 'zanele.d@example.com', false, true],
    ]);
    expect(minutesByPerson(rows)).toEqual({ 'Ravi Patel': 70, 'Zanele Dube': 65 });
    expect(rows[1]?.leaveAt).toEqual(at(2026, 6, 16, 15, 40, 10));
  });
});
