import { solve, type Coefficients, type Constraint } from 'yalps';

// Small-cell protection for tables of counts of people, whatever their shape: a table is a set of
// cells (a count each) and of published relations "this cell is the sum of those cells" (a row
// total, a column total, the grand total, a region over its countries). A total is a cell like any
// other, so a small region total is protected the same way as a small country, and a total can be
// withheld when that is the only way to protect what it sums.
//
// Primary suppression: a count of 1 to k−1 people is shown as "<k" (status 'small').
// Complementary suppression: further cells are withheld (status 'withheld', shown "—") until an
// audit finds no hidden cell whose value can be worked back. The attacker of the audit knows
// every shown cell, every relation, that a small cell lies in [1, k−1] and that a withheld cell is
// at least k (complements are never small and never zero: hiding a zero tells nothing, and a
// known zero would be the first thing an attacker fills in).

export type CellStatus = 'shown' | 'small' | 'withheld';

export interface TableCell {
  id: string;
  /** People in the cell (a non-negative integer). */
  count: number;
  /**
   * Published elsewhere as it is (the grand total the overview shows, a margin another table has
   * already protected): never chosen as a complement. Still shown "<k" when small.
   */
  fixed?: boolean;
  /** Already hidden by another table's protection: kept hidden with that status. */
  preset?: 'small' | 'withheld';
}

/** The cell `total` is published as the sum of the cells `parts`. */
export interface TableSum {
  total: string;
  parts: readonly string[];
}

export interface ProtectionResult {
  status: Map<string, CellStatus>;
  /**
   * Hidden cells that stay determined after every possible complement was withheld (a row of
   * small cells under a fixed total, e.g. 1 + 1 + a complement of k = 2 + k): empty unless the
   * table cannot be protected under this attacker model. Callers report it.
   */
  exposed: string[];
}

interface Problem {
  counts: Map<string, number>;
  /** Every relation as a list of (cell, coefficient): total with −1, parts with +1; sums to 0. */
  lines: Array<Array<[string, number]>>;
  linesOf: Map<string, number[]>;
}

function problemOf(cells: readonly TableCell[], sums: readonly TableSum[]): Problem {
  const counts = new Map<string, number>();
  for (const cell of cells) {
    if (!Number.isInteger(cell.count) || cell.count < 0) {
      throw new RangeError(
        `Cell ${cell.id}: a count must be a non-negative integer, not ${cell.count}.`,
      );
    }
    if (counts.has(cell.id)) throw new RangeError(`Cell ${cell.id} is given twice.`);
    counts.set(cell.id, cell.count);
  }
  const lines: Problem['lines'] = [];
  const linesOf = new Map<string, number[]>();
  for (const sum of sums) {
    const line: Array<[string, number]> = [
      [sum.total, -1],
      ...sum.parts.map((p): [string, number] => [p, 1]),
    ];
    let balance = 0;
    for (const [id, coefficient] of line) {
      const count = counts.get(id);
      if (count === undefined)
        throw new RangeError(`The sum of ${sum.total} names an unknown cell ${id}.`);
      balance += coefficient * count;
    }
    if (balance !== 0) {
      throw new RangeError(
        `Cell ${sum.total} (${counts.get(sum.total)}) is not the sum of its parts (${counts.get(sum.total)! + balance}).`,
      );
    }
    for (const [id] of line) {
      const of = linesOf.get(id) ?? [];
      if (of.at(-1) !== lines.length) of.push(lines.length);
      linesOf.set(id, of);
    }
    lines.push(line);
  }
  return { counts, lines, linesOf };
}

export function checkMinCellSize(k: number): void {
  // With k = 2, "<2" can only mean 1: a small cell would show its value.
  if (!Number.isInteger(k) || k < 3) {
    throw new RangeError(`The minimum cell size must be an integer of at least 3, not ${k}.`);
  }
}

/** What the attacker knows of a hidden cell. */
function bounds(status: CellStatus, k: number): { min: number; max?: number } {
  return status === 'small' ? { min: 1, max: k - 1 } : { min: k };
}

