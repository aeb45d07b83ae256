import { sql, type Transaction } from 'kysely';
import type { Database, Platform } from '../schema.js';

export interface ReplacementSummary {
  /** The earlier import of this webinar and platform whose attendance the file replaced. */
  importId: number;
  added: number;
  removed: number;
  changed: number;
}

export interface ApplyResult {
  newParticipants: number;
  matchedParticipants: number;
  newSpeakers: number;
  replaced: ReplacementSummary | null;
}

/** Attendees without email, already at this webinar: the pipeline matches them by name. */
export async function webinarParticipantsWithoutEmail(
  trx: Transaction<Database>,
  webinarId: number,
): Promise<Array<{ id: number; name: string | null }>> {
  return trx
    .selectFrom('attendance as a')
    .innerJoin('participant as p', 'p.id', 'a.participant_id')
    .where('a.webinar_id', '=', webinarId)
    .where('p.email', 'is', null)
    .select(['p.id', 'p.name'])
    .execute();
}

/** Staged people without email, with their person key and name. */
export async function stagedPeopleWithoutEmail(
  trx: Transaction<Database>,
): Promise<Array<{ personKey: string; name: string | null }>> {
  const { rows } = await sql<{ personKey: string; name: string | null }>`
    select person_key as "personKey", name from import_person
    where role = 'attendee' and email is null
  `.execute(trx);
  return rows;
}

