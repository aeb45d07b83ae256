import { sql, type Kysely, type RawBuilder } from 'kysely';
import type {
  Database,
  QuestionChoice,
  QuestionType,
  ResponseSource,
  SectorCode,
  SpeakerRole,
  SurveyWave,
  WebinarStatus,
} from '../schema.js';
import { accountHasEmail } from '../accounts/users.js';
import { containsPattern, folded } from './impact-source.js';

// People, one at a time: what a programme manager searches and opens. Everything here is personal
// data; the API serves it to managers only, and never from a cache.

const iso = (value: Date | string) => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null) => (value === null ? null : iso(value));

/** At most this many words of a search are matched; the rest are ignored. */
export const MAX_SEARCH_WORDS = 8;

export interface ParticipantSearch {
  /**
   * Words that must each appear in the name or the email, ignoring case and accents ("jose
   * lopez" finds "José López"); % and _ are plain characters.
   */
  q?: string;
  /** ISO alpha-2 codes: any of them. */
  countries?: string[];
  sectors?: SectorCode[];
  limit?: number;
  offset?: number;
}

export interface ParticipantListItem {
  id: number;
  name: string | null;
  email: string | null;
  country: string | null;
  sector: SectorCode;
  organisation: string | null;
  /** Held webinars attended. */
  webinarsAttended: number;
  /** The start of the last held webinar attended; null when none. */
  lastAttendedAt: string | null;
}

/** The words of a search, folded the way the database folds names (see `folded`). */
function searchWords(q: string | undefined): string[] {
  return (q ?? '').trim().split(/\s+/).filter(Boolean).slice(0, MAX_SEARCH_WORDS);
}

function searchConditions(f: ParticipantSearch): RawBuilder<unknown> {
  const c: Array<RawBuilder<unknown>> = [sql`true`];
  const words = searchWords(f.q);
  if (words.length) {
    // search_key is the name and email folded into one text (migration
    // 20261130T110000_participant_search), so a word may be in either ("lopez gmail"); the words
    // are folded by the same expression.
    for (const word of words) {
      c.push(sql`p.search_key like ${folded(sql`${containsPattern(word)}::text`)}`);
    }
  }
  if (f.countries?.length) c.push(sql`p.country = any(${f.countries}::text[])`);
  if (f.sectors?.length) c.push(sql`p.sector = any(${f.sectors}::text[])`);
  return sql.join(c, sql` and `);
}

/**
 * People matching a search, by name (accents and case ignored, then email, then id, so every
 * page is the same for the same search), paged, with the total of matches.
 */
export async function searchParticipants(
  db: Kysely<Database>,
  f: ParticipantSearch,
): Promise<{ total: number; items: ParticipantListItem[] }> {
  const where = searchConditions(f);
  const [{ rows: count }, { rows }] = await Promise.all([
    sql<{ total: number }>`
      select count(*)::int as total from participant p where ${where}
    `.execute(db),
    sql<{
      id: number;
      name: string | null;
      email: string | null;
      country: string | null;
      sector: SectorCode;
      organisation: string | null;
      webinars_attended: number | null;
      last_attended_at: Date | string | null;
    }>`
      select p.id, p.name, p.email, p.country, p.sector, p.organisation,
             pr.webinars_attended, pr.last_attended_at
      from participant p
      left join participant_reach pr on pr.participant_id = p.id
      where ${where}
      -- name_key is the folded name; people without one sort after everyone named, by email.
      -- The order of participant_name_key_idx, so a page is read from the index.
      order by p.name_key asc nulls last, p.email asc nulls last, p.id
      limit ${f.limit ?? 50} offset ${f.offset ?? 0}
    `.execute(db),
  ]);
  return {
    total: count[0]!.total,
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      country: r.country,
      sector: r.sector,
      organisation: r.organisation,
      webinarsAttended: r.webinars_attended ?? 0,
      lastAttendedAt: isoOrNull(r.last_attended_at),
    })),
  };
}

export interface ParticipantWebinarRef {
  id: number;
  title: string;
  startsAt: string;
  language: string;
  /** A person may have registered for a webinar still planned, or one cancelled. */
  status: WebinarStatus;
}

/** One webinar of a person's timeline: as an attendee, a speaker, or both. */
export interface ParticipantAttendance {
  webinar: ParticipantWebinarRef;
  /** 'attendee', or their part on the webinar's panel (a speaker with the person's email). */
  role: 'attendee' | SpeakerRole;
  registered: boolean;
  attended: boolean;
  registeredAt: string | null;
  firstJoinAt: string | null;
  lastLeaveAt: string | null;
  minutes: number;
}

