import { sql, type Kysely } from 'kysely';

// Frozen: never edit this file once it has landed; add a new migration instead.
//
// What a view over every held webinar needs to break down by a webinar's dimension (topic, working
// group, series, language, month, quarter, year) without aggregating the whole attendance table,
// which takes 1.5–3 s at 2 million rows:
//
// - Distinct people per key: participant_reach gains, per person, the keys of the held webinars
//   they attended (topics, working groups, series, languages; months, quarters and years in UTC).
//   People per key is then a count over the unnested arrays, and a person counts once per key
//   however many of its webinars they came to. The arrays are recomputed with the rest of the
//   row, for the people a statement touched; a webinar whose topics, language, series or working
//   group change refreshes its attendees.
// - Attendances, registrations and minutes add up, so they are kept per webinar and cell of people
//   (country, sector): webinar_cell. A statement marks the webinars it touched as dirty; each dirty
//   webinar is recomputed once, at commit, by a deferred trigger, so a million-row import spread
//   over hundreds of statements recomputes its webinar once, not once a statement.

const COLUMNS = `(participant_id, first_attended_at, last_attended_at, webinars_attended,
  registrations, registered_attended, minutes, topic_ids, working_group_ids, series_ids,
  languages, months, quarters, years)`;

const keys = (expression: string) =>
  `coalesce(array_agg(distinct ${expression}) filter (where a.attended), '{}')`;

// A webinar without a topic, working group or series lists null, as the breakdowns do.
const AGGREGATE = `
  select a.participant_id,
         min(w.starts_at) filter (where a.attended),
         max(w.starts_at) filter (where a.attended),
         count(*) filter (where a.attended)::int,
         count(*) filter (where a.registered)::int,
         count(*) filter (where a.registered and a.attended)::int,
         coalesce(sum(a.minutes) filter (where a.attended), 0)::bigint,
         coalesce((select array_agg(distinct wt.topic_id)
                   from attendance a2
                   join webinar w2 on w2.id = a2.webinar_id
                   left join webinar_topic wt on wt.webinar_id = a2.webinar_id
                   where a2.participant_id = a.participant_id and a2.attended
                     and w2.status = 'held'), '{}'),
         ${keys('w.working_group_id')},
         ${keys('w.series_id')},
         ${keys('w.language')},
         ${keys(`to_char(w.starts_at at time zone 'UTC', 'YYYY-MM')`)},
         ${keys(`to_char(w.starts_at at time zone 'UTC', 'YYYY-"Q"Q')`)},
         ${keys(`to_char(w.starts_at at time zone 'UTC', 'YYYY')`)}
  from attendance a join webinar w on w.id = a.webinar_id
  where w.status = 'held'`;

const refresh = (changed: string) => `
  delete from participant_reach
  where participant_id in (${changed});
  insert into participant_reach ${COLUMNS}
  ${AGGREGATE}
    and a.participant_id in (${changed})
  group by a.participant_id;
`;

// The cells of the webinars the condition picks, from their attendance.
const CELLS = (where: string) => `
  insert into webinar_cell (webinar_id, country, sector, attendances, registrations, minutes)
  select a.webinar_id, p.country, p.sector,
         count(*) filter (where a.attended)::int,
         count(*) filter (where a.registered)::int,
         coalesce(sum(a.minutes) filter (where a.attended), 0)::bigint
  from attendance a join participant p on p.id = a.participant_id
  where ${where}
  group by a.webinar_id, p.country, p.sector`;

const markDirty = (webinars: string) => `
  insert into webinar_cell_dirty (webinar_id)
  select distinct webinar_id from (${webinars}) d
  on conflict do nothing;
`;