/**
 * The LP model of what an attacker knows: one variable per hidden cell of the given lines, its
 * bounds, and each line with its shown cells moved to the right-hand side.
 */
function attackerModel(
  problem: Problem,
  status: Map<string, CellStatus>,
  k: number,
  lineIds: Iterable<number>,
  free?: ReadonlySet<string>,
): { variables: Map<string, Array<[string, number]>>; constraints: Map<string, Constraint> } {
  const variables = new Map<string, Array<[string, number]>>();
  const constraints = new Map<string, Constraint>();
  for (const l of lineIds) {
    const line = problem.lines[l]!;
    let rhs = 0;
    for (const [id, coefficient] of line) {
      // Outside `free`, a hidden cell is held at its true value: a narrower problem than the
      // attacker's, so a move found in it is a move the attacker cannot rule out.
      if (status.get(id) === 'shown' || (free && !free.has(id))) {
        rhs -= coefficient * problem.counts.get(id)!;
      } else {
        if (!variables.has(id)) {
          variables.set(id, [[`b:${id}`, 1]]);
          constraints.set(`b:${id}`, bounds(status.get(id)!, k));
        }
        variables.get(id)!.push([`l:${l}`, coefficient]);
      }
    }
    constraints.set(`l:${l}`, { equal: rhs });
  }
  return { variables, constraints };
}

/** The hidden cells joined by relations into groups that can be audited apart. */
function hiddenComponents(problem: Problem, status: Map<string, CellStatus>): string[][] {
  const seen = new Set<string>();
  const components: string[][] = [];
  for (const [id, s] of status) {
    if (s === 'shown' || seen.has(id)) continue;
    const component: string[] = [];
    const stack = [id];
    seen.add(id);
    while (stack.length > 0) {
      const cell = stack.pop()!;
      component.push(cell);
      for (const l of problem.linesOf.get(cell) ?? []) {
        for (const [other] of problem.lines[l]!) {
          if (status.get(other) !== 'shown' && !seen.has(other)) {
            seen.add(other);
            stack.push(other);
          }
        }
      }
    }
    components.push(component);
  }
  return components;
}

const EPSILON = 1e-6;

/**
 * The cells of `cells` that no point the attacker cannot rule out moves by a whole person. Each
 * round asks the LP for a point pushing all still-undecided cells up together (then down): every
 * cell that moved by one or more admits two values; the rest are asked again until a round moves
 * none, and what is left is checked cell by cell by its minimum and maximum. An LP that gives up
 * (yalps stops at its pivot limit) moves nothing: its cells count as determined.
 */
function unmoved(
  problem: Problem,
  status: Map<string, CellStatus>,
  k: number,
  cells: ReadonlySet<string>,
  free?: ReadonlySet<string>,
): string[] {
  const lineIds = new Set<number>();
  for (const id of free ?? cells) for (const l of problem.linesOf.get(id) ?? []) lineIds.add(l);
  const model = attackerModel(problem, status, k, lineIds, free);
  const undecided = new Set(cells);
  for (const direction of ['maximize', 'minimize'] as const) {
    for (;;) {
      if (undecided.size === 0) return [];
      const variables = new Map<string, Coefficients>(model.variables);
      for (const id of undecided) variables.set(id, [...model.variables.get(id)!, ['push', 1]]);
      const solution = solve({
        direction,
        objective: 'push',
        constraints: model.constraints,
        variables,
      });
      if (solution.status !== 'optimal') break;
      const value = new Map(solution.variables);
      const moved = [...undecided].filter(
        (id) => Math.abs((value.get(id) ?? 0) - problem.counts.get(id)!) >= 1 - EPSILON,
      );
      if (moved.length === 0) break;
      for (const id of moved) undecided.delete(id);
    }
  }
  return [...undecided].filter((id) => {
    const range = cellRange(model, id);
    return range === null || Math.floor(range.max + EPSILON) - Math.ceil(range.min - EPSILON) < 1;
  });
}