export interface ParticipantAnswer {
  questionId: number;
  key: string;
  type: QuestionType;
  /** The question as worded in the version answered, in the language asked for. */
  question: string;
  /** rating5 and nps. */
  number: number | null;
  /**
   * text: the answer; yes_partly_no: yes, partly or no; consent: yes or no; single and multi:
   * what the person wrote for "other", when they chose it.
   */
  text: string | null;
  /** single and multi: the choices picked, with their labels in the language asked for. */
  choices: Array<{ value: string; label: string }> | null;
}

export interface ParticipantResponse {
  responseId: number;
  wave: SurveyWave;
  /** The language the person answered in. */
  language: string;
  source: ResponseSource;
  submittedAt: string;
  webinar: ParticipantWebinarRef;
  consentToQuote: boolean;
  quoteDisplayName: string | null;
  quoteApprovedAt: string | null;
  answers: ParticipantAnswer[];
}

export interface ParticipantRecord {
  id: number;
  name: string | null;
  email: string | null;
  country: string | null;
  sector: SectorCode;
  organisation: string | null;
  gender: string | null;
  language: string | null;
  createdAt: string;
  /** The import that first brought the person in; null when typed in or imported elsewhere. */
  createdImportId: number | null;
  /**
   * Whether a Ripple account (manager, funder, admin) has the same email. An erasure leaves the
   * account: it is not a participant record, and only an administrator may disable it.
   */
  hasAccount: boolean;
  /** Over held webinars, as the reach figures count them. */
  reach: {
    webinarsAttended: number;
    registrations: number;
    minutes: number;
    firstAttendedAt: string | null;
    lastAttendedAt: string | null;
  };
  /** Oldest webinar first. */
  attendance: ParticipantAttendance[];
  /** Oldest response first. */
  responses: ParticipantResponse[];
}

interface AnswerRow {
  response_id: number;
  question_id: number;
  key: string;
  type: QuestionType;
  question: string;
  value_number: number | null;
  value_text: string | null;
  value_choices: string[] | null;
  choices: QuestionChoice[] | string | null;
}

/** Choice values as labels in `lang`; a value the question no longer lists keeps its value. */
function labelled(
  values: string[],
  choices: QuestionChoice[] | null,
  lang: 'en' | 'es',
): Array<{ value: string; label: string }> {
  const byValue = new Map((choices ?? []).map((c) => [c.value, c]));
  return values.map((value) => {
    const choice = byValue.get(value);
    return { value, label: choice ? (lang === 'es' ? choice.label_es : choice.label_en) : value };
  });
}

/**
 * An answer as stored (respond.ts): single keeps the chosen value in value_text, or the "other"
 * text with value_choices ['other']; multi keeps its values in value_choices and any "other"
 * text in value_text.
 */
function answerOf(row: AnswerRow, lang: 'en' | 'es'): ParticipantAnswer {
  const choices =
    typeof row.choices === 'string' ? (JSON.parse(row.choices) as QuestionChoice[]) : row.choices;
  const base = {
    questionId: row.question_id,
    key: row.key,
    type: row.type,
    question: row.question,
  };
  if (row.type === 'single') {
    const other = row.value_choices?.includes('other') ?? false;
    const picked = other ? ['other'] : row.value_text === null ? [] : [row.value_text];
    return {
      ...base,
      number: null,
      text: other ? row.value_text : null,
      choices: labelled(picked, choices, lang),
    };
  }
  if (row.type === 'multi') {
    return {
      ...base,
      number: null,
      text: row.value_text,
      choices: labelled(row.value_choices ?? [], choices, lang),
    };
  }
  return { ...base, number: row.value_number, text: row.value_text, choices: null };
}

/**
 * One person's record: their fields, every webinar they registered for, attended or spoke at,
 * and every survey response with its answers. Undefined for an unknown id.
 */
