import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import { personFilter, webinarConditions, type ReachFilters } from './filters.js';
import { answersOf, responsesOfView } from './impact-source.js';

// The impact figures of a view: the survey funnel, the rating distributions, intended and applied
// uses, and intent → applied. Every figure carries its denominator n. Aggregated in SQL; nothing
// here is cached, so a response shows the moment it is stored.

export type ImpactLanguage = 'en' | 'es';

export interface WaveFunnel {
  /** Personal invitations (one per person, webinar and wave) to webinars of the view. */
  invited: number;
  /** Of those, the ones answered. */
  answered: number;
  /** answered ÷ invited (0–1); null without invitations. */
  rate: number | null;
}

export interface ImpactFunnel {
  /** Attendances (person × webinar) at the view's held webinars: who could be invited. */
  attendees: number;
  post: WaveFunnel;
  followup: WaveFunnel;
}

export interface ScaleDistribution {
  /** Answers (the denominator of every share). */
  n: number;
  mean: number | null;
  /** One entry per point of the scale, in order, zero counts included. */
  counts: Array<{ value: number; count: number }>;
}

export interface RecommendDistribution extends ScaleDistribution {
  /** % promoters (9–10) minus % detractors (0–6), −100 to 100; null without answers. */
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
}

export interface UseCount {
  /** The choice's value ('share_colleagues'), 'other' for the free-text other. */
  value: string;
  /** The choice's label in the asked language, from the newest version that has the choice. */
  label: string;
  count: number;
  /** count ÷ n of the list (0–1). */
  share: number;
}

export interface UseList {
  n: number;
  rows: UseCount[];
}

export interface AppliedFigures {
  /** Follow-up responses that answered "Have you used what you learned?". */
  n: number;
  yes: number;
  partly: number;
  no: number;
  /** (yes + partly) ÷ n; null when n is 0. */
  rate: number | null;
}

export interface IntentRow {
  /** The planned use. */
  value: string;
  label: string;
  /** Pairs (post and follow-up of the same person and webinar) that planned it. */
  planned: number;
  /** Of those, did it. */
  didIt: number;
  /** Did not do it but did other uses. */
  otherInstead: number;
  /** Applied nothing: answered "no" and named no use. */
  nothing: number;
  /** Said they applied it (yes or partly) without naming any use, or did not answer. */
  notSaid: number;
  /** What those who did not do it did instead: per actual use, most first. */
  instead: Array<{ value: string; label: string; count: number }>;
}

export interface IntentToApplied {
  /** People × webinars with both a post-webinar and a follow-up response in the view. */
  pairs: number;
  /** Of the pairs, those whose post response named at least one planned use. */
  withPlans: number;
  rows: IntentRow[];
}

export interface ImpactFigures {
  /** Every response in the view per wave (personal links, open links and imported answers). */
  responses: { post: number; followup: number };
  funnel: ImpactFunnel;
  satisfaction: ScaleDistribution;
  relevance: ScaleDistribution;
  recommend: RecommendDistribution;
  /** Post-webinar: n = responses that answered the question. */
  intendedUses: UseList;
  applied: AppliedFigures;
  /** Follow-up: n = follow-up responses that answered "applied" or named a use. */
  actualUses: UseList;
  intentToApplied: IntentToApplied;
}

/** part ÷ whole; null when whole is 0 (no denominator). */
export const ratio = (part: number, whole: number): number | null =>
  whole > 0 ? part / whole : null;

/** Recommend's distribution with its promoters (9–10), detractors (0–6), passives and NPS. */
export function recommendFigures(
  scale: ScaleDistribution,
  promoters: number,
  detractors: number,
): RecommendDistribution {
  return {
    ...scale,
    promoters,
    detractors,
    passives: scale.n - promoters - detractors,
    nps: scale.n > 0 ? (100 * (promoters - detractors)) / scale.n : null,
  };
}

