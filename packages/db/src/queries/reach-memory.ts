import { sql, type Kysely } from 'kysely';
import type { Database, SectorCode } from '../schema.js';
import {
  checkCrossTabDimensions,
  getBreakdown,
  getCrossTab,
  reachTotals,
  type Breakdown,
  type BreakdownDimension,
  type BreakdownMeasures,
  type BreakdownRow,
  type BreakdownSort,
  type CrossTabCell,
} from './breakdown.js';
import { getReachVersion, readReachVersion, ResultLru } from './cache.js';
import type { ReachFilters } from './filters.js';
import { getCumulativeReach, type ReachInterval, type CumulativeReachPoint } from './reach.js';
import {
  getAttendanceDistribution,
  getCohorts,
  getNewVsReturning,
  type CohortCell,
  type WebinarNewReturning,
} from './loyalty.js';
import {
  getReachSummary,
  getReachSummaryWithSectors,
  type ReachSummary,
  type ReachSummaryWithSectors,
} from './summary.js';

// The reach figures computed in memory. A cold reach figure in SQL is a count(distinct) over the
// view's attendance: half a second over the whole of a 200,000-person programme, and under 50
// dashboard clients the queue of them is what the p99 waits for (bench/README.md, "Load"). Held
// as arrays (each held webinar's attendance rows, each person's country, sector and gender) the
// same figure is a pass over typed arrays: milliseconds (bench/reach-memory.ts times both).
//
// ReachMemory is one snapshot of the data, taken in one repeatable-read transaction with the
// reach version it reflects, so its figures are exactly those of that version. It answers only
// while the version is still current (ReachMemorySource.current), and the SQL in breakdown.ts,
// summary.ts, reach.ts and loyalty.ts stays the reference: reach-memory.test.ts checks that both
// give the same figures, row for row, over random views.
//
// What SQL does differently from JavaScript is asked of the database, without reading a table:
// per request, a date filter's boundary in the viewer's zone; once per zone and snapshot, the
// webinars' calendar keys in that zone; once per snapshot, the order of text keys under the
// database's collation.

/** The reach figures of a view, from one source: memory or SQL, the same values either way. */
export interface ReachFigures {
  readonly source: 'memory' | 'sql';
  breakdown(
    dimension: BreakdownDimension,
    filters: ReachFilters,
    options: BreakdownOptions,
  ): Promise<Breakdown>;
  crossTab(
    rows: BreakdownDimension,
    columns: BreakdownDimension,
    filters: ReachFilters,
  ): Promise<CrossTabCell[]>;
  totals(filters: ReachFilters): Promise<BreakdownMeasures>;
  summary(filters: ReachFilters): Promise<ReachSummary>;
  summaryWithSectors(filters: ReachFilters): Promise<ReachSummaryWithSectors>;
  cumulative(interval: ReachInterval, filters: ReachFilters): Promise<CumulativeReachPoint[]>;
  newVsReturning(filters: ReachFilters): Promise<WebinarNewReturning[]>;
  cohorts(filters: ReachFilters): Promise<CohortCell[]>;
  distribution(filters: ReachFilters): Promise<Array<{ webinars: number; participants: number }>>;
}

export interface BreakdownOptions {
  sort: BreakdownSort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  lang: 'en' | 'es';
}

/** The figures in SQL, on `db`: the reference. */
export function sqlReachFigures(db: Kysely<Database>): ReachFigures {
  return {
    source: 'sql',
    breakdown: (dimension, filters, options) => getBreakdown(db, dimension, filters, options),
    crossTab: (rows, columns, filters) => getCrossTab(db, rows, columns, filters),
    totals: (filters) => reachTotals(db, filters),
    summary: (filters) => getReachSummary(db, filters),
    summaryWithSectors: (filters) => getReachSummaryWithSectors(db, filters),
    cumulative: (interval, filters) => getCumulativeReach(db, interval, filters),
    newVsReturning: (filters) => getNewVsReturning(db, filters),
    cohorts: (filters) => getCohorts(db, filters),
    distribution: (filters) => getAttendanceDistribution(db, filters),
  };
}

type Key = string | null;

/** A column of text values coded as small integers; code 0 is null. */
class Codes {
  readonly values: Key[] = [null];
  private readonly index = new Map<Key, number>([[null, 0]]);

  code(value: Key): number {
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.index.set(value, code);
    }
    return code;
  }

  codeOf(value: Key): number | undefined {
    return this.index.get(value);
  }
}

const PERSON_DIMENSIONS = ['country', 'region', 'income_group', 'sector', 'gender'] as const;
export type PersonDimension = (typeof PERSON_DIMENSIONS)[number];

const isPersonDimension = (d: BreakdownDimension): d is PersonDimension =>
  (PERSON_DIMENSIONS as readonly string[]).includes(d);

/**
 * A view resolved against the snapshot: its webinars and, when people are filtered, who is in.
 * Shared by every figure of those filters (ReachMemory.view): read it, never change it.
 */
interface View {
  readonly webinars: readonly number[];
  readonly people: Uint8Array | null;
  readonly calendar: Calendar;
  /** The view's whole measures, once computed (whole). */
  total?: Totals;
  /** Its people and their measures, once computed (peopleOf), while kept (PEOPLE_KEPT). */
  perPerson?: People;
}

/** Per person of a view (peopleOf), by position 0 to count - 1: who, and their measures. */
interface People {
  readonly count: number;
  readonly person: Int32Array;
  readonly attended: Int32Array;
  readonly registrations: Int32Array;
  readonly registeredAttended: Int32Array;
  readonly minutes: Float64Array;
  readonly first: Float64Array;
  readonly firstWebinar: Int32Array;
  readonly last: Float64Array;
}

/** Views kept per snapshot, the latest used: a page view asks for 5 to 14 figures of one view. */
const VIEWS_KEPT = 64;
/**
 * People of views (peopleOf) kept, the latest computed, the views' counts added up: 44 bytes a
 * person, so 44 MB (five views of the load benchmark's whole programme, far more narrower ones).
 * A view's summary, cumulative line, cohorts, distribution and five person breakdowns all start
 * from them, and 50 dashboards' cold figures come interleaved: with 4 views kept, whatever their
 * size, a view's people were often gone before its next figure came.
 */
const PEOPLE_KEPT = 1_000_000;

