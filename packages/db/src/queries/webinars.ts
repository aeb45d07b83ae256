import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, Platform, SectorCode, SpeakerRole, WebinarStatus } from '../schema.js';

export interface WebinarFields {
  title: string;
  description: string | null;
  startsAt: string;
  durationMinutes: number | null;
  timezone: string;
  language: string;
  seriesId: number | null;
  workingGroupId: number | null;
  topicIds: number[];
  status: WebinarStatus;
  platform: Platform | null;
  platformId: string | null;
}

export interface WebinarSpeakerFields {
  name: string;
  email: string | null;
  organisation: string | null;
  country: string | null;
  sector: SectorCode;
  role: SpeakerRole;
}

export interface WebinarListItem {
  id: number;
  title: string;
  startsAt: string;
  status: WebinarStatus;
  language: string;
  seriesId: number | null;
  registered: number;
  attended: number;
  speakers: number;
}

export async function listWebinars(
  db: Kysely<Database>,
  { limit, offset, search }: { limit: number; offset: number; search?: string },
): Promise<{ total: number; items: WebinarListItem[] }> {
  const base = db
    .selectFrom('webinar as w')
    .$if(Boolean(search), (q) =>
      q.where('w.title', 'ilike', `%${search!.replace(/[\\%_]/g, '\\$&')}%`),
    );
  const [items, total] = await Promise.all([
    base
      .select((eb) => [
        'w.id',
        'w.title',
        sql<string>`to_char(w.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`.as(
          'startsAt',
        ),
        'w.status',
        'w.language',
        'w.series_id as seriesId',
        eb
          .selectFrom('attendance as a')
          .whereRef('a.webinar_id', '=', 'w.id')
          .select(sql<number>`count(*) filter (where a.registered)::int`.as('n'))
          .as('registered'),
        eb
          .selectFrom('attendance as a')
          .whereRef('a.webinar_id', '=', 'w.id')
          .select(sql<number>`count(*) filter (where a.attended)::int`.as('n'))
          .as('attended'),
        eb
          .selectFrom('webinar_speaker as ws')
          .whereRef('ws.webinar_id', '=', 'w.id')
          .select(sql<number>`count(*)::int`.as('n'))
          .as('speakers'),
      ])
      .orderBy('w.starts_at', 'desc')
      .orderBy('w.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: total.n,
    items: items.map((w) => ({
      ...w,
      registered: w.registered ?? 0,
      attended: w.attended ?? 0,
      speakers: w.speakers ?? 0,
    })),
  };
}

export async function getWebinar(db: Kysely<Database> | Transaction<Database>, id: number) {
  const webinar = await db
    .selectFrom('webinar')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!webinar) return undefined;
  const [topics, speakers] = await Promise.all([
    db
      .selectFrom('webinar_topic')
      .select('topic_id')
      .where('webinar_id', '=', id)
      .orderBy('topic_id')
      .execute(),
    db
      .selectFrom('webinar_speaker as ws')
      .innerJoin('speaker as s', 's.id', 'ws.speaker_id')
      .where('ws.webinar_id', '=', id)
      .select(['s.id', 's.name', 's.email', 's.organisation', 's.country', 's.sector', 'ws.role'])
      .orderBy('s.name')
      .execute(),
  ]);
  return {
    id: webinar.id,
    title: webinar.title,
    description: webinar.description,
    startsAt: webinar.starts_at.toISOString(),
    durationMinutes: webinar.duration_minutes,
    timezone: webinar.timezone,
    language: webinar.language,
    seriesId: webinar.series_id,
    workingGroupId: webinar.working_group_id,
    topicIds: topics.map((t) => t.topic_id),
    status: webinar.status,
    platform: webinar.platform,
    platformId: webinar.platform_id,
    speakers,
  };
}

export type WebinarDetail = NonNullable<Awaited<ReturnType<typeof getWebinar>>>;

function columns(fields: Partial<WebinarFields>) {
  return {
    ...(fields.title !== undefined && { title: fields.title.trim() }),
    ...(fields.description !== undefined && { description: fields.description }),
    ...(fields.startsAt !== undefined && { starts_at: fields.startsAt }),
    ...(fields.durationMinutes !== undefined && { duration_minutes: fields.durationMinutes }),
    ...(fields.timezone !== undefined && { timezone: fields.timezone }),
    ...(fields.language !== undefined && { language: fields.language }),
    ...(fields.seriesId !== undefined && { series_id: fields.seriesId }),
    ...(fields.workingGroupId !== undefined && { working_group_id: fields.workingGroupId }),
    ...(fields.status !== undefined && { status: fields.status }),
    ...(fields.platform !== undefined && { platform: fields.platform }),
    ...(fields.platformId !== undefined && { platform_id: fields.platformId }),
  };
}

async function setTopics(trx: Transaction<Database>, webinarId: number, topicIds: number[]) {
  await trx.deleteFrom('webinar_topic').where('webinar_id', '=', webinarId).execute();
  if (topicIds.length > 0) {
    await trx
      .insertInto('webinar_topic')
      .values([...new Set(topicIds)].map((topic_id) => ({ webinar_id: webinarId, topic_id })))
      .execute();
  }
}

/** A webinar planned ahead of time, or one whose attendance will come from a file later. */
export async function createWebinar(
  db: Kysely<Database>,
  fields: WebinarFields,
): Promise<WebinarDetail> {
  return db.transaction().execute(async (trx) => {
    const { topicIds, ...rest } = fields;
    const row = await trx
      .insertInto('webinar')
      .values({
        ...columns(rest),
        title: rest.title.trim(),
        starts_at: rest.startsAt,
        language: rest.language,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setTopics(trx, row.id, topicIds);
    return (await getWebinar(trx, row.id))!;
  });
}

export async function updateWebinar(
  db: Kysely<Database>,
  id: number,
  fields: Partial<WebinarFields>,
): Promise<WebinarDetail | undefined> {
  return db.transaction().execute(async (trx) => {
    const { topicIds, ...rest } = fields;
    const set = columns(rest);
    const exists = await trx
      .updateTable('webinar')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(exists.numUpdatedRows) === 0) return undefined;
    if (topicIds !== undefined) await setTopics(trx, id, topicIds);
    return getWebinar(trx, id);
  });
}

/**
 * Sets a webinar's speakers to exactly this list. A speaker is found by email, else by name
 * (case-insensitive), so one person who presents often stays one speaker.
 */
export async function setWebinarSpeakers(
  db: Kysely<Database>,
  webinarId: number,
  speakers: WebinarSpeakerFields[],
): Promise<WebinarDetail | undefined> {
  return db.transaction().execute(async (trx) => {
    const webinar = await trx
      .selectFrom('webinar')
      .select('id')
      .where('id', '=', webinarId)
      .executeTakeFirst();
    if (!webinar) return undefined;
    await trx.deleteFrom('webinar_speaker').where('webinar_id', '=', webinarId).execute();
    for (const speaker of speakers) {
      const email = speaker.email?.trim().toLowerCase() || null;
      const existing = await trx
        .selectFrom('speaker')
        .select('id')
        .$if(email !== null, (q) => q.where('email', '=', email))
        .$if(email === null, (q) =>
          q.where(sql`lower(name)`, '=', speaker.name.trim().toLowerCase()),
        )
        .orderBy('id')
        .executeTakeFirst();
      const fields = {
        name: speaker.name.trim(),
        email,
        organisation: speaker.organisation,
        country: speaker.country,
        sector: speaker.sector,
      };
      const id = existing
        ? (
            await trx
              .updateTable('speaker')
              .set(fields)
              .where('id', '=', existing.id)
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id
        : (await trx.insertInto('speaker').values(fields).returning('id').executeTakeFirstOrThrow())
            .id;
      await trx
        .insertInto('webinar_speaker')
        .values({ webinar_id: webinarId, speaker_id: id, role: speaker.role })
        .onConflict((oc) =>
          oc.columns(['webinar_id', 'speaker_id']).doUpdateSet({ role: speaker.role }),
        )
        .execute();
    }
    return getWebinar(trx, webinarId);
  });
}
