import { sql, type Transaction } from 'kysely';
import type { Database, Webinar } from '@ripple/db';
import { utcConverter } from './time.js';
import type { ExportMetadata } from './types.js';

/** What analytics needs and exports do not carry; asked in the preview, remembered per series. */
export interface WebinarAnswers {
  language?: string;
  seriesId?: number;
  workingGroupId?: number;
  topicIds?: number[];
}

export interface WebinarResolution {
  id: number;
  title: string;
  startsAt: string;
  /** chosen: named by the user; matched: found from the file; created: made from the file. */
  action: 'chosen' | 'matched' | 'created';
  matchedBy: 'id' | 'platform_id' | 'title_and_time' | null;
}

/** The request cannot go ahead as asked (a webinar that does not exist, a file naming none). */
export class ImportRefused extends Error {
  override name = 'ImportRefused';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const UNDETERMINED_LANGUAGE = 'und'; // ISO 639-2 "undetermined"

export async function resolveWebinar(
  trx: Transaction<Database>,
  metadata: ExportMetadata,
  request: { webinarId?: number; timeZone?: string; webinar?: WebinarAnswers },
): Promise<{
  webinar: WebinarResolution;
  timeZone: string;
  timeZoneGuessed: boolean;
  missing: string[];
}> {
  const answers = request.webinar ?? {};
  let found: Webinar | undefined;
  let matchedBy: WebinarResolution['matchedBy'] = null;

  if (request.webinarId !== undefined) {
    found = await trx
      .selectFrom('webinar')
      .selectAll()
      .where('id', '=', request.webinarId)
      .executeTakeFirst();
    if (!found) {
      throw new ImportRefused('webinar_not_found', `There is no webinar #${request.webinarId}.`);
    }
    matchedBy = 'id';
  }
  if (!found && metadata.platformId) {
    found = await trx
      .selectFrom('webinar')
      .selectAll()
      .where('platform', '=', metadata.platform)
      .where('platform_id', '=', metadata.platformId)
      .executeTakeFirst();
    if (found) matchedBy = 'platform_id';
  }

  const zoneHint = request.timeZone ?? found?.timezone ?? metadata.fileTimeZone ?? null;
  if (!found && metadata.title) {
    // Title and start time: the zone may not be known yet, so a day's window either side.
    const start = metadata.startsAt ? utcConverter(zoneHint ?? 'UTC')(metadata.startsAt) : null;
    const candidates = await trx
      .selectFrom('webinar')
      .selectAll()
      .where(sql`lower(btrim(title))`, '=', metadata.title.trim().toLowerCase())
      .$if(start !== null, (q) =>
        q.where(
          sql<boolean>`abs(extract(epoch from starts_at - ${start!.toISOString()}::timestamptz)) <= 14 * 3600`,
        ),
      )
      .orderBy('starts_at')
      .execute();
    if (candidates.length === 1 || (start !== null && candidates.length > 0)) {
      found = candidates[0];
      matchedBy = 'title_and_time';
    }
  }

  const series = answers.seriesId
    ? await trx
        .selectFrom('series')
        .selectAll()
        .where('id', '=', answers.seriesId)
        .executeTakeFirst()
    : found?.series_id
      ? await trx
          .selectFrom('series')
          .selectAll()
          .where('id', '=', found.series_id)
          .executeTakeFirst()
      : undefined;
  if (answers.seriesId && !series) {
    throw new ImportRefused('series_not_found', `There is no series #${answers.seriesId}.`);
  }

  const timeZone = zoneHint ?? series?.default_timezone ?? 'UTC';
  const timeZoneGuessed = zoneHint === null && !series?.default_timezone;

  if (found) {
    await fillWebinarGaps(trx, found, answers);
    return {
      webinar: {
        id: found.id,
        title: found.title,
        startsAt: found.starts_at.toISOString(),
        action: request.webinarId !== undefined ? 'chosen' : 'matched',
        matchedBy,
      },
      timeZone,
      timeZoneGuessed,
      missing: await missingDetails(trx, found.id),
    };
  }

  if (!metadata.title || !metadata.startsAt) {
    throw new ImportRefused(
      'webinar_unknown',
      'The file does not say which webinar it is (no title or start time): choose the webinar to import into.',
    );
  }
  const defaultTopics = series
    ? (
        await trx
          .selectFrom('series_default_topic')
          .select('topic_id')
          .where('series_id', '=', series.id)
          .execute()
      ).map((r) => r.topic_id)
    : [];
  const startsAt = utcConverter(timeZone)(metadata.startsAt);
  const created = await trx
    .insertInto('webinar')
    .values({
      title: metadata.title.trim(),
      starts_at: startsAt,
      duration_minutes: metadata.durationMinutes,
      timezone: timeZone,
      language: answers.language ?? series?.default_language ?? UNDETERMINED_LANGUAGE,
      series_id: series?.id ?? null,
      working_group_id: answers.workingGroupId ?? series?.default_working_group_id ?? null,
      status: startsAt.getTime() <= Date.now() ? 'held' : 'planned',
      platform: metadata.platform,
      platform_id: metadata.platformId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const topics = answers.topicIds ?? defaultTopics;
  if (topics.length > 0) {
    await trx
      .insertInto('webinar_topic')
      .values(topics.map((topic_id) => ({ webinar_id: created.id, topic_id })))
      .execute();
  }
  if (series) await rememberSeriesAnswers(trx, series.id, answers, request.timeZone);
  return {
    webinar: {
      id: created.id,
      title: created.title,
      startsAt: created.starts_at.toISOString(),
      action: 'created',
      matchedBy: null,
    },
    timeZone,
    timeZoneGuessed,
    missing: await missingDetails(trx, created.id),
  };
}

/** Answers given for a webinar that already exists fill what it lacks; they never overwrite. */
async function fillWebinarGaps(
  trx: Transaction<Database>,
  webinar: Webinar,
  answers: WebinarAnswers,
) {
  const set = {
    ...(answers.language &&
      webinar.language === UNDETERMINED_LANGUAGE && { language: answers.language }),
    ...(answers.seriesId && webinar.series_id === null && { series_id: answers.seriesId }),
    ...(answers.workingGroupId &&
      webinar.working_group_id === null && { working_group_id: answers.workingGroupId }),
  };
  if (Object.keys(set).length > 0) {
    await trx
      .updateTable('webinar')
      .set({ ...set, updated_at: new Date() })
      .where('id', '=', webinar.id)
      .execute();
  }
  if (answers.topicIds?.length) {
    await trx
      .insertInto('webinar_topic')
      .values(answers.topicIds.map((topic_id) => ({ webinar_id: webinar.id, topic_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

async function rememberSeriesAnswers(
  trx: Transaction<Database>,
  seriesId: number,
  answers: WebinarAnswers,
  timeZone: string | undefined,
) {
  const set = {
    ...(answers.language && { default_language: answers.language }),
    ...(answers.workingGroupId && { default_working_group_id: answers.workingGroupId }),
    ...(timeZone && { default_timezone: timeZone }),
  };
  if (Object.keys(set).length > 0) {
    await trx.updateTable('series').set(set).where('id', '=', seriesId).execute();
  }
  if (answers.topicIds?.length) {
    await trx.deleteFrom('series_default_topic').where('series_id', '=', seriesId).execute();
    await trx
      .insertInto('series_default_topic')
      .values(answers.topicIds.map((topic_id) => ({ series_id: seriesId, topic_id })))
      .execute();
  }
}

/** The analytic details a webinar still lacks. */
async function missingDetails(trx: Transaction<Database>, webinarId: number): Promise<string[]> {
  const row = await trx
    .selectFrom('webinar as w')
    .where('w.id', '=', webinarId)
    .select((eb) => [
      'w.language',
      'w.series_id',
      'w.working_group_id',
      eb
        .exists(
          eb
            .selectFrom('webinar_topic as t')
            .whereRef('t.webinar_id', '=', 'w.id')
            .select('t.topic_id'),
        )
        .as('hasTopics'),
    ])
    .executeTakeFirstOrThrow();
  return [
    ...(row.language === UNDETERMINED_LANGUAGE ? ['language'] : []),
    ...(row.series_id === null ? ['series'] : []),
    ...(row.working_group_id === null ? ['working_group'] : []),
    ...(row.hasTopics ? [] : ['topics']),
  ];
}