/** The survey funnel: attendances → invitations → answers, per wave. */
export async function getImpactFunnel(
  db: Kysely<Database>,
  f: ReachFilters,
): Promise<{ funnel: ImpactFunnel; responses: ImpactFigures['responses'] }> {
  const { rows } = await sql<{
    attendees: number;
    post_invited: number;
    post_answered: number;
    followup_invited: number;
    followup_answered: number;
    post_responses: number;
    followup_responses: number;
  }>`
    with ${responsesOfView(f)},
    -- Participants are left joined (every attendance and every counted invitation has one), so
    -- PostgreSQL drops the join when no person filter reads p: 200,000 people hashed for nothing.
    att as (
      select count(*)::int as n
      from attendance a
      join webinar w on w.id = a.webinar_id
      left join participant p on p.id = a.participant_id
      left join country_classification cc on cc.iso2 = p.country
      where a.attended and ${webinarConditions(f)} and ${personFilter(f)}
    ),
    inv as (
      select count(*) filter (where i.wave = 'post')::int as post_invited,
             count(r.id) filter (where i.wave = 'post')::int as post_answered,
             count(*) filter (where i.wave = 'followup')::int as followup_invited,
             count(r.id) filter (where i.wave = 'followup')::int as followup_answered
      from survey_invitation i
      join webinar w on w.id = i.webinar_id
      left join participant p on p.id = i.participant_id
      left join country_classification cc on cc.iso2 = p.country
      left join survey_response r on r.invitation_id = i.id
      where i.participant_id is not null and ${webinarConditions(f)} and ${personFilter(f)}
    ),
    counted as (
      select count(*) filter (where wave = 'post')::int as post_responses,
             count(*) filter (where wave = 'followup')::int as followup_responses
      from resp
    )
    select att.n as attendees, inv.*, counted.* from att, inv, counted
  `.execute(db);
  const row = rows[0]!;
  const wave = (invited: number, answered: number): WaveFunnel => ({
    invited,
    answered,
    rate: ratio(answered, invited),
  });
  return {
    funnel: {
      attendees: row.attendees,
      post: wave(row.post_invited, row.post_answered),
      followup: wave(row.followup_invited, row.followup_answered),
    },
    responses: { post: row.post_responses, followup: row.followup_responses },
  };
}

/** Satisfaction and relevance (1–5) and recommend (0–10) of the post-webinar responses. */
export async function getImpactRatings(
  db: Kysely<Database>,
  f: ReachFilters,
): Promise<Pick<ImpactFigures, 'satisfaction' | 'relevance' | 'recommend'>> {
  // One row per (key, value) and one total per key (value null), from grouping sets.
  const { rows } = await sql<{
    key: string;
    value: number | null;
    count: number;
    mean: number;
    promoters: number;
    detractors: number;
  }>`
    with ${responsesOfView(f)}, ${answersOf(['satisfaction', 'relevance', 'recommend'])}
    -- The mean as one float division of two exact integers (not avg's numeric), so that it is
    -- the same value to the last bit wherever it is computed (impact-memory.ts).
    select key, value_number as value, count(*)::int as count,
           sum(value_number)::float8 / count(*) as mean,
           (count(*) filter (where value_number >= 9))::int as promoters,
           (count(*) filter (where value_number <= 6))::int as detractors
    from ans
    where wave = 'post' and value_number is not null
    group by grouping sets ((key, value_number), (key))
    order by key, value_number nulls first
  `.execute(db);
  const scale = (key: string, min: number, max: number): ScaleDistribution => {
    const total = rows.find((r) => r.key === key && r.value === null);
    const byValue = new Map(
      rows.filter((r) => r.key === key && r.value !== null).map((r) => [r.value, r.count]),
    );
    const counts = [];
    for (let value = min; value <= max; value++) {
      counts.push({ value, count: byValue.get(value) ?? 0 });
    }
    return { n: total?.count ?? 0, mean: total ? total.mean : null, counts };
  };
  const total = rows.find((r) => r.key === 'recommend' && r.value === null);
  return {
    satisfaction: scale('satisfaction', 1, 5),
    relevance: scale('relevance', 1, 5),
    recommend: recommendFigures(
      scale('recommend', 0, 10),
      total?.promoters ?? 0,
      total?.detractors ?? 0,
    ),
  };
}

/**
 * The labels of the choices of a multiple-choice key, in a language: from the newest version
 * that has each choice, in that version's order. To be used inside `with` as `labels`.
 */
