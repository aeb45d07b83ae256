import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../schema.js';
import { coversAllWebinars, type ReachFilters } from './filters.js';
import { folded } from './impact-source.js';
import {
  COMMENT_KEYS,
  QUOTABLE_KEYS,
  getCommentsOf,
  getImpactComments,
  getTestimonials,
  getTestimonialsOf,
  getTopicsRequested,
  type CommentQuery,
  type ImpactComment,
  type RowsByIds,
  type Testimonial,
  type TestimonialStatus,
  type TopicsRequested,
} from './impact-text.js';
import {
  getImpact,
  ratio,
  recommendFigures,
  type ImpactFigures,
  type ImpactLanguage,
  type IntentRow,
  type ScaleDistribution,
  type UseList,
} from './impact.js';
import {
  getImpactBreakdown,
  impactBreakdownRow,
  type ImpactBreakdown,
  type ImpactBreakdownCounts,
  type ImpactDimension,
} from './impact-breakdown.js';
import {
  memoryState,
  settlesWithin,
  type MemoryState,
  type PersonDimension,
  type ReachMemory,
  type ReachMemorySource,
} from './reach-memory.js';
import type { ImpactVersion } from './impact-cache.js';

// The impact figures computed in memory. In SQL a cold /api/impact over a 200,000-person
// programme reads 156,443 responses and their answers: seconds, and every survey submission makes
// the figures of the views it falls in cold again (bench/README.md, "Load"). Held here as arrays,
// beside the reach snapshot whose webinars and people they point at, a figure is a pass over
// them: milliseconds.
//
// Unlike the reach snapshot, which is loaded again after any write, this one is brought up to
// date by reading only what was added since (catchUp): survey submissions are inserts, 20 a
// second under load, and a reload per insert would not keep up. How a catch-up stays exact:
//
// - Every catch-up reads in one snapshot S: one statement when it reads every hole (its snapshot
//   is taken before it runs), else a repeatable-read transaction. It reads the rare impact version
//   and the reach version (any update or delete of survey rows, any write to instruments,
//   webinars or people bumps one of them: the snapshot is then dropped and loaded again) and the
//   sequences' last values Q, after S is taken.
// - Ids are drawn from a sequence before a row commits, so a row visible in S has an id <= Q
//   (Q is read after S is taken). A row that commits after S has either an id > Q, or an id
//   <= Q that S did not see: a hole. Holes are kept, as ranges of ids.
// - The next catch-up reads the rows with an id above the last Q, and those in the holes: one
//   index probe per hole. Old holes (rolled-back inserts, deleted rows) almost never fill, so
//   past HOLES_READ_ALWAYS holes it reads only the recent ones, and compares the rows held with
//   count(*) in S; when they differ an old hole has filled, and it reads every hole. (The count
//   is a scan of the table: about 50 ms for both at 156,443 responses and 435,925 invitations.)
// - So after a catch-up the memory holds exactly the rows of S. Answers are only ever inserted
//   with their response (migration 20261130T150000_impact_version), so they come with it.
//
// A figure asks for a catch-up that began after the request did (ImpactMemorySource.figures), so
// it holds every write committed before the request, as the impact cache requires (a result newer
// than its cache version is allowed, see impact-cache.ts). The cache's version itself can be
// counted here after such a catch-up (versionOf), and the figures then computed from the same
// memory without another. Comments and testimonials are counted and paged here, their page's
// rows read by id (page()). The SQL in impact.ts and
// impact-breakdown.ts stays the reference: impact-memory.test.ts checks that both give the same
// figures, value for value, over random views and across catch-ups.

/** The impact figures of a view, from one source: memory or SQL, the same values either way. */
export interface ImpactFiguresSource {
  readonly source: 'memory' | 'sql';
  impact(filters: ReachFilters, lang: ImpactLanguage): Promise<ImpactFigures>;
  breakdown(
    dimension: ImpactDimension,
    filters: ReachFilters,
    options: { lang: ImpactLanguage; limit: number },
  ): Promise<ImpactBreakdown>;
  topicsRequested(
    filters: ReachFilters,
    options: { lang: ImpactLanguage; unmatchedLimit: number },
  ): Promise<TopicsRequested>;
  comments(filters: ReachFilters, query: CommentQuery): Promise<Page<ImpactComment>>;
  testimonials(filters: ReachFilters, options: TestimonialQuery): Promise<Page<Testimonial>>;
}

/** A page of a list, and how many there are in all. */
export interface Page<T> {
  total: number;
  items: T[];
}

export interface TestimonialQuery {
  status: TestimonialStatus;
  limit: number;
  offset: number;
}

/** The figures in SQL, on `db`: the reference. */
export function sqlImpactFigures(db: Kysely<Database>): ImpactFiguresSource {
  return {
    source: 'sql',
    impact: (filters, lang) => getImpact(db, filters, lang),
    breakdown: (dimension, filters, options) => getImpactBreakdown(db, dimension, filters, options),
    topicsRequested: (filters, options) => getTopicsRequested(db, filters, options),
    comments: (filters, query) => getImpactComments(db, filters, query),
    testimonials: (filters, options) => getTestimonials(db, filters, options),
  };
}

/** The questions the figures read, by their stable key: one answer each per response. */
const KEYS = [
  'satisfaction',
  'relevance',
  'recommend',
  'intended_use',
  'actual_use',
  'applied',
  'topics_next',
];

/** Every key whose answers are read: the figures', and the free-text ones comments list. */
const READ_KEYS = [...new Set([...KEYS, ...COMMENT_KEYS])];

/** A response's testimonial state (respQuote): quotable, and approved for publication. */
const QUOTABLE = 1;
const APPROVED = 2;

type Choices = Array<string | null>;
const NO_CHOICES: Readonly<Choices> = [];

/** A choice's labels, from the newest instrument version that has it (choiceLabels in SQL). */
interface ChoiceLabel {
  key: string;
  value: string;
  en: string | null;
  es: string | null;
  pos: number;
  questionId: number;
}

/** Ids of one table seen so far, and the ranges of ids below `last` not seen (holes). */
class IdTracker {
  /** The sequence's last value at the last catch-up. */
  last = 0;
  /** Rows held (every row of the table visible at the last catch-up). */
  rows = 0;
  /** Holes as [lo, hi, catch-up that found it], ascending and disjoint. */
  holes: Array<[number, number, number]> = [];

  /** Ranges to read: the recent holes, or all of them. */
  ranges(all: boolean, round: number): { lo: number[]; hi: number[] } {
    const lo: number[] = [];
    const hi: number[] = [];
    for (const [a, b, born] of this.holes) {
      if (all || round - born <= RECENT_ROUNDS) {
        lo.push(a);
        hi.push(b);
      }
    }
    return { lo, hi };
  }

  /**
   * Records the ids read at a catch-up whose sequence value is `last`: they fill holes or lie
   * above the previous last value; the ids above it that were not read are new holes.
   */
  advance(ids: number[], last: number, round: number): void {
    const sorted = Int32Array.from(ids).sort();
    const holes: Array<[number, number, number]> = [];
    // Old holes, minus the ids read inside them.
    let i = 0;
    for (const [a, b, born] of this.holes) {
      let from = a;
      while (i < sorted.length && sorted[i]! < a) i++;
      while (i < sorted.length && sorted[i]! <= b) {
        if (sorted[i]! > from) holes.push([from, sorted[i]! - 1, born]);
        from = sorted[i]! + 1;
        i++;
      }
      if (from <= b) holes.push([from, b, born]);
    }
    // New ids above the previous last value: the gaps between them are new holes.
    let from = this.last + 1;
    for (; i < sorted.length; i++) {
      const id = sorted[i]!;
      if (id < from) continue;
      if (id > from) holes.push([from, id - 1, round]);
      from = id + 1;
    }
    const top = Math.max(last, this.last);
    if (from <= top) holes.push([from, top, round]);
    holes.sort((x, y) => x[0] - y[0]);
    this.holes = holes;
    this.last = top;
    this.rows += ids.length;
  }
}

/** Rows applied between two turns of the event loop at the first read (readChanges). */
const LOAD_SLICE = 20_000;

/** Resolves at the event loop's next turn, after the callbacks waiting now. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Catch-ups after which a hole is no longer read at each one (only when the counts differ). */
const RECENT_ROUNDS = 50;

/**
 * Holes read at every catch-up, without a count: one index probe each, well under the cost of
 * count(*). Past it, only the recent ones are, and count(*) tells when an old one has filled.
 */
const HOLES_READ_ALWAYS = 1_000;

