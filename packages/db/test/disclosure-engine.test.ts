import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  auditRanges,
  findDetermined,
  protectTable,
  type TableCell,
  type TableSum,
} from '../src/disclosure/engine.js';
import { provenValues } from './disclosure-audit.js';

const row = (counts: number[], options: { fixedTotal?: boolean } = {}) => {
  const cells: TableCell[] = counts.map((count, i) => ({ id: `c${i}`, count }));
  cells.push({
    id: 'total',
    count: counts.reduce((a, b) => a + b, 0),
    fixed: options.fixedTotal ?? false,
  });
  const sums: TableSum[] = [{ total: 'total', parts: counts.map((_, i) => `c${i}`) }];
  return { cells, sums };
};

const statuses = (result: ReturnType<typeof protectTable>) => Object.fromEntries(result.status);

describe('protectTable: examples', () => {
  it('withholds a second cell when one cell of a row is small', () => {
    const { cells, sums } = row([12, 3, 40, 25], { fixedTotal: true });
    const result = protectTable(cells, sums, 5);
    expect(statuses(result)).toEqual({
      c0: 'withheld', // the smallest cell that is not small itself
      c1: 'small',
      c2: 'shown',
      c3: 'shown',
      total: 'shown',
    });
    expect(result.exposed).toEqual([]);
    const range = auditRanges(cells, sums, result.status, 5).get('c1')!;
    expect(range).toEqual({ min: 1, max: 4 });
  });

  it('leaves two cells of 1 unrecoverable: a third cell is withheld, since 1 + 1 would be forced', () => {
    // Two hidden cells that sum to 2 can only be 1 and 1: the attacker knows small cells are ≥ 1.
    const { cells, sums } = row([1, 1, 30, 9], { fixedTotal: true });
    const result = protectTable(cells, sums, 5);
    expect(statuses(result)).toMatchObject({
      c0: 'small',
      c1: 'small',
      c3: 'withheld',
      c2: 'shown',
    });
    expect(result.exposed).toEqual([]);
    const ranges = auditRanges(cells, sums, result.status, 5);
    expect(ranges.get('c0')).toEqual({ min: 1, max: 4 });
    expect(ranges.get('c1')).toEqual({ min: 1, max: 4 });
    expect(findDetermined(cells, sums, result.status, 5)).toEqual([]);
  });

  it('takes k from the caller', () => {
    const { cells, sums } = row([7, 12, 40]);
    expect(statuses(protectTable(cells, sums, 5))).toMatchObject({ c0: 'shown', c1: 'shown' });
    const at10 = protectTable(cells, sums, 10);
    expect(statuses(at10)).toMatchObject({
      c0: 'small',
      c1: 'withheld',
      c2: 'shown',
      total: 'shown',
    });
    expect(() => protectTable(cells, sums, 2)).toThrow(/at least 3/);
  });

  it('never withholds a zero, and shows a table without small cells as it is', () => {
    const { cells, sums } = row([0, 3, 0, 0, 8, 20]);
    const result = protectTable(cells, sums, 5);
    expect(result.status.get('c0')).toBe('shown');
    expect(result.status.get('c2')).toBe('shown');
    expect(result.status.get('c4')).toBe('withheld');
    const clean = row([5, 6, 7]);
    expect([...protectTable(clean.cells, clean.sums, 5).status.values()]).toEqual(
      Array(4).fill('shown'),
    );
  });

  it('withholds the total when the row alone cannot hide its small cells', () => {
    // 1 + 1 + a withheld cell (≥ 5) under a total of 7 forces 1, 1, 5: the total must go too.
    const { cells, sums } = row([1, 1, 5]);
    const result = protectTable(cells, sums, 5);
    expect(statuses(result)).toEqual({
      c0: 'small',
      c1: 'small',
      c2: 'withheld',
      total: 'withheld',
    });
    expect(result.exposed).toEqual([]);
    // With the total published elsewhere, nothing can protect them, and the engine says so.
    const fixed = row([1, 1, 5], { fixedTotal: true });
    expect(protectTable(fixed.cells, fixed.sums, 5).exposed).toEqual(['c0', 'c1', 'c2']);
  });

  it('refuses a total that is not the sum of its parts, naming it', () => {
    expect(() =>
      protectTable(
        [
          { id: 'a', count: 2 },
          { id: 'b', count: 9 },
          { id: 't', count: 10 },
        ],
        [{ total: 't', parts: ['a', 'b'] }],
        5,
      ),
    ).toThrow(/Cell t \(10\) is not the sum of its parts \(11\)/);
    expect(() => protectTable([{ id: 'a', count: -1 }], [], 5)).toThrow(/Cell a: .*-1/);
  });

  it('protects a 2-D table with margins: every line holding a small cell holds two hidden ones', () => {
    const interior = [
      [20, 2, 15],
      [30, 25, 18],
      [12, 40, 3],
    ];
    const { cells, sums } = grid(interior);
    const result = protectTable(cells, sums, 5);
    expect(result.exposed).toEqual([]);
    expect(findDetermined(cells, sums, result.status, 5)).toEqual([]);
    const values = provenValues(cells, sums, result.status, 5, 300);
    for (const [id, seen] of values) expect(seen.size, id).toBeGreaterThan(1);
  });
});

