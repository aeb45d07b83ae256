import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database, SurveyWave } from '../schema.js';
import { webinarConditions, type ReachFilters } from './filters.js';
import type { ImpactLanguage } from './impact.js';
import {
  answersOf,
  containsPattern,
  folded,
  labelColumn,
  responsesById,
  responsesOfView,
} from './impact-source.js';

// What respondents wrote: topics they asked for, comments, and testimonials. Never the person's
// name or email: a testimonial carries only the display name and country they chose to give.

/** The free-text questions whose answers are listed as comments. */
export const COMMENT_KEYS = ['comments', 'what_changed', 'barriers'] as const;
export type CommentKey = (typeof COMMENT_KEYS)[number];

/** The free-text answers a consenting respondent may be quoted by. */
export const QUOTABLE_KEYS = ['comments', 'what_changed'] as const;

const iso = (value: Date | string) => new Date(value).toISOString();

export interface RequestedTopic {
  topicId: number;
  label: string;
  /** Answers to "Which topics next?" that name this topic (in English or Spanish). */
  requests: number;
  /** Held webinars of the view on this topic. */
  delivered: number;
}

export interface TopicsRequested {
  /** Answers to "Which topics next?" in the view (the denominator). */
  requests: number;
  /** Of those, the ones that name at least one topic. */
  matched: number;
  topics: RequestedTopic[];
  /** Requests naming no topic, grouped by their folded text, most frequent first. */
  unmatched: Array<{ text: string; count: number }>;
}

/**
 * Topics asked for next, counted beside the webinars delivered on each. An answer names a topic
 * when it contains the topic's English or Spanish name, ignoring case and accents; an answer may
 * name several topics and then counts for each.
 */
export async function getTopicsRequested(
  db: Kysely<Database>,
  f: ReachFilters,
  { lang = 'en', unmatchedLimit = 20 }: { lang?: ImpactLanguage; unmatchedLimit?: number } = {},
): Promise<TopicsRequested> {
  const base = sql`
    ${responsesOfView(f)}, ${answersOf(['topics_next'])},
    req as (
      select response_id, value_text, btrim(${folded(sql`value_text`)}) as f
      from ans
      where wave = 'post' and value_text is not null and btrim(value_text) <> ''
    ),
    -- Materialised: inlined, the folding would run once per request and topic, not once per topic.
    names as materialized (
      select t.id, ${folded(sql`t.label_en`)} as en, ${folded(sql`t.label_es`)} as es from topic t
    ),
    matches as (
      select distinct req.response_id, names.id as topic_id
      from req
      join names on (length(names.en) > 0 and strpos(req.f, names.en) > 0)
                 or (length(names.es) > 0 and strpos(req.f, names.es) > 0)
    )`;
  const [{ rows: totals }, { rows: topics }, { rows: unmatched }] = await Promise.all([
    sql<{ requests: number; matched: number }>`
      with ${base}
      select (select count(*)::int from req) as requests,
             (select count(distinct response_id)::int from matches) as matched
    `.execute(db),
    sql<{ topic_id: number; label: string; requests: number; delivered: number }>`
      with ${base},
      delivered as (
        select wt.topic_id, count(*)::int as n
        from webinar w join webinar_topic wt on wt.webinar_id = w.id
        where ${webinarConditions(f)}
        group by wt.topic_id
      ),
      requested as (select topic_id, count(*)::int as n from matches group by topic_id)
      select t.id as topic_id, ${labelColumn(lang, 't')} as label,
             coalesce(r.n, 0) as requests, coalesce(d.n, 0) as delivered
      from topic t
      left join requested r on r.topic_id = t.id
      left join delivered d on d.topic_id = t.id
      where r.n is not null or d.n is not null
      order by requests desc, delivered desc, label, t.id
    `.execute(db),
    sql<{ text: string; count: number }>`
      with ${base}
      select min(value_text) as text, count(*)::int as count
      from req
      where not exists (select 1 from matches m where m.response_id = req.response_id)
      group by req.f
      order by count desc, req.f
      limit ${unmatchedLimit}
    `.execute(db),
  ]);
  return {
    requests: totals[0]!.requests,
    matched: totals[0]!.matched,
    topics: topics.map((t) => ({
      topicId: t.topic_id,
      label: t.label,
      requests: t.requests,
      delivered: t.delivered,
    })),
    unmatched,
  };
}