/** Invitations read at a catch-up. */
interface InvitationRows {
  ids: number[];
  webinars: number[];
  people: Array<number | null>;
  waves: boolean[];
}

/**
 * Responses read at a catch-up, with their answers to the KEYS questions (null: not answered),
 * read as one JSON array per webinar.
 */
interface ResponseRows {
  ids: number[];
  webinars: number[];
  people: Array<number | null>;
  waves: boolean[];
  submitted: number[];
  invitations: Array<number | null>;
  /** Answers beyond one per key (two questions with one key): must be 0. */
  extra: number[];
  satisfaction: Array<number | null>;
  relevance: Array<number | null>;
  recommend: Array<number | null>;
  applied: Array<string | null>;
  intended: Array<Choices | null>;
  actual: Array<Choices | null>;
  /** "Which topics next?": the text, folded in SQL, and the topics it names (null: blank). */
  next: Array<NextTopics | null>;
  languages: string[];
  /** Non-null answers to each of COMMENT_KEYS, in that order. */
  comments: Array<[number, number, number]>;
  /** QUOTABLE and APPROVED bits (respQuote). */
  quote: number[];
}

interface NextTopics {
  text: string;
  /** btrim(folded(text)), as getTopicsRequested groups them. */
  folded: string;
  topics: number[];
}

const POST = 0;
const FOLLOWUP = 1;

// A webinar's funnel counts (ImpactMemory.funnelOf), in this order.
const POST_INVITED = 0;
const POST_ANSWERED = 1;
const FOLLOWUP_INVITED = 2;
const FOLLOWUP_ANSWERED = 3;
const FUNNEL_SLOTS = 4;

export class ImpactMemory {
  // Personal invitations to held webinars (the funnel counts no other), by position.
  private readonly invWebinar: number[] = [];
  private readonly invPerson: number[] = [];
  private readonly invWave: number[] = [];
  /** Responses answering the invitation (0 or 1: invitation_id is unique). */
  private readonly invAnswered: number[] = [];
  private readonly invitationAt = new Map<number, number>();
  // Responses to held webinars, by position, with their answers to the KEYS questions.
  private readonly respId: number[] = [];
  private readonly respWebinar: number[] = [];
  /** -1 without a participant. */
  private readonly respPerson: number[] = [];
  private readonly respWave: number[] = [];
  private readonly respSubmitted: number[] = [];
  /** value_number of each rating; NaN when not answered (or null). */
  private readonly satisfaction: number[] = [];
  private readonly relevance: number[] = [];
  private readonly recommend: number[] = [];
  private readonly applied: Array<string | null> = [];
  /**
   * Each response's intended and actual uses, as the position of its set of choices in
   * choiceSets (-1 when not answered). A figure counts the few distinct sets, then their values:
   * counting each response's values in a map took most of /api/impact's time under load.
   */
  private readonly intended: number[] = [];
  private readonly actual: number[] = [];
  private readonly choiceSets: Choices[] = [];
  private readonly choiceSetAt = new Map<string, number>();
  private readonly next: Array<NextTopics | null> = [];
  /** The language each response was written in (the comments' writtenIn). */
  private readonly respLanguage: string[] = [];
  /** Non-null answers of each response to each of COMMENT_KEYS: COMMENT_KEYS.length a response. */
  private readonly respComments: number[] = [];
  /** QUOTABLE when it consented to be quoted and wrote something quotable; APPROVED too. */
  private readonly respQuote: number[] = [];
  /** Response positions, newest first (submitted_at, then id, descending); see newest(). */
  private newestFirst = new Int32Array(0);
  // Per (person, webinar) with responses: their latest post and follow-up response (-1 none).
  private readonly pairAt = new Map<number, number>();
  private readonly pairPost: number[] = [];
  private readonly pairFollowup: number[] = [];
  /**
   * Rows of each held webinar, by position, whoever they are for (open links too): the counts
   * the impact cache's version takes of a view (versionOf).
   */
  private readonly invitationsOf: Int32Array;
  private readonly responsesOf: Int32Array;
  /**
   * Per held webinar (position): its personal invitations, its responses and its (person,
   * webinar) pairs, by position. A view's figures pass over its own webinars' rows, not all.
   */
  private readonly invitationRowsOf: number[][];
  /**
   * Per held webinar, its personal invitations' funnel: FUNNEL_SLOTS a webinar (post invited,
   * post answered, follow-up invited, follow-up answered). A view without a person filter sums
   * these instead of passing over its 400,000-odd invitations.
   */
  private readonly funnelOf: Int32Array;
  private readonly responseRowsOf: number[][];
  private readonly pairsOf: number[][];
  /** Choice values in the database's collation order. */
  private rank = new Map<string, number>();
  private readonly invitations = new IdTracker();
  private readonly responses = new IdTracker();
  private round = 0;
  private catching: Promise<boolean> | null = null;
  private queued: Promise<boolean> | null = null;
  /** False once a catch-up found the rare or reach version moved: the snapshot is done. */
  private valid = true;

  private constructor(
    /** The reach snapshot whose positions the rows use; its version is this one's too. */
    readonly reach: ReachMemory,
    /** impact_version at the load: an update or delete of survey rows moves it. */
    readonly rare: number,
    private readonly labels: ChoiceLabel[],
    /** Holes read at every catch-up without a count (HOLES_READ_ALWAYS; tests set fewer). */
    private readonly holesReadAlways: number,
    /** Each topic's label's place in the database's order, per language (ties share one). */
    private readonly topicRank: Record<ImpactLanguage, Map<number, number>>,
  ) {
    this.invitationsOf = new Int32Array(reach.webinarCount);
    this.responsesOf = new Int32Array(reach.webinarCount);
    this.invitationRowsOf = Array.from({ length: reach.webinarCount }, () => []);
    this.funnelOf = new Int32Array(reach.webinarCount * FUNNEL_SLOTS);
    this.responseRowsOf = Array.from({ length: reach.webinarCount }, () => []);
    this.pairsOf = Array.from({ length: reach.webinarCount }, () => []);
  }

  /** Responses held (to held webinars). */
  get responseCount(): number {
    return this.respId.length;
  }

  /** Catch-ups done since the load, the load included. */
  get rounds(): number {
    return this.round;
  }

  /**
   * Pages of comments or testimonials answered in SQL after all, because the rows read by id were
   * not the ones picked (a write in between). The tests expect none.
   */
  pagesFromSql = 0;

  /**
   * Loads the survey rows the figures read, beside `reach`. Null when the database is no longer
   * at `reach`'s version (the reach snapshot is then loaded again first).
   */
  static async load(
    db: Kysely<Database>,
    reach: ReachMemory,
    { holesReadAlways = HOLES_READ_ALWAYS }: { holesReadAlways?: number } = {},
  ): Promise<ImpactMemory | null> {
    const { rows } = await sql<{ rare: number; reach: number }>`
      select (select version::float8 from impact_version) as rare,
             (select version::float8 from reach_version) as reach`.execute(db);
    if (rows[0]!.reach !== reach.version) return null;
    const labels = (
      await sql<{
        key: string;
        value: string;
        label_en: string | null;
        label_es: string | null;
        pos: number;
        question_id: number;
      }>`
        select distinct on (q.key, c.item->>'value')
               q.key, c.item->>'value' as value, c.item->>'label_en' as label_en,
               c.item->>'label_es' as label_es, c.pos::float8 as pos, q.id as question_id
        from survey_question q
        cross join lateral jsonb_array_elements(q.choices) with ordinality as c(item, pos)
        where q.key = any(${['intended_use', 'actual_use']}::text[])
          and jsonb_typeof(q.choices) = 'array'
        order by q.key, c.item->>'value', q.id desc`.execute(db)
    ).rows.map((l) => ({
      key: l.key,
      value: l.value,
      en: l.label_en,
      es: l.label_es,
      pos: l.pos,
      questionId: l.question_id,
    }));
    const ranks = await sql<{ id: number; en: number; es: number }>`
      select id, dense_rank() over (order by label_en)::int as en,
             dense_rank() over (order by label_es)::int as es
      from topic`.execute(db);
    const topicRank = {
      en: new Map(ranks.rows.map((r) => [r.id, r.en])),
      es: new Map(ranks.rows.map((r) => [r.id, r.es])),
    };
    const memory = new ImpactMemory(reach, rows[0]!.rare, labels, holesReadAlways, topicRank);
    // The first catch-up reads every row (nothing is held, no id seen).
    if (!(await memory.catchUp(db))) return null;
    return memory;
  }

