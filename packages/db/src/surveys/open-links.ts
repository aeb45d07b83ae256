import { sql, type Kysely } from 'kysely';
import type { Database, SurveyWave } from '../schema.js';
import {
  currentSurveyVersion,
  DEFAULT_EXPIRY_DAYS,
  InvitationError,
  newToken,
  waveDueAt,
  webinarTiming,
} from './invitations.js';

// Open links: one shared link per webinar and wave for audiences not known by name. Each
// submission through one stores a new response (invitation_id null, open_link_id set); a link
// is revoked, never deleted, so its responses keep their origin.

export interface OpenLink {
  id: number;
  token: string;
  webinarId: number;
  webinarTitle: string;
  wave: SurveyWave;
  surveyVersionId: number;
  language: 'en' | 'es';
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
  /** open: takes answers; expired or revoked: does not. */
  state: 'open' | 'expired' | 'revoked';
  responses: number;
}

interface LinkRow {
  id: number;
  token: string;
  webinar_id: number;
  title: string;
  wave: SurveyWave;
  survey_version_id: number;
  language: string;
  expires_at: Date;
  revoked_at: Date | null;
  created_at: Date;
  expired: boolean;
  responses: number;
}

const iso = (value: Date) => new Date(value).toISOString();

function toLink(row: LinkRow): OpenLink {
  return {
    id: row.id,
    token: row.token,
    webinarId: row.webinar_id,
    webinarTitle: row.title,
    wave: row.wave,
    surveyVersionId: row.survey_version_id,
    language: row.language === 'es' ? 'es' : 'en',
    expiresAt: iso(row.expires_at),
    revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
    createdAt: iso(row.created_at),
    state: row.revoked_at !== null ? 'revoked' : row.expired ? 'expired' : 'open',
    responses: row.responses,
  };
}

const linkColumns = sql`l.id, l.token, l.webinar_id, w.title, l.wave, l.survey_version_id,
  l.language, l.expires_at, l.revoked_at, l.created_at, l.expires_at <= now() as expired,
  (select count(*)::int from survey_response r where r.open_link_id = l.id) as responses`;

export interface CreateOpenLinkInput {
  webinarId: number;
  wave: SurveyWave;
  /** The form's language (default: the webinar's when English or Spanish, else English). */
  language?: 'en' | 'es';
  /** Days the link takes answers after the wave is due, or after now if later (default 30). */
  expiryDays?: number;
}

/** A new open link for a webinar (not a cancelled one) and wave, on the wave's current survey. */
export async function createOpenLink(
  db: Kysely<Database>,
  input: CreateOpenLinkInput,
): Promise<OpenLink> {
  const webinar = await webinarTiming(db, input.webinarId);
  if (webinar.status === 'cancelled') {
    throw new InvitationError(
      'webinar_not_held',
      `Webinar #${webinar.id} is cancelled: there is nobody to ask.`,
    );
  }
  const versionId = await currentSurveyVersion(db, input.wave);
  const due = waveDueAt(webinar, input.wave).getTime();
  const expiresAt = new Date(
    Math.max(due, Date.now()) + (input.expiryDays ?? DEFAULT_EXPIRY_DAYS) * 86_400_000,
  );
  const language = input.language ?? (webinar.language === 'es' ? 'es' : 'en');
  const { id } = await db
    .insertInto('survey_open_link')
    .values({
      token: newToken(),
      webinar_id: webinar.id,
      wave: input.wave,
      survey_version_id: versionId,
      language,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await getOpenLink(db, id))!;
}

export async function getOpenLink(db: Kysely<Database>, id: number): Promise<OpenLink | null> {
  const { rows } = await sql<LinkRow>`
    select ${linkColumns} from survey_open_link l join webinar w on w.id = l.webinar_id
    where l.id = ${id}`.execute(db);
  return rows[0] ? toLink(rows[0]) : null;
}

/** Open links, newest first, optionally of one webinar. */
export async function listOpenLinks(
  db: Kysely<Database>,
  filters: { webinarId?: number } = {},
): Promise<OpenLink[]> {
  const webinarId = filters.webinarId ?? null;
  const { rows } = await sql<LinkRow>`
    select ${linkColumns} from survey_open_link l join webinar w on w.id = l.webinar_id
    where (${webinarId}::int is null or l.webinar_id = ${webinarId})
    order by l.created_at desc, l.id desc`.execute(db);
  return rows.map(toLink);
}

/** Stops a link taking answers (its responses stay); null for an unknown id. */
export async function revokeOpenLink(db: Kysely<Database>, id: number): Promise<OpenLink | null> {
  await db
    .updateTable('survey_open_link')
    .set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .execute();
  return getOpenLink(db, id);
}

export interface OpenLinkTarget {
  id: number;
  webinarId: number;
  wave: SurveyWave;
  surveyVersionId: number;
  language: string;
  expiresAt: Date;
  /** Expired or revoked. */
  closed: boolean;
}

/** The open link a token names, for the respondent's side; null when there is none. */
export async function findOpenLink(
  db: Kysely<Database>,
  token: string,
): Promise<OpenLinkTarget | null> {
  const row = await db
    .selectFrom('survey_open_link')
    .select([
      'id',
      'webinar_id',
      'wave',
      'survey_version_id',
      'language',
      'expires_at',
      sql<boolean>`revoked_at is not null or expires_at <= now()`.as('closed'),
    ])
    .where('token', '=', token)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        webinarId: row.webinar_id,
        wave: row.wave,
        surveyVersionId: row.survey_version_id,
        language: row.language,
        expiresAt: new Date(row.expires_at),
        closed: row.closed,
      }
    : null;
}