/** Records people the pipeline matched itself (by name within the webinar). */
export async function assignParticipants(
  trx: Transaction<Database>,
  pairs: Array<{ personKey: string; participantId: number }>,
): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    update import_person ip set participant_id = m.participant_id, is_new = false
    from unnest(${pairs.map((p) => p.personKey)}::text[], ${pairs.map((p) => p.participantId)}::int[])
      as m(person_key, participant_id)
    where ip.person_key = m.person_key
  `.execute(trx);
}

/**
 * Writes the staged people of one webinar: participants matched by email (or created, remembering
 * the import that created them), speakers linked with their role, and attendance. Attendance this
 * webinar already had from an earlier import of the same platform is replaced, and kept aside so
 * that undoing this import restores it.
 */
export async function applyStagedImport(
  trx: Transaction<Database>,
  { importId, webinarId, platform }: { importId: number; webinarId: number; platform: Platform },
): Promise<ApplyResult> {
  // People were matched by email when staged (mergeStagedPeople) and, without one, by name within
  // the webinar (assignParticipants); the rest are new and already hold their ids, so one insert
  // writes them all.
  await sql`
    insert into participant (id, name, email, country, sector, organisation, created_import_id)
    overriding system value
    select participant_id, name, email, country, sector, organisation, ${importId}
    from import_person where is_new
  `.execute(trx);
  // A known person keeps what is known of them; the file only fills the gaps.
  await sql`
    update participant p
    set name = coalesce(p.name, ip.name),
        country = coalesce(p.country, ip.country),
        sector = case when p.sector = 'unknown' then ip.sector else p.sector end,
        organisation = coalesce(p.organisation, ip.organisation)
    from import_person ip
    where ip.participant_id = p.id and not ip.is_new
      and (p.name is null or p.country is null or p.sector = 'unknown' or p.organisation is null)
  `.execute(trx);

  const replaced = await replaceEarlierAttendance(trx, importId, webinarId, platform);

  const rows = sql`
    select ${webinarId}, participant_id, registered, registered_at, attended,
           first_join_at, last_leave_at, minutes, ${importId}
    from import_person
    where role = 'attendee' and (registered or attended)
  `;
  const columns = sql`(webinar_id, participant_id, registered, registered_at, attended,
                       first_join_at, last_leave_at, minutes, import_id)`;
  const { rows: existing } = await sql<{ any: boolean }>`
    select exists (select 1 from attendance where webinar_id = ${webinarId}) as any
  `.execute(trx);
  if (existing[0]?.any) {
    // Attendance from elsewhere (another platform, or typed in) is merged with this file's.
    await sql`
      insert into attendance ${columns} ${rows}
      on conflict (webinar_id, participant_id) do update set
        registered = attendance.registered or excluded.registered,
        registered_at = coalesce(attendance.registered_at, excluded.registered_at),
        attended = attendance.attended or excluded.attended,
        first_join_at = least(attendance.first_join_at, excluded.first_join_at),
        last_leave_at = greatest(attendance.last_leave_at, excluded.last_leave_at),
        minutes = greatest(attendance.minutes, excluded.minutes),
        import_id = excluded.import_id
    `.execute(trx);
  } else {
    await sql`insert into attendance ${columns} ${rows}`.execute(trx);
  }

  const newSpeakers = await linkSpeakers(trx, importId, webinarId);

  const { rows: counts } = await sql<{ newParticipants: number; matchedParticipants: number }>`
    select count(*) filter (where is_new)::int as "newParticipants",
           count(*) filter (where not is_new)::int as "matchedParticipants"
    from import_person where role = 'attendee'
  `.execute(trx);

  if (replaced) Object.assign(replaced, await replacementDiff(trx, importId, webinarId));
  return { ...counts[0]!, newSpeakers, replaced };
}

async function replaceEarlierAttendance(
  trx: Transaction<Database>,
  importId: number,
  webinarId: number,
  platform: Platform,
): Promise<ReplacementSummary | null> {
  const { rows } = await sql<{ previous: number | null }>`
    with earlier as (
      select a.* from attendance a
      join data_import i on i.id = a.import_id
      where a.webinar_id = ${webinarId} and i.platform = ${platform} and a.import_id <> ${importId}
    ),
    kept as (
      insert into import_replaced_attendance
        (import_id, webinar_id, participant_id, registered, registered_at, attended,
         first_join_at, last_leave_at, minutes, previous_import_id)
      select ${importId}, webinar_id, participant_id, registered, registered_at, attended,
             first_join_at, last_leave_at, minutes, import_id
      from earlier
      returning previous_import_id
    )
    select max(previous_import_id)::int as previous from kept
  `.execute(trx);
  const previous = rows[0]?.previous ?? null;
  if (previous === null) return null;
  await sql`
    delete from attendance a
    using import_replaced_attendance r
    where r.import_id = ${importId} and a.webinar_id = r.webinar_id and a.participant_id = r.participant_id
  `.execute(trx);
  await trx
    .updateTable('data_import')
    .set({ replaces_import_id: previous })
    .where('id', '=', importId)
    .execute();
  return { importId: previous, added: 0, removed: 0, changed: 0 };
}

async function replacementDiff(trx: Transaction<Database>, importId: number, webinarId: number) {
  const { rows } = await sql<{ added: number; removed: number; changed: number }>`
    select
      count(*) filter (where r.participant_id is null)::int as added,
      (select count(*)::int from import_replaced_attendance r2
        where r2.import_id = ${importId}
          and not exists (select 1 from attendance a2
                          where a2.webinar_id = ${webinarId} and a2.participant_id = r2.participant_id
                            and a2.import_id = ${importId})) as removed,
      count(*) filter (where r.participant_id is not null and
        (r.minutes, r.attended, r.registered) is distinct from (a.minutes, a.attended, a.registered))::int as changed
    from attendance a
    left join import_replaced_attendance r
      on r.import_id = ${importId} and r.participant_id = a.participant_id
    where a.webinar_id = ${webinarId} and a.import_id = ${importId}
  `.execute(trx);
  return rows[0]!;
}

/** Hosts, panelists, organisers and presenters become the webinar's speakers. */
async function linkSpeakers(
  trx: Transaction<Database>,
  importId: number,
  webinarId: number,
): Promise<number> {
  await sql`alter table import_person add column speaker_id integer`.execute(trx);
  await sql`
    update import_person ip set speaker_id = s.id
    from speaker s
    where ip.role <> 'attendee' and ip.email is not null and s.email = ip.email
  `.execute(trx);
  await sql`
    update import_person ip set speaker_id = (
      select min(s.id) from speaker s where s.email is null and lower(s.name) = lower(ip.name)
    )
    where ip.role <> 'attendee' and ip.speaker_id is null and ip.email is null and ip.name is not null
  `.execute(trx);
  const { rows } = await sql<{ created: number }>`
    with fresh as (
      update import_person
      set speaker_id = nextval(pg_get_serial_sequence('speaker', 'id'))
      where role <> 'attendee' and speaker_id is null and name is not null
      returning speaker_id, name, email, organisation, country
    ),
    inserted as (
      insert into speaker (id, name, email, organisation, country, created_import_id)
      overriding system value
      select speaker_id, name, email, organisation, country, ${importId} from fresh
      returning id
    )
    select count(*)::int as created from inserted
  `.execute(trx);
  await sql`
    insert into webinar_speaker (webinar_id, speaker_id, role, import_id)
    select ${webinarId}, speaker_id, role, ${importId}
    from import_person where role <> 'attendee' and speaker_id is not null
    -- A link that already exists stays the earlier import's, so undoing this one keeps it.
    on conflict (webinar_id, speaker_id) do update set role = excluded.role
  `.execute(trx);
  return rows[0]?.created ?? 0;
}