  /**
   * Brings the rows up to a snapshot taken after this call began (joining a catch-up that had not
   * begun yet, or starting one). False when the data changed in a way a catch-up cannot follow
   * (an update or delete, a new instrument, any reach write): the snapshot must be loaded again.
   */
  catchUp(db: Kysely<Database>): Promise<boolean> {
    if (!this.valid) return Promise.resolve(false);
    if (!this.catching) return this.startCatchUp(db);
    // One is under way, begun before this call: the next one, shared by all who wait for it.
    this.queued ??= this.catching
      .catch(() => false)
      .then(() => {
        this.queued = null;
        // One may have begun meanwhile, after every waiter's call: joining it is as good. Two
        // catch-ups never run at once, or both would add the same rows.
        return this.catching ?? (this.valid ? this.startCatchUp(db) : false);
      });
    return this.queued;
  }

  private startCatchUp(db: Kysely<Database>): Promise<boolean> {
    const running = this.readChanges(db).finally(() => {
      if (this.catching === running) this.catching = null;
    });
    this.catching = running;
    return running;
  }

  private async readChanges(db: Kysely<Database>): Promise<boolean> {
    const round = ++this.round;
    // Few holes, as almost always: one statement, in one snapshot. The first read (everything,
    // aggregated per webinar) and a count where there are too many holes to read them all take
    // a repeatable-read transaction of a few statements.
    const oneStatement =
      round > 1 &&
      this.invitations.holes.length <= this.holesReadAlways &&
      this.responses.holes.length <= this.holesReadAlways;
    const read = oneStatement
      ? await this.readAtOnce(db, round)
      : await this.readInSnapshot(db, round);
    const changes = read && { ...read, rank: await this.newRank(db, read.responses) };
    if (!changes) {
      this.valid = false;
      return false;
    }
    // Applied in one go, with no await, once the snapshot is in use: a figure being computed sees
    // all of it or none. A failure half-way leaves the snapshot unusable, never half-updated and
    // in use.
    const { state, invitations, responses, rank } = changes;
    try {
      if (rank) this.rank = rank;
      if (round === 1) {
        // The first read is applied in slices, giving the event loop back between them: nothing
        // reads this snapshot before its load ends (ImpactMemory.load), so nothing sees it half
        // done, and a busy server's requests do not all wait for 436,000 invitations at once.
        for (let from = 0; from < invitations.ids.length; from += LOAD_SLICE) {
          this.addInvitations(invitations, from, from + LOAD_SLICE);
          await nextTurn();
        }
        for (let from = 0; from < responses.ids.length; from += LOAD_SLICE) {
          this.addResponses(responses, from, from + LOAD_SLICE);
          await nextTurn();
        }
      } else {
        this.addInvitations(invitations);
        this.addResponses(responses);
      }
      this.invitations.advance(invitations.ids, state.last_invitation, round);
      this.responses.advance(responses.ids, state.last_response, round);
      for (const [tracker, expected, name] of [
        [this.invitations, state.invitations, 'invitations'],
        [this.responses, state.responses, 'responses'],
      ] as const) {
        // Cannot happen if the reasoning above holds; if it does, the snapshot is not trusted.
        if (expected !== null && tracker.rows !== expected) {
          throw new Error(`out of step: ${tracker.rows} ${name} held, ${expected} in the database`);
        }
      }
    } catch (error) {
      this.valid = false;
      throw error;
    }
    return true;
  }

  /**
   * The versions, the sequences' last values and the rows added since the last catch-up, every
   * hole read, in one statement: its snapshot is taken before it runs, so the sequences are read
   * after it, as the catch-up requires. Null when the rare or reach version moved.
   */
  private async readAtOnce(db: Kysely<Database>, round: number): Promise<ChangesRead | null> {
    const ids = (tracker: IdTracker): IdQuery => ({
      above: tracker.last,
      ...tracker.ranges(true, round),
    });
    const { rows } = await sql<
      SnapshotState & InvitationColumns & { responses_of_webinars: ResponsesOfWebinar[] | null }
    >`
      select ${stateColumns(false, false)}, i.*,
             (select json_agg(r) from (${responsesQuery(ids(this.responses))}) r)
               as responses_of_webinars
      from (${invitationsQuery(ids(this.invitations))}) i`.execute(db);
    const row = rows[0]!;
    if (row.rare !== this.rare || row.reach !== this.reach.version) return null;
    return {
      state: {
        rare: row.rare,
        reach: row.reach,
        last_invitation: row.last_invitation,
        last_response: row.last_response,
        invitations: null,
        responses: null,
      },
      invitations: invitationRows(row),
      responses: responseRows(row.responses_of_webinars ?? []),
    };
  }