/**
 * The hidden cells of one component whose value the attacker can work back (integer range of the
 * LP relaxation a single value), less those `certified` safe by the caller. First within each
 * cell's neighbourhood (the hidden cells sharing a relation with it, the rest held at their
 * values), which is small and quick; what that cannot move is asked over the whole component.
 * When an LP gives up, its cells count as determined: more is withheld, never less.
 */
function determinedIn(
  problem: Problem,
  status: Map<string, CellStatus>,
  k: number,
  component: string[],
  certified: ReadonlySet<string>,
): string[] {
  // A hidden cell in no relation is known only by its bounds, which hold at least two values.
  const undecided = component.filter(
    (id) => !certified.has(id) && (problem.linesOf.get(id) ?? []).length > 0,
  );
  if (undecided.length === 0) return [];
  const whole = new Set(component);
  const near = new Set(undecided);
  for (const id of undecided) {
    for (const l of problem.linesOf.get(id)!) {
      for (const [other] of problem.lines[l]!) if (whole.has(other)) near.add(other);
    }
  }
  const stuck =
    near.size < whole.size ? unmoved(problem, status, k, new Set(undecided), near) : undecided;
  if (stuck.length === 0) return [];
  // yalps keeps a dense tableau: past a few hundred hidden cells an LP over all of them takes
  // seconds, so a big component's stuck cells count as determined (and get a complement).
  if (near.size < whole.size && whole.size > FULL_LP_LIMIT) return stuck;
  return unmoved(problem, status, k, new Set(stuck));
}

const FULL_LP_LIMIT = 150;

/** A hidden cell's minimum and maximum over the model; null when the LP gives up. */
function cellRange(
  model: ReturnType<typeof attackerModel>,
  id: string,
): { min: number; max: number } | null {
  const extreme = (direction: 'minimize' | 'maximize') => {
    const solution = solve({
      direction,
      objective: `b:${id}`,
      constraints: model.constraints,
      variables: model.variables,
    });
    if (solution.status === 'unbounded') return direction === 'maximize' ? Infinity : -Infinity;
    if (solution.status !== 'optimal') return null;
    return solution.result;
  };
  const min = extreme('minimize');
  const max = extreme('maximize');
  return min === null || max === null ? null : { min, max };
}

/** Every hidden cell whose value an attacker can work back from the shown cells and the sums. */
export function findDetermined(
  cells: readonly TableCell[],
  sums: readonly TableSum[],
  status: Map<string, CellStatus>,
  k: number,
): string[] {
  const problem = problemOf(cells, sums);
  return hiddenComponents(problem, status).flatMap((c) =>
    determinedIn(problem, status, k, c, new Set()),
  );
}

/**
 * The attacker's range for every hidden cell: its minimum and maximum by linear programming over
 * the relations, with small cells in [1, k−1] and withheld cells at least k. Max is Infinity when
 * nothing bounds it. Two LPs per cell: for audits and tests, not for every request.
 */
export function auditRanges(
  cells: readonly TableCell[],
  sums: readonly TableSum[],
  status: Map<string, CellStatus>,
  k: number,
): Map<string, { min: number; max: number }> {
  const problem = problemOf(cells, sums);
  const ranges = new Map<string, { min: number; max: number }>();
  for (const component of hiddenComponents(problem, status)) {
    const lineIds = new Set<number>();
    for (const id of component) for (const l of problem.linesOf.get(id) ?? []) lineIds.add(l);
    const model = attackerModel(problem, status, k, lineIds);
    for (const id of component) {
      if (lineIds.size === 0 || !model.variables.has(id)) {
        const b = bounds(status.get(id)!, k);
        ranges.set(id, { min: b.min, max: b.max ?? Infinity });
      } else {
        const range = cellRange(model, id);
        if (!range) throw new Error(`The audit's LP gave up on cell ${id}.`);
        ranges.set(id, range);
      }
    }
  }
  return ranges;
}

/**
 * Primary and complementary suppression of a table. Deterministic: the same table gives the same
 * pattern, so two requests for one view cannot be told apart or differenced.
 */
