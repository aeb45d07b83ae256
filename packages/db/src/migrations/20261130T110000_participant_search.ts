import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
// Finding people by name or email ignores case and accents. Folding every name on every search
// took 345 ms for an unsorted page of 20,000 people on PostgreSQL and grows with the programme;
// stored folded keys make the search a `like` over ready text and the page a walk of an index.
// The expression is `folded()` of queries/impact-source.ts, written out: decompose (NFD), drop
// the combining marks U+0300–U+036F, lower-case. Its functions are immutable on PGlite and
// PostgreSQL, as a generated column needs.

const fold = (column: ReturnType<typeof sql.raw>) =>
  sql`lower(regexp_replace(normalize(${column}, NFD), '[\u0300-\u036f]', '', 'g'))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table participant
    add column name_key text generated always as (${fold(sql.raw('name'))}) stored,
    add column search_key text not null generated always as
      (${fold(sql.raw(`coalesce(name, '') || ' ' || coalesce(email, '')`))}) stored`.execute(db);
  await sql`create index participant_name_key_idx on participant
    (name_key, email, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index participant_name_key_idx`.execute(db);
  await sql`alter table participant drop column search_key, drop column name_key`.execute(db);
}
