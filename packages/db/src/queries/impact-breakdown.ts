import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import { personFilter, webinarConditions, type ReachFilters } from './filters.js';
import { ratio, type ImpactLanguage } from './impact.js';

// The headline impact figures by one dimension. A response (and an invitation) belongs to its
// webinar's topic, working group and language, and to its person's sector, country and region.
// A webinar with two topics counts under both. Responses with no participant (open links,
// imported answers without an email) fall under "unknown" (key null) for the person dimensions.

export const IMPACT_DIMENSIONS = [
  'topic',
  'working_group',
  'sector',
  'country',
  'region',
  'language',
  'webinar',
] as const;
export type ImpactDimension = (typeof IMPACT_DIMENSIONS)[number];

export interface ImpactBreakdownRow {
  /** Topic, working group or webinar id; sector code; ISO country; region; webinar language. Null: unknown. */
  key: string | null;
  /** A readable name where the key is an id (topic, working group, webinar). */
  label: string | null;
  postInvited: number;
  postResponses: number;
  /** Answered personal invitations ÷ personal invitations, post-webinar; null without any. */
  postRate: number | null;
  followupInvited: number;
  followupResponses: number;
  followupRate: number | null;
  /** Satisfaction answers and their mean (1–5). */
  satisfactionN: number;
  satisfactionMean: number | null;
  /** Recommend answers and the NPS (−100 to 100). */
  recommendN: number;
  nps: number | null;
  /** Follow-up "applied" answers and (yes + partly) ÷ those. */
  appliedN: number;
  appliedRate: number | null;
}

/** What a breakdown row is computed from: the counts and sums of one key. */
export interface ImpactBreakdownCounts {
  postInvited: number;
  postAnswered: number;
  postResponses: number;
  followupInvited: number;
  followupAnswered: number;
  followupResponses: number;
  satisfactionN: number;
  satisfactionSum: number;
  recommendN: number;
  promoters: number;
  detractors: number;
  appliedN: number;
  appliedSome: number;
}

/** A breakdown row from one key's counts: rates, mean and NPS with their denominators. */
export function impactBreakdownRow(
  key: string | null,
  label: string | null,
  c: ImpactBreakdownCounts,
): ImpactBreakdownRow {
  return {
    key,
    label,
    postInvited: c.postInvited,
    postResponses: c.postResponses,
    postRate: ratio(c.postAnswered, c.postInvited),
    followupInvited: c.followupInvited,
    followupResponses: c.followupResponses,
    followupRate: ratio(c.followupAnswered, c.followupInvited),
    satisfactionN: c.satisfactionN,
    satisfactionMean: ratio(c.satisfactionSum, c.satisfactionN),
    recommendN: c.recommendN,
    nps: c.recommendN > 0 ? (100 * (c.promoters - c.detractors)) / c.recommendN : null,
    appliedN: c.appliedN,
    appliedRate: ratio(c.appliedSome, c.appliedN),
  };
}

export interface ImpactBreakdown {
  dimension: ImpactDimension;
  rows: ImpactBreakdownRow[];
}

interface DimensionSql {
  key: RawBuilder<unknown>;
  join?: RawBuilder<unknown>;
  label?: (key: RawBuilder<unknown>) => RawBuilder<unknown>;
}

// The whitelist: a dimension picks one of these fragments; no request text reaches SQL.
function dimensionSql(dimension: ImpactDimension, lang: ImpactLanguage): DimensionSql {
  const label = sql.ref(lang === 'es' ? 'label_es' : 'label_en');
  switch (dimension) {
    case 'topic':
      return {
        key: sql`wt.topic_id::text`,
        join: sql`left join webinar_topic wt on wt.webinar_id = w.id`,
        label: (key) => sql`(select ${label} from topic where id::text = ${key})`,
      };
    case 'working_group':
      return {
        key: sql`w.working_group_id::text`,
        label: (key) => sql`(select ${label} from working_group where id::text = ${key})`,
      };
    case 'sector':
      return { key: sql`p.sector` };
    case 'country':
      return { key: sql`p.country::text` };
    case 'region':
      return { key: sql`cc.region` };
    case 'language':
      return { key: sql`w.language` };
    case 'webinar':
      return {
        key: sql`w.id::text`,
        label: (key) => sql`(select title from webinar where id::text = ${key})`,
      };
  }
}

