import { sql, type Kysely } from 'kysely';
import type { Database, SectorCode } from '../schema.js';
import { peopleOfView, webinarConditions, type ReachFilters } from './filters.js';

/** The headline figures of a filtered view. */
export interface ReachSummary {
  /** Held webinars matching the webinar filters (date, series, language, topic, working group, webinar). */
  webinarsHeld: number;
  /** Distinct people who presented at those webinars. */
  speakers: number;
  uniqueParticipants: number;
  attendances: number;
  countries: number;
  /** Known sectors among the participants ('unknown' not counted). */
  sectors: number;
  registrations: number;
  /** Registered people who attended ÷ registered people; null with no registrations. */
  attendanceRate: number | null;
  /** Attendances ÷ webinars held; null with no webinars. */
  averageAttendeesPerWebinar: number | null;
  /** Mean minutes of an attendance; null with no attendance. */
  averageMinutes: number | null;
  /** Share of the participants who had attended a held webinar before (any, filtered or not). */
  returningShare: number | null;
  /** Participants whose first held webinar ever falls in the view. */
  newParticipants: number;
}

export interface ReachSummaryWithSectors extends ReachSummary {
  /** Attending participants by sector, most first. */
  bySector: Array<{ sector: SectorCode; participants: number }>;
}

/**
 * The headline figures of a filtered view, from its people, one row a person (peopleOfView), each
 * computed once, in SQL: returning people had
 * attended a held webinar before their last one of the view, new people's first webinar of the
 * view is their first ever.
 */
export async function getReachSummary(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<ReachSummary> {
  const { rows } = await summaryQuery(filters, false).execute(db);
  return rows[0]!;
}

/**
 * The headline figures and the participants by sector, from one pass over the view's people
 * (the overview needs both; aggregating the people twice doubled its cold time).
 */
export async function getReachSummaryWithSectors(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<ReachSummaryWithSectors> {
  const { rows } = await summaryQuery(filters, true).execute(db);
  return rows[0]! as ReachSummaryWithSectors;
}

function summaryQuery(filters: ReachFilters, withSectors: boolean) {
  const bySector = withSectors
    ? sql`, (select coalesce(json_agg(json_build_object('sector', s.sector, 'participants', s.n)
                                      order by s.n desc, s.sector), '[]'::json)
             from (select sector, count(*)::int as n from people
                   where webinars_attended > 0 group by sector) s) as "bySector"`
    : sql``;
  return sql<ReachSummary>`
    with held as (
      select w.id from webinar w where ${webinarConditions(filters)}
    ),
    people as (select * from ${peopleOfView(filters)} pr),
    totals as (
      select count(*) filter (where webinars_attended > 0)::int as participants,
             coalesce(sum(webinars_attended), 0)::int as attendances,
             count(distinct country) filter (where webinars_attended > 0)::int as countries,
             count(distinct sector) filter (where webinars_attended > 0 and sector <> 'unknown')::int as sectors,
             coalesce(sum(registrations), 0)::int as registrations,
             coalesce(sum(registered_attended), 0)::int as registered_attended,
             sum(minutes) as minutes,
             count(*) filter (where first_ever_at < last_attended_at)::int as returning,
             count(*) filter (where first_ever_at = first_attended_at)::int as new
      from people
    )
    select (select count(*)::int from held) as "webinarsHeld",
           (select count(distinct ws.speaker_id)::int from webinar_speaker ws join held on held.id = ws.webinar_id) as "speakers",
           t.participants as "uniqueParticipants",
           t.attendances,
           t.countries,
           t.sectors,
           t.registrations,
           round(t.registered_attended::numeric / nullif(t.registrations, 0), 4) as "attendanceRate",
           round(t.attendances::numeric / nullif((select count(*) from held), 0), 2) as "averageAttendeesPerWebinar",
           round(t.minutes::numeric / nullif(t.attendances, 0), 1) as "averageMinutes",
           round(t.returning::numeric / nullif(t.participants, 0), 4) as "returningShare",
           t.new as "newParticipants"
           ${bySector}
    from totals t
  `;
}
