import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import {
  coversAllWebinars,
  peopleOfView,
  personFilter,
  reachConditions,
  reachSource,
  type ReachFilters,
} from './filters.js';

export const BREAKDOWN_DIMENSIONS = [
  'country',
  'region',
  'income_group',
  'sector',
  'gender',
  'topic',
  'working_group',
  'language',
  'series',
  'webinar',
  'month',
  'quarter',
  'year',
] as const;
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

export const BREAKDOWN_SORTS = [
  'participants',
  'attendances',
  'registrations',
  'minutes',
  'key',
] as const;
export type BreakdownSort = (typeof BREAKDOWN_SORTS)[number];

export interface BreakdownMeasures {
  /** Distinct people who attended. */
  participants: number;
  /** Attendances (person × webinar). */
  attendances: number;
  /** Registrations (person × webinar). */
  registrations: number;
  /** Minutes attended. */
  minutes: number;
}

export interface BreakdownRow extends BreakdownMeasures {
  /** The value of the dimension: ISO code, sector code, id, 'YYYY-MM', 'YYYY-Qn', 'YYYY'; null when unknown. */
  key: string | null;
  /** A readable name where the key is an id (topic, working group, series, webinar). */
  label: string | null;
  /** participants ÷ the distinct participants of the whole filtered set (0–1). */
  share: number;
}

export interface Breakdown {
  dimension: BreakdownDimension;
  total: BreakdownMeasures;
  /** Rows before paging. */
  totalRows: number;
  rows: BreakdownRow[];
}

interface DimensionSql {
  key: RawBuilder<unknown>;
  join?: RawBuilder<unknown>;
  label?: (key: RawBuilder<unknown>, lang: 'en' | 'es') => RawBuilder<unknown>;
  /**
   * For a dimension that lists an attendance under several keys (a webinar's topics): a join and
   * a condition that pick one of its rows, so the whole counts each attendance once.
   */
  once?: { join: RawBuilder<unknown>; row: RawBuilder<unknown> };
}

// The dimensions that belong to the person, as columns of peopleOfView (pr).
const PERSON_KEYS: Partial<Record<BreakdownDimension, RawBuilder<unknown>>> = {
  country: sql`pr.country::text`,
  region: sql`pr.region`,
  income_group: sql`pr.income_group`,
  sector: sql`pr.sector`,
  gender: sql`pr.gender`,
};

// The whitelist: a dimension name picks one of these fragments; no request text reaches SQL.
function dimensionSql(dimension: BreakdownDimension, timeZone: string): DimensionSql {
  const local = sql`(w.starts_at at time zone ${timeZone})`;
  switch (dimension) {
    case 'country':
      return { key: sql`p.country::text` };
    case 'region':
      return { key: sql`cc.region` };
    case 'income_group':
      return { key: sql`cc.income_group` };
    case 'sector':
      return { key: sql`p.sector` };
    case 'gender':
      return { key: sql`p.gender` };
    case 'language':
      return { key: sql`w.language` };
    case 'month':
      return { key: sql`to_char(${local}, 'YYYY-MM')` };
    case 'quarter':
      return { key: sql`to_char(${local}, 'YYYY-"Q"Q')` };
    case 'year':
      return { key: sql`to_char(${local}, 'YYYY')` };
    case 'topic':
      return {
        key: sql`wt.topic_id::text`,
        join: sql`left join webinar_topic wt on wt.webinar_id = w.id`,
        label: (key, lang) =>
          sql`(select ${lang === 'es' ? sql.ref('label_es') : sql.ref('label_en')} from topic where id::text = ${key})`,
        once: {
          join: sql`left join (select webinar_id, min(topic_id) as topic_id from webinar_topic
                               group by webinar_id) first_topic on first_topic.webinar_id = w.id`,
          row: sql`wt.topic_id is not distinct from first_topic.topic_id`,
        },
      };
    case 'working_group':
      return {
        key: sql`w.working_group_id::text`,
        label: (key, lang) =>
          sql`(select ${lang === 'es' ? sql.ref('label_es') : sql.ref('label_en')} from working_group where id::text = ${key})`,
      };
    case 'series':
      return {
        key: sql`w.series_id::text`,
        label: (key) => sql`(select name from series where id::text = ${key})`,
      };
    case 'webinar':
      return {
        key: sql`w.id::text`,
        label: (key) => sql`(select title from webinar where id::text = ${key})`,
      };
  }
}