/** The webinars' calendar keys in one time zone. */
interface Calendar {
  month: Key[];
  quarter: Key[];
  year: Key[];
  /** date_trunc(interval, starts_at at time zone)::date per webinar, 'YYYY-MM-DD'. */
  truncated: Record<ReachInterval, string[]>;
}

interface Totals {
  participants: number;
  attendances: number;
  registrations: number;
  minutes: number;
}

const emptyTotals = (): Totals => ({
  participants: 0,
  attendances: 0,
  registrations: 0,
  minutes: 0,
});

const ATTENDED = 1;
const REGISTERED = 2;

export class ReachMemory {
  /** Text keys in the database's collation order, per person dimension and for languages. */
  private readonly rank = new Map<string, Map<string, number>>();
  private readonly calendars = new Map<string, Promise<Calendar>>();
  /** Per-person scratch arrays, reused by each computation (JavaScript runs one at a time). */
  private readonly stamp: Int32Array;
  /** A person's position among the people of the view being aggregated (peopleOf). */
  private readonly slot: Int32Array;
  /** Per position: the person and their measures in the view (peopleOf). */
  private readonly scratch: {
    person: Int32Array;
    attended: Int32Array;
    registrations: Int32Array;
    registeredAttended: Int32Array;
    minutes: Float64Array;
    first: Float64Array;
    firstWebinar: Int32Array;
    last: Float64Array;
  };
  private generation = 0;
  /** Views by their filters, the latest used kept (view); counted, not measured. */
  private readonly views = new ResultLru<Promise<View>>(
    VIEWS_KEPT,
    Infinity,
    (view) => view,
    () => 0,
  );
  /** The views whose people are kept, the latest computed last (peopleOf). */
  private readonly peopleKept: View[] = [];
  private peopleKeptCount = 0;
  /** People of views kept at most (PEOPLE_KEPT); the latest view's are kept whatever its size. */
  keepPeople = PEOPLE_KEPT;

  private constructor(
    /** The reach version the snapshot reflects. */
    readonly version: number,
    // Held webinars, by position.
    private readonly webinarIds: Int32Array,
    /** starts_at in microseconds since the epoch (exact for any timestamptz of this era). */
    private readonly startsUs: Float64Array,
    private readonly language: Key[],
    private readonly seriesId: Array<number | null>,
    private readonly workingGroupId: Array<number | null>,
    private readonly topicIds: number[][],
    private readonly speakerIds: number[][],
    // Attendance rows of each held webinar: rows offsets[w] to offsets[w + 1].
    private readonly offsets: Int32Array,
    private readonly rowPerson: Int32Array,
    private readonly rowFlags: Uint8Array,
    private readonly rowMinutes: Float64Array,
    // People, by position.
    private readonly personCodes: Record<PersonDimension, { codes: Codes; of: Uint16Array }>,
    /** First held webinar ever attended, in microseconds; NaN for none. */
    private readonly firstEverUs: Float64Array,
    /** That webinar's position; -1 for none. */
    private readonly firstEverWebinar: Int32Array,
    private readonly labels: {
      topic: Map<number, { en: string; es: string }>;
      working_group: Map<number, { en: string; es: string }>;
      series: Map<number, string>;
      webinar: Map<number, string>;
    },
    private readonly languageCodes: Codes,
    /** Participant ids by position, ascending. */
    private readonly personIds: Int32Array,
  ) {
    this.stamp = new Int32Array(firstEverUs.length);
    this.slot = new Int32Array(firstEverUs.length);
    const n = firstEverUs.length;
    this.scratch = {
      person: new Int32Array(n),
      attended: new Int32Array(n),
      registrations: new Int32Array(n),
      registeredAttended: new Int32Array(n),
      minutes: new Float64Array(n),
      first: new Float64Array(n),
      firstWebinar: new Int32Array(n),
      last: new Float64Array(n),
    };
  }

  /** Attendance rows held. */
  get rows(): number {
    return this.rowPerson.length;
  }

  get people(): number {
    return this.firstEverUs.length;
  }

  /**
   * Reads a snapshot of everything the reach figures read, in one repeatable-read transaction,
   * with the reach version it reflects. `onProgress` hears of each step.
   */
  static async load(
    db: Kysely<Database>,
    onProgress?: (step: string) => void,
  ): Promise<ReachMemory> {
    const loaded = await ReachMemory.loadUpTo(db, Infinity, onProgress);
    return loaded as ReachMemory;
  }