/** Interior cells r{i}c{j}, row totals r{i}, column totals c{j}, grand total g. */
function grid(interior: number[][], fixedGrand = false) {
  const cells: TableCell[] = [];
  const sums: TableSum[] = [];
  const width = interior[0]!.length;
  interior.forEach((line, i) => {
    line.forEach((count, j) => cells.push({ id: `r${i}c${j}`, count }));
    cells.push({ id: `r${i}`, count: line.reduce((a, b) => a + b, 0) });
    sums.push({ total: `r${i}`, parts: line.map((_, j) => `r${i}c${j}`) });
  });
  for (let j = 0; j < width; j++) {
    cells.push({ id: `c${j}`, count: interior.reduce((a, line) => a + line[j]!, 0) });
    sums.push({ total: `c${j}`, parts: interior.map((_, i) => `r${i}c${j}`) });
  }
  const grand = interior.flat().reduce((a, b) => a + b, 0);
  cells.push({ id: 'g', count: grand, fixed: fixedGrand });
  sums.push({ total: 'g', parts: interior.map((_, i) => `r${i}`) });
  sums.push({ total: 'g', parts: Array.from({ length: width }, (_, j) => `c${j}`) });
  return { cells, sums };
}

/** Countries with their region and income group, and the subtotals of each. */
function countries(table: Array<{ count: number; region: number; income: number }>) {
  const cells: TableCell[] = table.map((c, i) => ({ id: `country${i}`, count: c.count }));
  const sums: TableSum[] = [];
  const groupSums = (kind: 'region' | 'income') => {
    const groups = [...new Set(table.map((c) => c[kind]))].sort();
    for (const g of groups) {
      const parts = table.flatMap((c, i) => (c[kind] === g ? [`country${i}`] : []));
      const count = table.reduce((a, c) => a + (c[kind] === g ? c.count : 0), 0);
      cells.push({ id: `${kind}${g}`, count });
      sums.push({ total: `${kind}${g}`, parts });
    }
    sums.push({ total: 'world', parts: groups.map((g) => `${kind}${g}`) });
  };
  groupSums('region');
  groupSums('income');
  cells.push({ id: 'world', count: table.reduce((a, c) => a + c.count, 0), fixed: true });
  sums.push({ total: 'world', parts: table.map((_, i) => `country${i}`) });
  return { cells, sums };
}

/**
 * What must hold of any protected table: primaries hidden as small, zeros shown, complements at
 * least k, and every hidden cell the engine does not report as exposed admits two values or more
 * by an independent search; a cell it reports exposed really has one.
 */
function checkProtected(cells: TableCell[], sums: TableSum[], k: number) {
  const result = protectTable(cells, sums, k);
  for (const cell of cells) {
    const s = result.status.get(cell.id);
    if (cell.count >= 1 && cell.count < k) expect(s, cell.id).toBe('small');
    if (s === 'withheld') expect(cell.count, cell.id).toBeGreaterThanOrEqual(k);
    if (cell.count === 0) expect(s, cell.id).toBe('shown');
  }
  const ceiling = Math.max(...cells.map((c) => c.count)) + k;
  const values = provenValues(cells, sums, result.status, k, ceiling);
  for (const cell of cells) {
    const seen = values.get(cell.id);
    if (!seen) continue;
    expect(seen.has(cell.count), cell.id).toBe(true);
    if (result.exposed.includes(cell.id)) expect(seen.size, cell.id).toBe(1);
    else expect(seen.size, `${cell.id} of ${JSON.stringify(cells)}`).toBeGreaterThan(1);
  }
  return result;
}

const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 14 }));

describe('protectTable: properties, checked by an independent search', () => {
  it('1-D tables: no hidden value can be worked back from the total', () => {
    fc.assert(
      fc.property(
        fc.array(count, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 3, max: 6 }),
        (counts, k) => {
          const { cells, sums } = row(counts);
          const exposed = checkProtected(cells, sums, k).exposed.length > 0;
          // The one table no suppression can protect: a small total over k−1 or more people
          // in as many cells, which can only be one person each.
          const total = counts.reduce((a, b) => a + b, 0);
          const nonZero = counts.filter((c) => c > 0).length;
          expect(exposed).toBe(total < k && nonZero >= 2 && nonZero >= k - 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('2-D tables with row, column and grand totals', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }).chain((width) =>
          fc.array(fc.array(count, { minLength: width, maxLength: width }), {
            minLength: 2,
            maxLength: 3,
          }),
        ),
        fc.constantFrom(4, 5),
        (interior, k) => {
          const { cells, sums } = grid(interior);
          checkProtected(cells, sums, k);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('countries with region and income-group subtotals under a published world total', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            count,
            region: fc.integer({ min: 0, max: 2 }),
            income: fc.integer({ min: 0, max: 1 }),
          }),
          { minLength: 2, maxLength: 6 },
        ),
        (table) => {
          const { cells, sums } = countries(table);
          checkProtected(cells, sums, 5);
        },
      ),
      { numRuns: 150 },
    );
  });
});