// The webinar dimensions whose keys participant_reach keeps per person (migration
// 20261129T201000_reach_by_key); the calendar ones in UTC only.
const KEPT_KEYS: Partial<Record<BreakdownDimension, { column: string; utcOnly: boolean }>> = {
  topic: { column: 'topic_ids', utcOnly: false },
  working_group: { column: 'working_group_ids', utcOnly: false },
  series: { column: 'series_ids', utcOnly: false },
  language: { column: 'languages', utcOnly: false },
  month: { column: 'months', utcOnly: true },
  quarter: { column: 'quarters', utcOnly: true },
  year: { column: 'years', utcOnly: true },
};

// The person's dimensions a webinar_cell row carries (its country and sector).
const CELL_DIMENSIONS = new Set<BreakdownDimension>([
  'country',
  'region',
  'income_group',
  'sector',
]);

/**
 * The participant_reach column of a webinar dimension's keys, when the view can be answered from
 * the summaries: it covers every held webinar (no date, series, language, topic, working group
 * or webinar filter), and a calendar dimension is asked in UTC. Otherwise null.
 */
function keptKeys(
  dimension: BreakdownDimension,
  filters: ReachFilters,
): RawBuilder<unknown> | null {
  const kept = KEPT_KEYS[dimension];
  if (!kept || !coversAllWebinars(filters)) return null;
  if (kept.utcOnly && filters.timeZone !== 'UTC') return null;
  return sql.ref(`pr.${kept.column}`);
}

/**
 * Groups by a webinar dimension (and optionally a person's) from the summaries: people per key
 * from the keys each person's row keeps (a person counts once per key), attendances,
 * registrations and minutes summed from webinar_cell. The rows are (person_key, key, measures);
 * person_key is null without a person dimension. The same figures as grouping the attendance, which the
 * tests check.
 */
function keptGroups(
  keys: RawBuilder<unknown>,
  dim: DimensionSql,
  filters: ReachFilters,
  person: RawBuilder<unknown> = sql`null::text`,
): RawBuilder<unknown> {
  // webinar_cell is read as p: it has the participant's country and sector, which the person
  // filters and dimensions read as p.country and p.sector.
  return sql`
    select person_key, key, sum(participants)::int as participants,
           sum(attendances)::int as attendances, sum(registrations)::int as registrations,
           sum(minutes)::int as minutes
    from (
      select ${person} as person_key, k::text as key, count(*) as participants,
             0 as attendances, 0 as registrations, 0 as minutes
      from participant_reach pr
      join participant p on p.id = pr.participant_id
      left join country_classification cc on cc.iso2 = p.country
      cross join lateral unnest(${keys}) k
      where pr.webinars_attended > 0 and ${personFilter(filters)}
      group by 1, 2
      union all
      select ${person}, ${dim.key}, 0, sum(p.attendances), sum(p.registrations), sum(p.minutes)
      from webinar_cell p
      join webinar w on w.id = p.webinar_id
      ${dim.join ?? sql``}
      left join country_classification cc on cc.iso2 = p.country
      where w.status = 'held' and ${personFilter(filters)}
      group by 1, 2
    ) parts
    group by person_key, key`;
}

/**
 * Unique participants, attendances, registrations and minutes by one dimension, with each
 * group's share of the filtered whole, sorted and paged in SQL. A webinar with two topics
 * counts under both, so topic shares can add up to more than 1.
 */
