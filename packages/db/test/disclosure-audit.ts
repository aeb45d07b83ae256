import type { CellStatus, TableCell, TableSum } from '../src/disclosure/engine.js';

/**
 * An auditor that shares nothing with the engine: it searches integer assignments of the hidden
 * cells that agree with the shown cells, the sums and what the display says (small: 1 to k−1;
 * withheld: k up to `ceiling`, which keeps the search finite where nothing shown bounds a cell).
 *
 * For each hidden cell it returns the values it has seen in a full assignment: those of the first
 * assignment found (the true table, when that agrees with the display), then, for each cell seen
 * with one value only, one other value if any full assignment has one. So a cell's set has two or
 * more values exactly when its value cannot be worked back, and one when it can.
 *
 * The search is a small constraint solver: each sum narrows the range of its cells from the
 * ranges of the others until nothing changes, then it tries the cell with the fewest values left,
 * nearest its true value first. Listing every assignment instead, as this auditor once did, takes
 * minutes for a 3 × 3 table with its margins and grand total withheld (tens of millions of them).
 */
export function provenValues(
  cells: readonly TableCell[],
  sums: readonly TableSum[],
  status: Map<string, CellStatus>,
  k: number,
  ceiling: number,
): Map<string, Set<number>> {
  const counts = new Map(cells.map((c) => [c.id, c.count]));
  const hidden = cells.map((c) => c.id).filter((id) => status.get(id) !== 'shown');
  type Ranges = Map<string, [number, number]>;
  const start: Ranges = new Map(
    cells.map((c): [string, [number, number]] => {
      const s = status.get(c.id);
      if (s === 'small') return [c.id, [1, k - 1]];
      if (s === 'withheld') return [c.id, [k, ceiling]];
      return [c.id, [c.count, c.count]];
    }),
  );
  // Each sum as terms (cell, coefficient) whose total is zero: parts +1, the total −1.
  const lines = sums.map((sum) => [
    ...sum.parts.map((p): [string, number] => [p, 1]),
    [sum.total, -1] as [string, number],
  ]);

  /** Narrows `ranges` in place until every sum agrees with them; false when one cannot. */
  const narrow = (ranges: Ranges): boolean => {
    for (let changed = true; changed;) {
      changed = false;
      for (const line of lines) {
        let lo = 0;
        let hi = 0;
        for (const [id, c] of line) {
          const [a, b] = ranges.get(id)!;
          lo += c > 0 ? a : -b;
          hi += c > 0 ? b : -a;
        }
        if (lo > 0 || hi < 0) return false;
        for (const [id, c] of line) {
          const [a, b] = ranges.get(id)!;
          // The other terms lie in [lo − own lo, hi − own hi]; this one must cancel them.
          const termLo = -(hi - (c > 0 ? b : -a));
          const termHi = -(lo - (c > 0 ? a : -b));
          const na = Math.max(a, c > 0 ? termLo : -termHi);
          const nb = Math.min(b, c > 0 ? termHi : -termLo);
          if (na > nb) return false;
          if (na !== a || nb !== b) {
            ranges.set(id, [na, nb]);
            changed = true;
          }
        }
      }
    }
    return true;
  };

  /** The first full assignment within `ranges`, or null if there is none. */
  const search = (ranges: Ranges): Map<string, number> | null => {
    if (!narrow(ranges)) return null;
    let pick: string | null = null;
    for (const id of hidden) {
      const [a, b] = ranges.get(id)!;
      if (a < b && (pick === null || b - a < ranges.get(pick)![1] - ranges.get(pick)![0])) {
        pick = id;
      }
    }
    if (pick === null) return new Map(hidden.map((id) => [id, ranges.get(id)![0]]));
    const [a, b] = ranges.get(pick)!;
    const truth = counts.get(pick)!;
    const options = Array.from({ length: b - a + 1 }, (_, j) => a + j).sort(
      (x, y) => Math.abs(x - truth) - Math.abs(y - truth) || x - y,
    );
    for (const v of options) {
      const found = search(new Map(ranges).set(pick, [v, v]));
      if (found) return found;
    }
    return null;
  };

  const first = search(new Map(start));
  if (!first)
    throw new Error('no assignment agrees with the shown cells, the sums and the display');
  const values = new Map(hidden.map((id) => [id, new Set([first.get(id)!])]));
  for (const id of hidden) {
    if (values.get(id)!.size > 1) continue;
    const seen = first.get(id)!;
    const [lo, hi] = start.get(id)!;
    const others = Array.from({ length: hi - lo + 1 }, (_, j) => lo + j)
      .filter((v) => v !== seen)
      .sort((x, y) => Math.abs(x - seen) - Math.abs(y - seen) || x - y);
    for (const v of others) {
      const witness = search(new Map(start).set(id, [v, v]));
      if (witness) {
        for (const [other, value] of witness) values.get(other)!.add(value);
        break;
      }
    }
  }
  return values;
}