export async function getParticipantRecord(
  db: Kysely<Database>,
  id: number,
  { lang = 'en' }: { lang?: 'en' | 'es' } = {},
): Promise<ParticipantRecord | undefined> {
  const person = await db
    .selectFrom('participant as p')
    .leftJoin('participant_reach as pr', 'pr.participant_id', 'p.id')
    .select([
      'p.id',
      'p.name',
      'p.email',
      'p.country',
      'p.sector',
      'p.organisation',
      'p.gender',
      'p.language',
      'p.created_at',
      'p.created_import_id',
      'pr.webinars_attended',
      'pr.registrations',
      'pr.minutes',
      'pr.first_attended_at',
      'pr.last_attended_at',
      accountHasEmail(sql.ref<string | null>('p.email')).as('has_account'),
    ])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!person) return undefined;

  const questionText = sql.ref(lang === 'es' ? 'q.text_es' : 'q.text_en');
  const [{ rows: timeline }, { rows: responses }, { rows: answers }] = await Promise.all([
    // Speakers are people of their own table (imports keep panelists out of attendance); one is
    // this person when the emails are the same (both stored lower-case). No email, no match.
    sql<{
      webinar_id: number;
      title: string;
      starts_at: Date | string;
      language: string;
      status: WebinarStatus;
      role: SpeakerRole | null;
      registered: boolean | null;
      attended: boolean | null;
      registered_at: Date | string | null;
      first_join_at: Date | string | null;
      last_leave_at: Date | string | null;
      minutes: number | null;
    }>`
      with spoke as (
        select ws.webinar_id, min(ws.role) as role
        from webinar_speaker ws
        join speaker s on s.id = ws.speaker_id
        where s.email = ${person.email}::text
        group by ws.webinar_id
      ),
      came as (
        select webinar_id, registered, attended, registered_at, first_join_at, last_leave_at,
               minutes
        from attendance where participant_id = ${id}
      )
      select w.id as webinar_id, w.title, w.starts_at, w.language, w.status, spoke.role,
             came.registered, came.attended, came.registered_at, came.first_join_at,
             came.last_leave_at, came.minutes
      from came
      full join spoke on spoke.webinar_id = came.webinar_id
      join webinar w on w.id = coalesce(came.webinar_id, spoke.webinar_id)
      order by w.starts_at, w.id
    `.execute(db),
    sql<{
      id: number;
      wave: SurveyWave;
      language: string;
      source: ResponseSource;
      submitted_at: Date | string;
      consent_to_quote: boolean;
      quote_display_name: string | null;
      quote_approved_at: Date | string | null;
      webinar_id: number;
      title: string;
      starts_at: Date | string;
      webinar_language: string;
      webinar_status: WebinarStatus;
    }>`
      select r.id, r.wave, r.language, r.source, r.submitted_at, r.consent_to_quote,
             r.quote_display_name, r.quote_approved_at, w.id as webinar_id, w.title,
             w.starts_at, w.language as webinar_language, w.status as webinar_status
      from survey_response r
      join webinar w on w.id = r.webinar_id
      where r.participant_id = ${id}
      order by r.submitted_at, r.id
    `.execute(db),
    sql<AnswerRow>`
      select a.response_id, q.id as question_id, q.key, q.type, ${questionText} as question,
             a.value_number, a.value_text, a.value_choices, q.choices
      from survey_response r
      join survey_answer a on a.response_id = r.id
      join survey_question q on q.id = a.question_id
      where r.participant_id = ${id}
      order by a.response_id, q.position
    `.execute(db),
  ]);

  const answersByResponse = new Map<number, ParticipantAnswer[]>();
  for (const row of answers) {
    const list = answersByResponse.get(row.response_id) ?? [];
    list.push(answerOf(row, lang));
    answersByResponse.set(row.response_id, list);
  }

  return {
    id: person.id,
    name: person.name,
    email: person.email,
    country: person.country,
    sector: person.sector,
    organisation: person.organisation,
    gender: person.gender,
    language: person.language,
    createdAt: iso(person.created_at),
    createdImportId: person.created_import_id,
    hasAccount: person.has_account,
    reach: {
      webinarsAttended: person.webinars_attended ?? 0,
      registrations: person.registrations ?? 0,
      minutes: person.minutes ?? 0,
      firstAttendedAt: isoOrNull(person.first_attended_at),
      lastAttendedAt: isoOrNull(person.last_attended_at),
    },
    attendance: timeline.map((t) => ({
      webinar: {
        id: t.webinar_id,
        title: t.title,
        startsAt: iso(t.starts_at),
        language: t.language,
        status: t.status,
      },
      role: t.role ?? 'attendee',
      registered: t.registered ?? false,
      attended: t.attended ?? false,
      registeredAt: isoOrNull(t.registered_at),
      firstJoinAt: isoOrNull(t.first_join_at),
      lastLeaveAt: isoOrNull(t.last_leave_at),
      minutes: t.minutes ?? 0,
    })),
    responses: responses.map((r) => ({
      responseId: r.id,
      wave: r.wave,
      language: r.language,
      source: r.source,
      submittedAt: iso(r.submitted_at),
      webinar: {
        id: r.webinar_id,
        title: r.title,
        startsAt: iso(r.starts_at),
        language: r.webinar_language,
        status: r.webinar_status,
      },
      consentToQuote: r.consent_to_quote,
      quoteDisplayName: r.quote_display_name,
      quoteApprovedAt: isoOrNull(r.quote_approved_at),
      answers: answersByResponse.get(r.id) ?? [],
    })),
  };
}
