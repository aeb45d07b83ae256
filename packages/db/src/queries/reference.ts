import type { Kysely } from 'kysely';
import { foldKey } from '../text.js';
import type { Database, SectorCode } from '../schema.js';

export async function listReference(db: Kysely<Database>) {
  const [sectors, workingGroups, topics, series, seriesTopics] = await Promise.all([
    db.selectFrom('sector').selectAll().orderBy('sort_order').execute(),
    db.selectFrom('working_group').selectAll().orderBy('label_en').execute(),
    db.selectFrom('topic').selectAll().orderBy('label_en').execute(),
    db.selectFrom('series').selectAll().orderBy('name').execute(),
    db.selectFrom('series_default_topic').selectAll().orderBy('topic_id').execute(),
  ]);
  return {
    sectors: sectors.map((s) => ({ code: s.code, labelEn: s.label_en, labelEs: s.label_es })),
    workingGroups: workingGroups.map((g) => ({
      id: g.id,
      code: g.code,
      labelEn: g.label_en,
      labelEs: g.label_es,
    })),
    topics: topics.map((t) => ({
      id: t.id,
      code: t.code,
      labelEn: t.label_en,
      labelEs: t.label_es,
      workingGroupId: t.working_group_id,
    })),
    series: series.map((s) => ({
      id: s.id,
      code: s.code,
      name: s.name,
      defaultLanguage: s.default_language,
      defaultWorkingGroupId: s.default_working_group_id,
      defaultTimezone: s.default_timezone,
      defaultTopicIds: seriesTopics.filter((t) => t.series_id === s.id).map((t) => t.topic_id),
    })),
  };
}

export async function createSeries(db: Kysely<Database>, fields: { code: string; name: string }) {
  return db
    .insertInto('series')
    .values(fields)
    .returning(['id', 'code', 'name'])
    .executeTakeFirstOrThrow();
}

export async function listCountryAliases(db: Kysely<Database>) {
  return db.selectFrom('country_alias').select(['alias', 'country']).orderBy('alias').execute();
}

/** Remembers that an export's country text means this ISO code (matching ignores case and accents). */
export async function saveCountryAlias(db: Kysely<Database>, alias: string, country: string) {
  await db
    .insertInto('country_alias')
    .values({ alias_key: foldKey(alias), alias: alias.trim(), country })
    .onConflict((oc) => oc.column('alias_key').doUpdateSet({ alias: alias.trim(), country }))
    .execute();
}

export async function deleteCountryAlias(db: Kysely<Database>, alias: string): Promise<boolean> {
  const result = await db
    .deleteFrom('country_alias')
    .where('alias_key', '=', foldKey(alias))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listSectorMappings(db: Kysely<Database>) {
  return db.selectFrom('sector_mapping').select(['answer', 'sector']).orderBy('answer').execute();
}

/** Remembers which sector an answer to the registration's organisation question means. */
export async function saveSectorMapping(db: Kysely<Database>, answer: string, sector: SectorCode) {
  await db
    .insertInto('sector_mapping')
    .values({ answer_key: foldKey(answer), answer: answer.trim(), sector })
    .onConflict((oc) =>
      oc
        .column('answer_key')
        .doUpdateSet({ answer: answer.trim(), sector, updated_at: new Date() }),
    )
    .execute();
}

export async function deleteSectorMapping(db: Kysely<Database>, answer: string): Promise<boolean> {
  const result = await db
    .deleteFrom('sector_mapping')
    .where('answer_key', '=', foldKey(answer))
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
