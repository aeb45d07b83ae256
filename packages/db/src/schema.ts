import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

// The one typed description of the database. Row types are derived from it, never restated.

/** timestamptz: read as Date, written as Date or ISO string. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string | T, string | T>;
/** A json column with a database default: optional on insert. */
type JsonWithDefault<T> = ColumnType<T, string | T | undefined, string | T>;

export const SECTOR_CODES = [
  'government',
  'civil_society',
  'private_sector',
  'international_organisation',
  'media',
  'academia',
  'other',
  'unknown',
] as const;
export type SectorCode = (typeof SECTOR_CODES)[number];

export const WEBINAR_STATUSES = ['planned', 'held', 'cancelled'] as const;
export type WebinarStatus = (typeof WEBINAR_STATUSES)[number];

export const PLATFORMS = ['zoom', 'teams', 'webex', 'goto', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const SPEAKER_ROLES = ['host', 'presenter', 'panelist', 'moderator', 'organiser'] as const;
export type SpeakerRole = (typeof SPEAKER_ROLES)[number];

export const USER_ROLES = ['admin', 'manager', 'funder'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const SURVEY_WAVES = ['post', 'followup'] as const;
export type SurveyWave = (typeof SURVEY_WAVES)[number];

export const QUESTION_TYPES = [
  'rating5',
  'nps',
  'single',
  'multi',
  'yes_partly_no',
  'text',
  'consent',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Where a survey response came from: the survey form, or an import of a tool's export. */
export const RESPONSE_SOURCES = ['form', 'google_forms', 'kobo', 'surveymonkey', 'csv'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];

export const IMPORT_STATUSES = ['running', 'succeeded', 'failed', 'undone'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface QuestionChoice {
  value: string;
  label_en: string;
  label_es: string;
}

export interface SectorTable {
  code: SectorCode;
  label_en: string;
  label_es: string;
  sort_order: number;
}

export interface WorkingGroupTable {
  id: Generated<number>;
  code: string;
  label_en: string;
  label_es: string;
}

export interface TopicTable {
  id: Generated<number>;
  code: string;
  label_en: string;
  label_es: string;
  working_group_id: number | null;
}

export interface SeriesTable {
  id: Generated<number>;
  code: string;
  name: string;
  default_language: string | null;
  default_working_group_id: number | null;
  default_timezone: string | null;
  created_at: CreatedAt;
}

export interface AppUserTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: UserRole;
  password_hash: string;
  disabled_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  ip: string | null;
  user_agent: string | null;
  csrf_token: string;
}

export interface SignInFailureTable {
  id: Generated<number>;
  email: string;
  address: string;
  failed_at: CreatedAt;
}

/** The period and scope a share link is locked to (ids of series, topic, working group). */
export interface ShareLinkScope {
  from: string;
  to: string;
  series?: number;
  topic?: number;
  workingGroup?: number;
  region?: string;
}

export interface ShareLinkTable {
  id: Generated<number>;
  token_hash: string;
  label: string;
  scope: ColumnType<ShareLinkScope, string, never>;
  password_hash: string | null;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface ShareSessionTable {
  token_hash: string;
  link_id: number;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface ShareLinkViewTable {
  id: Generated<number>;
  link_id: number;
  viewed_at: CreatedAt;
  path: string;
  /** The client's address cut to its network (IPv4 /24, IPv6 /48): where from, not who. */
  address: string | null;
  user_agent: string | null;
}

export interface DataImportTable {
  id: Generated<number>;
  file_name: string;
  content_hash: string;
  format: string | null;
  status: ColumnType<ImportStatus, ImportStatus | undefined, ImportStatus>;
  webinar_id: number | null;
  user_id: number | null;
  counts: JsonWithDefault<Record<string, number>>;
  error_report: Json<unknown> | null;
  started_at: CreatedAt;
  finished_at: Timestamp | null;
  platform: Platform | null;
  time_zone: string | null;
  options: JsonWithDefault<Record<string, unknown>>;
  replaces_import_id: number | null;
  undone_at: Timestamp | null;
}

export interface ImportReplacedAttendanceTable {
  import_id: number;
  webinar_id: number;
  participant_id: number;
  registered: boolean;
  registered_at: Timestamp | null;
  attended: boolean;
  first_join_at: Timestamp | null;
  last_leave_at: Timestamp | null;
  minutes: number;
  previous_import_id: number | null;
}

export interface ImportColumnMappingTable {
  header_key: string;
  header: Json<string[]>;
  mapping: Json<Record<string, string>>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CountryAliasTable {
  alias_key: string;
  alias: string;
  country: string;
  created_at: CreatedAt;
}

export interface SectorMappingTable {
  answer_key: string;
  answer: string;
  sector: SectorCode;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CountryClassificationTable {
  iso2: string;
  iso3: string;
  name: string;
  region: string;
  income_group: string | null;
  fiscal_year: string;
}

export interface SeriesDefaultTopicTable {
  series_id: number;
  topic_id: number;
}

export interface WebinarTable {
  id: Generated<number>;
  title: string;
  description: string | null;
  starts_at: Timestamp;
  duration_minutes: number | null;
  timezone: ColumnType<string, string | undefined, string>;
  language: string;
  series_id: number | null;
  working_group_id: number | null;
  status: ColumnType<WebinarStatus, WebinarStatus | undefined, WebinarStatus>;
  platform: Platform | null;
  platform_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface WebinarTopicTable {
  webinar_id: number;
  topic_id: number;
}

export interface SpeakerTable {
  id: Generated<number>;
  name: string;
  email: string | null;
  organisation: string | null;
  country: string | null;
  sector: ColumnType<SectorCode, SectorCode | undefined, SectorCode>;
  created_at: CreatedAt;
  created_import_id: number | null;
}

export interface WebinarSpeakerTable {
  webinar_id: number;
  speaker_id: number;
  role: ColumnType<SpeakerRole, SpeakerRole | undefined, SpeakerRole>;
  import_id: number | null;
}

export interface ParticipantTable {
  id: Generated<number>;
  name: string | null;
  email: string | null;
  country: string | null;
  sector: ColumnType<SectorCode, SectorCode | undefined, SectorCode>;
  organisation: string | null;
  gender: string | null;
  language: string | null;
  created_import_id: number | null;
  created_at: CreatedAt;
  /**
   * The name folded for sorting and the name and email folded for search (lower-case, accents
   * removed), kept by the database (migration 20261130T110000_participant_search).
   */
  name_key: ColumnType<string | null, never, never>;
  search_key: ColumnType<string, never, never>;
  /** When retention removed their personal data, keeping their attendance counted (privacy/). */
  anonymised_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface AttendanceTable {
  webinar_id: number;
  participant_id: number;
  registered: ColumnType<boolean, boolean | undefined, boolean>;
  registered_at: Timestamp | null;
  attended: ColumnType<boolean, boolean | undefined, boolean>;
  first_join_at: Timestamp | null;
  last_leave_at: Timestamp | null;
  minutes: ColumnType<number, number | undefined, number>;
  import_id: number | null;
}

export interface SurveyTable {
  id: Generated<number>;
  code: string;
  kind: SurveyWave;
  name: string;
  created_at: CreatedAt;
}

export interface SurveyVersionTable {
  id: Generated<number>;
  survey_id: number;
  version: number;
  created_at: CreatedAt;
}

export interface SurveyQuestionTable {
  id: Generated<number>;
  survey_version_id: number;
  position: number;
  key: string;
  type: QuestionType;
  required: ColumnType<boolean, boolean | undefined, boolean>;
  text_en: string;
  text_es: string;
  choices: Json<QuestionChoice[]> | null;
  allow_other: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SurveyInvitationTable {
  id: Generated<number>;
  token: string;
  webinar_id: number;
  participant_id: number | null;
  wave: SurveyWave;
  survey_version_id: number;
  language: ColumnType<string, string | undefined, string>;
  scheduled_for: Timestamp | null;
  expires_at: Timestamp;
  sent_at: Timestamp | null;
  reminded_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SurveyResponseTable {
  id: Generated<number>;
  invitation_id: number | null;
  survey_version_id: number;
  webinar_id: number;
  participant_id: number | null;
  wave: SurveyWave;
  language: string;
  submitted_at: ColumnType<Date, Date | string | undefined, never>;
  consent_to_quote: ColumnType<boolean, boolean | undefined, boolean>;
  quote_display_name: string | null;
  quote_country: string | null;
  quote_approved_at: Timestamp | null;
  answers_hash: string | null;
  /** The open link it came through (migration 20261130T020000_survey_open_links), else null. */
  open_link_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** 'form' for answers given through a link; a tool's name for imported past feedback. */
  source: ColumnType<ResponseSource, ResponseSource | undefined, ResponseSource>;
  /** The tool's id of an imported submission (unique per source); null for the form. */
  source_key: string | null;
}

/** A shared survey link for a webinar whose attendees are unknown: any number of responses. */
export interface SurveyOpenLinkTable {
  id: Generated<number>;
  token: string;
  webinar_id: number;
  wave: SurveyWave;
  survey_version_id: number;
  language: ColumnType<string, string | undefined, string>;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface SurveyAnswerTable {
  response_id: number;
  question_id: number;
  value_number: number | null;
  value_text: string | null;
  value_choices: string[] | null;
}

/**
 * One row per person who has attended or registered, kept by statement-level triggers on
 * attendance and webinar (migration 20261129T191000_participant_reach); never written by code.
 */
export interface ParticipantReachTable {
  participant_id: number;
  first_attended_at: Timestamp | null;
  last_attended_at: Timestamp | null;
  webinars_attended: number;
  registrations: number;
  registered_attended: number;
  minutes: number;
  /**
   * The keys of the held webinars they attended (migration 20261129T201000_reach_by_key): a
   * webinar without a topic, working group or series gives null; months ('YYYY-MM'), quarters
   * ('YYYY-Qn') and years in UTC.
   */
  topic_ids: Array<number | null>;
  working_group_ids: Array<number | null>;
  series_ids: Array<number | null>;
  languages: string[];
  months: string[];
  quarters: string[];
  years: string[];
}

/**
 * Attendances, registrations and minutes per webinar and cell of people (country, sector), kept
 * by a deferred trigger at the commit of every write to attendance or a participant's country or
 * sector (migration 20261129T201000_reach_by_key); never written by code.
 */
export interface WebinarCellTable {
  webinar_id: number;
  country: string | null;
  sector: SectorCode;
  attendances: number;
  registrations: number;
  minutes: number;
}

/** Webinars whose cells are recomputed at commit; empty outside a writing transaction. */
export interface WebinarCellDirtyTable {
  webinar_id: number;
}

/** The reach data's version, bumped by triggers on every write the figures read (one row). */
export interface ReachVersionTable {
  only_row: ColumnType<boolean, never, never>;
  version: ColumnType<number, never, never>;
}

export const PRIVACY_ACTIONS = ['erasure', 'retention'] as const;
export type PrivacyAction = (typeof PRIVACY_ACTIONS)[number];

/** One erasure or retention run: when, by whom, how many rows; never whom it was about. */
export interface PrivacyLogTable {
  id: Generated<number>;
  at: CreatedAt;
  action: PrivacyAction;
  /** 'user #N' or 'command line'. */
  actor: string;
  user_id: number | null;
  people: number;
  rows: Json<Record<string, number>>;
}

/** Bumped by the rare writes to survey tables (migration 20261130T150000_impact_version). */
export interface ImpactVersionTable {
  only_row: ColumnType<boolean, never, never>;
  version: ColumnType<number, never, never>;
}

export interface Database {
  sector: SectorTable;
  working_group: WorkingGroupTable;
  topic: TopicTable;
  series: SeriesTable;
  app_user: AppUserTable;
  user_session: UserSessionTable;
  sign_in_failure: SignInFailureTable;
  share_link: ShareLinkTable;
  share_session: ShareSessionTable;
  share_link_view: ShareLinkViewTable;
  data_import: DataImportTable;
  webinar: WebinarTable;
  webinar_topic: WebinarTopicTable;
  speaker: SpeakerTable;
  webinar_speaker: WebinarSpeakerTable;
  participant: ParticipantTable;
  attendance: AttendanceTable;
  survey: SurveyTable;
  survey_version: SurveyVersionTable;
  survey_question: SurveyQuestionTable;
  survey_invitation: SurveyInvitationTable;
  survey_response: SurveyResponseTable;
  survey_answer: SurveyAnswerTable;
  survey_open_link: SurveyOpenLinkTable;
  import_replaced_attendance: ImportReplacedAttendanceTable;
  import_column_mapping: ImportColumnMappingTable;
  country_alias: CountryAliasTable;
  sector_mapping: SectorMappingTable;
  series_default_topic: SeriesDefaultTopicTable;
  country_classification: CountryClassificationTable;
  participant_reach: ParticipantReachTable;
  webinar_cell: WebinarCellTable;
  webinar_cell_dirty: WebinarCellDirtyTable;
  reach_version: ReachVersionTable;
  privacy_log: PrivacyLogTable;
  impact_version: ImpactVersionTable;
}

export type Webinar = Selectable<WebinarTable>;
export type NewWebinar = Insertable<WebinarTable>;
export type WebinarUpdate = Updateable<WebinarTable>;
export type Participant = Selectable<ParticipantTable>;
export type NewParticipant = Insertable<ParticipantTable>;
export type Attendance = Selectable<AttendanceTable>;
export type NewAttendance = Insertable<AttendanceTable>;
export type Speaker = Selectable<SpeakerTable>;
export type DataImport = Selectable<DataImportTable>;
