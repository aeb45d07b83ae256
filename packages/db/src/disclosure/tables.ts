import type { BreakdownDimension } from '../queries/breakdown.js';
import { countryClassification } from '../reference/countries.js';
import { protectTable, type CellStatus, type TableCell, type TableSum } from './engine.js';

// The tables of people a funder can reach, laid out for the engine. A dimension is additive when
// each person has exactly one value of it (country, region, income group, sector, gender): its
// groups add up to the whole, which every other page publishes. Countries also add up to regions
// and income groups, which the region and income-group tables publish, so all three are protected
// as one table of countries with both subtotals: the region table shows exactly what the country
// table's protection decided for regions, and neither can be subtracted from the other.
//
// A cross-tabulation's margins are the one-way tables of its dimensions: they are protected first,
// as their own pages protect them, and the cross-tabulation keeps their pattern (a margin shown
// there is fixed here, a margin hidden there stays hidden), then protects its inner cells.

export const ADDITIVE_DIMENSIONS: ReadonlySet<BreakdownDimension> = new Set([
  'country',
  'region',
  'income_group',
  'sector',
  'gender',
]);
const GEOGRAPHY: ReadonlySet<BreakdownDimension> = new Set(['country', 'region', 'income_group']);

/** The dimension whose groups a protected table is computed from: country for the geography. */
export function dataDimension(dimension: BreakdownDimension): BreakdownDimension {
  return GEOGRAPHY.has(dimension) ? 'country' : dimension;
}

export type Key = string | null;
const keyId = (key: Key) => (key === null ? '∅' : key);

interface Node {
  id: string;
  /** A value of the dimension itself, not a subtotal. */
  leaf: boolean;
  /** Leaves with the same group are in the same subtotals (region and income group). */
  group: string;
  /** The dimension this node is a group of (region nodes of a country hierarchy: 'region'). */
  dimension: BreakdownDimension | 'total';
  key: Key;
  leaves: Key[];
}

interface Hierarchy {
  nodes: Node[];
  partitions: Array<{ parent: string; children: string[] }>;
}

/** The groups of one dimension: its values, and for an additive one its subtotals and total. */
function hierarchy(dimension: BreakdownDimension, keys: Key[]): Hierarchy {
  const leaves = [...new Set(keys)].sort((a, b) => keyId(a).localeCompare(keyId(b)));
  const classes = new Map(countryClassification().map((c) => [c.iso2, c]));
  const nodes: Node[] = leaves.map((key) => ({
    id: `${dimension}:${keyId(key)}`,
    leaf: true,
    group:
      dimension === 'country' && key !== null
        ? `${classes.get(key)?.region ?? ''}/${classes.get(key)?.incomeGroup ?? ''}`
        : dimension === 'country'
          ? '/'
          : '',
    dimension,
    key,
    leaves: [key],
  }));
  const partitions: Hierarchy['partitions'] = [];
  if (!ADDITIVE_DIMENSIONS.has(dimension)) return { nodes, partitions };
  nodes.push({ id: '*', leaf: false, group: '', dimension: 'total', key: null, leaves });
  partitions.push({ parent: '*', children: leaves.map((key) => `${dimension}:${keyId(key)}`) });
  if (dimension === 'country') {
    for (const [level, of] of [
      ['region', (iso: Key) => (iso === null ? null : (classes.get(iso)?.region ?? null))],
      [
        'income_group',
        (iso: Key) => (iso === null ? null : (classes.get(iso)?.incomeGroup ?? null)),
      ],
    ] as const) {
      const groups = new Map<string, Key[]>();
      for (const leaf of leaves) {
        const group = keyId(of(leaf));
        groups.set(group, [...(groups.get(group) ?? []), leaf]);
      }
      const ids: string[] = [];
      for (const [group, members] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
        const id = `${level}:${group}`;
        ids.push(id);
        nodes.push({
          id,
          leaf: false,
          group: '',
          dimension: level,
          key: group === '∅' ? null : group,
          leaves: members,
        });
        partitions.push({ parent: id, children: members.map((key) => `country:${keyId(key)}`) });
      }
      partitions.push({ parent: '*', children: ids });
    }
  }
  return { nodes, partitions };
}

