import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import {
  coversAllWebinars,
  hasPersonFilters,
  peopleOfView,
  personFilter,
  reachConditions,
  reachSource,
  type ReachFilters,
} from './filters.js';

// Who came back. "First" always means a person's first held webinar ever, whatever the filters:
// a filter narrows what is counted, not a person's history. participant_reach keeps it per person.
const firstEver = sql`
  select participant_id, first_attended_at as first_at
  from participant_reach where first_attended_at is not null
`;

export interface WebinarNewReturning {
  webinarId: number;
  title: string;
  startsAt: string;
  attendees: number;
  /** Attendees for whom this was their first held webinar. */
  new: number;
  /** Attendees who had come to an earlier one. */
  returning: number;
}

export async function getNewVsReturning(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<WebinarNewReturning[]> {
  const { rows } = await sql<WebinarNewReturning>`
    with first_ever as (${firstEver})
    select w.id as "webinarId", w.title,
           to_char(w.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "startsAt",
           count(*)::int as attendees,
           count(*) filter (where fe.first_at = w.starts_at)::int as new,
           count(*) filter (where fe.first_at < w.starts_at)::int as returning
    from ${
      hasPersonFilters(filters)
        ? reachSource()
        : sql`attendance a join webinar w on w.id = a.webinar_id` // no person to look up
    }
    join first_ever fe on fe.participant_id = a.participant_id
    where ${reachConditions(filters)} and a.attended
    -- One attendance row per person and webinar (the primary key), so rows are people: no
    -- distinct needed, which tripled this query's time over the whole programme.
    group by w.id, w.title, w.starts_at
    order by w.starts_at, w.id
  `.execute(db);
  return rows;
}

export interface CohortCell {
  /** Quarter of the cohort's first held webinar, 'YYYY-Qn', in the view's zone. */
  cohort: string;
  /** Quarters after the first: 0 is the cohort's own quarter. */
  offset: number;
  quarter: string;
  /** Cohort members who attended in that quarter (within the filters). */
  participants: number;
}

/** Participants by the quarter of their first webinar, and how many came in each later quarter. */
export async function getCohorts(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<CohortCell[]> {
  const tz = filters.timeZone;
  if (coversAllWebinars(filters) && tz === 'UTC') {
    // Over every held webinar, in UTC: each person's cohort and the quarters they attended are
    // kept in their participant_reach row (migration 20261129T201000_reach_by_key).
    const { rows } = await sql<CohortCell>`
      select cohort,
             ((left(quarter, 4)::int - left(cohort, 4)::int) * 4
               + right(quarter, 1)::int - right(cohort, 1)::int) as "offset",
             quarter, participants
      from (
        select to_char(pr.first_attended_at at time zone 'UTC', 'YYYY-"Q"Q') as cohort,
               q as quarter, count(*)::int as participants
        from participant_reach pr
        join participant p on p.id = pr.participant_id
        left join country_classification cc on cc.iso2 = p.country
        cross join lateral unnest(pr.quarters) q
        where pr.first_attended_at is not null and ${personFilter(filters)}
        group by 1, 2
      ) cells
      order by cohort, quarter
    `.execute(db);
    return rows;
  }
  const { rows } = await sql<CohortCell>`
    with first_ever as (${firstEver}),
    seen as (
      select distinct a.participant_id, date_trunc('quarter', w.starts_at at time zone ${tz}) as quarter
      from ${reachSource()}
      where ${reachConditions(filters)} and a.attended
    ),
    cells as (
      select date_trunc('quarter', fe.first_at at time zone ${tz}) as cohort, s.quarter,
             count(*)::int as participants
      from seen s join first_ever fe using (participant_id)
      group by 1, 2
    )
    select to_char(cohort, 'YYYY-"Q"Q') as cohort,
           ((extract(year from quarter) - extract(year from cohort)) * 4
             + extract(quarter from quarter) - extract(quarter from cohort))::int as "offset",
           to_char(quarter, 'YYYY-"Q"Q') as quarter,
           participants
    from cells
    order by cells.cohort, cells.quarter
  `.execute(db);
  return rows;
}

/** How many people attended 1, 2, 3… webinars of the view. */
export async function getAttendanceDistribution(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<Array<{ webinars: number; participants: number }>> {
  const { rows } = await sql<{ webinars: number; participants: number }>`
    select webinars_attended as webinars, count(*)::int as participants
    from ${peopleOfView(filters)} pr
    where webinars_attended > 0
    group by webinars_attended
    order by webinars_attended
  `.execute(db);
  return rows;
}