  /**
   * The same in a repeatable-read transaction of a few statements: for the first read, and for a
   * count of the rows where there are too many holes to read them all.
   */
  private async readInSnapshot(db: Kysely<Database>, round: number): Promise<ChangesRead | null> {
    return db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        // The snapshot is taken at this statement; the sequences are read after it (see above).
        // count(*) only where there are too many holes to read them all.
        const { rows } = await sql<SnapshotState>`
          select ${stateColumns(
            this.invitations.holes.length > this.holesReadAlways,
            this.responses.holes.length > this.holesReadAlways,
          )}`.execute(trx);
        const state = rows[0]!;
        if (state.rare !== this.rare || state.reach !== this.reach.version) return null;
        const invitations = await this.readNew(this.invitations, {
          expected: state.invitations,
          round,
          read: (ids) => readInvitations(trx, ids),
        });
        const responses = await this.readNew(this.responses, {
          expected: state.responses,
          round,
          read: (ids) => readResponses(trx, ids),
        });
        return { state, invitations, responses };
      });
  }

  /**
   * The choice values in the database's order again when new ones came (an unknown value in an
   * imported answer); null when none did. Orders text, reads no table: any snapshot will do.
   */
  private async newRank(
    db: Kysely<Database>,
    responses: ResponseRows,
  ): Promise<Map<string, number> | null> {
    const values = new Set<string>(this.rank.keys());
    for (const l of this.labels) values.add(l.value);
    for (const list of [responses.intended, responses.actual]) {
      for (const choices of list) {
        if (choices) for (const v of choices) if (v !== null) values.add(v);
      }
    }
    if (values.size === this.rank.size) return null;
    const ranked = await sql<{ v: string }>`
      select v from unnest(${[...values]}::text[]) v order by v`.execute(db);
    return new Map(ranked.rows.map((r, i) => [r.v, i]));
  }

  /**
   * The rows added since the last catch-up, as `read` returns them: those above the last id and
   * those in the holes. With few holes, all of them; with many, the recent ones, and all of them
   * only when the rows held and read fall short of `expected` (count(*) in the snapshot).
   */
  private async readNew<T extends { ids: number[] }>(
    tracker: IdTracker,
    {
      expected,
      round,
      read,
    }: { expected: number | null; round: number; read: (ids: IdQuery) => Promise<T> },
  ): Promise<T> {
    if (expected === null) return read({ above: tracker.last, ...tracker.ranges(true, round) });
    const rows = await read({ above: tracker.last, ...tracker.ranges(false, round) });
    if (tracker.rows + rows.ids.length === expected) return rows;
    // An old hole has filled (a long transaction committed): read every hole.
    return read({ above: tracker.last, ...tracker.ranges(true, round) });
  }

  /** Adds the invitations rows[from..to) (all by default). */
  private addInvitations(rows: InvitationRows, from = 0, to = rows.ids.length): void {
    for (let i = from; i < Math.min(to, rows.ids.length); i++) {
      const w = this.reach.webinarIndexOf(rows.webinars[i]!);
      if (w < 0) continue;
      this.invitationsOf[w]!++;
      const person = rows.people[i];
      if (person === null || person === undefined) continue; // open links: not in the funnel
      this.invitationAt.set(rows.ids[i]!, this.invWebinar.length);
      this.invitationRowsOf[w]!.push(this.invWebinar.length);
      this.invWebinar.push(w);
      this.invPerson.push(this.personAt(person));
      this.invWave.push(rows.waves[i] ? POST : FOLLOWUP);
      this.invAnswered.push(0);
      this.funnelOf[w * FUNNEL_SLOTS + (rows.waves[i] ? POST_INVITED : FOLLOWUP_INVITED)]!++;
    }
  }

  /** Adds the responses rows[from..to) (all by default), and their people's latest pairs. */
  private addResponses(rows: ResponseRows, from = 0, to = rows.ids.length): void {
    const first = this.respId.length;
    for (let i = from; i < Math.min(to, rows.ids.length); i++) {
      const invitation = rows.invitations[i];
      if (invitation !== null && invitation !== undefined) {
        const k = this.invitationAt.get(invitation);
        if (k !== undefined && this.invAnswered[k]!++ === 0) {
          const slot = this.invWave[k] === POST ? POST_ANSWERED : FOLLOWUP_ANSWERED;
          this.funnelOf[this.invWebinar[k]! * FUNNEL_SLOTS + slot]!++;
        }
      }
      const w = this.reach.webinarIndexOf(rows.webinars[i]!);
      if (w < 0) continue;
      this.responsesOf[w]!++;
      // One answer per key and response is what lets a response hold its answers by key: two
      // questions with one key in a response would be counted twice in SQL, once here.
      if (rows.extra[i]! > 0) throw new Error(`response ${rows.ids[i]} answers a key twice`);
      const person = rows.people[i];
      this.responseRowsOf[w]!.push(this.respId.length);
      this.respId.push(rows.ids[i]!);
      this.respWebinar.push(w);
      this.respPerson.push(person === null || person === undefined ? -1 : this.personAt(person));
      this.respWave.push(rows.waves[i] ? POST : FOLLOWUP);
      this.respSubmitted.push(rows.submitted[i]!);
      this.satisfaction.push(rows.satisfaction[i] ?? NaN);
      this.relevance.push(rows.relevance[i] ?? NaN);
      this.recommend.push(rows.recommend[i] ?? NaN);
      this.applied.push(rows.applied[i] ?? null);
      this.intended.push(this.choiceSetOf(rows.intended[i] ?? null));
      this.actual.push(this.choiceSetOf(rows.actual[i] ?? null));
      this.next.push(rows.next[i] ?? null);
      this.respLanguage.push(rows.languages[i]!);
      this.respComments.push(...rows.comments[i]!);
      this.respQuote.push(rows.quote[i]!);
    }
    // The latest response per person, webinar and wave (submitted_at, then id, descending).
    const W = this.reach.webinarCount;
    for (let r = first; r < this.respId.length; r++) {
      const p = this.respPerson[r]!;
      if (p < 0) continue;
      const key = p * W + this.respWebinar[r]!;
      let pair = this.pairAt.get(key);
      if (pair === undefined) {
        pair = this.pairPost.length;
        this.pairAt.set(key, pair);
        this.pairsOf[this.respWebinar[r]!]!.push(pair);
        this.pairPost.push(-1);
        this.pairFollowup.push(-1);
      }
      const list = this.respWave[r] === POST ? this.pairPost : this.pairFollowup;
      const held = list[pair]!;
      if (held < 0 || this.isLater(r, held)) list[pair] = r;
    }
  }

  /** The position of a set of choices in choiceSets, added when new; -1 for none. */
  private choiceSetOf(choices: Choices | null): number {
    if (choices === null) return -1;
    const key = JSON.stringify(choices);
    let at = this.choiceSetAt.get(key);
    if (at === undefined) {
      at = this.choiceSets.length;
      this.choiceSets.push(choices);
      this.choiceSetAt.set(key, at);
    }
    return at;
  }

  /** The choices of a position in choiceSets (choiceSetOf's answer): none for -1. */
  private choicesAt(set: number): Readonly<Choices> {
    return set >= 0 ? this.choiceSets[set]! : NO_CHOICES;
  }

  /** A participant's position in the reach snapshot, which has every participant of its version. */
  private personAt(id: number): number {
    const p = this.reach.personIndexOf(id);
    if (p < 0) throw new Error(`participant ${id} is not in the reach snapshot`);
    return p;
  }

  private isLater(a: number, b: number): boolean {
    const sa = this.respSubmitted[a]!;
    const sb = this.respSubmitted[b]!;
    return sa !== sb ? sa > sb : this.respId[a]! > this.respId[b]!;
  }

  /**
   * The impact cache's version of a view (getImpactVersion), counted in memory: the same numbers
   * as in SQL for the snapshot held. Asked right after a catch-up begun after the request
   * (ImpactMemorySource.current), it counts every write committed before the request, as the
   * cache requires; it replaces two counts of up to 600,000 rows in the database by a sum over
   * the view's webinars. Person filters are left out, as in SQL.
   */
  async versionOf(db: Kysely<Database>, filters: ReachFilters): Promise<ImpactVersion> {
    const base = { rare: this.rare, reach: this.reach.version };
    // Every row of both tables, as SQL counts them for such a view.
    if (coversAllWebinars(filters)) {
      return { ...base, responses: this.responses.rows, invitations: this.invitations.rows };
    }
    const { webinars } = await this.reach.viewOf(db, filters);
    // Counted with no await between: the rows of one snapshot.
    let responses = 0;
    let invitations = 0;
    for (const w of webinars) {
      responses += this.responsesOf[w]!;
      invitations += this.invitationsOf[w]!;
    }
    return { ...base, responses, invitations };
  }

  // ---------------------------------------------------------------------------------------------
  // Figures: the same shapes and values as their SQL counterparts.

  /** The figures from this snapshot; `db` answers the date boundaries of a view. */
  figuresOn(db: Kysely<Database>): ImpactFiguresSource {
    return {
      source: 'memory',
      impact: (filters, lang) => this.impact(db, filters, lang),
      breakdown: (dimension, filters, options) => this.breakdown(db, dimension, filters, options),
      topicsRequested: (filters, options) => this.topicsRequested(db, filters, options),
      comments: (filters, query) => this.comments(db, filters, query),
      testimonials: (filters, options) => this.testimonials(db, filters, options),
    };
  }

  /**
   * Response positions, newest first, as the lists order them (submitted_at, then id,
   * descending). Responses added by a catch-up are sorted and merged in at the next call.
   */
  private newest(): Int32Array {
    const held = this.newestFirst;
    const count = this.respId.length;
    if (held.length === count) return held;
    const before = (a: number, b: number) => (this.isLater(a, b) ? -1 : 1);
    const added = Array.from({ length: count - held.length }, (_, i) => held.length + i).sort(
      before,
    );
    const merged = new Int32Array(count);
    let i = 0;
    let j = 0;
    for (let k = 0; k < count; k++) {
      merged[k] =
        j >= added.length || (i < held.length && before(held[i]!, added[j]!) < 0)
          ? held[i++]!
          : added[j++]!;
    }
    this.newestFirst = merged;
    return merged;
  }

  /**
   * As getImpactComments: the view's comments counted and their page picked here, newest first;
   * the page's texts read by response id. A search (`q`) is left to SQL: the texts are not held.
   */
  async comments(
    db: Kysely<Database>,
    filters: ReachFilters,
    query: CommentQuery,
  ): Promise<Page<ImpactComment>> {
    if (query.q?.trim()) return getImpactComments(db, filters, query);
    const { limit = 20, offset = 0 } = query;
    const keys = [...new Set(query.keys?.length ? query.keys : COMMENT_KEYS)];
    const slots = keys.map((key) => COMMENT_KEYS.indexOf(key));
    const languages = query.writtenIn?.length ? new Set(query.writtenIn) : null;
    const { has } = await this.scope(db, filters);
    const K = COMMENT_KEYS.length;
    const commentsOf = (r: number) => {
      if (!has(this.respWebinar[r]!, this.respPerson[r]!)) return 0;
      if (languages && !languages.has(this.respLanguage[r]!)) return 0;
      let n = 0;
      for (const slot of slots) n += this.respComments[r * K + slot]!;
      return n;
    };
    return this.page(
      commentsOf,
      { limit, offset },
      (ids) => getCommentsOf(db, ids, keys),
      () => getImpactComments(db, filters, query),
    );
  }

  /** As getTestimonials: counted and picked here, the page's quotes read by response id. */
  async testimonials(
    db: Kysely<Database>,
    filters: ReachFilters,
    { status, limit, offset }: TestimonialQuery,
  ): Promise<Page<Testimonial>> {
    const { has } = await this.scope(db, filters);
    const wanted = (quote: number) =>
      (quote & QUOTABLE) !== 0 &&
      (status === 'all' || (status === 'approved') === ((quote & APPROVED) !== 0));
    return this.page(
      (r) => (wanted(this.respQuote[r]!) && has(this.respWebinar[r]!, this.respPerson[r]!) ? 1 : 0),
      { limit, offset },
      (ids) => getTestimonialsOf(db, ids),
      () => getTestimonials(db, filters, { status, limit, offset }),
    );
  }

  /**
   * A page of a list whose items are `itemsOf(r)` per response, newest response first: the total
   * and the responses of the page counted here with no await between (one snapshot), their items
   * read by id. The rows read are those picked when no update or delete came in between (the
   * versions read with them are this snapshot's) and there are as many as counted; else, a write
   * in between, the page is read in SQL (`inSql`).
   */
  private async page<T>(
    itemsOf: (r: number) => number,
    { limit, offset }: { limit: number; offset: number },
    readById: (ids: number[]) => Promise<RowsByIds<T>>,
    inSql: () => Promise<Page<T>>,
  ): Promise<Page<T>> {
    let total = 0;
    for (let r = 0; r < this.respId.length; r++) total += itemsOf(r);
    const ids: number[] = [];
    let skip = 0;
    let expected = 0;
    let seen = 0;
    for (const r of this.newest()) {
      if (seen >= offset + limit) break;
      const n = itemsOf(r);
      if (n === 0) continue;
      if (seen + n > offset) {
        if (ids.length === 0) skip = offset - seen;
        ids.push(this.respId[r]!);
        expected += n;
      }
      seen += n;
    }
    if (ids.length === 0) return { total, items: [] };
    const read = await readById(ids);
    if (
      read.rare !== this.rare ||
      read.reach !== this.reach.version ||
      read.items.length !== expected
    ) {
      this.pagesFromSql++;
      return inSql();
    }
    return { total, items: read.items.slice(skip, skip + limit) };
  }

  /**
   * The view: its webinars (positions), whether a row of webinar w and person p is in it, and
   * whether a person is (always true without a person filter; -1, no person, is then in too).
   */
  private async scope(db: Kysely<Database>, filters: ReachFilters) {
    const view = await this.reach.viewOf(db, filters);
    const webinars = new Uint8Array(this.reach.webinarCount);
    for (const w of view.webinars) webinars[w] = 1;
    const people = view.people;
    const personIn = (p: number) => !people || (p >= 0 && people[p] === 1);
    return {
      view,
      personIn,
      has: (w: number, p: number) => webinars[w] === 1 && personIn(p),
    };
  }

  /**
   * Adds webinar w's invitations in the view to `funnel` (FUNNEL_SLOTS counts): its sums without a
   * person filter, else a pass over its invitations.
   */
  private addFunnel(
    funnel: Int32Array | number[],
    w: number,
    people: Uint8Array | null,
    personIn: (p: number) => boolean,
  ): void {
    if (!people) {
      for (let s = 0; s < FUNNEL_SLOTS; s++) funnel[s]! += this.funnelOf[w * FUNNEL_SLOTS + s]!;
      return;
    }
    for (const i of this.invitationRowsOf[w]!) {
      if (!personIn(this.invPerson[i]!)) continue;
      const post = this.invWave[i] === POST;
      funnel[post ? POST_INVITED : FOLLOWUP_INVITED]!++;
      if (this.invAnswered[i]! > 0) funnel[post ? POST_ANSWERED : FOLLOWUP_ANSWERED]!++;
    }
  }

  /** The rows of `webinars`, from a per-webinar list of row positions. */
  private *rowsOf(rowsOf: number[][], webinars: readonly number[]): Iterable<number> {
    for (const w of webinars) yield* rowsOf[w]!;
  }

  /** As getImpact. */
  async impact(
    db: Kysely<Database>,
    filters: ReachFilters,
    lang: ImpactLanguage,
  ): Promise<ImpactFigures> {
    const { view, personIn } = await this.scope(db, filters);
    // Everything below is synchronous: a catch-up cannot land half-way through.
    const funnel = [0, 0, 0, 0];
    const responses = { post: 0, followup: 0 };
    const ratings = {
      satisfaction: new RatingCounts(),
      relevance: new RatingCounts(),
      recommend: new RatingCounts(),
    };
    const intendedSets = new Int32Array(this.choiceSets.length);
    const actualSets = new Int32Array(this.choiceSets.length);
    let actualN = 0;
    const appliedCounts = { yes: 0, partly: 0, no: 0 };
    for (const w of view.webinars) {
      this.addFunnel(funnel, w, view.people, personIn);
      for (const r of this.responseRowsOf[w]!) {
        if (!personIn(this.respPerson[r]!)) continue;
        if (this.respWave[r] === POST) {
          responses.post++;
          ratings.satisfaction.add(this.satisfaction[r]!);
          ratings.relevance.add(this.relevance[r]!);
          ratings.recommend.add(this.recommend[r]!);
          const planned = this.intended[r]!;
          if (planned >= 0) intendedSets[planned]!++;
        } else {
          responses.followup++;
          const done = this.actual[r]!;
          const applied = this.applied[r];
          if (applied !== null || this.choicesAt(done).length > 0) actualN++;
          if (done >= 0) actualSets[done]!++;
          if (applied === 'yes' || applied === 'partly' || applied === 'no')
            appliedCounts[applied]++;
        }
      }
    }
    const intended = this.choicesChosen(intendedSets);
    const actual = this.choicesChosen(actualSets);
    const recommend = ratings.recommend.counts();
    const appliedN = appliedCounts.yes + appliedCounts.partly + appliedCounts.no;
    let promoters = 0;
    let detractors = 0;
    for (const [value, count] of recommend) {
      if (value >= 9) promoters += count;
      if (value <= 6) detractors += count;
    }
    return {
      responses,
      funnel: {
        attendees: this.reach.attendancesIn(view),
        post: {
          invited: funnel[POST_INVITED]!,
          answered: funnel[POST_ANSWERED]!,
          rate: ratio(funnel[POST_ANSWERED]!, funnel[POST_INVITED]!),
        },
        followup: {
          invited: funnel[FOLLOWUP_INVITED]!,
          answered: funnel[FOLLOWUP_ANSWERED]!,
          rate: ratio(funnel[FOLLOWUP_ANSWERED]!, funnel[FOLLOWUP_INVITED]!),
        },
      },
      satisfaction: this.scale(ratings.satisfaction.counts(), 1, 5),
      relevance: this.scale(ratings.relevance.counts(), 1, 5),
      recommend: recommendFigures(this.scale(recommend, 0, 10), promoters, detractors),
      intendedUses: this.useList('intended_use', intended.chosen, intended.withAny, lang),
      actualUses: this.useList('actual_use', actual.chosen, actualN, lang),
      applied: {
        n: appliedN,
        ...appliedCounts,
        rate: ratio(appliedCounts.yes + appliedCounts.partly, appliedN),
      },
      intentToApplied: this.intentToApplied(view.webinars, personIn, lang),
    };
  }

  /** Each value's count over the sets of choices counted (`sets[s]` responses chose set s). */
  private choicesChosen(sets: Int32Array): { chosen: Map<string | null, number>; withAny: number } {
    const chosen = new Map<string | null, number>();
    let withAny = 0;
    for (let s = 0; s < sets.length; s++) {
      const count = sets[s]!;
      if (count === 0) continue;
      const choices = this.choiceSets[s]!;
      if (choices.length > 0) withAny += count;
      for (const v of choices) chosen.set(v, (chosen.get(v) ?? 0) + count);
    }
    return { chosen, withAny };
  }

  private scale(counts: Map<number, number>, min: number, max: number): ScaleDistribution {
    let n = 0;
    let sum = 0;
    for (const [value, count] of counts) {
      n += count;
      sum += value * count;
    }
    const list = [];
    for (let value = min; value <= max; value++)
      list.push({ value, count: counts.get(value) ?? 0 });
    return { n, mean: n > 0 ? sum / n : null, counts: list };
  }

  /** Text values in the database's collation order, nulls last. */
  private compareValues(a: string | null, b: string | null): number {
    if (a === b) return 0;
    if (a === null) return 1;
    if (b === null) return -1;
    return this.rank.get(a)! - this.rank.get(b)!;
  }

  private labelOf(key: string, value: string | null, lang: ImpactLanguage): string | null {
    if (value === null) return null;
    const label = this.labels.find((l) => l.key === key && l.value === value);
    return label ? label[lang] : null;
  }

  /**
   * A use list as getImpactUses orders it: the newest version's choices in its order, then the
   * choices it dropped (by their position, then value), then values no version has.
   */
  private useList(
    key: 'intended_use' | 'actual_use',
    chosen: Map<string | null, number>,
    n: number,
    lang: ImpactLanguage,
  ): UseList {
    const labels = this.labels.filter((l) => l.key === key);
    const newest = labels.reduce((max, l) => Math.max(max, l.questionId), -Infinity);
    const rows: Array<{
      value: string | null;
      label: string | null;
      count: number;
      current: boolean;
      pos: number;
    }> = labels.map((l) => ({
      value: l.value,
      label: l[lang],
      count: chosen.get(l.value) ?? 0,
      current: l.questionId === newest,
      pos: l.pos,
    }));
    const known = new Set(labels.map((l) => l.value));
    for (const [value, count] of chosen) {
      if (value === null || !known.has(value)) {
        rows.push({ value, label: null, count, current: false, pos: Infinity });
      }
    }
    rows.sort(
      (a, b) =>
        Number(a.current === false) - Number(b.current === false) ||
        (a.pos === b.pos ? 0 : a.pos < b.pos ? -1 : 1) ||
        this.compareValues(a.value, b.value),
    );
    return {
      n,
      rows: rows.map((row) => ({
        value: row.value as string,
        label: (row.label ?? row.value) as string,
        count: row.count,
        share: n > 0 ? row.count / n : 0,
      })),
    };
  }

  private intentToApplied(
    webinars: readonly number[],
    personIn: (p: number) => boolean,
    lang: ImpactLanguage,
  ): ImpactFigures['intentToApplied'] {
    let pairs = 0;
    let withPlans = 0;
    const uses = new Map<string | null, IntentRow & { key: string | null }>();
    const instead = new Map<string | null, Map<string | null, number>>();
    for (const w of webinars) {
      for (const i of this.pairsOf[w]!) {
        const post = this.pairPost[i]!;
        const followup = this.pairFollowup[i]!;
        if (post < 0 || followup < 0) continue;
        if (!personIn(this.respPerson[post]!)) continue;
        pairs++;
        const plannedSet = this.intended[post]!;
        const planned = this.choicesAt(plannedSet);
        const applied = this.applied[followup] ?? null;
        const actualSet = this.actual[followup]!;
        const actual = this.choicesAt(actualSet);
        if (planned.length > 0) withPlans++;
        for (const u of planned) {
          let row = uses.get(u);
          if (!row) {
            row = {
              key: u,
              value: u as string,
              label: '',
              planned: 0,
              didIt: 0,
              otherInstead: 0,
              nothing: 0,
              notSaid: 0,
              instead: [],
            };
            uses.set(u, row);
          }
          row.planned++;
          // u = any(actual), as SQL's three-valued logic has it: null when not found among nulls.
          const found = anyEquals(u, actual);
          if (found === true) row.didIt++;
          if (found === false && actual.length > 0) row.otherInstead++;
          if (actual.length === 0 && applied === 'no') row.nothing++;
          if (actual.length === 0 && applied !== 'no') row.notSaid++;
          if (found === false) {
            let of = instead.get(u);
            if (!of) instead.set(u, (of = new Map<string | null, number>()));
            for (const v of actual) of.set(v, (of.get(v) ?? 0) + 1);
          }
        }
      }
    }
    const rows = [...uses.values()].sort(
      (a, b) => b.planned - a.planned || this.compareValues(a.key, b.key),
    );
    return {
      pairs,
      withPlans,
      rows: rows.map(({ key, ...row }) => ({
        ...row,
        label: (this.labelOf('intended_use', key, lang) ?? key) as string,
        instead: [...(instead.get(key) ?? new Map<string | null, number>())]
          .sort(([va, a], [vb, b]) => b - a || this.compareValues(va, vb))
          .map(([value, count]) => ({
            value: value as string,
            label: (this.labelOf('actual_use', value, lang) ?? value) as string,
            count,
          })),
      })),
    };
  }

  /** As getTopicsRequested. */
  async topicsRequested(
    db: Kysely<Database>,
    filters: ReachFilters,
    { lang, unmatchedLimit }: { lang: ImpactLanguage; unmatchedLimit: number },
  ): Promise<TopicsRequested> {
    const { view, personIn } = await this.scope(db, filters);
    let requests = 0;
    let matched = 0;
    const requested = new Map<number, number>();
    const unmatched = new Map<string, { count: number; texts: string[] }>();
    for (const r of this.rowsOf(this.responseRowsOf, view.webinars)) {
      const next = this.next[r];
      if (!next || this.respWave[r] !== POST) continue;
      if (!personIn(this.respPerson[r]!)) continue;
      requests++;
      if (next.topics.length > 0) {
        matched++;
        for (const topic of next.topics) requested.set(topic, (requested.get(topic) ?? 0) + 1);
      } else {
        let group = unmatched.get(next.folded);
        if (!group) unmatched.set(next.folded, (group = { count: 0, texts: [] }));
        group.count++;
        group.texts.push(next.text);
      }
    }
    // Delivered: the view's webinars per topic (webinar filters only, as in SQL).
    const delivered = new Map<number, number>();
    for (const w of view.webinars) {
      for (const key of this.reach.webinarKeysOf('topic', w)) {
        if (key !== null) delivered.set(Number(key), (delivered.get(Number(key)) ?? 0) + 1);
      }
    }
    const rank = this.topicRank[lang];
    const topics = [...new Set([...requested.keys(), ...delivered.keys()])]
      .map((topicId) => ({
        topicId,
        label: this.reach.labelOf('topic', String(topicId), lang) as string,
        requests: requested.get(topicId) ?? 0,
        delivered: delivered.get(topicId) ?? 0,
      }))
      .sort(
        (a, b) =>
          b.requests - a.requests ||
          b.delivered - a.delivered ||
          rank.get(a.topicId)! - rank.get(b.topicId)! ||
          a.topicId - b.topicId,
      );
    // The unmatched groups to list: the most frequent, ties included, whose order (by folded
    // text) and shown text (the least) follow the database's collation: asked of it.
    const groups = [...unmatched].sort(([, a], [, b]) => b.count - a.count);
    const cut = groups[Math.min(unmatchedLimit, groups.length) - 1]?.[1].count ?? Infinity;
    const candidates = unmatchedLimit > 0 ? groups.filter(([, g]) => g.count >= cut) : [];
    const listed = candidates.length
      ? (
          await sql<{ text: string; count: number }>`
            select min(x.t) as text, max(x.c)::int as count
            from unnest(${candidates.flatMap(([f, g]) => g.texts.map(() => f))}::text[],
                        ${candidates.flatMap(([, g]) => g.texts)}::text[],
                        ${candidates.flatMap(([, g]) => g.texts.map(() => g.count))}::int[])
                 as x(f, t, c)
            group by x.f
            order by max(x.c) desc, x.f
            limit ${unmatchedLimit}`.execute(db)
        ).rows
      : [];
    return { requests, matched, topics, unmatched: listed };
  }

  /** As getImpactBreakdown. */
  async breakdown(
    db: Kysely<Database>,
    dimension: ImpactDimension,
    filters: ReachFilters,
    { lang, limit }: { lang: ImpactLanguage; limit: number },
  ): Promise<ImpactBreakdown> {
    const { view, personIn } = await this.scope(db, filters);
    const reach = this.reach;
    type Cell = ImpactBreakdownCounts & { key: string | null };
    const cells = new Map<string | null, Cell>();
    const cellOf = (key: string | null) => {
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { key, ...noCounts() }));
      return cell;
    };
    const byPerson =
      dimension === 'sector' || dimension === 'country' || dimension === 'region'
        ? dimension
        : null;
    // A webinar dimension's keys are the webinar's: its rows are counted once, then added to each
    // of its keys' cells. A person dimension's key is each row's person's.
    for (const w of view.webinars) {
      const own = byPerson ? null : noCounts();
      if (own) {
        const funnel = [0, 0, 0, 0];
        this.addFunnel(funnel, w, view.people, personIn);
        own.postInvited = funnel[POST_INVITED]!;
        own.postAnswered = funnel[POST_ANSWERED]!;
        own.followupInvited = funnel[FOLLOWUP_INVITED]!;
        own.followupAnswered = funnel[FOLLOWUP_ANSWERED]!;
      }
      // A person dimension's invitations, each in its person's cell.
      else {
        for (const i of this.invitationRowsOf[w]!) {
          const p = this.invPerson[i]!;
          if (!personIn(p)) continue;
          const cell = cellOf(reach.personKeyOf(byPerson!, p));
          const answered = this.invAnswered[i]! > 0 ? 1 : 0;
          if (this.invWave[i] === POST) {
            cell.postInvited++;
            cell.postAnswered += answered;
          } else {
            cell.followupInvited++;
            cell.followupAnswered += answered;
          }
        }
      }
      for (const r of this.responseRowsOf[w]!) {
        const p = this.respPerson[r]!;
        if (!personIn(p)) continue;
        const cell = own ?? cellOf(reach.personKeyOf(byPerson!, p));
        if (this.respWave[r] === POST) {
          cell.postResponses++;
          const satisfaction = this.satisfaction[r]!;
          if (!Number.isNaN(satisfaction)) {
            cell.satisfactionN++;
            cell.satisfactionSum += satisfaction;
          }
          const recommend = this.recommend[r]!;
          if (!Number.isNaN(recommend)) {
            cell.recommendN++;
            if (recommend >= 9) cell.promoters++;
            if (recommend <= 6) cell.detractors++;
          }
        } else {
          cell.followupResponses++;
          const applied = this.applied[r];
          if (applied === 'yes' || applied === 'partly' || applied === 'no') cell.appliedN++;
          if (applied === 'yes' || applied === 'partly') cell.appliedSome++;
        }
      }
      if (!own || (own.postInvited === 0 && own.followupInvited === 0 && !hasResponses(own)))
        continue;
      for (const key of reach.webinarKeysOf(
        dimension as Exclude<ImpactDimension, PersonDimension>,
        w,
      )) {
        addCounts(cellOf(key), own);
      }
    }
    // The reach snapshot's key order: its collation ranks for the person dimensions and
    // language, byte order for ids.
    const ordered = [...cells.values()].sort(
      (a, b) =>
        b.postResponses - a.postResponses ||
        b.followupResponses - a.followupResponses ||
        reach.compareKeysOf(dimension, a.key, b.key),
    );
    const labelled =
      dimension === 'topic' || dimension === 'working_group' || dimension === 'webinar';
    const rows = ordered
      .slice(0, limit)
      .map((c) =>
        impactBreakdownRow(c.key, labelled ? reach.labelOf(dimension, c.key, lang) : null, c),
      );
    return { dimension, rows };
  }
}