// Same names as migration 20261129T191000 (its triggers call them), new bodies; plus new ones.
const FUNCTIONS: Record<string, string> = {
  participant_reach_attendance_inserted:
    refresh('select participant_id from new_attendance') +
    markDirty('select webinar_id from new_attendance'),
  participant_reach_attendance_deleted:
    refresh('select participant_id from old_attendance') +
    markDirty('select webinar_id from old_attendance'),
  participant_reach_attendance_updated:
    refresh(`
    select o.participant_id from old_attendance o
    union select n.participant_id from new_attendance n`) +
    markDirty(`
    select o.webinar_id from old_attendance o
    union select n.webinar_id from new_attendance n`),
  // A webinar that moves, becomes held or stops, or changes language, series or working group,
  // changes its attendees' keys. webinar_cell is per webinar and read with the webinar's own
  // columns, so it does not change.
  participant_reach_webinar_updated: refresh(`
    select a.participant_id
    from old_webinar o join new_webinar n on n.id = o.id
    join attendance a on a.webinar_id = n.id
    where o.starts_at is distinct from n.starts_at or o.status is distinct from n.status
       or o.language is distinct from n.language or o.series_id is distinct from n.series_id
       or o.working_group_id is distinct from n.working_group_id`),
  participant_reach_topics_inserted: refresh(`
    select a.participant_id from attendance a
    where a.webinar_id in (select webinar_id from new_webinar_topic)`),
  participant_reach_topics_deleted: refresh(`
    select a.participant_id from attendance a
    where a.webinar_id in (select webinar_id from old_webinar_topic)`),
  participant_reach_topics_updated: refresh(`
    select a.participant_id from attendance a
    where a.webinar_id in (select webinar_id from old_webinar_topic
                           union select webinar_id from new_webinar_topic)`),
  // A person whose country or sector changes moves between cells of every webinar they came to.
  webinar_cell_participant_updated: markDirty(`
    select a.webinar_id
    from old_participant o join new_participant n on n.id = o.id
    join attendance a on a.participant_id = n.id
    where o.country is distinct from n.country or o.sector is distinct from n.sector`),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table participant_reach
      add column topic_ids integer[] not null default '{}',
      add column working_group_ids integer[] not null default '{}',
      add column series_ids integer[] not null default '{}',
      add column languages text[] not null default '{}',
      add column months text[] not null default '{}',
      add column quarters text[] not null default '{}',
      add column years text[] not null default '{}'
  `.execute(db);
  await sql`
    create table webinar_cell (
      webinar_id integer not null references webinar (id) on delete cascade,
      country char(2),
      sector text not null,
      attendances integer not null,
      registrations integer not null,
      minutes bigint not null
    )
  `.execute(db);
  await sql`create index webinar_cell_webinar_idx on webinar_cell (webinar_id)`.execute(db);
  await sql`create table webinar_cell_dirty (webinar_id integer primary key)`.execute(db);
  await sql`
    create function webinar_cell_refresh() returns trigger language plpgsql as $$
    begin
      -- Claimed once: a webinar marked by several statements of a transaction has one row here.
      delete from webinar_cell_dirty where webinar_id = new.webinar_id;
      if not found then
        return null;
      end if;
      delete from webinar_cell where webinar_id = new.webinar_id;
      ${sql.raw(CELLS('a.webinar_id = new.webinar_id'))};
      return null;
    end
    $$
  `.execute(db);
  await sql`
    create constraint trigger webinar_cell_refresh after insert on webinar_cell_dirty
    deferrable initially deferred
    for each row execute function webinar_cell_refresh()
  `.execute(db);

  for (const [name, body] of Object.entries(FUNCTIONS)) {
    await sql`
      create or replace function ${sql.raw(name)}() returns trigger language plpgsql as ${sql.lit(
        `begin ${body} return null; end`,
      )}
    `.execute(db);
  }
  for (const [event, tables] of [
    ['inserted', 'new table as new_webinar_topic'],
    ['deleted', 'old table as old_webinar_topic'],
    ['updated', 'old table as old_webinar_topic new table as new_webinar_topic'],
  ] as const) {
    const verb = event === 'inserted' ? 'insert' : event === 'deleted' ? 'delete' : 'update';
    await sql`
      create trigger ${sql.raw(`participant_reach_topics_${event}`)} after ${sql.raw(verb)}
      on webinar_topic referencing ${sql.raw(tables)}
      for each statement execute function ${sql.raw(`participant_reach_topics_${event}`)}()
    `.execute(db);
  }
  await sql`
    create trigger webinar_cell_participant_updated after update on participant
    referencing old table as old_participant new table as new_participant
    for each statement execute function webinar_cell_participant_updated()
  `.execute(db);
  await sql`
    create or replace function participant_reach_attendance_truncated() returns trigger
    language plpgsql as 'begin truncate participant_reach; truncate webinar_cell; return null; end'
  `.execute(db);

  // The keys and cells of the attendance already there.
  await sql`truncate participant_reach`.execute(db);
  await sql`insert into participant_reach ${sql.raw(COLUMNS)} ${sql.raw(AGGREGATE)} group by a.participant_id`.execute(
    db,
  );
  await sql.raw(CELLS('true')).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const event of ['inserted', 'deleted', 'updated']) {
    await sql`drop trigger if exists ${sql.raw(`participant_reach_topics_${event}`)} on webinar_topic`.execute(
      db,
    );
    await sql`drop function if exists ${sql.raw(`participant_reach_topics_${event}`)}()`.execute(
      db,
    );
  }
  await sql`drop trigger if exists webinar_cell_participant_updated on participant`.execute(db);
  await sql`drop function if exists webinar_cell_participant_updated()`.execute(db);
  await sql`drop table if exists webinar_cell_dirty`.execute(db);
  await sql`drop function if exists webinar_cell_refresh()`.execute(db);
  await sql`drop table if exists webinar_cell`.execute(db);
  await sql`
    alter table participant_reach
      drop column topic_ids, drop column working_group_ids, drop column series_ids,
      drop column languages, drop column months, drop column quarters, drop column years
  `.execute(db);
  // The shared functions get back the bodies of migration 20261129T191000.
  const before = (changed: string) => `
    delete from participant_reach where participant_id in (${changed});
    insert into participant_reach (participant_id, first_attended_at, last_attended_at,
      webinars_attended, registrations, registered_attended, minutes)
    select a.participant_id,
           min(w.starts_at) filter (where a.attended), max(w.starts_at) filter (where a.attended),
           count(*) filter (where a.attended)::int, count(*) filter (where a.registered)::int,
           count(*) filter (where a.registered and a.attended)::int,
           coalesce(sum(a.minutes) filter (where a.attended), 0)::bigint
    from attendance a join webinar w on w.id = a.webinar_id
    where w.status = 'held' and a.participant_id in (${changed})
    group by a.participant_id;`;
  const bodies: Record<string, string> = {
    participant_reach_attendance_inserted: before('select participant_id from new_attendance'),
    participant_reach_attendance_deleted: before('select participant_id from old_attendance'),
    participant_reach_attendance_updated: before(`select o.participant_id from old_attendance o
      union select n.participant_id from new_attendance n`),
    participant_reach_webinar_updated: before(`select a.participant_id
      from old_webinar o join new_webinar n on n.id = o.id join attendance a on a.webinar_id = n.id
      where (o.starts_at is distinct from n.starts_at or o.status is distinct from n.status)`),
  };
  for (const [name, body] of Object.entries(bodies)) {
    await sql`
      create or replace function ${sql.raw(name)}() returns trigger language plpgsql as ${sql.lit(
        `begin ${body} return null; end`,
      )}
    `.execute(db);
  }
  await sql`
    create or replace function participant_reach_attendance_truncated() returns trigger
    language plpgsql as 'begin truncate participant_reach; return null; end'
  `.execute(db);
}
