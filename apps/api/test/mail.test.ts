import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from './helpers.js';
import { attendee, makeWebinar, withInstruments } from './surveys/fixtures.js';

// Sending against a real SMTP server on this machine (smtp-server on a free port, with
// authentication), every message parsed as a mail client would: who got what, in which
// language, with a link that opens their form; reminders only to non-respondents; nothing
// twice; a refused recipient is reported and left unsent.

const REFUSED = 'bounce@example.org';
const received: Array<{ to: string[]; mail: ParsedMail }> = [];
let server: SMTPServer;
let t: TestApp;
let webinarId: number;
let laterWebinarId: number;

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'ripple' && auth.password === 's3cret')
        callback(null, { user: 'ripple' });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED) {
        const error = new Error('Mailbox unavailable') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
      } else callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;

  t = await buildTestApp({
    surveys: {
      publicUrl: 'https://ripple.example.org/',
      mail: {
        url: `smtp://ripple:s3cret@127.0.0.1:${port}`,
        from: 'Webinars <webinars@example.org>',
      },
    },
  });
  const db = t.database.db;
  await withInstruments(db);
  const webinar = await makeWebinar(db, { title: 'Open contracting 101' });
  webinarId = webinar.id;
  await attendee(db, webinarId, { name: 'Ana Pérez', email: 'ana@example.org', language: 'es' });
  await attendee(db, webinarId, { name: 'Ben Ode', email: 'ben@example.org', language: 'en' });
  await attendee(db, webinarId, { name: 'Cy Dee', email: 'cy@example.org', language: 'en' });
  await attendee(db, webinarId, { name: 'Bo Unce', email: REFUSED, language: 'en' });
  await attendee(db, webinarId, { name: 'No Mail', email: null, language: 'en' });
  // A webinar in a week: its post wave is not due yet.
  const later = await makeWebinar(db, {
    starts_at: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  });
  laterWebinarId = later.id;
  await attendee(db, laterWebinarId, { email: 'later@example.org' });
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url, payload });

async function sentAt(email: string) {
  const row = await t.database.db
    .selectFrom('survey_invitation as i')
    .innerJoin('participant as p', 'p.id', 'i.participant_id')
    .select(['i.sent_at', 'i.reminded_at'])
    .where('p.email', '=', email)
    .where('i.wave', '=', 'post')
    .executeTakeFirstOrThrow();
  return row;
}

interface Form {
  language: string;
  questions: Array<{ id: number; key: string }>;
}

const tokenOf = (mail: ParsedMail) => /\/s\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')![1]!;