/** `u = any(list)` in SQL: true, false, or null (u null, or not found where the list has nulls). */
function anyEquals(u: string | null, list: Readonly<Choices>): boolean | null {
  if (u === null) return list.length === 0 ? false : null;
  let sawNull = false;
  for (const v of list) {
    if (v === u) return true;
    if (v === null) sawNull = true;
  }
  return sawNull ? null : false;
}

/** Which rows a catch-up reads: ids above `above`, and those in the ranges lo[i]..hi[i]. */
interface IdQuery {
  above: number;
  lo: number[];
  hi: number[];
}

/** A catch-up's first facts, read where its snapshot begins (stateColumns). */
interface SnapshotState {
  rare: number;
  reach: number;
  last_invitation: number;
  last_response: number;
  /** count(*) of the table, when asked for. */
  invitations: number | null;
  responses: number | null;
}

interface ChangesRead {
  state: SnapshotState;
  invitations: InvitationRows;
  responses: ResponseRows;
}

/** The columns of SnapshotState, counting the tables asked for. */
function stateColumns(countInvitations: boolean, countResponses: boolean): RawBuilder<unknown> {
  return sql`
    (select version::float8 from impact_version) as rare,
    (select version::float8 from reach_version) as reach,
    ${countInvitations ? sql`(select count(*)::float8 from survey_invitation)` : sql`null::float8`} as invitations,
    ${countResponses ? sql`(select count(*)::float8 from survey_response)` : sql`null::float8`} as responses,
    coalesce(pg_sequence_last_value(
      pg_get_serial_sequence('survey_invitation', 'id')::regclass), 0)::float8 as last_invitation,
    coalesce(pg_sequence_last_value(
      pg_get_serial_sequence('survey_response', 'id')::regclass), 0)::float8 as last_response`;
}