function choiceLabels(keys: readonly string[], lang: ImpactLanguage) {
  return sql`labels as (
    select distinct on (q.key, c.item->>'value')
           q.key, c.item->>'value' as value,
           c.item->>${lang === 'es' ? 'label_es' : 'label_en'} as label,
           c.pos, q.id as question_id
    from survey_question q
    cross join lateral jsonb_array_elements(q.choices) with ordinality as c(item, pos)
    where q.key = any(${[...keys]}::text[]) and jsonb_typeof(q.choices) = 'array'
    order by q.key, c.item->>'value', q.id desc
  )`;
}

/** Intended uses (post), applied (follow-up) and actual uses (follow-up). */
export async function getImpactUses(
  db: Kysely<Database>,
  f: ReachFilters,
  lang: ImpactLanguage,
): Promise<Pick<ImpactFigures, 'intendedUses' | 'applied' | 'actualUses'>> {
  const [{ rows: counts }, { rows: totals }] = await Promise.all([
    sql<{ key: string; value: string; label: string | null; count: number }>`
      with ${responsesOfView(f)}, ${answersOf(['intended_use', 'actual_use'])},
      ${choiceLabels(['intended_use', 'actual_use'], lang)},
      chosen as (
        select ans.key, v as value, count(*)::int as count
        from ans cross join lateral unnest(ans.value_choices) v
        where (ans.key = 'intended_use' and ans.wave = 'post')
           or (ans.key = 'actual_use' and ans.wave = 'followup')
        group by ans.key, v
      ),
      newest as (select key, max(question_id) as question_id from labels group by key)
      select coalesce(c.key, l.key) as key, coalesce(c.value, l.value) as value, l.label,
             coalesce(c.count, 0)::int as count
      from chosen c
      full join labels l on l.key = c.key and l.value = c.value
      left join newest n on n.key = l.key and n.question_id = l.question_id
      -- The newest version's choices in its order, then choices it dropped, then unknown ones.
      order by 1, (n.key is null), l.pos, 2
    `.execute(db),
    sql<{
      intended_n: number;
      actual_n: number;
      applied_n: number;
      yes: number;
      partly: number;
      no: number;
    }>`
      with ${responsesOfView(f)}, ${answersOf(['intended_use', 'actual_use', 'applied'])}
      select
        (count(*) filter (where key = 'intended_use' and wave = 'post'
                            and cardinality(value_choices) > 0))::int as intended_n,
        (count(distinct response_id) filter (where wave = 'followup'
           and ((key = 'applied' and value_text is not null)
             or (key = 'actual_use' and cardinality(value_choices) > 0))))::int as actual_n,
        (count(*) filter (where key = 'applied' and wave = 'followup'
                            and value_text in ('yes', 'partly', 'no')))::int as applied_n,
        (count(*) filter (where key = 'applied' and wave = 'followup' and value_text = 'yes'))::int as yes,
        (count(*) filter (where key = 'applied' and wave = 'followup' and value_text = 'partly'))::int as partly,
        (count(*) filter (where key = 'applied' and wave = 'followup' and value_text = 'no'))::int as no
      from ans
    `.execute(db),
  ]);
  const t = totals[0]!;
  const list = (key: string, n: number): UseList => ({
    n,
    rows: counts
      .filter((row) => row.key === key)
      .map((row) => ({
        value: row.value,
        label: row.label ?? row.value,
        count: row.count,
        share: n > 0 ? row.count / n : 0,
      })),
  });
  return {
    intendedUses: list('intended_use', t.intended_n),
    actualUses: list('actual_use', t.actual_n),
    applied: {
      n: t.applied_n,
      yes: t.yes,
      partly: t.partly,
      no: t.no,
      rate: ratio(t.yes + t.partly, t.applied_n),
    },
  };
}

/**
 * Intent → applied, over the people who answered both waves for the same webinar (both in the
 * view): for each use they planned, how many did it, did other uses instead (and which), applied
 * nothing, or did not say. Where a person answered a wave twice (imports), the latest counts.
 */
