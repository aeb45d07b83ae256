import type {
  Breakdown,
  BreakdownMeasures,
  BreakdownRow,
  BreakdownSort,
} from '../queries/breakdown.js';
import type { CrossTabCell, BreakdownDimension } from '../queries/breakdown.js';
import type {
  ImpactFigures,
  RecommendDistribution,
  ScaleDistribution,
  UseList,
} from '../queries/impact.js';
import type { ImpactBreakdown, ImpactBreakdownRow } from '../queries/impact-breakdown.js';
import type { OverviewFigures } from '../queries/overview.js';
import type { ReachSummary } from '../queries/summary.js';
import { protectTable, type CellStatus, type TableCell, type TableSum } from './engine.js';
import {
  ADDITIVE_DIMENSIONS,
  protectOneWay,
  protectTwoWay,
  type Key,
  type MarginStatus,
  type TableProtection,
} from './tables.js';

// What a funder (or a share link) receives: the API's own shapes with small cells withheld.
//
// The JSON representation, the same everywhere:
// - A hidden count is `null`, never a number; so is every figure derived from it (a share, a
//   rate, a mean, the other measures of a hidden row).
// - A row or cell that is hidden carries `suppressed: 'small'` (1 to k−1 people: shown "<k") or
//   `suppressed: 'withheld'` (withheld so that a small one cannot be worked back: shown "—").
//   A shown row has no `suppressed`.
// - An object of named figures (the overview's headline, the impact funnel) carries
//   `suppressed: { <field>: 'small' | 'withheld' }` for its hidden fields ({} when none).
// - Every protected response carries `minCellSize: k`, so a reader can write "<k" and explain it.
// A rate, share or mean over fewer than k people is withheld, as is one whose numerator is a
// hidden count or would give one back (answered ÷ invited with 1 to k−1 answering, or not).

export type Suppressed = 'small' | 'withheld';
type Nullable<T, K extends keyof T> = Omit<T, K> & { [P in K]: T[P] | null };
const hiddenStatus = (s: CellStatus): Suppressed | undefined => (s === 'shown' ? undefined : s);
const isSmall = (n: number, k: number) => n >= 1 && n < k;

/** A one-way table of counts with a published total; `additive`: the counts add up to it. */
export function protectCounts(
  counts: readonly number[],
  total: number,
  k: number,
  additive: boolean,
): CellStatus[] {
  if (!additive) return counts.map((c) => (isSmall(c, k) ? 'small' : 'shown'));
  const cells: TableCell[] = counts.map((count, i) => ({ id: `${i}`, count }));
  cells.push({ id: 'total', count: total, fixed: true });
  const sums: TableSum[] = [{ total: 'total', parts: counts.map((_, i) => `${i}`) }];
  const { status } = protectTable(cells, sums, k);
  return counts.map((_, i) => status.get(`${i}`)!);
}

// ——— Breakdowns ———

export type ProtectedMeasures = { [K in keyof BreakdownMeasures]: number | null };

export interface ProtectedBreakdownRow
  extends Omit<BreakdownRow, keyof BreakdownMeasures | 'share'>, ProtectedMeasures {
  share: number | null;
  suppressed?: Suppressed;
}

export interface ProtectedBreakdown {
  dimension: BreakdownDimension;
  total: ProtectedMeasures & { suppressed?: Suppressed };
  totalRows: number;
  rows: ProtectedBreakdownRow[];
  minCellSize: number;
}

/**
 * The protection of a one-way table of people by `dimension`, from its counts at the data level:
 * by country for the country, region and income-group tables (they share one pattern).
 */
export function protectDimension(
  dimension: BreakdownDimension,
  counts: ReadonlyArray<{ key: Key; count: number }>,
  k: number,
): TableProtection {
  const geography = dimension === 'region' || dimension === 'income_group';
  if (ADDITIVE_DIMENSIONS.has(dimension)) {
    return protectOneWay(geography ? 'country' : dimension, counts, k);
  }
  const small = new Set(counts.filter((c) => isSmall(c.count, k)).map((c) => c.key));
  return { of: (_d, key) => (small.has(key) ? 'small' : 'shown'), exposed: [] };
}