export async function getBreakdown(
  db: Kysely<Database>,
  dimension: BreakdownDimension,
  filters: ReachFilters,
  options: {
    sort: BreakdownSort;
    order: 'asc' | 'desc';
    limit: number;
    offset: number;
    lang: 'en' | 'es';
  },
): Promise<Breakdown> {
  const dim = dimensionSql(dimension, filters.timeZone);
  const where = reachConditions(filters);
  const direction = options.order === 'asc' ? sql`asc` : sql`desc`;
  const sortColumn = options.sort === 'key' ? sql`g.key` : sql.ref(`g.${options.sort}`);
  const label = dim.label ? dim.label(sql`page.key`, options.lang) : sql`null::text`;

  const personKey = PERSON_KEYS[dimension];
  // A person's own dimension is the same at every webinar, so each group sums its people's rows
  // (peopleOfView), and so does the whole. A webinar's dimension groups the filtered attendance,
  // and the whole comes from the same pass (grouping sets): people counted distinct over all the
  // rows, so a person in two groups (two topics, two months) counts once in it.
  const measures = sql`
    count(*) filter (where webinars_attended > 0)::int as participants,
    coalesce(sum(webinars_attended), 0)::int as attendances,
    coalesce(sum(registrations), 0)::int as registrations,
    coalesce(sum(minutes), 0)::int as minutes`;
  const kept = personKey ? null : keptKeys(dimension, filters);
  const groupsAndWhole = kept
    ? sql`
    grouped as (select key, participants, attendances, registrations, minutes
                from (${keptGroups(kept, dim, filters)}) g),
    whole as (select ${measures} from ${peopleOfView(filters, { firstEver: false })} pr)`
    : personKey
      ? sql`
    people as (select ${personKey} as key, pr.* from ${peopleOfView(filters, { firstEver: false })} pr),
    grouped as (select key, ${measures} from people group by key),
    whole as (select ${measures} from people)`
      : sql`
    sets as (
      select key, grouping(key) = 1 as is_whole,
             count(distinct participant_id) filter (where attended)::int as participants,
             count(*) filter (where attended)::int as attendances,
             count(*) filter (where registered)::int as registrations,
             coalesce(sum(minutes) filter (where attended), 0)::int as minutes,
             count(*) filter (where attended and once)::int as attendances_once,
             count(*) filter (where registered and once)::int as registrations_once,
             coalesce(sum(minutes) filter (where attended and once), 0)::int as minutes_once
      from (
        select ${dim.key} as key, a.participant_id, a.attended, a.registered, a.minutes,
               ${dim.once?.row ?? sql`true`} as once
        from ${reachSource(sql`${dim.join ?? sql``} ${dim.once?.join ?? sql``}`)}
        where ${where}
      ) base
      group by grouping sets ((key), ())
    ),
    grouped as (
      select key, participants, attendances, registrations, minutes from sets where not is_whole
    ),
    whole as (
      select coalesce(max(participants), 0) as participants,
             coalesce(max(attendances_once), 0) as attendances,
             coalesce(max(registrations_once), 0) as registrations,
             coalesce(max(minutes_once), 0) as minutes
      from sets where is_whole
    )`;
  // One statement: the groups, the page of them and the whole, so the view's people are
  // aggregated once. The whole comes back even when the page is empty (left join).
  const { rows } = await sql<
    Omit<BreakdownRow, 'participants'> & {
      participants: number | null;
      totalRows: number | null;
      total: BreakdownMeasures;
    }
  >`
    with ${groupsAndWhole},
    page as (
      select g.*, (count(*) over ())::int as total_rows,
             row_number() over (order by ${sortColumn} ${direction} nulls last, g.key asc nulls last) as position
      from grouped g
      order by ${sortColumn} ${direction} nulls last, g.key asc nulls last
      limit ${options.limit} offset ${options.offset}
    )
    select page.key, ${label} as label, page.participants, page.attendances, page.registrations,
           page.minutes,
           coalesce(round(page.participants::numeric / nullif(whole.participants, 0), 4), 0) as share,
           page.total_rows as "totalRows",
           json_build_object('participants', whole.participants, 'attendances', whole.attendances,
                             'registrations', whole.registrations, 'minutes', whole.minutes) as total
    from whole left join page on true
    order by page.position
  `.execute(db);

  const total = rows[0]!.total;
  const onPage = rows.filter((row) => row.totalRows !== null);
  return {
    dimension,
    total,
    totalRows: onPage[0]?.totalRows ?? (options.offset > 0 ? await countGroups(db, dim, where) : 0),
    rows: onPage.map(({ totalRows: _t, total: _w, participants, ...row }) => ({
      ...row,
      participants: participants!,
    })),
  };
}