export async function getIntentToApplied(
  db: Kysely<Database>,
  f: ReachFilters,
  lang: ImpactLanguage,
): Promise<IntentToApplied> {
  // The answers are read per pair through the answer table's primary key (response, question):
  // joining a materialised CTE of answers to itself made this quadratic.
  const answer = (
    response: RawBuilder<unknown>,
    key: string,
    column: 'value_choices' | 'value_text',
  ) =>
    sql`(select a.${sql.ref(column)} from survey_answer a
         join survey_question q on q.id = a.question_id
         where a.response_id = ${response} and q.key = ${key})`;
  const pairs = sql`
    latest as (
      select (array_agg(id order by submitted_at desc, id desc)
                filter (where wave = 'post'))[1] as post_id,
             (array_agg(id order by submitted_at desc, id desc)
                filter (where wave = 'followup'))[1] as followup_id
      from resp
      where participant_id is not null
      group by participant_id, webinar_id
    ),
    pairs as materialized (
      select coalesce(${answer(sql`post_id`, 'intended_use', 'value_choices')}, '{}') as planned,
             ${answer(sql`followup_id`, 'applied', 'value_text')} as applied,
             coalesce(${answer(sql`followup_id`, 'actual_use', 'value_choices')}, '{}') as actual
      from latest
      where post_id is not null and followup_id is not null
    )`;
  // One statement, the pairs computed once: a total row, a row per planned use, and a row per
  // planned use and what was done instead.
  const { rows } = await sql<{
    kind: 'instead' | 'total' | 'use';
    planned: string | null;
    value: string | null;
    label: string | null;
    a: number;
    b: number;
    c: number;
    d: number;
    e: number;
  }>`
    with ${responsesOfView(f)}, ${pairs},
    ${choiceLabels(['intended_use', 'actual_use'], lang)},
    planned_uses as (
      select u, applied, actual from pairs cross join lateral unnest(planned) u
    )
    select * from (
    select 'total' as kind, null::text as planned, null::text as value, null::text as label,
           count(*)::int as a, (count(*) filter (where cardinality(planned) > 0))::int as b,
           0 as c, 0 as d, 0 as e
    from pairs
    union all
    select 'use', u, u,
           (select l.label from labels l where l.key = 'intended_use' and l.value = u),
           count(*)::int,
           (count(*) filter (where u = any(actual)))::int,
           (count(*) filter (where not u = any(actual) and cardinality(actual) > 0))::int,
           (count(*) filter (where cardinality(actual) = 0 and applied = 'no'))::int,
           (count(*) filter (where cardinality(actual) = 0 and applied is distinct from 'no'))::int
    from planned_uses
    group by u
    union all
    select 'instead', u, v,
           (select l.label from labels l where l.key = 'actual_use' and l.value = v),
           count(*)::int, 0, 0, 0, 0
    from planned_uses cross join lateral unnest(actual) v
    where not u = any(actual)
    group by u, v
    ) figures
    order by kind, case when kind = 'use' then null else planned end, a desc, value
  `.execute(db);
  const total = rows.find((row) => row.kind === 'total')!;
  const instead = rows.filter((row) => row.kind === 'instead');
  return {
    pairs: total.a,
    withPlans: total.b,
    rows: rows
      .filter((row) => row.kind === 'use')
      .map((row) => ({
        value: row.value!,
        label: row.label ?? row.value!,
        planned: row.a,
        didIt: row.b,
        otherInstead: row.c,
        nothing: row.d,
        notSaid: row.e,
        instead: instead
          .filter((i) => i.planned === row.value)
          .map((i) => ({ value: i.value!, label: i.label ?? i.value!, count: i.a })),
      })),
  };
}

/** Every headline impact figure of a view. */
export async function getImpact(
  db: Kysely<Database>,
  filters: ReachFilters,
  lang: ImpactLanguage = 'en',
): Promise<ImpactFigures> {
  const [funnel, ratings, uses, intentToApplied] = await Promise.all([
    getImpactFunnel(db, filters),
    getImpactRatings(db, filters),
    getImpactUses(db, filters, lang),
    getIntentToApplied(db, filters, lang),
  ]);
  return { ...funnel, ...ratings, ...uses, intentToApplied };
}