export interface ImpactWebinarRef {
  id: number;
  title: string;
  startsAt: string;
}

export interface ImpactComment {
  responseId: number;
  /** Which question: comments, what_changed or barriers. */
  key: CommentKey;
  text: string;
  /** The language the respondent answered in. */
  language: string;
  wave: SurveyWave;
  submittedAt: string;
  webinar: ImpactWebinarRef;
}

export interface CommentQuery {
  /** Words to find, ignoring case and accents; % and _ are plain characters. */
  q?: string;
  keys?: CommentKey[];
  /** Only comments written in these languages. */
  writtenIn?: string[];
  limit?: number;
  offset?: number;
}

interface CommentRow {
  response_id: number;
  key: CommentKey;
  text: string;
  language: string;
  wave: SurveyWave;
  submitted_at: Date | string;
  webinar_id: number;
  title: string;
  starts_at: Date | string;
}

/** Free-text answers of the view, newest first, searchable, paged. */
export async function getImpactComments(
  db: Kysely<Database>,
  f: ReachFilters,
  { q, keys, writtenIn, limit = 20, offset = 0 }: CommentQuery = {},
): Promise<{ total: number; items: ImpactComment[] }> {
  const conditions = commentConditions(keys?.length ? keys : COMMENT_KEYS);
  if (q?.trim()) {
    conditions.push(
      sql`${folded(sql`a.value_text`)} like ${folded(sql`${containsPattern(q.trim())}::text`)}`,
    );
  }
  if (writtenIn?.length) conditions.push(sql`resp.language = any(${writtenIn}::text[])`);
  const from = commentsFrom(conditions);
  const [{ rows: count }, { rows }] = await Promise.all([
    sql<{
      total: number;
    }>`with ${responsesOfView(f)} select count(*)::int as total ${from}`.execute(db),
    sql<CommentRow>`
      with ${responsesOfView(f)}
      select ${COMMENT_COLUMNS} ${from}
      order by ${COMMENT_ORDER}
      limit ${limit} offset ${offset}
    `.execute(db),
  ]);
  return { total: count[0]!.total, items: rows.map(commentItem) };
}

/** The answers listed as comments: to these keys, and written (an empty text is written). */
function commentConditions(keys: readonly CommentKey[]): Array<RawBuilder<unknown>> {
  return [sql`q.key = any(${[...keys]}::text[])`, sql`a.value_text is not null`];
}

/** The comments of `resp` (in a `with` before) under `conditions`, with their webinar `w`. */
function commentsFrom(conditions: Array<RawBuilder<unknown>>): RawBuilder<unknown> {
  return sql`
    from resp
    join survey_answer a on a.response_id = resp.id
    join survey_question q on q.id = a.question_id
    join webinar w on w.id = resp.webinar_id
    where ${sql.join(conditions, sql` and `)}`;
}

const COMMENT_COLUMNS = sql`
  resp.id as response_id, q.key, a.value_text as text, resp.language, resp.wave,
  resp.submitted_at, w.id as webinar_id, w.title, w.starts_at`;
const COMMENT_ORDER = sql`resp.submitted_at desc, resp.id desc, q.position`;

const commentItem = (r: CommentRow): ImpactComment => ({
  responseId: r.response_id,
  key: r.key,
  text: r.text,
  language: r.language,
  wave: r.wave,
  submittedAt: iso(r.submitted_at),
  webinar: { id: r.webinar_id, title: r.title, startsAt: iso(r.starts_at) },
});

