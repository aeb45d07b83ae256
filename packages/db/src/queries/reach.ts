import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { peopleOfView, type ReachFilters } from './filters.js';

export const REACH_INTERVALS = ['month', 'quarter', 'year'] as const;
export type ReachInterval = (typeof REACH_INTERVALS)[number];

const STEP: Record<ReachInterval, string> = {
  month: '1 month',
  quarter: '3 months',
  year: '1 year',
};

export interface CumulativeReachPoint {
  /** First day of the bucket, 'YYYY-MM-DD', in the requested zone. */
  period: string;
  newParticipants: number;
  cumulativeParticipants: number;
}

/**
 * Unique participants reached over time: each person counts once, in the bucket of the
 * first held webinar of the view they attended. Buckets without newcomers are still listed (the line
 * stays flat rather than skipping), from the first bucket with attendance to the last.
 *
 * `interval` comes from a typed whitelist and the filters' zone must be validated by the caller
 * (see isValidTimeZone); both are passed as parameters, never spliced into SQL.
 */
export async function getCumulativeReach(
  db: Kysely<Database>,
  interval: ReachInterval,
  filters: ReachFilters = { timeZone: 'UTC' },
): Promise<CumulativeReachPoint[]> {
  const firstSeen = sql`
    select participant_id,
           date_trunc(${interval}, first_attended_at at time zone ${filters.timeZone})::date as period
    from ${peopleOfView(filters)} pr
    where webinars_attended > 0`;
  const result = await sql<CumulativeReachPoint>`
    with first_seen as (${firstSeen}),
    per_period as (
      select period, count(*)::int as new_participants from first_seen group by period
    ),
    periods as (
      select generate_series(min(period), max(period), ${STEP[interval]}::interval)::date as period
      from per_period
    )
    select to_char(p.period, 'YYYY-MM-DD') as "period",
           coalesce(pp.new_participants, 0)::int as "newParticipants",
           (sum(coalesce(pp.new_participants, 0)) over (order by p.period))::int as "cumulativeParticipants"
    from periods p
    left join per_period pp on pp.period = p.period
    order by p.period
  `.execute(db);
  return result.rows;
}

/**
 * Zones found valid. Building an Intl.DateTimeFormat to check one took 3.5 % of the server's
 * thread under load (every analytics request checks its zone); there are a few hundred valid
 * names, so they are remembered, and the unknown ones (anyone can send any text) are not. Zones
 * match in any case ("europe/paris"), so the spellings remembered are capped.
 */
const validTimeZones = new Set<string>();
const VALID_TIME_ZONES_KEPT = 2000;

/** True when the runtime (and so the database, which shares the IANA names) knows this zone. */
export function isValidTimeZone(timeZone: string): boolean {
  if (validTimeZones.has(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    return false;
  }
  if (validTimeZones.size < VALID_TIME_ZONES_KEPT) validTimeZones.add(timeZone);
  return true;
}