/**
 * The rows of `table` to read, as a subquery `t`: the range scan above the last id and one index
 * range scan per hole (every row when nothing has been read yet).
 */
function rowsOf(table: 'survey_invitation' | 'survey_response', q: IdQuery) {
  return sql`(
    select t.* from ${sql.table(table)} t where t.id > ${q.above}
    union all
    select t.* from unnest(${q.lo}::int[], ${q.hi}::int[]) as g(lo, hi)
    join ${sql.table(table)} t on t.id between g.lo and g.hi
  ) t`;
}

interface InvitationColumns {
  ids: number[] | null;
  webinars: number[] | null;
  people: Array<number | null> | null;
  waves: boolean[] | null;
}

/** The invitations to read, as one row of InvitationColumns. */
function invitationsQuery(q: IdQuery): RawBuilder<InvitationColumns> {
  // Arrays of integers: json_agg of 435,925 invitations costs the server a second, these 0.3 s.
  return sql<InvitationColumns>`
    select array_agg(t.id) as ids, array_agg(t.webinar_id) as webinars,
           array_agg(t.participant_id) as people, array_agg(t.wave = 'post') as waves
    from ${rowsOf('survey_invitation', q)}`;
}

async function readInvitations(trx: Kysely<Database>, q: IdQuery): Promise<InvitationRows> {
  if (!readsEverything(q)) return invitationRows((await invitationsQuery(q).execute(trx)).rows[0]!);
  // The first read, one row per webinar: the client parses each row as it arrives, between other
  // callbacks. One row of four 436,000-element arrays was parsed in one stall of the event loop.
  const { rows } = await sql<InvitationColumns>`
    select array_agg(t.id) as ids, array_agg(t.webinar_id) as webinars,
           array_agg(t.participant_id) as people, array_agg(t.wave = 'post') as waves
    from ${rowsOf('survey_invitation', q)}
    group by t.webinar_id`.execute(trx);
  const all: InvitationRows = { ids: [], webinars: [], people: [], waves: [] };
  for (const row of rows) {
    const one = invitationRows(row);
    for (let i = 0; i < one.ids.length; i++) {
      all.ids.push(one.ids[i]!);
      all.webinars.push(one.webinars[i]!);
      all.people.push(one.people[i]!);
      all.waves.push(one.waves[i]!);
    }
  }
  return all;
}

