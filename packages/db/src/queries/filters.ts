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
  if (f.countries?.length) c.push(sql`p.country = any(${f.countries}::bpchar[])`);
  if (f.regions?.length) c.push(sql`cc.region = any(${f.regions}::text[])`);
  if (f.incomeGroups?.length) c.push(sql`cc.income_group = any(${f.incomeGroups}::text[])`);
  if (f.sectors?.length) c.push(sql`p.sector = any(${f.sectors}::text[])`);
  return sql.join(c, sql` and `);
}
