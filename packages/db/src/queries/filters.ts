import { sql, type RawBuilder } from 'kysely';
import type { SectorCode } from '../schema.js';

/**
 * The filters every reach figure takes. Dates are calendar days in `timeZone`, the range
 * half-open: `from` included, `to` excluded. Lists mean "any of".
 */
export interface ReachFilters {
  from?: string;
  to?: string;
  /** IANA zone the dates are read in; the caller validates it (isValidTimeZone). */
  timeZone: string;
  seriesIds?: number[];
  languages?: string[];
  topicIds?: number[];
  workingGroupIds?: number[];
  webinarIds?: number[];
  countries?: string[];
  regions?: string[];
  incomeGroups?: string[];
  sectors?: SectorCode[];
}

/**
 * The rows every reach query starts from: attendance at held webinars with its webinar (w),
 * participant (p) and country classification (cc). Filter values travel as parameters.
 */
export function reachSource(extraJoin: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  return sql`attendance a
    join webinar w on w.id = a.webinar_id
    join participant p on p.id = a.participant_id
    left join country_classification cc on cc.iso2 = p.country
    ${extraJoin}`;
}

export function reachConditions(f: ReachFilters): RawBuilder<unknown> {
  return sql.join([webinarConditions(f), ...participantConditions(f)], sql` and `);
}

/** The conditions on the webinar alone (w): what decides which webinars a figure covers. */
export function webinarConditions(f: ReachFilters): RawBuilder<unknown> {
  const c: Array<RawBuilder<unknown>> = [sql`w.status = 'held'`];
  if (f.from) c.push(sql`w.starts_at >= (${f.from}::date::timestamp at time zone ${f.timeZone})`);
  if (f.to) c.push(sql`w.starts_at < (${f.to}::date::timestamp at time zone ${f.timeZone})`);
  if (f.seriesIds?.length) c.push(sql`w.series_id = any(${f.seriesIds}::int[])`);
  if (f.languages?.length) c.push(sql`w.language = any(${f.languages}::text[])`);
  if (f.workingGroupIds?.length) c.push(sql`w.working_group_id = any(${f.workingGroupIds}::int[])`);
  if (f.webinarIds?.length) c.push(sql`w.id = any(${f.webinarIds}::int[])`);
  if (f.topicIds?.length) {
    c.push(sql`exists (select 1 from webinar_topic ft
                       where ft.webinar_id = w.id and ft.topic_id = any(${f.topicIds}::int[]))`);
  }
  return sql.join(c, sql` and `);
}

/**
 * True when the view covers every held webinar (no date, series, language, topic, working group
 * or webinar filter): its figures can then be summed from participant_reach, one row a person.
 */
export function coversAllWebinars(f: ReachFilters): boolean {
  return !(
    f.from ||
    f.to ||
    f.seriesIds?.length ||
    f.languages?.length ||
    f.topicIds?.length ||
    f.workingGroupIds?.length ||
    f.webinarIds?.length
  );
}

/**
 * One row per person of the view (pr): their first and last attended webinar of the view, the
 * webinars they attended, registered for and registered-and-attended, their minutes, their first
 * held webinar ever, and their country, sector, gender, region and income group. Every figure that
 * counts people or adds up their attendance reads it, so a view's people are aggregated once,
 * with a hash, rather than counted distinct per figure.
 *
 * Over every held webinar it is participant_reach (kept current by triggers); otherwise the
 * view's attendance is aggregated per person, people narrowed by the participant filters first.
 * `firstEver: false` leaves first_ever_at null and saves the join to participant_reach, for
 * figures that do not ask whether someone came before.
 */
export function peopleOfView(
  f: ReachFilters,
  { firstEver = true }: { firstEver?: boolean } = {},
): RawBuilder<unknown> {
  const c = participantConditions(f);
  const personFilter = c.length ? sql.join(c, sql` and `) : sql`true`;
  const person = sql`p.country, p.sector, p.gender, cc.region, cc.income_group`;
  if (coversAllWebinars(f)) {
    return sql`(select pr.participant_id, pr.first_attended_at, pr.last_attended_at,
        pr.webinars_attended, pr.registrations, pr.registered_attended, pr.minutes,
        pr.first_attended_at as first_ever_at, ${person}
      from participant_reach pr
      join participant p on p.id = pr.participant_id
      left join country_classification cc on cc.iso2 = p.country
      where ${personFilter})`;
  }
  const chosen = c.length
    ? sql`and a.participant_id in (
        select p.id from participant p left join country_classification cc on cc.iso2 = p.country
        where ${personFilter})`
    : sql``;
  return sql`(select v.*, ${firstEver ? sql`fe.first_attended_at` : sql`null::timestamptz`} as first_ever_at, ${person}
    from (
      select a.participant_id,
             min(w.starts_at) filter (where a.attended) as first_attended_at,
             max(w.starts_at) filter (where a.attended) as last_attended_at,
             (count(*) filter (where a.attended))::int as webinars_attended,
             (count(*) filter (where a.registered))::int as registrations,
             (count(*) filter (where a.registered and a.attended))::int as registered_attended,
             coalesce(sum(a.minutes) filter (where a.attended), 0)::bigint as minutes
      from attendance a join webinar w on w.id = a.webinar_id
      where ${webinarConditions(f)} ${chosen}
      group by a.participant_id
    ) v
    join participant p on p.id = v.participant_id
    left join country_classification cc on cc.iso2 = p.country
    ${firstEver ? sql`left join participant_reach fe on fe.participant_id = v.participant_id` : sql``})`;
}

/**
 * The participant filters as one condition on p (a participant, or a row with its country and
 * sector columns) and cc (the country's classification); `true` without any.
 */
export function personFilter(f: ReachFilters): RawBuilder<unknown> {
  const c = participantConditions(f);
  return c.length ? sql.join(c, sql` and `) : sql`true`;
}

/** True when the view narrows the people (country, region, income group or sector). */
export function hasPersonFilters(f: ReachFilters): boolean {
  return participantConditions(f).length > 0;
}

/** The conditions on the participant (p) and their country (cc). */
function participantConditions(f: ReachFilters): Array<RawBuilder<unknown>> {
  const c: Array<RawBuilder<unknown>> = [];
  if (f.countries?.length) c.push(sql`p.country = any(${f.countries}::bpchar[])`);
  if (f.regions?.length) c.push(sql`cc.region = any(${f.regions}::text[])`);
  if (f.incomeGroups?.length) c.push(sql`cc.income_group = any(${f.incomeGroups}::text[])`);
  if (f.sectors?.length) c.push(sql`p.sector = any(${f.sectors}::text[])`);
  return c;
}

/**
 * The period to compare with: the one of the same length just before, or the same dates a
 * year earlier. Needs both ends of the range.
 */
export function comparisonFilters(
  f: ReachFilters,
  compare: 'previous' | 'year',
): ReachFilters | null {
  if (!f.from || !f.to) return null;
  const day = (text: string) => Date.parse(`${text}T00:00:00Z`);
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  if (compare === 'previous') {
    const length = day(f.to) - day(f.from);
    return { ...f, from: iso(day(f.from) - length), to: f.from };
  }
  const yearEarlier = (text: string) => {
    const d = new Date(day(text));
    d.setUTCFullYear(d.getUTCFullYear() - 1);
    return iso(d.getTime());
  };
  return { ...f, from: yearEarlier(f.from), to: yearEarlier(f.to) };
}
