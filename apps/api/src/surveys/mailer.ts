import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import {
  claimDueInvitations,
  claimReminders,
  releaseReminded,
  releaseSent,
  type ClaimedInvitation,
  type Database,
  type MailingFilters,
} from '@ripple/db';
import { surveyLink, type MailConfig } from './config.js';

// Mailing invitations and reminders over SMTP, in each respondent's language, with their
// personal link. A batch is claimed in the database, mailed one message at a time over a pooled
// connection, and the claims of the messages that failed are released.

export type MailKind = 'invitation' | 'reminder';

export interface MailOutcome {
  kind: MailKind;
  sent: number;
  failed: Array<{ invitationId: number; email: string; error: string }>;
}

export interface Message {
  subject: string;
  text: string;
  html: string;
}

const BATCH = 100;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

function formatDate(date: Date, language: 'en' | 'es', timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
  }
}

const WORDS = {
  en: {
    subject: {
      post: (t: string) => `Your feedback on "${t}"`,
      followup: (t: string) => `Did "${t}" help your work? A short follow-up`,
    },
    reminder: 'Reminder: ',
    hello: (name: string | null) => (name ? `Hello ${name},` : 'Hello,'),
    body: {
      post: (t: string, d: string) =>
        `Thank you for attending "${t}" on ${d}. Would you take three minutes to tell us how it went and how you plan to use it?`,
      followup: (t: string, d: string) =>
        `Some time ago you attended "${t}" (${d}). We would like to know whether what you learned has been useful since: it takes three minutes.`,
    },
    button: 'Answer the survey',
    personal: (e: string) =>
      `This link is yours alone and works until ${e}; please do not forward it.`,
    thanks: 'Thank you,',
  },
  es: {
    subject: {
      post: (t: string) => `Su opinión sobre «${t}»`,
      followup: (t: string) => `¿Le sirvió «${t}» en su trabajo? Un breve seguimiento`,
    },
    reminder: 'Recordatorio: ',
    hello: (name: string | null) => (name ? `Hola ${name}:` : 'Hola:'),
    body: {
      post: (t: string, d: string) =>
        `Gracias por participar en «${t}» el ${d}. ¿Nos dedica tres minutos para contarnos qué le pareció y cómo piensa usarlo?`,
      followup: (t: string, d: string) =>
        `Hace un tiempo participó en «${t}» (${d}). Nos gustaría saber si lo que aprendió le ha sido útil desde entonces: son tres minutos.`,
    },
    button: 'Responder la encuesta',
    personal: (e: string) =>
      `Este enlace es solo para usted y funciona hasta el ${e}; por favor no lo reenvíe.`,
    thanks: 'Gracias,',
  },
} as const;

/** The message for one invitation, in its language (English unless Spanish). */
export function invitationMessage(
  invitation: ClaimedInvitation,
  kind: MailKind,
  baseUrl: string,
): Message {
  const lang = invitation.language === 'es' ? 'es' : 'en';
  const w = WORDS[lang];
  const link = surveyLink(baseUrl, invitation.token);
  const date = formatDate(invitation.webinarStartsAt, lang, invitation.webinarTimezone);
  const expiry = formatDate(invitation.expiresAt, lang, invitation.webinarTimezone);
  const title = invitation.webinarTitle;
  const subject = (kind === 'reminder' ? w.reminder : '') + w.subject[invitation.wave](title);
  const hello = w.hello(invitation.name);
  const body = w.body[invitation.wave](title, date);
  const personal = w.personal(expiry);
  const text = [hello, '', body, '', link, '', personal, '', w.thanks].join('\n');
  const html = `<!doctype html><html lang="${lang}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(hello)}</p>
<p>${escapeHtml(body)}</p>
<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:0.6em 1.2em;background:#1d4ed8;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(w.button)}</a></p>
<p style="font-size:0.9em;color:#555">${escapeHtml(link)}<br>${escapeHtml(personal)}</p>
<p>${escapeHtml(w.thanks)}</p>
</body></html>`;
  return { subject, text, html };
}

/**
 * Sends due invitations (kind 'invitation') or reminders to non-respondents (kind 'reminder')
 * matching the filters, until none is left. Failed recipients are reported and left to retry.
 */
export async function mailInvitations(
  db: Kysely<Database>,
  config: MailConfig,
  options: MailingFilters & { kind: MailKind; baseUrl: string; reminderGapDays?: number },
): Promise<MailOutcome> {
  const transport = nodemailer.createTransport({
    url: config.url,
    pool: true,
    maxConnections: 2,
    // A server that does not answer fails the run in seconds, not nodemailer's minutes.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  const outcome: MailOutcome = { kind: options.kind, sent: 0, failed: [] };
  const filters: MailingFilters = {
    ...(options.webinarId !== undefined && { webinarId: options.webinarId }),
    ...(options.wave !== undefined && { wave: options.wave }),
  };
  try {
    let afterId = 0;
    for (;;) {
      const batch =
        options.kind === 'invitation'
          ? await claimDueInvitations(db, { ...filters, afterId, limit: BATCH })
          : await claimReminders(db, {
              ...filters,
              afterId,
              limit: BATCH,
              ...(options.reminderGapDays !== undefined && { gapDays: options.reminderGapDays }),
            });
      if (batch.length === 0) break;
      afterId = batch[batch.length - 1]!.id;
      const failed: ClaimedInvitation[] = [];
      await Promise.all(
        batch.map(async (invitation) => {
          const message = invitationMessage(invitation, options.kind, options.baseUrl);
          try {
            await transport.sendMail({
              from: config.from,
              to: invitation.name
                ? { name: invitation.name, address: invitation.email }
                : invitation.email,
              subject: message.subject,
              text: message.text,
              html: message.html,
              headers: { 'Content-Language': invitation.language === 'es' ? 'es' : 'en' },
            });
            outcome.sent += 1;
          } catch (error) {
            failed.push(invitation);
            outcome.failed.push({
              invitationId: invitation.id,
              email: invitation.email,
              error: error instanceof Error ? error.message : String(error),
            });
          }
        }),
      );
      if (options.kind === 'invitation')
        await releaseSent(
          db,
          failed.map((f) => f.id),
        );
      else await releaseReminded(db, failed);
    }
  } finally {
    transport.close();
  }
  outcome.failed.sort((a, b) => a.invitationId - b.invitationId);
  return outcome;
}