/** The impact headline figures of a view, one row per value of `dimension`. */
export async function getImpactBreakdown(
  db: Kysely<Database>,
  dimension: ImpactDimension,
  f: ReachFilters,
  { lang = 'en', limit = 500 }: { lang?: ImpactLanguage; limit?: number } = {},
): Promise<ImpactBreakdown> {
  const dim = dimensionSql(dimension, lang);
  const join = dim.join ?? sql``;
  const { rows } = await sql<{
    key: string | null;
    label: string | null;
    post_invited: number;
    post_answered: number;
    post_responses: number;
    followup_invited: number;
    followup_answered: number;
    followup_responses: number;
    satisfaction_n: number;
    satisfaction_sum: number;
    recommend_n: number;
    promoters: number;
    detractors: number;
    applied_n: number;
    applied_some: number;
  }>`
    with keyed_resp as (
      select r.id, r.wave, ${dim.key} as key
      from survey_response r
      join webinar w on w.id = r.webinar_id
      left join participant p on p.id = r.participant_id
      left join country_classification cc on cc.iso2 = p.country
      ${join}
      where ${webinarConditions(f)} and ${personFilter(f)}
    ),
    keyed_inv as (
      select i.wave, ${dim.key} as key,
             exists (select 1 from survey_response r where r.invitation_id = i.id) as answered
      from survey_invitation i
      join webinar w on w.id = i.webinar_id
      -- Left joined so PostgreSQL drops the join when neither the dimension nor a filter reads p.
      left join participant p on p.id = i.participant_id
      left join country_classification cc on cc.iso2 = p.country
      ${join}
      where i.participant_id is not null and ${webinarConditions(f)} and ${personFilter(f)}
    ),
    parts as (
      select key,
             (count(*) filter (where wave = 'post'))::int as post_invited,
             (count(*) filter (where wave = 'post' and answered))::int as post_answered,
             0 as post_responses,
             (count(*) filter (where wave = 'followup'))::int as followup_invited,
             (count(*) filter (where wave = 'followup' and answered))::int as followup_answered,
             0 as followup_responses,
             0 as satisfaction_n, 0 as satisfaction_sum, 0 as recommend_n, 0 as promoters,
             0 as detractors, 0 as applied_n, 0 as applied_some
      from keyed_inv group by key
      union all
      select key, 0, 0, (count(*) filter (where wave = 'post'))::int, 0, 0,
             (count(*) filter (where wave = 'followup'))::int, 0, 0, 0, 0, 0, 0, 0
      from keyed_resp group by key
      union all
      select kr.key, 0, 0, 0, 0, 0, 0,
             (count(a.value_number) filter (where q.key = 'satisfaction' and kr.wave = 'post'))::int,
             coalesce(sum(a.value_number) filter (where q.key = 'satisfaction' and kr.wave = 'post'), 0)::int,
             (count(a.value_number) filter (where q.key = 'recommend' and kr.wave = 'post'))::int,
             (count(*) filter (where q.key = 'recommend' and kr.wave = 'post' and a.value_number >= 9))::int,
             (count(*) filter (where q.key = 'recommend' and kr.wave = 'post' and a.value_number <= 6))::int,
             (count(*) filter (where q.key = 'applied' and kr.wave = 'followup'
                                 and a.value_text in ('yes', 'partly', 'no')))::int,
             (count(*) filter (where q.key = 'applied' and kr.wave = 'followup'
                                 and a.value_text in ('yes', 'partly')))::int
      from keyed_resp kr
      join survey_answer a on a.response_id = kr.id
      join survey_question q on q.id = a.question_id
      where q.key in ('satisfaction', 'recommend', 'applied')
      group by kr.key
    ),
    grouped as (
      select key,
             sum(post_invited)::int as post_invited, sum(post_answered)::int as post_answered,
             sum(post_responses)::int as post_responses,
             sum(followup_invited)::int as followup_invited,
             sum(followup_answered)::int as followup_answered,
             sum(followup_responses)::int as followup_responses,
             sum(satisfaction_n)::int as satisfaction_n, sum(satisfaction_sum)::int as satisfaction_sum,
             sum(recommend_n)::int as recommend_n, sum(promoters)::int as promoters,
             sum(detractors)::int as detractors, sum(applied_n)::int as applied_n,
             sum(applied_some)::int as applied_some
      from parts group by key
    )
    select g.*, ${dim.label ? dim.label(sql`g.key`) : sql`null::text`} as label
    from grouped g
    order by g.post_responses desc, g.followup_responses desc, g.key nulls last
    limit ${limit}
  `.execute(db);
  return {
    dimension,
    rows: rows.map((r) =>
      impactBreakdownRow(r.key, r.label, {
        postInvited: r.post_invited,
        postAnswered: r.post_answered,
        postResponses: r.post_responses,
        followupInvited: r.followup_invited,
        followupAnswered: r.followup_answered,
        followupResponses: r.followup_responses,
        satisfactionN: r.satisfaction_n,
        satisfactionSum: r.satisfaction_sum,
        recommendN: r.recommend_n,
        promoters: r.promoters,
        detractors: r.detractors,
        appliedN: r.applied_n,
        appliedSome: r.applied_some,
      }),
    ),
  };
}