/** The measures of the whole filtered set, each person counted once. */
export async function reachTotals(
  db: Kysely<Database>,
  filters: ReachFilters,
): Promise<BreakdownMeasures> {
  const { rows } = await sql<BreakdownMeasures>`
    select count(*) filter (where webinars_attended > 0)::int as participants,
           coalesce(sum(webinars_attended), 0)::int as attendances,
           coalesce(sum(registrations), 0)::int as registrations,
           coalesce(sum(minutes), 0)::int as minutes
    from ${peopleOfView(filters, { firstEver: false })} pr
  `.execute(db);
  return rows[0]!;
}

async function countGroups(db: Kysely<Database>, dim: DimensionSql, where: RawBuilder<unknown>) {
  const { rows } = await sql<{ n: number }>`
    select count(distinct ${dim.key})::int + (count(*) filter (where ${dim.key} is null) > 0)::int as n
    from ${reachSource(dim.join)} where ${where}
  `.execute(db);
  return rows[0]?.n ?? 0;
}

/** Refuses a cross-tabulation of a dimension with itself. */
export function checkCrossTabDimensions(
  rowDimension: BreakdownDimension,
  columnDimension: BreakdownDimension,
): void {
  if (rowDimension === columnDimension) {
    throw new RangeError('A cross-tabulation needs two different dimensions.');
  }
}

export interface CrossTabCell extends BreakdownMeasures {
  row: string | null;
  column: string | null;
}

/**
 * Two dimensions at once (sector × topic, country × sector, region × year…): one cell per pair
 * that has any attendance, people counted once per cell.
 */
export async function getCrossTab(
  db: Kysely<Database>,
  rowDimension: BreakdownDimension,
  columnDimension: BreakdownDimension,
  filters: ReachFilters,
): Promise<CrossTabCell[]> {
  checkCrossTabDimensions(rowDimension, columnDimension);
  const rowSql = dimensionSql(rowDimension, filters.timeZone);
  const columnSql = dimensionSql(columnDimension, filters.timeZone);
  // A person's country or sector against a webinar dimension, over every held webinar: from the
  // summaries, people per cell counted from the keys each person's row keeps.
  for (const [person, webinar, flip] of [
    [rowDimension, columnDimension, false],
    [columnDimension, rowDimension, true],
  ] as const) {
    const keys = CELL_DIMENSIONS.has(person) ? keptKeys(webinar, filters) : null;
    if (!keys) continue;
    const personSql = dimensionSql(person, filters.timeZone);
    const { rows } = await sql<CrossTabCell>`
      select ${flip ? sql`key` : sql`person_key`} as row, ${flip ? sql`person_key` : sql`key`} as column,
             participants, attendances, registrations, minutes
      from (${keptGroups(keys, dimensionSql(webinar, filters.timeZone), filters, personSql.key)}) g
      order by 1 asc nulls last, 2 asc nulls last
    `.execute(db);
    return rows;
  }
  const { rows } = await sql<CrossTabCell>`
    select ${rowSql.key} as row, ${columnSql.key} as column,
           count(distinct a.participant_id) filter (where a.attended)::int as participants,
           count(*) filter (where a.attended)::int as attendances,
           count(*) filter (where a.registered)::int as registrations,
           coalesce(sum(a.minutes) filter (where a.attended), 0)::int as minutes
    from ${reachSource(sql`${rowSql.join ?? sql``} ${columnSql.join ?? sql``}`)}
    where ${reachConditions(filters)}
    group by 1, 2
    order by 1 asc nulls last, 2 asc nulls last
  `.execute(db);
  return rows;
}