/** Whether `q` reads every row of its table (the first read). */
function readsEverything(q: IdQuery): boolean {
  return q.above === 0 && q.lo.length === 0;
}

function invitationRows(row: InvitationColumns): InvitationRows {
  return {
    ids: row.ids ?? [],
    webinars: row.webinars ?? [],
    people: row.people ?? [],
    waves: row.waves ?? [],
  };
}

type ResponseRow = [
  id: number,
  person: number | null,
  post: boolean,
  submitted: number,
  invitation: number | null,
  extra: number | null,
  satisfaction: number | null,
  relevance: number | null,
  recommend: number | null,
  applied: string | null,
  intended: Choices | null,
  actual: Choices | null,
  nextText: string | null,
  nextFolded: string | null,
  nextTopics: number[] | null,
  language: string,
  comments: number | null,
  whatChanged: number | null,
  barriers: number | null,
  quote: number,
];

/**
 * A response's answers to the KEYS questions, one column each, and its free-text answers counted
 * per COMMENT_KEYS and QUOTABLE_KEYS (from answers `a`, questions `q`).
 */
const ANSWER_COLUMNS = sql`
  count(*) filter (where q.key = any(${KEYS}::text[]))
    - count(distinct q.key) filter (where q.key = any(${KEYS}::text[])) as extra,
  count(a.value_text) filter (where q.key = 'comments') as comments,
  count(a.value_text) filter (where q.key = 'what_changed') as what_changed,
  count(a.value_text) filter (where q.key = 'barriers') as barriers,
  coalesce(bool_or(a.value_text is not null) filter (where q.key = any(${[...QUOTABLE_KEYS]}::text[])), false)
    as quotable,
  max(a.value_number) filter (where q.key = 'satisfaction') as satisfaction,
  max(a.value_number) filter (where q.key = 'relevance') as relevance,
  max(a.value_number) filter (where q.key = 'recommend') as recommend,
  max(a.value_text) filter (where q.key = 'applied') as applied,
  (array_agg(to_json(a.value_choices)) filter (where q.key = 'intended_use'))[1] as intended,
  (array_agg(to_json(a.value_choices)) filter (where q.key = 'actual_use'))[1] as actual,
  max(a.value_text) filter (where q.key = 'topics_next') as topics_next`;

