import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { Kysely } from 'kysely';
import { streamInvitations, type Database, type InvitationFilters } from '@ripple/db';
import { surveyLink } from './config.js';

// The invitations as CSV, one row per invitation, for a mail merge or a spreadsheet: streamed a
// batch at a time from the database. UTF-8 with a byte-order mark (so Excel reads accents) and
// CRLF, like the dashboard's own downloads.

export const INVITATION_CSV_COLUMNS = [
  'invitation_id',
  'webinar_id',
  'webinar_title',
  'wave',
  'participant_id',
  'name',
  'email',
  'language',
  'link',
  'scheduled_for',
  'expires_at',
  'sent_at',
  'reminded_at',
  'status',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return at the start)
 * gets a leading apostrophe, as OWASP advises: names and titles are text other people typed.
 */
export function neutralise(value: string | null): string {
  if (value === null) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function invitationsCsv(
  db: Kysely<Database>,
  filters: InvitationFilters,
  baseUrl: string,
): Readable {
  const csv = stringify({
    bom: true,
    header: true,
    columns: [...INVITATION_CSV_COLUMNS],
    record_delimiter: 'windows',
  });
  const rows = Readable.from(
    (async function* () {
      for await (const i of streamInvitations(db, filters)) {
        yield {
          invitation_id: i.id,
          webinar_id: i.webinarId,
          webinar_title: neutralise(i.webinarTitle),
          wave: i.wave,
          participant_id: i.participantId,
          name: neutralise(i.name),
          email: neutralise(i.email),
          language: i.language,
          link: surveyLink(baseUrl, i.token),
          scheduled_for: i.scheduledFor ?? '',
          expires_at: i.expiresAt,
          sent_at: i.sentAt ?? '',
          reminded_at: i.remindedAt ?? '',
          status: i.status,
        };
      }
    })(),
  );
  // A database failure half-way ends the download with an error rather than a short file.
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