const hideMeasures = <T extends object>(row: T): T & ProtectedMeasures => ({
  ...row,
  participants: null,
  attendances: null,
  registrations: null,
  minutes: null,
});

/**
 * A breakdown with small cells withheld: every row of it (unpaged), the protection of its
 * dimension (protectDimension; for region and income group, from the country counts), sorted and
 * paged after. Hidden rows come last, ordered by key: sorting them by their value would place
 * them between two shown values and so bound them.
 */
export function protectBreakdown(
  breakdown: Breakdown,
  protection: TableProtection,
  k: number,
  page: { sort: BreakdownSort; order: 'asc' | 'desc'; limit: number; offset: number },
): ProtectedBreakdown {
  const rows: ProtectedBreakdownRow[] = breakdown.rows.map((row) => {
    const status = protection.of(breakdown.dimension, row.key);
    if (status !== 'shown') return { ...hideMeasures(row), share: null, suppressed: status };
    // Registered but never attended: no participants to suppress, but a few registrations
    // would still say that a few people of this group signed up.
    if (row.participants === 0 && isSmall(row.registrations, k)) {
      return { ...row, registrations: null };
    }
    return row;
  });
  const shown = rows.filter((r) => !r.suppressed);
  const hidden = rows.filter((r) => r.suppressed);
  const direction = page.order === 'asc' ? 1 : -1;
  const byKey = (a: ProtectedBreakdownRow, b: ProtectedBreakdownRow) =>
    (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff');
  shown.sort((a, b) =>
    page.sort === 'key'
      ? direction * byKey(a, b)
      : direction * ((a[page.sort] ?? -1) - (b[page.sort] ?? -1)) || byKey(a, b),
  );
  hidden.sort(byKey);
  const all = [...shown, ...hidden];
  const totalSmall = isSmall(breakdown.total.participants, k);
  return {
    dimension: breakdown.dimension,
    total: totalSmall
      ? { ...hideMeasures(breakdown.total), suppressed: 'small' }
      : { ...breakdown.total },
    totalRows: all.length,
    rows: all.slice(page.offset, page.offset + page.limit),
    minCellSize: k,
  };
}

// ——— Cross-tabulations ———

export interface ProtectedCrossTabCell
  extends Omit<CrossTabCell, keyof BreakdownMeasures>, ProtectedMeasures {
  suppressed?: Suppressed;
}

export interface ProtectedMargin {
  key: string | null;
  participants: number | null;
  suppressed?: Suppressed;
}

export interface ProtectedCrossTab {
  cells: ProtectedCrossTabCell[];
  /** People per row over all columns: only when the columns add up (a person in one column). */
  rowTotals: ProtectedMargin[] | null;
  columnTotals: ProtectedMargin[] | null;
  minCellSize: number;
}

/**
 * A cross-tabulation with small cells withheld. A region or income-group margin comes from the
 * country table's protection (`margins`), so it shows what the region page shows.
 */
export function protectCrossTab(
  rows: BreakdownDimension,
  columns: BreakdownDimension,
  cells: readonly CrossTabCell[],
  k: number,
  margins: { rows?: MarginStatus; columns?: MarginStatus } = {},
): ProtectedCrossTab {
  const protection = protectTwoWay(
    rows,
    columns,
    cells.map((c) => ({ row: c.row, column: c.column, count: c.participants })),
    k,
    margins,
  );
  const margin = (
    dimension: BreakdownDimension,
    pick: (c: CrossTabCell) => string | null,
    other: BreakdownDimension,
    statusOf: (key: string | null) => CellStatus,
  ): ProtectedMargin[] | null => {
    if (!ADDITIVE_DIMENSIONS.has(other)) return null;
    const sums = new Map<string | null, number>();
    for (const c of cells) sums.set(pick(c), (sums.get(pick(c)) ?? 0) + c.participants);
    void dimension;
    return [...sums].map(([key, participants]) => {
      const s = statusOf(key);
      return s === 'shown' ? { key, participants } : { key, participants: null, suppressed: s };
    });
  };
  return {
    cells: cells.map((c) => {
      const s = protection.of(rows, c.row, { dimension: columns, key: c.column });
      return s === 'shown' ? { ...c } : { ...hideMeasures(c), suppressed: s };
    }),
    rowTotals: margin(
      rows,
      (c) => c.row,
      columns,
      (key) => protection.of(rows, key, { dimension: 'total', key: null }),
    ),
    columnTotals: margin(
      columns,
      (c) => c.column,
      rows,
      (key) => protection.of('total', null, { dimension: columns, key }),
    ),
    minCellSize: k,
  };
}

// ——— The overview ———

type HeadlineField = keyof ReachSummary;
export type ProtectedSummary = {
  [K in HeadlineField]: ReachSummary[K] | null;
} & { suppressed: Partial<Record<HeadlineField, Suppressed>> };

export interface ProtectedOverview extends ProtectedSummary {
  bySector: Array<{ sector: string; participants: number | null; suppressed?: Suppressed }>;
  comparison: { from: string; to: string; figures: ProtectedSummary } | null;
  minCellSize: number;
}

/**
 * The headline figures: counts of people of 1 to k−1 shown small; rates and means over fewer
 * than k people withheld, and the returning share when it would give back a small number of
 * returning (or not returning) people.
 */
export function protectSummary(s: ReachSummary, k: number): ProtectedSummary {
  const out: ProtectedSummary = { ...s, suppressed: {} };
  const hide = (field: HeadlineField, why: Suppressed) => {
    out[field] = null;
    out.suppressed[field] = why;
  };
  for (const field of ['uniqueParticipants', 'newParticipants', 'speakers'] as const) {
    if (isSmall(s[field], k)) hide(field, 'small');
  }
  const fewPeople = s.uniqueParticipants < k;
  if (s.attendanceRate !== null && (fewPeople || s.registrations < k)) {
    hide('attendanceRate', 'withheld');
  }
  if (s.averageMinutes !== null && fewPeople) hide('averageMinutes', 'withheld');
  if (s.returningShare !== null) {
    const returning = Math.round(s.returningShare * s.uniqueParticipants);
    if (fewPeople || isSmall(returning, k) || isSmall(s.uniqueParticipants - returning, k)) {
      hide('returningShare', 'withheld');
    }
  }
  return out;
}

export function protectOverview(overview: OverviewFigures, k: number): ProtectedOverview {
  const counts = overview.bySector.map((s) => s.participants);
  const statuses = protectCounts(
    counts,
    counts.reduce((a, b) => a + b, 0),
    k,
    true,
  );
  return {
    ...protectSummary(overview, k),
    bySector: overview.bySector.map((s, i) =>
      statuses[i] === 'shown'
        ? s
        : { sector: s.sector, participants: null, suppressed: hiddenStatus(statuses[i]!) },
    ),
    comparison: overview.comparison
      ? { ...overview.comparison, figures: protectSummary(overview.comparison.figures, k) }
      : null,
    minCellSize: k,
  };
}

// ——— Loyalty ———

/** How many people attended 1, 2, 3… webinars: the rows add up to the view's participants. */
export function protectDistribution(
  rows: ReadonlyArray<{ webinars: number; participants: number }>,
  k: number,
): Array<{ webinars: number; participants: number | null; suppressed?: Suppressed }> {
  const counts = rows.map((r) => r.participants);
  const statuses = protectCounts(
    counts,
    counts.reduce((a, b) => a + b, 0),
    k,
    true,
  );
  return rows.map((r, i) =>
    statuses[i] === 'shown'
      ? r
      : { webinars: r.webinars, participants: null, suppressed: hiddenStatus(statuses[i]!) },
  );
}

// ——— Impact ———

type Counted<T> = T & { suppressed?: Suppressed };

export interface ProtectedScale {
  n: number | null;
  mean: number | null;
  counts: Array<Counted<{ value: number; count: number | null }>>;
  suppressed?: Suppressed;
}

export interface ProtectedRecommend extends ProtectedScale {
  nps: number | null;
  promoters: number | null;
  passives: number | null;
  detractors: number | null;
}

/** A rating distribution: withheld whole under k answers; its mean withheld if a count is. */
function protectScale(d: ScaleDistribution, k: number): ProtectedScale {
  if (d.n === 0) return { n: 0, mean: null, counts: d.counts };
  if (d.n < k) {
    // Even the zeros go: 3 answers with four zero points would say what all three answered.
    return {
      n: null,
      mean: null,
      counts: d.counts.map((c) => ({
        value: c.value,
        count: null,
        suppressed: 'withheld' as const,
      })),
      suppressed: 'small',
    };
  }
  const statuses = protectCounts(
    d.counts.map((c) => c.count),
    d.n,
    k,
    true,
  );
  // The mean is Σ value × count ÷ n: with a count hidden, one more equation to solve it by.
  const anyHidden = statuses.some((s) => s !== 'shown');
  return {
    n: d.n,
    mean: anyHidden ? null : d.mean,
    counts: d.counts.map((c, i) =>
      statuses[i] === 'shown'
        ? c
        : { value: c.value, count: null, suppressed: hiddenStatus(statuses[i]!) },
    ),
  };
}

function protectRecommend(d: RecommendDistribution, k: number): ProtectedRecommend {
  if (d.n < k) {
    return { ...protectScale(d, k), nps: null, promoters: null, passives: null, detractors: null };
  }
  // Points 0–10, the promoters (9–10), passives (7–8) and detractors (0–6) they add up to, and n.
  const cells: TableCell[] = d.counts.map((c) => ({ id: `v${c.value}`, count: c.count }));
  const groups = { promoters: [9, 10], passives: [7, 8], detractors: [0, 1, 2, 3, 4, 5, 6] };
  const sums: TableSum[] = [];
  for (const [name, values] of Object.entries(groups)) {
    cells.push({ id: name, count: d[name as keyof typeof groups] });
    sums.push({ total: name, parts: values.map((v) => `v${v}`) });
  }
  cells.push({ id: 'n', count: d.n, fixed: true });
  sums.push({ total: 'n', parts: d.counts.map((c) => `v${c.value}`) });
  sums.push({ total: 'n', parts: Object.keys(groups) });
  const { status } = protectTable(cells, sums, k);
  const group = (name: keyof typeof groups) => (status.get(name) === 'shown' ? d[name] : null);
  const anyHidden = [...status.values()].some((s) => s !== 'shown');
  return {
    n: d.n,
    mean: anyHidden ? null : d.mean,
    counts: d.counts.map((c) => {
      const s = status.get(`v${c.value}`)!;
      return s === 'shown' ? c : { value: c.value, count: null, suppressed: s };
    }),
    promoters: group('promoters'),
    passives: group('passives'),
    detractors: group('detractors'),
    nps: status.get('promoters') === 'shown' && status.get('detractors') === 'shown' ? d.nps : null,
  };
}

/** A multiple-choice list: choices are not exclusive, so only small counts are hidden. */
function protectUses(list: UseList, k: number) {
  const few = list.n < k;
  return {
    n: isSmall(list.n, k) ? null : list.n,
    rows: list.rows.map((r) =>
      few || isSmall(r.count, k)
        ? { ...r, count: null, share: null, suppressed: few ? 'withheld' : 'small' }
        : r,
    ),
  };
}

/** A rate part ÷ whole: withheld over fewer than k, or when part or whole − part is small. */
const safeRate = (rate: number | null, part: number, whole: number, k: number) =>
  rate === null || whole < k || isSmall(part, k) || isSmall(whole - part, k) ? null : rate;

export function protectImpact(f: ImpactFigures, k: number) {
  const count = (n: number) => (isSmall(n, k) ? null : n);
  const wave = (w: ImpactFigures['funnel']['post']) => ({
    invited: count(w.invited),
    answered: count(w.answered),
    rate: safeRate(w.rate, w.answered, w.invited, k),
  });
  const applied = (() => {
    const a = f.applied;
    if (a.n < k) {
      return { n: count(a.n), yes: null, partly: null, no: null, rate: null };
    }
    // yes + partly + no = n, and the rate publishes yes + partly.
    const cells: TableCell[] = [
      { id: 'yes', count: a.yes },
      { id: 'partly', count: a.partly },
      { id: 'no', count: a.no },
      { id: 'some', count: a.yes + a.partly },
      { id: 'n', count: a.n, fixed: true },
    ];
    const { status } = protectTable(
      cells,
      [
        { total: 'n', parts: ['yes', 'partly', 'no'] },
        { total: 'some', parts: ['yes', 'partly'] },
        { total: 'n', parts: ['some', 'no'] },
      ],
      k,
    );
    const shown = (id: string, v: number) => (status.get(id) === 'shown' ? v : null);
    return {
      n: a.n,
      yes: shown('yes', a.yes),
      partly: shown('partly', a.partly),
      no: shown('no', a.no),
      rate: status.get('some') === 'shown' ? a.rate : null,
    };
  })();
  const intent = f.intentToApplied;
  return {
    responses: { post: count(f.responses.post), followup: count(f.responses.followup) },
    funnel: {
      attendees: count(f.funnel.attendees),
      post: wave(f.funnel.post),
      followup: wave(f.funnel.followup),
    },
    satisfaction: protectScale(f.satisfaction, k),
    relevance: protectScale(f.relevance, k),
    recommend: protectRecommend(f.recommend, k),
    intendedUses: protectUses(f.intendedUses, k),
    applied,
    actualUses: protectUses(f.actualUses, k),
    intentToApplied: {
      pairs: count(intent.pairs),
      withPlans: count(intent.withPlans),
      rows: intent.rows.map((r) => {
        const parts = [r.didIt, r.otherInstead, r.nothing, r.notSaid];
        if (r.planned < k) {
          return {
            ...r,
            planned: count(r.planned),
            didIt: null,
            otherInstead: null,
            nothing: null,
            notSaid: null,
            instead: [],
            suppressed: isSmall(r.planned, k) ? 'small' : 'withheld',
          };
        }
        const s = protectCounts(parts, r.planned, k, true);
        const v = (i: number) => (s[i] === 'shown' ? parts[i]! : null);
        return {
          ...r,
          didIt: v(0),
          otherInstead: v(1),
          nothing: v(2),
          notSaid: v(3),
          instead: r.instead.map((i) => ({ ...i, count: count(i.count) })),
        };
      }),
    },
    minCellSize: k,
  };
}

export type ProtectedImpact = ReturnType<typeof protectImpact>;

export type ProtectedImpactBreakdownRow = Nullable<
  ImpactBreakdownRow,
  Exclude<keyof ImpactBreakdownRow, 'key' | 'label'>
> & { suppressed?: Suppressed };

/**
 * The impact figures by one dimension: each count of 1 to k−1 small, each rate or mean over
 * fewer than k withheld (or whose numerator would be small). A row whose responses are small
 * is hidden whole.
 */
export function protectImpactBreakdown(b: ImpactBreakdown, k: number) {
  return {
    dimension: b.dimension,
    rows: b.rows.map((r): ProtectedImpactBreakdownRow => {
      const count = (n: number) => (isSmall(n, k) ? null : n);
      const post = Math.round((r.postRate ?? 0) * r.postInvited);
      const followup = Math.round((r.followupRate ?? 0) * r.followupInvited);
      const applied = Math.round((r.appliedRate ?? 0) * r.appliedN);
      const row: ProtectedImpactBreakdownRow = {
        key: r.key,
        label: r.label,
        postInvited: count(r.postInvited),
        postResponses: count(r.postResponses),
        postRate: safeRate(r.postRate, post, r.postInvited, k),
        followupInvited: count(r.followupInvited),
        followupResponses: count(r.followupResponses),
        followupRate: safeRate(r.followupRate, followup, r.followupInvited, k),
        satisfactionN: count(r.satisfactionN),
        satisfactionMean: r.satisfactionN < k ? null : r.satisfactionMean,
        recommendN: count(r.recommendN),
        nps: r.recommendN < k ? null : r.nps,
        appliedN: count(r.appliedN),
        appliedRate: safeRate(r.appliedRate, applied, r.appliedN, k),
      };
      if (isSmall(r.postResponses + r.followupResponses, k)) {
        const hidden = Object.fromEntries(
          Object.keys(row)
            .filter((key) => key !== 'key' && key !== 'label')
            .map((key) => [key, null]),
        );
        return { ...row, ...hidden, suppressed: 'small' };
      }
      return row;
    }),
    minCellSize: k,
  };
}