export function protectTable(
  cells: readonly TableCell[],
  sums: readonly TableSum[],
  k: number,
  options: {
    /**
     * Hidden cells the caller can show to be safe from the table's shape (a rectangle of hidden
     * cells in a two-way table that can trade a person around its corners): spared the LP.
     * Must be sound: a cell named here must admit two values.
     */
    certify?: (status: ReadonlyMap<string, CellStatus>) => ReadonlySet<string>;
  } = {},
): ProtectionResult {
  checkMinCellSize(k);
  const problem = problemOf(cells, sums);
  const fixed = new Set(cells.filter((c) => c.fixed).map((c) => c.id));
  const status = new Map<string, CellStatus>();
  for (const cell of cells) {
    status.set(cell.id, cell.preset ?? (cell.count >= 1 && cell.count < k ? 'small' : 'shown'));
  }
  const candidate = (id: string) =>
    status.get(id) === 'shown' && !fixed.has(id) && problem.counts.get(id)! >= k;
  const hiddenIn = (l: number) =>
    problem.lines[l]!.filter(([id]) => status.get(id) !== 'shown').length;

  /**
   * Withholds the best complement among the given lines' shown cells: the one in most lines that
   * need one (a cell that protects two lines at once), then the smallest count, then the id.
   * Null when no line has a candidate.
   */
  const withholdOneOf = (lineIds: readonly number[], needy: Set<number>): string | null => {
    let best: { id: string; shared: number; count: number } | null = null;
    for (const l of lineIds) {
      for (const [id] of problem.lines[l]!) {
        if (!candidate(id)) continue;
        const shared = (problem.linesOf.get(id) ?? []).filter((m) => needy.has(m)).length;
        const count = problem.counts.get(id)!;
        if (
          !best ||
          shared > best.shared ||
          (shared === best.shared && (count < best.count || (count === best.count && id < best.id)))
        ) {
          best = { id, shared, count };
        }
      }
    }
    if (!best) return null;
    status.set(best.id, 'withheld');
    return best.id;
  };

  const certified = () => options.certify?.(status) ?? new Set<string>();
  const exposed = new Set<string>();
  for (;;) {
    // The cheap rule first: a relation with exactly one hidden cell gives it away by subtraction.
    for (;;) {
      const needy = new Set(problem.lines.map((_, l) => l).filter((l) => hiddenIn(l) === 1));
      if (needy.size === 0) break;
      let added = false;
      for (const l of needy) {
        if (hiddenIn(l) !== 1) continue; // a complement chosen for another line already served
        if (withholdOneOf([l], needy) !== null) added = true;
      }
      if (!added) break;
    }
    // Then the audit; each determined cell gets a complement in one of its relations.
    const safe = certified();
    const determined = hiddenComponents(problem, status)
      .flatMap((c) => determinedIn(problem, status, k, c, safe))
      .filter((id) => !exposed.has(id))
      .sort();
    if (determined.length === 0) break;
    const needy = new Set(determined.flatMap((id) => problem.linesOf.get(id) ?? []));
    let added = false;
    const served = new Set<number>();
    for (const id of determined) {
      // A complement added this round to one of its relations may be enough: audit again first.
      const lineIds = problem.linesOf.get(id) ?? [];
      if (lineIds.some((l) => served.has(l))) continue;
      const chosen = withholdOneOf(lineIds, needy);
      if (chosen !== null) {
        added = true;
        for (const l of problem.linesOf.get(chosen) ?? []) served.add(l);
      }
    }
    if (!added) {
      // Nothing left to withhold next to them: widen to every relation of the hidden cells they
      // are joined to, and when even that offers nothing, they cannot be protected.
      const component = hiddenComponents(problem, status).find((c) => c.includes(determined[0]!))!;
      const around = [...new Set(component.flatMap((id) => problem.linesOf.get(id) ?? []))];
      if (withholdOneOf(around, needy) === null) {
        for (const id of determined) exposed.add(id);
      }
    }
  }
  // A complement chosen for a later cell may have covered one given up on earlier: ask again.
  const still =
    exposed.size === 0
      ? []
      : hiddenComponents(problem, status).flatMap((c) =>
          determinedIn(problem, status, k, c, new Set()),
        );
  return { status, exposed: still.sort() };
}
