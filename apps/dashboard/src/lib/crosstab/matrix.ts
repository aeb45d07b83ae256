import type { CrossTabCell } from '$lib/api/breakdown';
import { hiddenMark } from '$lib/hidden';
import type { CrossMeasure } from './api';

/** A dimension value as the API gives it; null is "not known" (no topic, no country…). */
export type Key = string | null;

/** One row or column of a cross-tabulation, labelled for the reader. */
export interface Axis {
  key: Key;
  label: string;
  /** The row's (or column's) own figure from a breakdown, each person counted once. */
  total?: number;
  /** Instead of `total`: its mark ("<5", "—") when it is hidden from a funder or share link. */
  totalMark?: string;
}

export interface Matrix {
  rows: Axis[];
  columns: Axis[];
  /** `values[row][column]`; 0 where the API has no cell (nobody in that pair) or hid it. */
  values: number[][];
  /**
   * `marks[row][column]`: "<k" or "—" where the API hid the cell from a funder or share link
   * (its value is then 0, so it is neither shaded nor taken as the largest); else undefined.
   */
  marks?: (string | undefined)[][];
}

const pairKey = (row: Key, column: Key) => JSON.stringify([row, column]);

/**
 * The keys on one side of the cells, in `preferred` order first (e.g. a breakdown's ranking),
 * then any other key in the API's order, so a cell is never dropped for want of a ranking.
 */
export function axisKeys(cells: CrossTabCell[], side: 'row' | 'column', preferred: Key[] = []) {
  const keys = new Set<Key>(preferred);
  for (const cell of cells) keys.add(cell[side]);
  return [...keys];
}

/** The cells laid out on the given rows and columns; pairs outside them are left out. */
export function toMatrix(
  cells: CrossTabCell[],
  measure: CrossMeasure,
  rows: Axis[],
  columns: Axis[],
  minCellSize?: number,
): Matrix {
  const byPair = new Map(cells.map((cell) => [pairKey(cell.row, cell.column), cell]));
  const at = (row: Axis, column: Axis) => byPair.get(pairKey(row.key, column.key));
  const matrix: Matrix = {
    rows,
    columns,
    values: rows.map((row) => columns.map((column) => at(row, column)?.[measure] ?? 0)),
  };
  if (cells.some((cell) => cell.suppressed)) {
    matrix.marks = rows.map((row) =>
      columns.map((column) => {
        const cell = at(row, column);
        return cell?.suppressed ? hiddenMark(cell.suppressed, minCellSize) : undefined;
      }),
    );
  }
  return matrix;
}

export interface LargestCell {
  row: number;
  column: number;
  value: number;
}

/** The largest cell (the first one in reading order on a tie); none if every cell is 0. */
export function largestCell(values: number[][]): LargestCell | undefined {
  let best: LargestCell | undefined;
  values.forEach((line, row) =>
    line.forEach((value, column) => {
      if (value > 0 && (!best || value > best.value)) best = { row, column, value };
    }),
  );
  return best;
}

// From near-white to a mid blue light enough that the page's dark text keeps at least 5:1
// contrast on every shade, so the numbers stay readable and no cell needs white text.
const LIGHT = [247, 250, 253] as const;
const DARK = [110, 160, 215] as const;

/** The background of a heat-table cell: linear in value ÷ max, so shades compare honestly. */
export function heatColour(value: number, max: number): string {
  const t = max > 0 ? Math.min(1, Math.max(0, value / max)) : 0;
  const [r, g, b] = LIGHT.map((light, i) => Math.round(light + (DARK[i]! - light) * t));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Both ends of the heat scale, for a legend. */
export const heatScale = { from: heatColour(0, 1), to: heatColour(1, 1) };

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;

/**
 * Every period from the first to the last of `keys` ('2014' or '2014-Q3', as the API's year and
 * quarter dimensions give them), so a chart's time axis has no silent holes. Keys that are not
 * periods are left out.
 */
export function periodRange(keys: Key[]): string[] {
  const years = keys.flatMap((key) => (key && YEAR.test(key) ? [Number(key)] : []));
  if (years.length > 0) {
    const out: string[] = [];
    for (let year = Math.min(...years); year <= Math.max(...years); year++) out.push(String(year));
    return out;
  }
  const quarters = keys.flatMap((key) => {
    const match = key ? QUARTER.exec(key) : null;
    return match ? [Number(match[1]) * 4 + Number(match[2]) - 1] : [];
  });
  if (quarters.length === 0) return [];
  const out: string[] = [];
  for (let q = Math.min(...quarters); q <= Math.max(...quarters); q++) {
    out.push(`${Math.floor(q / 4)}-Q${(q % 4) + 1}`);
  }
  return out;
}

/** A period key split into year and quarter (quarter undefined for a year). */
export function parsePeriod(key: string): { year: number; quarter?: number } | undefined {
  const year = YEAR.exec(key);
  if (year) return { year: Number(year[1]) };
  const quarter = QUARTER.exec(key);
  return quarter ? { year: Number(quarter[1]), quarter: Number(quarter[2]) } : undefined;
}

/**
 * A long chart label broken into lines of about `width` characters at spaces (Chart.js draws
 * an array as several lines), so topic names fit beside a bar on a phone.
 */
export function wrapLabel(text: string, width = 24): string | string[] {
  if (text.length <= width) return text;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
