import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers.js';
import { fixtureBytes, tableCounts, webinarContents } from './fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

/** A multipart/form-data body, as a browser or curl -F sends it. */
function multipart(files: Array<{ name: string; bytes: Buffer }>) {
  const boundary = `----ripple${Math.random().toString(16).slice(2)}`;
  const parts = files.flatMap((file) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        'Content-Type: text/csv\r\n\r\n',
    ),
    file.bytes,
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

describe('POST /api/imports', () => {
  it('imports the sample exports, several in one upload, to what their README says', async () => {
    const upload = multipart([
      {
        name: 'zoom-webinar-attendee-2025.csv',
        bytes: fixtureBytes('zoom-webinar-attendee-2025.csv'),
      },
      {
        name: 'zoom-meeting-participants-2023.csv',
        bytes: fixtureBytes('zoom-meeting-participants-2023.csv'),
      },
    ]);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports?timeZone=America/New_York',
      ...upload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { imports } = res.json();
    expect(imports).toHaveLength(2);
    expect(imports[0].status).toBe('succeeded');
    expect(imports[1].status).toBe('succeeded');
    expect(imports[0].counts).toMatchObject({
      registered: 5,
      attendees: 3,
      noShows: 2,
      speakers: 2,
    });

    const zoom = await webinarContents(t.database.db, imports[0].webinar.id);
    expect(
      zoom.attendance.filter((a) => a.attended).map((a) => [a.name, a.minutes, a.country]),
    ).toEqual([
      ['Aiko Tanaka', 85, 'JP'],
      ['Lucía Fernández', 90, 'ES'],
      ['Samuel Okafor', 53, 'NG'],
    ]);
    const meeting = await webinarContents(t.database.db, imports[1].webinar.id);
    expect(meeting.attendance.map((a) => [a.name, a.minutes])).toEqual([
      ['Ravi Patel', 70],
      ['Zanele Dube', 65],
    ]);

    const list = await t.app.inject({ method: 'GET', url: '/api/imports' });
    expect(list.json().total).toBe(2);
    const one = await t.app.inject({ method: 'GET', url: `/api/imports/${imports[0].importId}` });
    expect(one.json()).toMatchObject({
      status: 'succeeded',
      format: 'zoom-webinar-attendee',
      platform: 'zoom',
    });
  });

  it('says the same file changes nothing, and a dry run writes nothing', async () => {
    const before = await tableCounts(t.database.db);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      ...multipart([{ name: 'again.csv', bytes: fixtureBytes('zoom-webinar-attendee-2025.csv') }]),
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().imports[0].status).toBe('unchanged');

    const dry = await t.app.inject({
      method: 'POST',
      url: '/api/imports?dryRun=true&timeZone=Europe/Lisbon&dateOrder=mdy',
      ...multipart([{ name: 'teams.csv', bytes: fixtureBytes('teams-attendance-2025.csv') }]),
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().imports[0]).toMatchObject({ status: 'dry_run', counts: { attendees: 2 } });
    expect(await tableCounts(t.database.db)).toEqual(before);
  });

  it('undoes an import through the API', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports?timeZone=UTC',
      ...multipart([
        { name: 'zoom-2020.csv', bytes: fixtureBytes('zoom-webinar-attendee-2020.csv') },
      ]),
    });
    const id = res.json().imports[0].importId;
    const undo = await t.app.inject({ method: 'POST', url: `/api/imports/${id}/undo` });
    expect(undo.statusCode).toBe(200);
    expect(undo.json()).toMatchObject({ webinarRemoved: true });
    const twice = await t.app.inject({ method: 'POST', url: `/api/imports/${id}/undo` });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toMatch(/undone/);
    const missing = await t.app.inject({ method: 'POST', url: '/api/imports/99999/undo' });
    expect(missing.statusCode).toBe(404);
  });

  it('answers bad requests with what was wrong', async () => {
    const notMultipart = await t.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: { a: 1 },
    });
    expect(notMultipart.statusCode).toBe(415);
    const badZone = await t.app.inject({
      method: 'POST',
      url: '/api/imports?timeZone=Nowhere/Land',
      ...multipart([{ name: 'x.csv', bytes: fixtureBytes('zoom-meeting-participants-2023.csv') }]),
    });
    expect(badZone.statusCode).toBe(422);
    expect(badZone.json().imports[0].message).toMatch(/Unknown time zone/);
    const badMapping = await t.app.inject({
      method: 'POST',
      url: `/api/imports?mapping=${encodeURIComponent('{"Name":"shoe size"}')}`,
      ...multipart([{ name: 'x.csv', bytes: Buffer.from('Name\nA\n') }]),
    });
    expect(badMapping.statusCode).toBe(400);
    expect(badMapping.json().message).toMatch(/"Name" → "shoe size" is not one of/);
    const unknownParam = await t.app.inject({
      method: 'POST',
      url: '/api/imports?colour=red',
      ...multipart([]),
    });
    expect(unknownParam.statusCode).toBe(400);
    const noFile = await t.app.inject({ method: 'POST', url: '/api/imports', ...multipart([]) });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().message).toMatch(/No file/);
  });
});

describe('a large file in the background', () => {
  it('answers 202 with the import id at once; the import can be followed until it is done', async () => {
    const bytes = Buffer.from(
      'Topic,ID,Host,Duration (minutes),Start time,End time,Participants\n' +
        'Background,55566677788,H (h@example.org),30,"02/10/2024 10:00:00 AM","02/10/2024 10:30:00 AM",2\n\n' +
        'Name (original name),Email,Join time,Leave time,Duration (minutes),Guest\n' +
        Array.from(
          { length: 3000 },
          (_, i) =>
            `P ${i},p${i}@example.org,02/10/2024 10:01:00 AM,02/10/2024 10:29:00 AM,28,Yes\n`,
        ).join(''),
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/imports?async=true&timeZone=UTC',
      ...multipart([{ name: 'background.csv', bytes }]),
    });
    expect(res.statusCode, res.body).toBe(202);
    const { importId, progressUrl } = res.json();
    let record = (await t.app.inject({ method: 'GET', url: progressUrl })).json();
    for (let i = 0; i < 200 && record.status === 'running'; i++) {
      expect(record.progress === null || typeof record.progress.rows === 'number').toBe(true);
      await new Promise((r) => setTimeout(r, 50));
      record = (await t.app.inject({ method: 'GET', url: progressUrl })).json();
    }
    expect(record).toMatchObject({
      id: importId,
      status: 'succeeded',
      progress: null,
      counts: { attendees: 3000 },
    });
  });

  it('takes one file at a time', async () => {
    const two = await t.app.inject({
      method: 'POST',
      url: '/api/imports?async=true',
      ...multipart([
        { name: 'a.csv', bytes: Buffer.from('a') },
        { name: 'b.csv', bytes: Buffer.from('b') },
      ]),
    });
    expect(two.statusCode).toBe(400);
  });
});

describe('upload size limit', () => {
  it('refuses a file over the limit with 413 and imports nothing', async () => {
    const small = await buildTestApp({ maxImportBytes: 1024 });
    try {
      const res = await small.app.inject({
        method: 'POST',
        url: '/api/imports',
        ...multipart([{ name: 'big.csv', bytes: Buffer.alloc(4096, 'a') }]),
      });
      expect(res.statusCode).toBe(413);
      expect(res.json().message).toMatch(/larger than the limit/);
      expect(await tableCounts(small.database.db)).toMatchObject({ attendance: 0, webinars: 0 });
    } finally {
      await small.close();
    }
  });
});