/** The statuses of a protected table, by the groups' dimension and key. */
export interface TableProtection {
  /** A group's status; 'shown' for a group the table does not have (no one in it). */
  of(
    rowDimension: BreakdownDimension | 'total',
    rowKey: Key,
    column?: { dimension: BreakdownDimension | 'total'; key: Key },
  ): CellStatus;
  /** Cells no suppression could protect (see ProtectionResult.exposed). */
  exposed: string[];
}

const ONE_COLUMN: Hierarchy = {
  nodes: [{ id: 'all', leaf: true, group: '', dimension: 'total', key: null, leaves: [null] }],
  partitions: [],
};

function buildGrid(
  rows: Hierarchy,
  columns: Hierarchy,
  leafCount: (row: Key, column: Key) => number,
): { cells: TableCell[]; sums: TableSum[] } {
  const cells: TableCell[] = [];
  for (const r of rows.nodes) {
    for (const c of columns.nodes) {
      let count = 0;
      for (const lr of r.leaves) for (const lc of c.leaves) count += leafCount(lr, lc);
      cells.push({ id: `${r.id}|${c.id}`, count });
    }
  }
  const sums: TableSum[] = [];
  for (const p of rows.partitions) {
    for (const c of columns.nodes) {
      sums.push({ total: `${p.parent}|${c.id}`, parts: p.children.map((r) => `${r}|${c.id}`) });
    }
  }
  for (const p of columns.partitions) {
    for (const r of rows.nodes) {
      sums.push({ total: `${r.id}|${p.parent}`, parts: p.children.map((c) => `${r.id}|${c}`) });
    }
  }
  return { cells, sums };
}

/**
 * Hidden cells shown safe by a move of people between leaf cells (a value of each dimension):
 * every cell of the grid is the sum of its leaves, so any change of the leaves keeps every
 * relation, and it is a move the attacker cannot rule out when every cell it changes is hidden
 * and stays within what the attacker knows of it (small: 1 to k−1; withheld: k or more). Tried:
 * one person from one leaf to another in the same column (or row), then around a rectangle of
 * four leaves. Each move found certifies every cell it changes.
 */
