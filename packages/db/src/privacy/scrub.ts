import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { foldKey } from '../text.js';

// Import history can hold a person's name or email outside their own rows: an error report quotes
// the cell a problem was found in, and a saved column mapping keeps a file's header row (a file
// without a header gives its first data row as the "header"). When a person is erased or
// anonymised, every text in those documents that names them is replaced by ERASED.

type Db = Kysely<Database> | Transaction<Database>;

export const ERASED = '[erased]';

/** What identifies a person in free text: their email, and their name when it is distinctive. */
export interface PersonNeedles {
  name: string | null;
  email: string | null;
}

// A short name ("Ana") is found inside unrelated words ("Panama"): below this length a text is
// erased only when it is the name itself.
const MIN_CONTAINED_NAME = 5;

export function mentions(text: string, people: readonly PersonNeedles[]): boolean {
  const lower = text.toLowerCase();
  const key = foldKey(text);
  for (const person of people) {
    const email = person.email?.trim().toLowerCase();
    if (email && lower.includes(email)) return true;
    const name = person.name ? foldKey(person.name) : '';
    if (!name) continue;
    if (key === name) return true;
    if (name.length >= MIN_CONTAINED_NAME && ` ${key} `.includes(` ${name} `)) return true;
  }
  return false;
}

/** The document with every string (value or key) that mentions one of the people replaced. */
export function scrubJson(value: unknown, people: readonly PersonNeedles[]): unknown {
  if (typeof value === 'string') return mentions(value, people) ? ERASED : value;
  if (Array.isArray(value)) return value.map((item) => scrubJson(item, people));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        mentions(k, people) ? ERASED : k,
        scrubJson(v, people),
      ]),
    );
  }
  return value;
}

const parse = (value: unknown): unknown =>
  typeof value === 'string' ? (JSON.parse(value) as unknown) : value;

/**
 * Replaces the people's names and emails in import error reports, import options and saved column
 * mappings. Returns how many documents changed. Import history is small (one row per file), so it
 * is read whole rather than searched with SQL patterns a name could upset.
 */
export async function scrubImportHistory(
  db: Db,
  people: readonly PersonNeedles[],
): Promise<{ importReports: number; columnMappings: number }> {
  const useful = people.filter((p) => p.email || p.name);
  if (useful.length === 0) return { importReports: 0, columnMappings: 0 };
  let importReports = 0;
  const imports = await db
    .selectFrom('data_import')
    .select(['id', 'error_report', 'options'])
    .where((eb) =>
      eb.or([eb('error_report', 'is not', null), sql<boolean>`options <> '{}'::jsonb`]),
    )
    .execute();
  for (const row of imports) {
    const report = parse(row.error_report);
    const options = parse(row.options) as Record<string, unknown>;
    const newReport = scrubJson(report, useful);
    const newOptions = scrubJson(options, useful) as Record<string, unknown>;
    const reportChanged = JSON.stringify(newReport) !== JSON.stringify(report);
    const optionsChanged = JSON.stringify(newOptions) !== JSON.stringify(options);
    if (!reportChanged && !optionsChanged) continue;
    await db
      .updateTable('data_import')
      .set({
        ...(reportChanged && { error_report: JSON.stringify(newReport) }),
        ...(optionsChanged && { options: JSON.stringify(newOptions) }),
      })
      .where('id', '=', row.id)
      .execute();
    importReports++;
  }
  let columnMappings = 0;
  const mappings = await db
    .selectFrom('import_column_mapping')
    .select(['header_key', 'header', 'mapping'])
    .execute();
  for (const row of mappings) {
    const header = parse(row.header) as string[];
    const mapping = parse(row.mapping) as Record<string, string>;
    const newHeader = scrubJson(header, useful) as string[];
    const newMapping = scrubJson(mapping, useful) as Record<string, string>;
    const keyMentions = mentions(row.header_key, useful);
    if (
      !keyMentions &&
      JSON.stringify(newHeader) === JSON.stringify(header) &&
      JSON.stringify(newMapping) === JSON.stringify(mapping)
    ) {
      continue;
    }
    // The key is the folded header itself: a mapping whose header named someone is dropped (the
    // next file like it asks for its columns again) rather than kept under a made-up key.
    if (keyMentions) {
      await db
        .deleteFrom('import_column_mapping')
        .where('header_key', '=', row.header_key)
        .execute();
    } else {
      await db
        .updateTable('import_column_mapping')
        .set({ header: JSON.stringify(newHeader), mapping: JSON.stringify(newMapping) })
        .where('header_key', '=', row.header_key)
        .execute();
    }
    columnMappings++;
  }
  return { importReports, columnMappings };
}
