import type { CellStatus, TableCell, TableSum } from '../src/disclosure/engine.js';

/**
 * An auditor that shares nothing with the engine: it enumerates every integer assignment of the
 * hidden cells that agrees with the shown cells, the sums and what the display says (small: 1 to
 * k−1; withheld: at least k), and collects each hidden cell's possible values. Withheld cells are
 * bounded by the largest total they are part of, found by walking the sums from shown totals, so
 * the search is finite; cells bounded by nothing shown are given up to `ceiling`.
 */
export function bruteForceValues(
  cells: readonly TableCell[],
  sums: readonly TableSum[],
  status: Map<string, CellStatus>,
  k: number,
  ceiling: number,
): Map<string, Set<number>> {
  const counts = new Map(cells.map((c) => [c.id, c.count]));
  const hidden = cells.map((c) => c.id).filter((id) => status.get(id) !== 'shown');
  const range = (id: string): [number, number] =>
    status.get(id) === 'small' ? [1, k - 1] : [k, ceiling];
  const values = new Map(hidden.map((id) => [id, new Set<number>()]));
  const assigned = new Map<string, number>();
  for (const [id, count] of counts) if (status.get(id) === 'shown') assigned.set(id, count);

  // A sum is checked once all its cells have a value, and fixes its last cell outright: the
  // search only branches where the sums leave a choice.
  const position = new Map(hidden.map((id, i) => [id, i]));
  const lastOf = (sum: TableSum) =>
    Math.max(-1, ...[sum.total, ...sum.parts].map((id) => position.get(id) ?? -1));
  const closing = new Map<number, TableSum[]>();
  for (const sum of sums) closing.set(lastOf(sum), [...(closing.get(lastOf(sum)) ?? []), sum]);
  const gap = (sum: TableSum) =>
    (assigned.get(sum.total) ?? 0) - sum.parts.reduce((s, p) => s + (assigned.get(p) ?? 0), 0);
  if ((closing.get(-1) ?? []).some((sum) => gap(sum) !== 0)) {
    throw new Error('the shown cells break a sum');
  }

  // Prunes early: parts already given, plus the least the others can be, must fit in a known total.
  const sumsOf = new Map<string, TableSum[]>();
  for (const sum of sums) {
    for (const id of [sum.total, ...sum.parts]) sumsOf.set(id, [...(sumsOf.get(id) ?? []), sum]);
  }
  const roomLeft = (sum: TableSum) => {
    const total = assigned.get(sum.total);
    if (total === undefined) return true;
    const least = sum.parts.reduce((s, p) => s + (assigned.get(p) ?? range(p)[0]), 0);
    return least <= total;
  };

  const walk = (i: number): void => {
    if (i === hidden.length) {
      for (const id of hidden) values.get(id)!.add(assigned.get(id)!);
      return;
    }
    const id = hidden[i]!;
    const [lo, hi] = range(id);
    const closes = closing.get(i) ?? [];
    let options: number[];
    if (closes.length > 0) {
      // The first sum it closes fixes it; the others must agree.
      const sum = closes[0]!;
      const v = sum.total === id ? -gap(sum) : gap(sum);
      options = v >= lo && v <= hi ? [v] : [];
    } else {
      options = Array.from({ length: hi - lo + 1 }, (_, j) => lo + j);
    }
    const containing = sumsOf.get(id) ?? [];
    for (const v of options) {
      assigned.set(id, v);
      if (closes.every((sum) => gap(sum) === 0) && containing.every(roomLeft)) walk(i + 1);
    }
    assigned.delete(id);
  };
  walk(0);
  return values;
}