function leafMoves(
  rows: Hierarchy,
  columns: Hierarchy,
  counts: ReadonlyMap<string, number>,
  k: number,
  status: ReadonlyMap<string, CellStatus>,
): Set<string> {
  const safe = new Set<string>();
  const containing = (h: Hierarchy) => {
    const of = new Map<Key, string[]>();
    for (const n of h.nodes)
      for (const leaf of n.leaves) of.set(leaf, [...(of.get(leaf) ?? []), n.id]);
    return of;
  };
  const rowNodes = containing(rows);
  const columnNodes = containing(columns);
  const rowLeaves = rows.nodes.filter((n) => n.leaf);
  const columnLeaves = columns.nodes.filter((n) => n.leaf);
  const hiddenLeaf = (r: Node, c: Node) => status.get(`${r.id}|${c.id}`) !== 'shown';
  const tryMove = (move: Array<[Node, Node, number]>): boolean => {
    const delta = new Map<string, number>();
    for (const [r, c, d] of move) {
      for (const rn of rowNodes.get(r.key)!) {
        for (const cn of columnNodes.get(c.key)!) {
          const id = `${rn}|${cn}`;
          delta.set(id, (delta.get(id) ?? 0) + d);
        }
      }
    }
    const changed = [...delta].filter(([, d]) => d !== 0);
    const fits = changed.every(([id, d]) => {
      const s = status.get(id);
      const v = counts.get(id)! + d;
      return s === 'small' ? v >= 1 && v <= k - 1 : s === 'withheld' && v >= k;
    });
    if (fits) for (const [id] of changed) safe.add(id);
    return fits;
  };
  // Two leaves of different groups move subtotals too: only worth trying when those are hidden.
  const mayPair = (
    a: Node,
    b: Node,
    h: Hierarchy,
    nodesOf: Map<Key, string[]>,
    other: string,
    rowSide: boolean,
  ) => {
    if (a.group === b.group) return true;
    const groupsOf = (n: Node) => nodesOf.get(n.key)!.filter((id) => id !== n.id && id !== '*');
    const differing = [...groupsOf(a), ...groupsOf(b)].filter(
      (id) => !(groupsOf(a).includes(id) && groupsOf(b).includes(id)),
    );
    void h;
    return differing.every(
      (id) => status.get(rowSide ? `${id}|${other}` : `${other}|${id}`) !== 'shown',
    );
  };
  const hiddenIds = [...status].filter(([, s]) => s !== 'shown').map(([id]) => id);
  const done = () => hiddenIds.every((id) => safe.has(id));
  // Pairs within a column, then within a row.
  for (const c of columnLeaves) {
    const hidden = rowLeaves.filter((r) => hiddenLeaf(r, c));
    for (const r1 of hidden) {
      if (safe.has(`${r1.id}|${c.id}`)) continue;
      for (const r2 of hidden) {
        if (r2 === r1 || !mayPair(r1, r2, rows, rowNodes, c.id, true)) continue;
        if (
          tryMove([
            [r1, c, 1],
            [r2, c, -1],
          ]) ||
          tryMove([
            [r1, c, -1],
            [r2, c, 1],
          ])
        )
          break;
      }
    }
  }
  for (const r of rowLeaves) {
    const hidden = columnLeaves.filter((c) => hiddenLeaf(r, c));
    for (const c1 of hidden) {
      if (safe.has(`${r.id}|${c1.id}`)) continue;
      for (const c2 of hidden) {
        if (c2 === c1 || !mayPair(c1, c2, columns, columnNodes, r.id, false)) continue;
        if (
          tryMove([
            [r, c1, 1],
            [r, c2, -1],
          ]) ||
          tryMove([
            [r, c1, -1],
            [r, c2, 1],
          ])
        )
          break;
      }
    }
  }
  if (done() || columnLeaves.length < 2) return safe;
  for (const r1 of rowLeaves) {
    const hidden1 = columnLeaves.filter((c) => hiddenLeaf(r1, c));
    for (const c1 of hidden1) {
      if (safe.has(`${r1.id}|${c1.id}`)) continue;
      search: for (const r2 of rowLeaves) {
        if (r2 === r1 || !hiddenLeaf(r2, c1)) continue;
        for (const c2 of hidden1) {
          if (c2 === c1 || !hiddenLeaf(r2, c2)) continue;
          for (const s of [1, -1]) {
            if (
              tryMove([
                [r1, c1, s],
                [r2, c2, s],
                [r1, c2, -s],
                [r2, c1, -s],
              ])
            )
              break search;
          }
        }
      }
    }
  }
  return safe;
}

function lookup(status: Map<string, CellStatus>, exposed: string[]): TableProtection {
  return {
    of(rowDimension, rowKey, column) {
      const rowId = rowDimension === 'total' ? '*' : `${rowDimension}:${keyId(rowKey)}`;
      const columnId = column
        ? column.dimension === 'total'
          ? '*'
          : `${column.dimension}:${keyId(column.key)}`
        : 'all';
      return status.get(`${rowId}|${columnId}`) ?? 'shown';
    },
    exposed,
  };
}

/**
 * A one-way table of people: `counts` by value of `dimension` (at its data level: countries for
 * region and income group). The whole is fixed: the overview publishes it.
 */
export function protectOneWay(
  dimension: BreakdownDimension,
  counts: ReadonlyArray<{ key: Key; count: number }>,
  k: number,
): TableProtection {
  const byKey = new Map(counts.map((c) => [c.key, c.count]));
  const rows = hierarchy(dimension, [...byKey.keys()]);
  const { cells, sums } = buildGrid(rows, ONE_COLUMN, (row) => byKey.get(row) ?? 0);
  for (const cell of cells) if (cell.id === '*|all') cell.fixed = true;
  const cellCounts = new Map(cells.map((c) => [c.id, c.count]));
  const result = protectTable(cells, sums, k, {
    certify: (status) => leafMoves(rows, ONE_COLUMN, cellCounts, k, status),
  });
  return lookup(result.status, result.exposed);
}

/** A one-way table's statuses by key: the margin of a cross-tabulation along one dimension. */
export type MarginStatus = (key: Key) => CellStatus;