  /**
   * As load, unless the held webinars' attendance rows are more than `maxRows`: then nothing is
   * read past their count, and the answer is that count and the version.
   */
  static async loadUpTo(
    db: Kysely<Database>,
    maxRows: number,
    onProgress?: (step: string) => void,
  ): Promise<ReachMemory | { tooLarge: number; version: number }> {
    const step = onProgress ?? (() => {});
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const version = await getReachVersion(trx);
        if (Number.isFinite(maxRows)) {
          step('count');
          const { rows } = await sql<{ n: number }>`
            select count(*)::float8 as n from attendance a join webinar w on w.id = a.webinar_id
            where w.status = 'held'`.execute(trx);
          if (rows[0]!.n > maxRows) return { tooLarge: rows[0]!.n, version };
        }
        step('webinars');
        const webinars = (
          await sql<{
            id: number;
            starts_us: number;
            language: string;
            series_id: number | null;
            working_group_id: number | null;
            title: string;
            topic_ids: number[] | null;
            speaker_ids: number[] | null;
          }>`
            select w.id, (extract(epoch from w.starts_at) * 1000000)::float8 as starts_us,
                   w.language, w.series_id, w.working_group_id, w.title,
                   (select array_agg(topic_id order by topic_id) from webinar_topic
                     where webinar_id = w.id) as topic_ids,
                   (select array_agg(speaker_id) from webinar_speaker
                     where webinar_id = w.id) as speaker_ids
            from webinar w where w.status = 'held' order by w.id
          `.execute(trx)
        ).rows;
        step('people');
        const people = (
          await sql<{
            id: number;
            country: string | null;
            sector: string | null;
            gender: string | null;
            region: string | null;
            income_group: string | null;
          }>`
            select p.id, p.country::text as country, p.sector, p.gender, cc.region, cc.income_group
            from participant p left join country_classification cc on cc.iso2 = p.country
            order by p.id
          `.execute(trx)
        ).rows;
        step('attendance');
        // One row per webinar, its attendance as arrays: far fewer rows for the driver to build.
        const attendance = (
          await sql<{
            webinar_id: number;
            people: number[];
            flags: number[];
            minutes: number[];
          }>`
            select a.webinar_id, array_agg(a.participant_id) as people,
                   array_agg(a.attended::int + 2 * a.registered::int) as flags,
                   array_agg(coalesce(a.minutes, 0)) as minutes
            from attendance a join webinar w on w.id = a.webinar_id
            where w.status = 'held'
            group by a.webinar_id
          `.execute(trx)
        ).rows;
        step('labels');
        const topics = (
          await sql<{ id: number; label_en: string; label_es: string }>`
            select id, label_en, label_es from topic`.execute(trx)
        ).rows;
        const groups = (
          await sql<{ id: number; label_en: string; label_es: string }>`
            select id, label_en, label_es from working_group`.execute(trx)
        ).rows;
        const series = (
          await sql<{ id: number; name: string }>`select id, name from series`.execute(trx)
        ).rows;

        const personIndex = new Map<number, number>();
        people.forEach((p, i) => personIndex.set(p.id, i));
        const personCodes = Object.fromEntries(
          PERSON_DIMENSIONS.map((d) => {
            const codes = new Codes();
            const of = new Uint16Array(people.length);
            people.forEach((p, i) => (of[i] = codes.code(p[d])));
            return [d, { codes, of }];
          }),
        ) as Record<PersonDimension, { codes: Codes; of: Uint16Array }>;

        const webinarIndex = new Map<number, number>();
        webinars.forEach((w, i) => webinarIndex.set(w.id, i));
        const rowsOf = new Array<(typeof attendance)[number] | undefined>(webinars.length);
        let total = 0;
        for (const a of attendance) {
          rowsOf[webinarIndex.get(a.webinar_id)!] = a;
          total += a.people.length;
        }
        const offsets = new Int32Array(webinars.length + 1);
        const rowPerson = new Int32Array(total);
        const rowFlags = new Uint8Array(total);
        const rowMinutes = new Float64Array(total);
        const firstEverUs = new Float64Array(people.length).fill(NaN);
        const firstEverWebinar = new Int32Array(people.length).fill(-1);
        let at = 0;
        for (let w = 0; w < webinars.length; w++) {
          offsets[w] = at;
          const a = rowsOf[w];
          if (!a) continue;
          const starts = webinars[w]!.starts_us;
          for (let i = 0; i < a.people.length; i++) {
            const p = personIndex.get(a.people[i]!)!;
            rowPerson[at] = p;
            rowFlags[at] = a.flags[i]!;
            rowMinutes[at] = a.minutes[i]!;
            if (a.flags[i]! & ATTENDED && !(firstEverUs[p]! <= starts)) {
              firstEverUs[p] = starts;
              firstEverWebinar[p] = w;
            }
            at++;
          }
        }
        offsets[webinars.length] = at;

        const languageCodes = new Codes();
        const memory = new ReachMemory(
          version,
          Int32Array.from(webinars.map((w) => w.id)),
          Float64Array.from(webinars.map((w) => w.starts_us)),
          webinars.map((w) => w.language),
          webinars.map((w) => w.series_id),
          webinars.map((w) => w.working_group_id),
          webinars.map((w) => w.topic_ids ?? []),
          webinars.map((w) => w.speaker_ids ?? []),
          offsets,
          rowPerson,
          rowFlags,
          rowMinutes,
          personCodes,
          firstEverUs,
          firstEverWebinar,
          {
            topic: new Map(topics.map((t) => [t.id, { en: t.label_en, es: t.label_es }])),
            working_group: new Map(groups.map((g) => [g.id, { en: g.label_en, es: g.label_es }])),
            series: new Map(series.map((s) => [s.id, s.name])),
            webinar: new Map(webinars.map((w) => [w.id, w.title])),
          },
          languageCodes,
          Int32Array.from(people.map((p) => p.id)),
        );
        for (const w of webinars) languageCodes.code(w.language);
        step('collation');
        // Text keys sort as the database sorts them ("Low income" and "Lower middle income" do
        // not sort the same under C and en_US).
        for (const [name, values] of [
          ...PERSON_DIMENSIONS.map((d) => [d, personCodes[d].codes.values] as const),
          ['language', languageCodes.values] as const,
        ]) {
          const texts = values.filter((v): v is string => v !== null);
          const { rows } = await sql<{ v: string }>`
            select v from unnest(${texts}::text[]) v order by v`.execute(trx);
          memory.rank.set(name, new Map(rows.map((r, i) => [r.v, i])));
        }
        return memory;
      });
  }

  // ---------------------------------------------------------------------------------------------
  // For ImpactMemory (impact-memory.ts), which holds survey rows by this snapshot's positions and
  // resolves its views here, so that both read a view's webinars and people the same way.

  /** Held webinars. */
  get webinarCount(): number {
    return this.webinarIds.length;
  }

  /** The position of a held webinar; -1 when the webinar is not held (or unknown). */
  webinarIndexOf(id: number): number {
    return binarySearch(this.webinarIds, id);
  }

  /** The position of a participant; -1 when unknown. */
  personIndexOf(id: number): number {
    return binarySearch(this.personIds, id);
  }

  /** A view's webinars (positions) and, when people are filtered, a mark per person. */
  async viewOf(
    db: Kysely<Database>,
    filters: ReachFilters,
  ): Promise<{ readonly webinars: readonly number[]; readonly people: Uint8Array | null }> {
    return this.view(db, filters);
  }

  /** Attended rows of a view (attendance × webinar): the survey funnel's first step. */
  attendancesIn(view: {
    readonly webinars: readonly number[];
    readonly people: Uint8Array | null;
  }): number {
    let n = 0;
    for (const w of view.webinars) {
      for (let r = this.offsets[w]!; r < this.offsets[w + 1]!; r++) {
        if (!(this.rowFlags[r]! & ATTENDED)) continue;
        if (view.people && !view.people[this.rowPerson[r]!]) continue;
        n++;
      }
    }
    return n;
  }

  /** A webinar's keys in a webinar dimension that needs no calendar. */
  webinarKeysOf(dimension: 'topic' | 'working_group' | 'language' | 'webinar', w: number): Key[] {
    return this.webinarKeys(dimension, w);
  }

  /** A person's key in a person dimension; null for no person (-1). */
  personKeyOf(dimension: PersonDimension, p: number): Key {
    if (p < 0) return null;
    const { codes, of } = this.personCodes[dimension];
    return codes.values[of[p]!]!;
  }

  /** Compares two keys of a dimension as the database orders them, nulls last. */
  compareKeysOf(dimension: BreakdownDimension, a: Key, b: Key): number {
    return this.compareKeys(dimension, a, b);
  }

  /** A key's label (topic, working group, series, webinar), as breakdowns label them. */
  labelOf(dimension: BreakdownDimension, key: Key, lang: 'en' | 'es'): string | null {
    return this.label(dimension, key, lang);
  }

  // ---------------------------------------------------------------------------------------------
  // Views

  /** The calendar keys of every held webinar in `timeZone`, asked of the database once per zone. */
  private calendar(db: Kysely<Database>, timeZone: string): Promise<Calendar> {
    let calendar = this.calendars.get(timeZone);
    if (!calendar) {
      calendar = (async () => {
        const { rows } = await sql<{
          month: string;
          quarter: string;
          year: string;
          t_month: string;
          t_quarter: string;
          t_year: string;
        }>`
          with w as (
            select ord, (timestamptz 'epoch' + us * interval '1 microsecond') at time zone ${timeZone} as local
            from unnest(${Array.from(this.startsUs)}::float8[]) with ordinality as s(us, ord)
          )
          select to_char(local, 'YYYY-MM') as month, to_char(local, 'YYYY-"Q"Q') as quarter,
                 to_char(local, 'YYYY') as year,
                 to_char(date_trunc('month', local)::date, 'YYYY-MM-DD') as t_month,
                 to_char(date_trunc('quarter', local)::date, 'YYYY-MM-DD') as t_quarter,
                 to_char(date_trunc('year', local)::date, 'YYYY-MM-DD') as t_year
          from w order by ord
        `.execute(db);
        return {
          month: rows.map((r) => r.month),
          quarter: rows.map((r) => r.quarter),
          year: rows.map((r) => r.year),
          truncated: {
            month: rows.map((r) => r.t_month),
            quarter: rows.map((r) => r.t_quarter),
            year: rows.map((r) => r.t_year),
          },
        };
      })();
      // A failure is not kept: the next request asks again.
      calendar.catch(() => this.calendars.delete(timeZone));
      this.calendars.set(timeZone, calendar);
    }
    return calendar;
  }

  /** The view of `f`: built once, then shared by its figures while among the VIEWS_KEPT latest. */
  private view(db: Kysely<Database>, f: ReachFilters): Promise<View> {
    // Every field buildView reads, the zone included (the calendar is the zone's).
    const key = JSON.stringify([
      f.from ?? null,
      f.to ?? null,
      f.timeZone,
      f.seriesIds ?? null,
      f.languages ?? null,
      f.workingGroupIds ?? null,
      f.webinarIds ?? null,
      f.topicIds ?? null,
      f.countries ?? null,
      f.regions ?? null,
      f.incomeGroups ?? null,
      f.sectors ?? null,
    ]);
    let view = this.views.touch(key);
    if (!view) {
      // A view that failed (its dates read from a database that went away) is dropped and built
      // again at the next ask.
      view = this.buildView(db, f);
      this.views.set(key, view);
    }
    return view;
  }

  private async buildView(db: Kysely<Database>, f: ReachFilters): Promise<View> {
    let from = -Infinity;
    let to = Infinity;
    if (f.from || f.to) {
      // The same boundaries webinarConditions compares with: the day's start in the zone.
      const { rows } = await sql<{ from_us: number | null; to_us: number | null }>`
        select (extract(epoch from (${f.from ?? null}::date::timestamp at time zone ${f.timeZone})) * 1000000)::float8 as from_us,
               (extract(epoch from (${f.to ?? null}::date::timestamp at time zone ${f.timeZone})) * 1000000)::float8 as to_us
      `.execute(db);
      from = rows[0]!.from_us ?? -Infinity;
      to = rows[0]!.to_us ?? Infinity;
    }
    const calendar = await this.calendar(db, f.timeZone);
    const anyOf = <T>(list: readonly T[] | undefined) => (list?.length ? new Set<T>(list) : null);
    const series = anyOf(f.seriesIds);
    const languages = anyOf(f.languages);
    const groups = anyOf(f.workingGroupIds);
    const ids = anyOf(f.webinarIds);
    const topics = anyOf(f.topicIds);
    const webinars: number[] = [];
    for (let w = 0; w < this.webinarIds.length; w++) {
      const starts = this.startsUs[w]!;
      if (starts < from || starts >= to) continue;
      if (series && !series.has(this.seriesId[w] as number)) continue;
      if (languages && !languages.has(this.language[w] as string)) continue;
      if (groups && !groups.has(this.workingGroupId[w] as number)) continue;
      if (ids && !ids.has(this.webinarIds[w]!)) continue;
      if (topics && !this.topicIds[w]!.some((t) => topics.has(t))) continue;
      webinars.push(w);
    }
    let people: Uint8Array | null = null;
    const personFilters: Array<[PersonDimension, readonly string[] | undefined]> = [
      ['country', f.countries],
      ['region', f.regions],
      ['income_group', f.incomeGroups],
      ['sector', f.sectors],
    ];
    for (const [dimension, values] of personFilters) {
      if (!values?.length) continue;
      const { codes, of } = this.personCodes[dimension];
      const wanted = new Uint8Array(codes.values.length);
      for (const value of values) {
        const code = codes.codeOf(value);
        if (code !== undefined && code !== 0) wanted[code] = 1;
      }
      if (!people) people = new Uint8Array(of.length).fill(1);
      for (let p = 0; p < of.length; p++) if (!wanted[of[p]!]) people[p] = 0;
    }
    return { webinars, people, calendar };
  }

  /** The keys a webinar has in a webinar dimension (a topic per topic; [null] for none). */
  private webinarKeys(dimension: BreakdownDimension, w: number, calendar?: Calendar): Key[] {
    switch (dimension) {
      case 'topic': {
        const topics = this.topicIds[w]!;
        return topics.length ? topics.map(String) : [null];
      }
      case 'working_group':
        return [this.workingGroupId[w] === null ? null : String(this.workingGroupId[w])];
      case 'series':
        return [this.seriesId[w] === null ? null : String(this.seriesId[w])];
      case 'webinar':
        return [String(this.webinarIds[w])];
      case 'language':
        return [this.language[w]!];
      case 'month':
      case 'quarter':
      case 'year':
        if (!calendar) throw new RangeError(`${dimension} needs a calendar`);
        return [calendar[dimension][w]!];
      default:
        throw new RangeError(`${dimension} is not a webinar dimension`);
    }
  }

  private nextGeneration(): number {
    if (this.generation === 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  /**
   * Measures per combination of keys of `dimensions` (one or two), people counted once per cell;
   * a cell exists when any attendance row (attended or registered) falls in it.
   */
  private cells(view: View, dimensions: readonly BreakdownDimension[]) {
    if (dimensions.length === 1 && isPersonDimension(dimensions[0]!)) {
      return this.personCells(view, dimensions[0]);
    }
    const webinarDims = dimensions.filter((d) => !isPersonDimension(d));
    const personDims = dimensions.filter(isPersonDimension).map((d) => this.personCodes[d]);
    // Webinars grouped by their keys in the webinar dimensions: within a group, each person
    // falls in one cell (their own keys), so one stamp per group counts them once per cell.
    const groups = new Map<string, { keys: Key[]; webinars: number[] }>();
    for (const w of view.webinars) {
      let combinations: Key[][] = [[]];
      for (const d of webinarDims) {
        const keys = this.webinarKeys(d, w, view.calendar);
        combinations = combinations.flatMap((c) => keys.map((k) => [...c, k]));
      }
      for (const keys of combinations) {
        const id = JSON.stringify(keys);
        let group = groups.get(id);
        if (!group) groups.set(id, (group = { keys, webinars: [] }));
        group.webinars.push(w);
      }
    }
    const out: Array<{ keys: Map<BreakdownDimension, Key>; totals: Totals }> = [];
    const stride = 65536;
    for (const group of groups.values()) {
      const generation = this.nextGeneration();
      const byPerson = new Map<number, Totals>();
      // With one person dimension or none, the cells of a group are an array by code: a Map
      // lookup per attendance row was half the time of a breakdown over the whole programme.
      const one =
        personDims.length === 0 ? null : personDims.length === 1 ? personDims[0]! : undefined;
      const dense: Array<Totals | undefined> | null =
        one === undefined ? null : new Array<Totals | undefined>(one ? one.codes.values.length : 1);
      for (const w of group.webinars) {
        for (let r = this.offsets[w]!; r < this.offsets[w + 1]!; r++) {
          const p = this.rowPerson[r]!;
          if (view.people && !view.people[p]) continue;
          let totals: Totals | undefined;
          if (dense) {
            const code = one ? one.of[p]! : 0;
            totals = dense[code];
            if (!totals) dense[code] = totals = emptyTotals();
          } else {
            let code = 0;
            for (const dim of personDims) code = code * stride + dim.of[p]!;
            totals = byPerson.get(code);
            if (!totals) byPerson.set(code, (totals = emptyTotals()));
          }
          this.addRow(totals, r, p, generation);
        }
      }
      dense?.forEach((totals, code) => {
        if (totals) byPerson.set(code, totals);
      });
      for (const [code, totals] of byPerson) {
        const keys = new Map<BreakdownDimension, Key>();
        webinarDims.forEach((d, i) => keys.set(d, group.keys[i]!));
        let rest = code;
        const personKeys: Key[] = [];
        for (let i = personDims.length - 1; i >= 0; i--) {
          personKeys[i] = personDims[i]!.codes.values[rest % stride]!;
          rest = Math.floor(rest / stride);
        }
        dimensions.filter(isPersonDimension).forEach((d, i) => keys.set(d, personKeys[i]!));
        out.push({ keys, totals });
      }
    }
    return out;
  }

  /**
   * cells() of one person dimension, from the view's people (peopleOf): each person is in one
   * cell, so their measures add up, and the view's five person breakdowns share one pass over
   * its rows. A cell exists when anyone of the view (attended or registered) is in it.
   */
  private personCells(view: View, dimension: PersonDimension) {
    const people = this.peopleOf(view);
    const { codes, of } = this.personCodes[dimension];
    const byCode = new Array<Totals | undefined>(codes.values.length);
    for (let i = 0; i < people.count; i++) {
      const code = of[people.person[i]!]!;
      const totals = (byCode[code] ??= emptyTotals());
      const attended = people.attended[i]!;
      totals.attendances += attended;
      totals.minutes += people.minutes[i]!;
      totals.registrations += people.registrations[i]!;
      if (attended > 0) totals.participants++;
    }
    const out: Array<{ keys: Map<BreakdownDimension, Key>; totals: Totals }> = [];
    byCode.forEach((totals, code) => {
      if (totals) out.push({ keys: new Map([[dimension, codes.values[code]!]]), totals });
    });
    return out;
  }

  /** The view's whole measures, each attendance and each person once; a copy, the caller's own. */
  private whole(view: View): Totals {
    view.total ??= this.wholeOf(view);
    return { ...view.total };
  }

  private wholeOf(view: View): Totals {
    const totals = emptyTotals();
    const generation = this.nextGeneration();
    for (const w of view.webinars) {
      for (let r = this.offsets[w]!; r < this.offsets[w + 1]!; r++) {
        const p = this.rowPerson[r]!;
        if (view.people && !view.people[p]) continue;
        this.addRow(totals, r, p, generation);
      }
    }
    return totals;
  }

  /**
   * Adds attendance row `r` (of person `p`) to `totals`: its attendance and minutes when
   * attended, its registration, and the person once per `generation`.
   */
  private addRow(totals: Totals, r: number, p: number, generation: number): void {
    const flags = this.rowFlags[r]!;
    if (flags & ATTENDED) {
      totals.attendances++;
      totals.minutes += this.rowMinutes[r]!;
      if (this.stamp[p] !== generation) {
        this.stamp[p] = generation;
        totals.participants++;
      }
    }
    if (flags & REGISTERED) totals.registrations++;
  }

  /** Compares keys as the database orders them, nulls last. */
  private compareKeys(dimension: BreakdownDimension, a: Key, b: Key): number {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    const rank = this.rank.get(dimension);
    if (rank) return rank.get(a)! - rank.get(b)!;
    // Ids and calendar keys: digits, '-' and 'Q', which every collation orders as bytes.
    return a < b ? -1 : 1;
  }

  private label(dimension: BreakdownDimension, key: Key, lang: 'en' | 'es'): string | null {
    if (key === null) return null;
    const id = Number(key);
    switch (dimension) {
      case 'topic':
        return this.labels.topic.get(id)?.[lang] ?? null;
      case 'working_group':
        return this.labels.working_group.get(id)?.[lang] ?? null;
      case 'series':
        return this.labels.series.get(id) ?? null;
      case 'webinar':
        return this.labels.webinar.get(id) ?? null;
      default:
        return null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Figures: the same shapes and values as their SQL counterparts.

  /** The figures from this snapshot; `db` answers the few questions asked of SQL (see above). */
  figuresOn(db: Kysely<Database>): ReachFigures {
    return {
      source: 'memory',
      breakdown: (dimension, filters, options) => this.breakdown(db, dimension, filters, options),
      crossTab: (rows, columns, filters) => this.crossTab(db, rows, columns, filters),
      totals: (filters) => this.totals(db, filters),
      summary: (filters) => this.summary(db, filters),
      summaryWithSectors: (filters) => this.summaryWithSectors(db, filters),
      cumulative: (interval, filters) => this.cumulative(db, interval, filters),
      newVsReturning: (filters) => this.newVsReturning(db, filters),
      cohorts: (filters) => this.cohorts(db, filters),
      distribution: (filters) => this.distribution(db, filters),
    };
  }

  /** As getBreakdown. */
  async breakdown(
    db: Kysely<Database>,
    dimension: BreakdownDimension,
    filters: ReachFilters,
    options: BreakdownOptions,
  ): Promise<Breakdown> {
    const view = await this.view(db, filters);
    const total = this.whole(view);
    const groups = this.cells(view, [dimension]).map(({ keys, totals }) => ({
      key: keys.get(dimension)!,
      ...totals,
    }));
    const sign = options.order === 'asc' ? 1 : -1;
    groups.sort((a, b) => {
      if (options.sort !== 'key') {
        const by = (a[options.sort] - b[options.sort]) * sign;
        if (by !== 0) return by;
        return this.compareKeys(dimension, a.key, b.key);
      }
      // Nulls last in either order, then the key ascending (the SQL's tie-break).
      if (a.key === null || b.key === null) return this.compareKeys(dimension, a.key, b.key);
      return this.compareKeys(dimension, a.key, b.key) * sign;
    });
    const rows: BreakdownRow[] = groups
      .slice(options.offset, options.offset + options.limit)
      .map((g) => ({
        key: g.key,
        label: this.label(dimension, g.key, options.lang),
        participants: g.participants,
        attendances: g.attendances,
        registrations: g.registrations,
        minutes: g.minutes,
        share: total.participants ? roundTo(g.participants / total.participants, 4) : 0,
      }));
    return { dimension, total, totalRows: groups.length, rows };
  }

  /** As reachTotals. */
  async totals(db: Kysely<Database>, filters: ReachFilters): Promise<BreakdownMeasures> {
    return this.whole(await this.view(db, filters));
  }

  /** As getCrossTab. */
  async crossTab(
    db: Kysely<Database>,
    rowDimension: BreakdownDimension,
    columnDimension: BreakdownDimension,
    filters: ReachFilters,
  ): Promise<CrossTabCell[]> {
    checkCrossTabDimensions(rowDimension, columnDimension);
    const view = await this.view(db, filters);
    return this.cells(view, [rowDimension, columnDimension])
      .map(({ keys, totals }) => ({
        row: keys.get(rowDimension)!,
        column: keys.get(columnDimension)!,
        ...totals,
      }))
      .sort(
        (a, b) =>
          this.compareKeys(rowDimension, a.row, b.row) ||
          this.compareKeys(columnDimension, a.column, b.column),
      );
  }

  /**
   * Per person of the view, what SQL's peopleOfView gives: for the summary, the cumulative line,
   * the cohorts, the distribution and the person breakdowns. Kept for the latest views computed,
   * up to PEOPLE_KEPT people in all.
   */
  private peopleOf(view: View): People {
    if (view.perPerson) return view.perPerson;
    const people = this.peopleOfView(view);
    view.perPerson = people;
    this.peopleKept.push(view);
    this.peopleKeptCount += people.count;
    while (this.peopleKeptCount > this.keepPeople && this.peopleKept.length > 1) {
      const oldest = this.peopleKept.shift()!;
      this.peopleKeptCount -= oldest.perPerson!.count;
      delete oldest.perPerson;
    }
    return people;
  }

  private peopleOfView(view: View): People {
    const generation = this.nextGeneration();
    const t = this.scratch;
    let count = 0;
    for (const w of view.webinars) {
      const starts = this.startsUs[w]!;
      for (let r = this.offsets[w]!; r < this.offsets[w + 1]!; r++) {
        const p = this.rowPerson[r]!;
        if (view.people && !view.people[p]) continue;
        let i: number;
        if (this.stamp[p] !== generation) {
          this.stamp[p] = generation;
          i = count++;
          this.slot[p] = i;
          t.person[i] = p;
          t.attended[i] = 0;
          t.registrations[i] = 0;
          t.registeredAttended[i] = 0;
          t.minutes[i] = 0;
          t.first[i] = Infinity;
          t.firstWebinar[i] = -1;
          t.last[i] = -Infinity;
        } else {
          i = this.slot[p]!;
        }
        const flags = this.rowFlags[r]!;
        if (flags & ATTENDED) {
          t.attended[i]!++;
          t.minutes[i]! += this.rowMinutes[r]!;
          if (starts < t.first[i]!) {
            t.first[i] = starts;
            t.firstWebinar[i] = w;
          }
          if (starts > t.last[i]!) t.last[i] = starts;
        }
        if (flags & REGISTERED) {
          t.registrations[i]!++;
          if (flags & ATTENDED) t.registeredAttended[i]!++;
        }
      }
    }
    // Copied out of the scratch arrays, which the next computation reuses.
    return {
      count,
      person: t.person.slice(0, count),
      attended: t.attended.slice(0, count),
      registrations: t.registrations.slice(0, count),
      registeredAttended: t.registeredAttended.slice(0, count),
      minutes: t.minutes.slice(0, count),
      first: t.first.slice(0, count),
      firstWebinar: t.firstWebinar.slice(0, count),
      last: t.last.slice(0, count),
    };
  }

  private summaryOf(view: View): ReachSummaryWithSectors {
    const people = this.peopleOf(view);
    const countryOf = this.personCodes.country.of;
    const { codes: sectorCodes, of: sectorOf } = this.personCodes.sector;
    let participants = 0;
    let attendances = 0;
    let registrations = 0;
    let registeredAttended = 0;
    let minutes = 0;
    let returning = 0;
    let fresh = 0;
    const countries = new Set<number>();
    const sectors = new Map<number, number>();
    for (let i = 0; i < people.count; i++) {
      const p = people.person[i]!;
      attendances += people.attended[i]!;
      registrations += people.registrations[i]!;
      registeredAttended += people.registeredAttended[i]!;
      minutes += people.minutes[i]!;
      const firstEver = this.firstEverUs[p]!;
      if (firstEver < people.last[i]!) returning++;
      if (firstEver === people.first[i]) fresh++;
      if (people.attended[i]! > 0) {
        participants++;
        if (countryOf[p] !== 0) countries.add(countryOf[p]!);
        sectors.set(sectorOf[p]!, (sectors.get(sectorOf[p]!) ?? 0) + 1);
      }
    }
    const speakers = new Set<number>();
    for (const w of view.webinars) for (const s of this.speakerIds[w]!) speakers.add(s);
    const held = view.webinars.length;
    const bySector = [...sectors]
      .map(([code, n]) => ({ sector: sectorCodes.values[code] as SectorCode, participants: n }))
      .sort(
        (a, b) => b.participants - a.participants || this.compareKeys('sector', a.sector, b.sector),
      );
    return {
      webinarsHeld: held,
      speakers: speakers.size,
      uniqueParticipants: participants,
      attendances,
      countries: countries.size,
      sectors: [...sectors.keys()].filter(
        (code) => code !== 0 && sectorCodes.values[code] !== 'unknown',
      ).length,
      registrations,
      attendanceRate: registrations ? roundTo(registeredAttended / registrations, 4) : null,
      averageAttendeesPerWebinar: held ? roundTo(attendances / held, 2) : null,
      averageMinutes: attendances ? roundTo(minutes / attendances, 1) : null,
      returningShare: participants ? roundTo(returning / participants, 4) : null,
      newParticipants: fresh,
      bySector,
    };
  }

  /** As getReachSummaryWithSectors. */
  async summaryWithSectors(
    db: Kysely<Database>,
    filters: ReachFilters,
  ): Promise<ReachSummaryWithSectors> {
    return this.summaryOf(await this.view(db, filters));
  }

  /** As getReachSummary. */
  async summary(db: Kysely<Database>, filters: ReachFilters): Promise<ReachSummary> {
    const summary: ReachSummary & { bySector?: unknown } = this.summaryOf(
      await this.view(db, filters),
    );
    delete summary.bySector;
    return summary;
  }

  /** As getCumulativeReach. */
  async cumulative(
    db: Kysely<Database>,
    interval: ReachInterval,
    filters: ReachFilters,
  ): Promise<CumulativeReachPoint[]> {
    const view = await this.view(db, filters);
    const people = this.peopleOf(view);
    const perPeriod = new Map<string, number>();
    for (let i = 0; i < people.count; i++) {
      if (people.attended[i]! === 0) continue;
      const period = view.calendar.truncated[interval][people.firstWebinar[i]!]!;
      perPeriod.set(period, (perPeriod.get(period) ?? 0) + 1);
    }
    if (perPeriod.size === 0) return [];
    const periods = [...perPeriod.keys()].sort();
    const months = { month: 1, quarter: 3, year: 12 }[interval];
    const points: CumulativeReachPoint[] = [];
    let cumulative = 0;
    const [y0, m0] = periods[0]!.split('-').map(Number) as [number, number];
    const last = periods.at(-1)!;
    for (let step = 0; ; step++) {
      const month = m0 - 1 + step * months;
      const period = `${String(y0 + Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}-01`;
      if (period > last) break;
      const added = perPeriod.get(period) ?? 0;
      cumulative += added;
      points.push({ period, newParticipants: added, cumulativeParticipants: cumulative });
    }
    return points;
  }

  /** As getNewVsReturning. */
  async newVsReturning(
    db: Kysely<Database>,
    filters: ReachFilters,
  ): Promise<WebinarNewReturning[]> {
    const view = await this.view(db, filters);
    const out: Array<WebinarNewReturning & { starts: number }> = [];
    for (const w of view.webinars) {
      const starts = this.startsUs[w]!;
      let attendees = 0;
      let fresh = 0;
      let returning = 0;
      for (let r = this.offsets[w]!; r < this.offsets[w + 1]!; r++) {
        const p = this.rowPerson[r]!;
        if (!(this.rowFlags[r]! & ATTENDED) || (view.people && !view.people[p])) continue;
        attendees++;
        const firstEver = this.firstEverUs[p]!;
        if (firstEver === starts) fresh++;
        else if (firstEver < starts) returning++;
      }
      if (attendees === 0) continue;
      const id = this.webinarIds[w]!;
      out.push({
        webinarId: id,
        title: this.labels.webinar.get(id)!,
        // to_char(… 'YYYY-MM-DD"T"HH24:MI:SS"Z"') in UTC: whole seconds.
        startsAt: `${new Date(Math.floor(starts / 1000)).toISOString().slice(0, 19)}Z`,
        attendees,
        new: fresh,
        returning,
        starts,
      });
    }
    return out
      .sort((a, b) => a.starts - b.starts || a.webinarId - b.webinarId)
      .map(({ starts: _starts, ...row }) => row);
  }

  /** As getCohorts. */
  async cohorts(db: Kysely<Database>, filters: ReachFilters): Promise<CohortCell[]> {
    const view = await this.view(db, filters);
    const quarterOf = view.calendar.quarter;
    // Distinct (person, quarter) pairs: webinars grouped by quarter, one stamp per quarter.
    const byQuarter = new Map<string, number[]>();
    for (const w of view.webinars) {
      const q = quarterOf[w]!;
      const list = byQuarter.get(q);
      if (list) list.push(w);
      else byQuarter.set(q, [w]);
    }
    const cells = new Map<string, CohortCell>();
    for (const [quarter, webinars] of byQuarter) {
      const generation = this.nextGeneration();
      for (const w of webinars) {
        for (let r = this.offsets[w]!; r < this.offsets[w + 1]!; r++) {
          const p = this.rowPerson[r]!;
          if (!(this.rowFlags[r]! & ATTENDED) || (view.people && !view.people[p])) continue;
          if (this.stamp[p] === generation) continue;
          this.stamp[p] = generation;
          const cohort = quarterOf[this.firstEverWebinar[p]!]!;
          const id = `${cohort} ${quarter}`;
          let cell = cells.get(id);
          if (!cell) {
            const offset =
              (Number(quarter.slice(0, 4)) - Number(cohort.slice(0, 4))) * 4 +
              Number(quarter.slice(-1)) -
              Number(cohort.slice(-1));
            cells.set(id, (cell = { cohort, offset, quarter, participants: 0 }));
          }
          cell.participants++;
        }
      }
    }
    return [...cells.values()].sort(
      (a, b) => compareText(a.cohort, b.cohort) || compareText(a.quarter, b.quarter),
    );
  }

  /** As getAttendanceDistribution. */
  async distribution(
    db: Kysely<Database>,
    filters: ReachFilters,
  ): Promise<Array<{ webinars: number; participants: number }>> {
    const people = this.peopleOf(await this.view(db, filters));
    const counts = new Map<number, number>();
    for (let i = 0; i < people.count; i++) {
      const n = people.attended[i]!;
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return [...counts]
      .sort(([a], [b]) => a - b)
      .map(([webinars, participants]) => ({ webinars, participants }));
  }
}

/** The position of `id` in ascending `ids`; -1 when absent. */
function binarySearch(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = ids[mid]!;
    if (at === id) return mid;
    if (at < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Byte order, for keys of digits, '-' and 'Q' that sort alike under every collation. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const RETRY_MS = 5_000;

/** True when `promise` settles within `ms`; false when it has not by then. */
/** What an in-memory source holds, for health: a snapshot (whatever its version), or not yet. */
export type MemoryState = 'held' | 'loading' | 'none';

export function memoryState(held: unknown, loading: unknown): MemoryState {
  return held ? 'held' : loading ? 'loading' : 'none';
}

export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** round(x, places) as PostgreSQL rounds a numeric: half away from zero. */
function roundTo(x: number, places: number): number {
  const scale = 10 ** places;
  return Math.round(x * scale) / scale;
}

/**
 * The snapshot to answer from, kept at the current reach version: `current` gives it when it is
 * at the version the database has now, and otherwise starts loading a new one in the background
 * (one at a time) and gives null, so the caller answers in SQL meanwhile.
 */
export class ReachMemorySource {
  private memory: ReachMemory | null = null;
  private loading: Promise<void> | null = null;
  /** The version found too large to hold, so that it is not loaded again until the data change. */
  private tooLarge = -1;
  /** When the last load failed: the next is tried no sooner than RETRY_MS after. */
  private failedAt = -Infinity;
  /** Loads done (a snapshot held, or found too large to hold). */
  loads = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly options: {
      /** Attendance rows past which nothing is held in memory (the SQL answers). */
      maxRows?: number;
      log?: (message: string) => void;
      /**
       * How long a figure waits for a load under way before it is computed in SQL (0: not at
       * all, the default). See current().
       */
      loadWaitMs?: number;
    } = {},
  ) {}

  /**
   * The snapshot if it is at the database's reach version now; else null, loading one. Unless
   * `waitMs` is 0, waits that long for the load, and gives the snapshot it loaded if that is at
   * the version this call read (a load begun before a write may not be): on a busy server a
   * figure computed in SQL meanwhile takes longer than the load, and slows it.
   */
  async current(
    db: Kysely<Database> = this.db,
    waitMs = this.options.loadWaitMs ?? 0,
  ): Promise<ReachMemory | null> {
    const version = await readReachVersion(db);
    const memory = this.memory;
    if (memory && memory.version === version) return memory;
    if (memory && memory.version > version) return null; // a replica behind the snapshot
    if (version === this.tooLarge || performance.now() - this.failedAt <= RETRY_MS) return null;
    const load = this.reload();
    if (waitMs > 0 && (await settlesWithin(load, waitMs))) {
      const loaded = this.memory;
      if (loaded && loaded.version === version) return loaded;
    }
    return null;
  }

  /**
   * The figures to compute with now: from memory when the snapshot is at the version `db` has,
   * else in SQL on `db` (and a load starts). Ask inside the computation, after the cache has read
   * its version, so that a result is never older than the version it is cached under.
   */
  async figures(db: Kysely<Database> = this.db): Promise<ReachFigures> {
    const memory = await this.current(db);
    return memory ? memory.figuresOn(db) : sqlReachFigures(db);
  }

  /** Resolves once no load is under way (before closing the database). */
  async settled(): Promise<void> {
    await this.loading;
  }

  /** Loads a snapshot now (one load at a time); resolves when it is in place. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      const started = performance.now();
      try {
        const max = this.options.maxRows ?? Infinity;
        const memory = await ReachMemory.loadUpTo(this.db, max);
        this.loads++;
        if (!(memory instanceof ReachMemory)) {
          this.options.log?.(
            `Reach figures stay in SQL: ${memory.tooLarge} attendance rows, over the ${max} held in memory.`,
          );
          this.memory = null;
          this.tooLarge = memory.version;
        } else {
          this.memory = memory;
          this.options.log?.(
            `Reach figures in memory at version ${memory.version}: ${memory.rows} attendance rows, ${memory.people} people, loaded in ${Math.round(performance.now() - started)} ms.`,
          );
        }
      } catch (error) {
        this.failedAt = performance.now();
        this.options.log?.(
          `Reach figures in memory: loading failed (${String(error)}); SQL answers.`,
        );
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** The snapshot held, whatever its version (for tests and health). */
  get held(): ReachMemory | null {
    return this.memory;
  }

  /** For health: whether a snapshot is held (whatever its version), else loading, else none. */
  get state(): MemoryState {
    return memoryState(this.memory, this.loading);
  }
}
