import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { reachConditions, reachSource, webinarConditions, type ReachFilters } from './filters.js';

/** The headline figures of a filtered view, each computed once, in SQL. */
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

export async function getReachSummary(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<ReachSummary> {
  const { rows } = await sql<ReachSummary>`
    with held as (
      select w.id from webinar w where ${webinarConditions(filters)}
    ),
    f as (
      select a.participant_id, a.attended, a.registered, a.minutes, w.starts_at, p.country, p.sector
      from ${reachSource()}
      where ${reachConditions(filters)}
    ),
    people as (
      select participant_id, max(starts_at) as last_in_view, min(starts_at) as first_in_view
      from f where attended group by participant_id
    ),
    first_ever as (
      select a.participant_id, min(w.starts_at) as first_at
      from attendance a join webinar w on w.id = a.webinar_id
      where a.attended and w.status = 'held'
        and a.participant_id in (select participant_id from people)
      group by a.participant_id
    ),
    loyalty as (
      select count(*) filter (where fe.first_at < pe.last_in_view)::int as returning,
             count(*) filter (where fe.first_at = pe.first_in_view)::int as new
      from people pe join first_ever fe using (participant_id)
    ),
    totals as (
      select count(distinct participant_id) filter (where attended)::int as participants,
             count(*) filter (where attended)::int as attendances,
             count(distinct country) filter (where attended)::int as countries,
             count(distinct sector) filter (where attended and sector <> 'unknown')::int as sectors,
             count(*) filter (where registered)::int as registrations,
             count(*) filter (where registered and attended)::int as registered_attended,
             avg(minutes) filter (where attended) as average_minutes
      from f
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
           round(t.average_minutes, 1) as "averageMinutes",
           round(l.returning::numeric / nullif(t.participants, 0), 4) as "returningShare",
           l.new as "newParticipants"
    from totals t cross join loyalty l
  `.execute(db);
  return rows[0]!;
}