/**
 * A cross-tabulation of people, rows and columns in either order: the table is always built the
 * same way round, so asking for region × sector and sector × region cannot give two patterns to
 * compare; `of` takes the dimensions as asked. Countries are refused: a country × sector table
 * with its region and income-group subtotals is too big for the audit to answer in a request
 * (funders get fixed granularities: regions and income groups). A region or income-group margin
 * must be given (`margins`), read from the protection of the country table, which decides it.
 */
export function protectTwoWay(
  rowDimension: BreakdownDimension,
  columnDimension: BreakdownDimension,
  cells: ReadonlyArray<{ row: Key; column: Key; count: number }>,
  k: number,
  margins: { rows?: MarginStatus; columns?: MarginStatus } = {},
): TableProtection {
  if (rowDimension === 'country' || columnDimension === 'country') {
    throw new RangeError(
      'Countries cannot be cross-tabulated with small cells withheld; use region or income group.',
    );
  }
  if (GEOGRAPHY.has(rowDimension) && GEOGRAPHY.has(columnDimension)) {
    throw new RangeError(
      'Two geography dimensions cannot be cross-tabulated with small cells withheld.',
    );
  }
  const swap = rowDimension > columnDimension;
  const [a, b] = swap ? [columnDimension, rowDimension] : [rowDimension, columnDimension];
  const [marginA, marginB] = swap
    ? [margins.columns, margins.rows]
    : [margins.rows, margins.columns];
  const oriented = cells.map((c) =>
    swap ? { a: c.column, b: c.row, count: c.count } : { a: c.row, b: c.column, count: c.count },
  );
  const leaf = new Map<string, number>();
  for (const c of oriented) {
    const id = `${keyId(c.a)}|${keyId(c.b)}`;
    leaf.set(id, (leaf.get(id) ?? 0) + c.count);
  }
  const rows = hierarchy(
    a,
    oriented.map((c) => c.a),
  );
  const columns = hierarchy(
    b,
    oriented.map((c) => c.b),
  );
  const grid = buildGrid(rows, columns, (r, c) => leaf.get(`${keyId(r)}|${keyId(c)}`) ?? 0);

  // The margins as their own one-way tables protect them.
  const margin = (
    dimension: BreakdownDimension,
    given: MarginStatus | undefined,
    pick: (c: (typeof oriented)[number]) => Key,
  ): MarginStatus => {
    if (given) return given;
    if (GEOGRAPHY.has(dimension)) {
      throw new RangeError(`The ${dimension} margin comes from the country table: pass it.`);
    }
    const sums = new Map<Key, number>();
    for (const c of oriented) sums.set(pick(c), (sums.get(pick(c)) ?? 0) + c.count);
    const own = protectOneWay(
      dimension,
      [...sums].map(([key, count]) => ({ key, count })),
      k,
    );
    return (key) => own.of(dimension, key);
  };
  const byId = new Map(grid.cells.map((c) => [c.id, c]));
  const keep = (id: string, status: CellStatus) => {
    const cell = byId.get(id)!;
    if (status === 'shown') cell.fixed = true;
    else cell.preset = status;
  };
  const grand = grid.cells.find((c) => c.id === '*|*');
  const grandStatus = grand && grand.count > 0 && grand.count < k ? 'small' : 'shown';
  // A row's total over the columns exists only when the columns add up (and the same for columns).
  if (columns.nodes.some((n) => n.id === '*')) {
    const of = margin(a, marginA, (c) => c.a);
    for (const r of rows.nodes) keep(`${r.id}|*`, r.id === '*' ? grandStatus : of(r.key));
  }
  if (rows.nodes.some((n) => n.id === '*')) {
    const of = margin(b, marginB, (c) => c.b);
    for (const c of columns.nodes) keep(`*|${c.id}`, c.id === '*' ? grandStatus : of(c.key));
  }
  const counts = new Map(grid.cells.map((c) => [c.id, c.count]));
  const result = protectTable(grid.cells, grid.sums, k, {
    certify: (status) => leafMoves(rows, columns, counts, k, status),
  });
  const inner = lookup(result.status, result.exposed);
  return {
    of(rowDim, rowKey, column) {
      if (!column) throw new RangeError('A cross-tabulation cell needs its column.');
      return swap
        ? inner.of(column.dimension, column.key, { dimension: rowDim, key: rowKey })
        : inner.of(rowDim, rowKey, column);
    },
    exposed: result.exposed,
  };
}