describe('sending invitations over SMTP', () => {
  it('mails each due invitation once, in its language, with a link to the form', async () => {
    // The held webinar's post wave is due; the later one's is not, nor either follow-up.
    for (const id of [webinarId, laterWebinarId]) {
      expect((await post(`/api/webinars/${id}/invitations`, { wave: 'post' })).statusCode).toBe(
        201,
      );
    }
    await post(`/api/webinars/${webinarId}/invitations`, { wave: 'followup' });

    const res = await post('/api/invitations/send', {});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.sent).toBe(3);
    expect(body.failed).toHaveLength(1);
    expect(body.failed[0]).toMatchObject({ email: REFUSED });
    expect(body.failed[0].error).toMatch(/550|Mailbox unavailable/);

    expect(
      received
        .map((r) => r.to)
        .flat()
        .sort(),
    ).toEqual(['ana@example.org', 'ben@example.org', 'cy@example.org']);
    const ana = received.find((r) => r.to[0] === 'ana@example.org')!.mail;
    expect(ana.subject).toBe('Su opinión sobre «Open contracting 101»');
    expect(ana.text).toMatch(/^Hola Ana Pérez:/);
    expect(ana.headers.get('content-language')).toBe('es');
    expect(ana.html).toContain('Responder la encuesta');
    const ben = received.find((r) => r.to[0] === 'ben@example.org')!.mail;
    expect(ben.subject).toBe('Your feedback on "Open contracting 101"');
    expect(ben.from?.value[0]).toMatchObject({ name: 'Webinars', address: 'webinars@example.org' });
    expect(ben.html).toContain('Answer the survey');

    for (const { mail } of received) {
      expect(mail.text).toMatch(/https:\/\/ripple\.example\.org\/s\/[A-Za-z0-9_-]{22,}/);
      const form = await t.app.inject({ method: 'GET', url: `/api/responses/${tokenOf(mail)}` });
      expect(form.statusCode).toBe(200);
      expect(form.json()).toMatchObject({ state: 'open', wave: 'post' });
      expect(form.json().language).toBe(mail.subject?.startsWith('Su ') ? 'es' : 'en');
    }

    expect((await sentAt('ana@example.org')).sent_at).toBeInstanceOf(Date);
    expect((await sentAt(REFUSED)).sent_at).toBeNull();
    expect((await sentAt('later@example.org')).sent_at).toBeNull();
  });

  it('sends nothing twice: a second run only retries the refused recipient', async () => {
    const res = await post('/api/invitations/send', { webinarId });
    expect(res.json()).toMatchObject({ sent: 0, failed: [{ email: REFUSED }] });
    expect(received).toHaveLength(3);
    // Concurrent runs split the work rather than doubling it.
    const runs = await Promise.all([1, 2].map(() => post('/api/invitations/send', {})));
    expect(runs.map((r) => r.json<{ sent: number }>().sent)).toEqual([0, 0]);
    expect(received).toHaveLength(3);
  });

  it('reminds only those who have not answered, and not again too soon', async () => {
    // Ana answers.
    const ana = received.find((r) => r.to[0] === 'ana@example.org')!.mail;
    const token = tokenOf(ana);
    const form = (
      await t.app.inject({ method: 'GET', url: `/api/responses/${token}` })
    ).json<Form>();
    const satisfaction = form.questions.find((q) => q.key === 'satisfaction')!;
    const answer = await post(`/api/responses/${token}`, {
      answers: { [satisfaction.id]: 5 },
    });
    expect(answer.statusCode).toBe(201);

    // Sent a moment ago: the default gap of 3 days holds reminders back.
    const early = await post('/api/invitations/remind', { webinarId });
    expect(early.json()).toMatchObject({ kind: 'reminder', sent: 0, failed: [] });

    received.length = 0;
    const res = await post('/api/invitations/remind', { webinarId, wave: 'post', afterDays: 0 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sent: 2, failed: [] });
    expect(received.map((r) => r.to[0]).sort()).toEqual(['ben@example.org', 'cy@example.org']);
    expect(received[0]!.mail.subject).toBe('Reminder: Your feedback on "Open contracting 101"');
    expect((await sentAt('ben@example.org')).reminded_at).toBeInstanceOf(Date);
    expect((await sentAt('ana@example.org')).reminded_at).toBeNull();
    // Never sent, so never reminded.
    expect((await sentAt(REFUSED)).reminded_at).toBeNull();

    const again = await post('/api/invitations/remind', { webinarId });
    expect(again.json().sent).toBe(0);
    expect(received).toHaveLength(2);

    const waves = (
      await t.app.inject({ method: 'GET', url: `/api/surveys/waves?webinar=${webinarId}` })
    ).json().items;
    expect(waves[0]).toMatchObject({
      wave: 'post',
      invited: 5,
      sent: 3,
      reminded: 2,
      answered: 1,
      due: 2,
      withoutEmail: 1,
      responseRate: 0.2,
      status: 'due',
    });
  });

  it('reports every recipient as failed, and keeps them unsent, when the server refuses the login', async () => {
    const { port } = server.server.address() as AddressInfo;
    const wrong = await buildTestApp({
      surveys: {
        publicUrl: null,
        mail: { url: `smtp://ripple:wrong@127.0.0.1:${port}`, from: 'w@example.org' },
      },
    });
    try {
      await withInstruments(wrong.database.db);
      const w = await makeWebinar(wrong.database.db);
      await attendee(wrong.database.db, w.id, { email: 'x@example.org' });
      await attendee(wrong.database.db, w.id, { email: 'y@example.org' });
      await wrong.app.inject({
        method: 'POST',
        url: `/api/webinars/${w.id}/invitations`,
        payload: { wave: 'post' },
      });
      const res = await wrong.app.inject({
        method: 'POST',
        url: '/api/invitations/send',
        payload: {},
      });
      expect(res.json().sent).toBe(0);
      expect(res.json().failed).toHaveLength(2);
      const unsent = await wrong.database.db
        .selectFrom('survey_invitation')
        .select('sent_at')
        .execute();
      expect(unsent.every((r) => r.sent_at === null)).toBe(true);
    } finally {
      await wrong.close();
    }
  });
});