/**
 * What the page of a view's comments or testimonials was picked from, in memory
 * (ImpactMemory): the rows of the responses picked, read by id, and the versions of the same
 * snapshot. Only an update or delete can change a response once it is stored, and either moves
 * `rare` or `reach`: when both are the memory's, these rows are the ones it picked from.
 */
export interface RowsByIds<T> {
  rare: number;
  reach: number;
  items: T[];
}

/**
 * The versions read in the same statement as `rows` (one snapshot, see RowsByIds), and rows in
 * the order of their column `ord`; a row of nulls beside the versions when there are none.
 */
function withVersions(rows: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    select v.rare, v.reach, c.* from (
      select (select version::float8 from impact_version) as rare,
             (select version::float8 from reach_version) as reach
    ) v left join lateral (${rows}) c on true
    order by c.ord`;
}

/** The comments of the responses `ids` (any order), as getImpactComments lists them. */
export async function getCommentsOf(
  db: Kysely<Database>,
  ids: readonly number[],
  keys: readonly CommentKey[],
): Promise<RowsByIds<ImpactComment>> {
  const { rows } = await withVersions(
    sql`with ${responsesById(ids)}
        select ${COMMENT_COLUMNS}, row_number() over (order by ${COMMENT_ORDER}) as ord
        ${commentsFrom(commentConditions(keys))}`,
  ).execute(db);
  const typed = rows as Array<CommentRow & { rare: number; reach: number }>;
  return {
    rare: typed[0]!.rare,
    reach: typed[0]!.reach,
    items: typed.filter((r) => r.response_id !== null).map(commentItem),
  };
}

export const TESTIMONIAL_STATUSES = ['all', 'pending', 'approved'] as const;
export type TestimonialStatus = (typeof TESTIMONIAL_STATUSES)[number];

export interface Testimonial {
  responseId: number;
  wave: SurveyWave;
  language: string;
  submittedAt: string;
  /** First name and initial, as the respondent gave it. */
  displayName: string | null;
  /** ISO alpha-2, as the respondent gave it. */
  country: string | null;
  approvedAt: string | null;
  /** The quotable answers, in the order of the form. */
  quotes: Array<{ key: string; text: string }>;
  webinar: ImpactWebinarRef;
}

/**
 * Responses that consented to be quoted and wrote something quotable, newest first; `status`
 * picks those approved, those waiting, or all.
 */
export async function getTestimonials(
  db: Kysely<Database>,
  f: ReachFilters,
  {
    status = 'all',
    limit = 20,
    offset = 0,
  }: { status?: TestimonialStatus; limit?: number; offset?: number } = {},
): Promise<{ total: number; items: Testimonial[] }> {
  const approval =
    status === 'approved'
      ? sql`resp.quote_approved_at is not null`
      : status === 'pending'
        ? sql`resp.quote_approved_at is null`
        : sql`true`;
  const base = sql`${responsesOfView(f)}, ${quotedOf(approval)}`;
  const [{ rows: count }, { rows }] = await Promise.all([
    sql<{ total: number }>`with ${base} select count(*)::int as total from quoted`.execute(db),
    sql<TestimonialRow>`
      with ${base}
      select ${TESTIMONIAL_COLUMNS} ${TESTIMONIALS_FROM}
      order by ${TESTIMONIAL_ORDER}
      limit ${limit} offset ${offset}
    `.execute(db),
  ]);
  return { total: count[0]!.total, items: rows.map(testimonialItem) };
}

/**
 * `quoted`: the responses of `resp` (in a `with` before) that consented to be quoted and wrote
 * something quotable, under `approval`, with their quotes in the order of the form. The
 * response's own columns travel through the grouping, so the page is read from `quoted` alone:
 * joining it back to `resp` made the planner loop over both without statistics.
 */
function quotedOf(approval: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`quoted as (
    select resp.id, resp.wave, resp.language, resp.submitted_at, resp.quote_display_name,
           resp.quote_country, resp.quote_approved_at, resp.webinar_id,
           json_agg(json_build_object('key', q.key, 'text', a.value_text) order by q.position)
             as quotes
    from resp
    join survey_answer a on a.response_id = resp.id
    join survey_question q on q.id = a.question_id
    where resp.consent_to_quote and ${approval}
      and q.key = any(${[...QUOTABLE_KEYS]}::text[]) and a.value_text is not null
    group by resp.id, resp.wave, resp.language, resp.submitted_at, resp.quote_display_name,
             resp.quote_country, resp.quote_approved_at, resp.webinar_id
  )`;
}

const TESTIMONIAL_COLUMNS = sql`
  quoted.id, quoted.wave, quoted.language, quoted.submitted_at, quoted.quote_display_name,
  trim(quoted.quote_country) as quote_country, quoted.quote_approved_at, quoted.quotes,
  w.id as webinar_id, w.title, w.starts_at`;
const TESTIMONIALS_FROM = sql`from quoted join webinar w on w.id = quoted.webinar_id`;
const TESTIMONIAL_ORDER = sql`quoted.submitted_at desc, quoted.id desc`;

interface TestimonialRow {
  id: number;
  wave: SurveyWave;
  language: string;
  submitted_at: Date | string;
  quote_display_name: string | null;
  quote_country: string | null;
  quote_approved_at: Date | string | null;
  quotes: Array<{ key: string; text: string }> | string;
  webinar_id: number;
  title: string;
  starts_at: Date | string;
}

const testimonialItem = (r: TestimonialRow): Testimonial => ({
  responseId: r.id,
  wave: r.wave,
  language: r.language,
  submittedAt: iso(r.submitted_at),
  displayName: r.quote_display_name,
  country: r.quote_country,
  approvedAt: r.quote_approved_at === null ? null : iso(r.quote_approved_at),
  quotes: typeof r.quotes === 'string' ? (JSON.parse(r.quotes) as Testimonial['quotes']) : r.quotes,
  webinar: { id: r.webinar_id, title: r.title, startsAt: iso(r.starts_at) },
});

/**
 * The testimonials of the responses `ids` (any order; each consented and wrote something
 * quotable), as getTestimonials lists them.
 */
export async function getTestimonialsOf(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<RowsByIds<Testimonial>> {
  const { rows } = await withVersions(
    sql`with ${responsesById(ids)}, ${quotedOf(sql`true`)}
        select ${TESTIMONIAL_COLUMNS}, row_number() over (order by ${TESTIMONIAL_ORDER}) as ord
        ${TESTIMONIALS_FROM}`,
  ).execute(db);
  const typed = rows as Array<TestimonialRow & { rare: number; reach: number }>;
  return {
    rare: typed[0]!.rare,
    reach: typed[0]!.reach,
    items: typed.filter((r) => r.id !== null).map(testimonialItem),
  };
}

export type ApprovalResult =
  { outcome: 'done'; approvedAt: string | null } | { outcome: 'not_found' | 'no_consent' };

/**
 * Approves a response's quote for publication (approved: true) or withdraws the approval. Only a
 * response whose respondent consented to be quoted can be approved; approving twice keeps the
 * first approval's time.
 */
export async function setQuoteApproval(
  db: Kysely<Database>,
  responseId: number,
  approved: boolean,
): Promise<ApprovalResult> {
  const updated = await db
    .updateTable('survey_response')
    .set({
      quote_approved_at: approved ? sql<Date>`coalesce(quote_approved_at, now())` : null,
    })
    .where('id', '=', responseId)
    .where('consent_to_quote', '=', true)
    .returning('quote_approved_at')
    .executeTakeFirst();
  if (updated) {
    return {
      outcome: 'done',
      approvedAt: updated.quote_approved_at === null ? null : iso(updated.quote_approved_at),
    };
  }
  const exists = await db
    .selectFrom('survey_response')
    .select('id')
    .where('id', '=', responseId)
    .executeTakeFirst();
  return { outcome: exists ? 'no_consent' : 'not_found' };
}
