import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, SectorCode } from '../schema.js';

// An import streams the file's rows into a temporary table, then merges, matches and writes with
// set-based SQL: memory stays flat however large the file, and the work is one transaction.

export type StagingRole = 'attendee' | 'host' | 'panelist' | 'organiser' | 'presenter';

/** One row of the file, normalised: times in UTC, country as ISO alpha-2, sector decided. */
export interface StagingRow {
  role: StagingRole;
  /** email, else "name:" + folded name, else "line:" + line: rejoins of one person share it. */
  personKey: string;
  name: string | null;
  email: string | null;
  registered: boolean;
  registeredAt: Date | null;
  attended: boolean;
  joinAt: Date | null;
  leaveAt: Date | null;
  seconds: number | null;
  country: string | null;
  organisation: string | null;
  sector: SectorCode;
}

export async function createStagingTable(trx: Transaction<Database>): Promise<void> {
  await sql`
    create temporary table import_row (
      role text not null,
      person_key text not null,
      name text,
      email text,
      registered boolean not null,
      registered_at timestamptz,
      attended boolean not null,
      join_at timestamptz,
      leave_at timestamptz,
      seconds double precision,
      country text,
      organisation text,
      sector text not null
    ) on commit drop
  `.execute(trx);
}

/** Appends rows with one statement (arrays unnested server-side). */
export async function insertStagingRows(
  trx: Transaction<Database>,
  rows: StagingRow[],
): Promise<void> {
  if (rows.length === 0) return;
  const col = <T>(pick: (r: StagingRow) => T) => rows.map(pick);
  // Times travel as epoch milliseconds: numbers cost far less to serialise than ISO strings.
  const ms = (date: Date | null) => (date === null ? null : date.getTime());
  await sql`
    insert into import_row (role, person_key, name, email, registered, registered_at, attended,
                            join_at, leave_at, seconds, country, organisation, sector)
    select role, person_key, name, email, registered, to_timestamp(registered_ms / 1000.0),
           attended, to_timestamp(join_ms / 1000.0), to_timestamp(leave_ms / 1000.0), seconds,
           country, organisation, sector
    from unnest(
      ${col((r) => r.role)}::text[], ${col((r) => r.personKey)}::text[],
      ${col((r) => r.name)}::text[], ${col((r) => r.email)}::text[], ${col((r) => r.registered)}::bool[],
      ${col((r) => ms(r.registeredAt))}::float8[], ${col((r) => r.attended)}::bool[],
      ${col((r) => ms(r.joinAt))}::float8[], ${col((r) => ms(r.leaveAt))}::float8[],
      ${col((r) => r.seconds)}::float8[], ${col((r) => r.country)}::text[],
      ${col((r) => r.organisation)}::text[], ${col((r) => r.sector)}::text[]
    ) as t(role, person_key, name, email, registered, registered_ms, attended, join_ms,
           leave_ms, seconds, country, organisation, sector)
  `.execute(trx);
}

/**
 * One row per person of the file: rejoin segments merged (first join, last leave, summed time),
 * matched to a participant by email or given a new participant id,
 * the highest role any row gave them, and a known country, organisation and sector (the rows of
 * one person agree on these; min() picks one without sorting each group).
 */
export async function mergeStagedPeople(trx: Transaction<Database>): Promise<void> {
  await sql`
    create temporary table import_person on commit drop as
    with person as (
      select person_key,
             min(email) as email,
             min(name) as name,
             bool_or(registered) as registered,
             min(registered_at) as registered_at,
             bool_or(attended) as attended,
             min(join_at) as first_join_at,
             max(leave_at) as last_leave_at,
             round(coalesce(sum(seconds), 0) / 60.0)::int as minutes,
             min(country) as country,
             min(organisation) as organisation,
             coalesce(min(sector) filter (where sector <> 'unknown'), 'unknown') as sector,
             (array['attendee', 'panelist', 'presenter', 'organiser', 'host'])[
               max(array_position(array['attendee', 'panelist', 'presenter', 'organiser', 'host'], role))
             ] as role
      from import_row
      group by person_key
    )
    -- Attendees are matched to the programme's participants by email here; everyone else gets
    -- a fresh id from the participant sequence (a person matched by name later gives it back
    -- unused, which sequences allow).
    select person.*,
           case when person.role = 'attendee'
                then coalesce(p.id, nextval(pg_get_serial_sequence('participant', 'id'))) end
             as participant_id,
           person.role = 'attendee' and p.id is null as is_new
    from person
    left join participant p on person.email is not null and p.email = person.email
  `.execute(trx);
}

export interface StagedCounts {
  rows: number;
  people: number;
  attendees: number;
  noShows: number;
  registered: number;
  speakers: number;
  minutes: number;
}

export async function stagedCounts(
  db: Kysely<Database> | Transaction<Database>,
): Promise<StagedCounts> {
  const { rows } = await sql<StagedCounts>`
    select (select count(*)::int from import_row) as "rows",
           count(*) filter (where role = 'attendee')::int as "people",
           count(*) filter (where role = 'attendee' and attended)::int as "attendees",
           count(*) filter (where role = 'attendee' and not attended and registered)::int as "noShows",
           count(*) filter (where role = 'attendee' and registered)::int as "registered",
           count(*) filter (where role <> 'attendee')::int as "speakers",
           coalesce(sum(minutes) filter (where role = 'attendee'), 0)::int as "minutes"
    from import_person
  `.execute(db);
  return rows[0]!;
}