/** The responses to read, one row per webinar: its id and its responses (ResponseRow). */
function responsesQuery(q: IdQuery): RawBuilder<ResponsesOfWebinar> {
  // Everything at the first read: the answers aggregated in one pass. At a catch-up, a few
  // responses: their answers read through the primary key.
  const everything = readsEverything(q);
  const answers = everything
    ? sql`left join (
        select a.response_id, ${ANSWER_COLUMNS}
        from survey_answer a join survey_question q on q.id = a.question_id
        where q.key = any(${READ_KEYS}::text[])
        group by a.response_id
      ) x on x.response_id = t.id`
    : sql`left join lateral (
        select ${ANSWER_COLUMNS}
        from survey_answer a join survey_question q on q.id = a.question_id
        where a.response_id = t.id and q.key = any(${READ_KEYS}::text[])
      ) x on true`;
  // "Which topics next?" is folded and matched to the topics' names here, as getTopicsRequested
  // does, so that both fold the same way (the database's lower() and normalize()).
  return sql<ResponsesOfWebinar>`
    with names as materialized (
      select t.id, ${folded(sql`t.label_en`)} as en, ${folded(sql`t.label_es`)} as es from topic t
    )
    select t.webinar_id,
           json_agg(json_build_array(
             t.id, t.participant_id, t.wave = 'post',
             (extract(epoch from t.submitted_at) * 1000000)::float8, t.invitation_id,
             x.extra, x.satisfaction, x.relevance, x.recommend, x.applied, x.intended, x.actual,
             nf.text, nf.f,
             (select coalesce(array_agg(n.id order by n.id), '{}') from names n
              where nf.f is not null
                and ((length(n.en) > 0 and strpos(nf.f, n.en) > 0)
                  or (length(n.es) > 0 and strpos(nf.f, n.es) > 0))),
             t.language, x.comments, x.what_changed, x.barriers,
             case when t.consent_to_quote and x.quotable
                  then ${sql.lit(QUOTABLE)} + case when t.quote_approved_at is not null then ${sql.lit(APPROVED)} else 0 end
                  else 0 end
           )) as rows
    from ${rowsOf('survey_response', q)}
    ${answers}
    left join lateral (
      select x.topics_next as text, btrim(${folded(sql`x.topics_next`)}) as f
      where btrim(x.topics_next) <> ''
    ) nf on true
    group by t.webinar_id`;
}

interface ResponsesOfWebinar {
  webinar_id: number;
  rows: ResponseRow[];
}

async function readResponses(trx: Kysely<Database>, q: IdQuery): Promise<ResponseRows> {
  return responseRows((await responsesQuery(q).execute(trx)).rows);
}

function responseRows(rows: ResponsesOfWebinar[]): ResponseRows {
  const out: ResponseRows = {
    ids: [],
    webinars: [],
    people: [],
    waves: [],
    submitted: [],
    invitations: [],
    extra: [],
    satisfaction: [],
    relevance: [],
    recommend: [],
    applied: [],
    intended: [],
    actual: [],
    next: [],
    languages: [],
    comments: [],
    quote: [],
  };
  for (const row of rows) {
    for (const r of row.rows) {
      out.ids.push(r[0]);
      out.webinars.push(row.webinar_id);
      out.people.push(r[1]);
      out.waves.push(r[2]);
      out.submitted.push(r[3]);
      out.invitations.push(r[4]);
      out.extra.push(r[5] ?? 0);
      out.satisfaction.push(r[6]);
      out.relevance.push(r[7]);
      out.recommend.push(r[8]);
      out.applied.push(r[9]);
      out.intended.push(r[10]);
      out.actual.push(r[11]);
      out.next.push(r[12] === null ? null : { text: r[12], folded: r[13]!, topics: r[14] ?? [] });
      out.languages.push(r[15]);
      out.comments.push([r[16] ?? 0, r[17] ?? 0, r[18] ?? 0]);
      out.quote.push(r[19]);
    }
  }
  return out;
}

const RETRY_MS = 5_000;

/**
 * The impact snapshot to answer from, kept beside the reach snapshot: `figures` brings it up to
 * date (a catch-up begun after the call) and answers from memory, or in SQL while the reach
 * snapshot or this one is (re)loading in the background.
 */
export class ImpactMemorySource {
  private memory: ImpactMemory | null = null;
  private loading: Promise<void> | null = null;
  private failedAt = -Infinity;
  /** Loads done. */
  loads = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly reach: ReachMemorySource,
    private readonly options: {
      log?: (message: string) => void;
      /** As ReachMemorySource's: how long a figure waits for a load under way (default 0). */
      loadWaitMs?: number;
    } = {},
  ) {}

  /**
   * The figures to compute with now: from memory, caught up with every write committed before
   * this call, when the reach snapshot is current; else in SQL on `db` (and a load starts).
   */
  async figures(db: Kysely<Database> = this.db): Promise<ImpactFiguresSource> {
    const memory = await this.current(db);
    return memory ? memory.figuresOn(db) : sqlImpactFigures(db);
  }

  /**
   * The snapshot, caught up, or null (SQL answers meanwhile). Unless `waitMs` is 0, waits that
   * long for the reach snapshot and then this one to load, as ReachMemorySource.current does.
   */
  async current(
    db: Kysely<Database> = this.db,
    waitMs = this.options.loadWaitMs ?? 0,
  ): Promise<ImpactMemory | null> {
    const reach = await this.reach.current(db, waitMs);
    if (!reach) return null;
    const held = await this.caughtUp(db, reach);
    if (held !== undefined) return held;
    if (performance.now() - this.failedAt <= RETRY_MS) return null;
    const load = this.reload(reach);
    if (waitMs > 0 && (await settlesWithin(load, waitMs))) {
      // A load begun before this call: caught up again, after it.
      return (await this.caughtUp(db, reach)) ?? null;
    }
    return null;
  }

  /**
   * The snapshot held beside `reach`, caught up with a catch-up begun after this call; null when
   * that failed, undefined when there is none (or no longer one) to use.
   */
  private async caughtUp(
    db: Kysely<Database>,
    reach: ReachMemory,
  ): Promise<ImpactMemory | null | undefined> {
    const memory = this.memory;
    if (!memory || memory.reach !== reach) return undefined;
    try {
      if (await memory.catchUp(db)) return memory;
    } catch (error) {
      this.options.log?.(`Impact figures in memory: a catch-up failed (${String(error)}).`);
      return null;
    }
    if (this.memory === memory) this.memory = null;
    return undefined;
  }

  /** For health: whether a snapshot is held (whatever its version), else loading, else none. */
  get state(): MemoryState {
    return memoryState(this.memory, this.loading);
  }

  /** Loads a snapshot beside `reach` (one load at a time); resolves when it is in place. */
  reload(reach: ReachMemory): Promise<void> {
    this.loading ??= (async () => {
      const started = performance.now();
      try {
        const memory = await ImpactMemory.load(this.db, reach);
        this.loads++;
        if (memory) {
          this.memory = memory;
          this.options.log?.(
            `Impact figures in memory at reach version ${reach.version}: ${memory.responseCount} responses, loaded in ${Math.round(performance.now() - started)} ms.`,
          );
        }
      } catch (error) {
        this.failedAt = performance.now();
        this.options.log?.(
          `Impact figures in memory: loading failed (${String(error)}); SQL answers.`,
        );
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** Resolves once no load is under way (before closing the database). */
  async settled(): Promise<void> {
    await this.loading;
    await this.reach.settled();
  }

  /** The snapshot held, whatever its state (for tests). */
  get held(): ImpactMemory | null {
    return this.memory;
  }
}

/**
 * How many times each value of a rating was given: the scale's small integers in an array (a map
 * per response was most of /api/impact's time under load), any other number in a map.
 */
class RatingCounts {
  private readonly small = new Float64Array(11);
  private readonly other = new Map<number, number>();

  /** Counts `value`; NaN (not answered) is not counted. */
  add(value: number): void {
    if (value >= 0 && value <= 10 && Number.isInteger(value)) this.small[value]!++;
    else if (!Number.isNaN(value)) this.other.set(value, (this.other.get(value) ?? 0) + 1);
  }

  /** Value → count, for the values given. */
  counts(): Map<number, number> {
    const counts = new Map(this.other);
    this.small.forEach((count, value) => {
      if (count > 0) counts.set(value, count);
    });
    return counts;
  }
}

/** A breakdown cell's counts, all zero. */
function noCounts(): ImpactBreakdownCounts {
  return {
    postInvited: 0,
    postAnswered: 0,
    postResponses: 0,
    followupInvited: 0,
    followupAnswered: 0,
    followupResponses: 0,
    satisfactionN: 0,
    satisfactionSum: 0,
    recommendN: 0,
    promoters: 0,
    detractors: 0,
    appliedN: 0,
    appliedSome: 0,
  };
}

function hasResponses(counts: ImpactBreakdownCounts): boolean {
  return counts.postResponses > 0 || counts.followupResponses > 0;
}

function addCounts(to: ImpactBreakdownCounts, from: ImpactBreakdownCounts): void {
  for (const key of Object.keys(from) as Array<keyof ImpactBreakdownCounts>) to[key] += from[key];
}
