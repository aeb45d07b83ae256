import { sql, type Kysely } from 'kysely';
import type { Database, SurveyWave } from '../schema.js';
import { getParticipantRecord, type ParticipantRecord } from '../queries/participants.js';

// Everything held about one person, as one document they can be given: their record (details,
// attendance with webinar titles and dates, responses with each question as worded in the
// version they answered, and each response's source: the form or the tool past feedback was
// imported from), the survey invitations addressed to them, and the attendance imports their rows
// came from.

export const PERSONAL_EXPORT_FORMAT = 'ripple-personal-data/1';

export interface PersonalInvitation {
  id: number;
  webinar: { id: number; title: string; startsAt: string };
  wave: SurveyWave;
  language: string;
  createdAt: string;
  scheduledFor: string | null;
  sentAt: string | null;
  remindedAt: string | null;
  expiresAt: string;
  answered: boolean;
}

export interface PersonalImport {
  id: number;
  fileName: string;
  format: string | null;
  platform: string | null;
  startedAt: string;
  status: string;
  /** What this import brought about the person. */
  brought: Array<'person' | 'attendance'>;
}

export interface PersonalExport {
  format: typeof PERSONAL_EXPORT_FORMAT;
  exportedAt: string;
  participant: ParticipantRecord & {
    anonymisedAt: string | null;
    quotes: Array<{ responseId: number; displayName: string | null; country: string | null }>;
  };
  invitations: PersonalInvitation[];
  imports: PersonalImport[];
}

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

/** The export of one person, question texts in `lang`; undefined for an unknown id. */
export async function exportParticipant(
  db: Kysely<Database>,
  id: number,
  { lang = 'en', now = new Date() }: { lang?: 'en' | 'es'; now?: Date } = {},
): Promise<PersonalExport | undefined> {
  const record = await getParticipantRecord(db, id, { lang });
  if (!record) return undefined;
  const [extra, quotes, invitations, imports] = await Promise.all([
    db
      .selectFrom('participant')
      .select('anonymised_at')
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('survey_response')
      .select(['id', 'quote_display_name', 'quote_country'])
      .where('participant_id', '=', id)
      .where((eb) =>
        eb.or([eb('quote_display_name', 'is not', null), eb('quote_country', 'is not', null)]),
      )
      .orderBy('id')
      .execute(),
    db
      .selectFrom('survey_invitation as i')
      .innerJoin('webinar as w', 'w.id', 'i.webinar_id')
      .leftJoin('survey_response as r', 'r.invitation_id', 'i.id')
      .select([
        'i.id',
        'w.id as webinar_id',
        'w.title',
        'w.starts_at',
        'i.wave',
        'i.language',
        'i.created_at',
        'i.scheduled_for',
        'i.sent_at',
        'i.reminded_at',
        'i.expires_at',
        'r.id as response_id',
      ])
      .where('i.participant_id', '=', id)
      .orderBy('i.created_at')
      .orderBy('i.id')
      .execute(),
    sql<{
      id: number;
      file_name: string;
      format: string | null;
      platform: string | null;
      started_at: Date | string;
      status: string;
      brought: string[];
    }>`
      with sources as (
        select created_import_id as import_id, 'person' as what from participant
        where id = ${id} and created_import_id is not null
        union select import_id, 'attendance' from attendance
        where participant_id = ${id} and import_id is not null
      )
      select d.id, d.file_name, d.format, d.platform, d.started_at, d.status,
             array_agg(distinct s.what order by s.what) as brought
      from sources s join data_import d on d.id = s.import_id
      group by d.id
      order by d.started_at, d.id
    `.execute(db),
  ]);
  return {
    format: PERSONAL_EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    participant: {
      ...record,
      anonymisedAt: isoOrNull(extra.anonymised_at),
      quotes: quotes.map((q) => ({
        responseId: q.id,
        displayName: q.quote_display_name,
        country: q.quote_country,
      })),
    },
    invitations: invitations.map((i) => ({
      id: i.id,
      webinar: { id: i.webinar_id, title: i.title, startsAt: iso(i.starts_at) },
      wave: i.wave,
      language: i.language,
      createdAt: iso(i.created_at),
      scheduledFor: isoOrNull(i.scheduled_for),
      sentAt: isoOrNull(i.sent_at),
      remindedAt: isoOrNull(i.reminded_at),
      expiresAt: iso(i.expires_at),
      answered: i.response_id !== null,
    })),
    imports: imports.rows.map((d) => ({
      id: d.id,
      fileName: d.file_name,
      format: d.format,
      platform: d.platform,
      startedAt: iso(d.started_at),
      status: d.status,
      brought: d.brought as Array<'person' | 'attendance'>,
    })),
  };
}
