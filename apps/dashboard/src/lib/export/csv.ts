/**
 * CSV for the "download" button of every chart and table (RFC 4180: comma-separated, CRLF,
 * quotes doubled). A cell a spreadsheet would run as a formula (starting with =, +, -, @, a
 * tab or a carriage return) gets a leading apostrophe, as OWASP advises against CSV
 * injection: a participant's name or organisation is text someone else typed.
 */
export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  // Numbers are ours, not typed by anyone: a negative number stays a number.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvCell[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * A `data:` URL of the CSV, for a plain download link (works without JavaScript). It starts
 * with a byte-order mark so Excel reads accents in UTF-8.
 */
export function csvDataUrl(header: string[], rows: CsvCell[][]): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${toCsv(header, rows)}`)}`;
}

/** A file name from a title: `Participants by sector` → `participants-by-sector.csv`. */
export function csvFileName(title: string): string {
  const slug = title
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'data'}.csv`;
}
