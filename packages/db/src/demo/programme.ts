import type { Kysely } from 'kysely';
import type { Database, SectorCode, SpeakerRole } from '../schema.js';
import {
  CASE_STUDY_COUNTRIES,
  COUNTRY_CODES,
  COUNTRY_POOLS,
  drawCountry,
  type DemoLanguage,
} from './geography.js';
import {
  drawFamilyName,
  drawFirstName,
  drawGender,
  drawOrganisation,
  familyNameOf,
  firstNameOf,
  SPEAKER_SECTORS,
} from './people.js';
import { Rng, WeightedChoice } from './random.js';
import { DESCRIPTIONS, TITLE_PATTERNS, TOPICS, WORKING_GROUPS } from './vocabulary.js';

const DAY = 86_400_000;
const FIRST_MONTH = Date.UTC(2012, 1, 1); // the series began in February 2012
/** The real programme: 27 monthly webinars, then twice a month, 63 by October 2015. */
const REAL_WEBINARS = 63;
const REAL_MONTHLY = 27;
/** Larger demos stretch the same cadence up to this fixed date, so they stay deterministic. */
const LONG_END = Date.UTC(2026, 5, 30);

export const LANGUAGES: readonly DemoLanguage[] = ['en', 'es'];

/** What later phases need to know about the webinars, held in compact arrays. */
export interface DemoProgramme {
  count: number;
  ids: Int32Array;
  startsAt: Float64Array;
  durations: Uint8Array;
  /** Index into LANGUAGES. */
  languages: Uint8Array;
  /** Index into TOPICS of the webinar's main topic. */
  topics: Uint8Array;
  speakers: number;
}

const DURATIONS = new WeightedChoice<number>([
  [60, 60],
  [75, 20],
  [90, 20],
]);
/** Speakers per webinar, the host or moderator included. */
const PANEL_SIZES = new WeightedChoice<number>([
  [2, 10],
  [3, 30],
  [4, 60],
]);

/** Start dates for `count` webinars: monthly at first, then twice a month. */
function schedule(rng: Rng, count: number): number[] {
  const days: number[] = [];
  if (count <= REAL_WEBINARS) {
    for (let i = 0; i < count; i++) {
      const monthly = i < REAL_MONTHLY;
      const month = monthly ? i : REAL_MONTHLY + Math.floor((i - REAL_MONTHLY) / 2);
      const firstOfMonth = new Date(FIRST_MONTH);
      firstOfMonth.setUTCMonth(firstOfMonth.getUTCMonth() + month);
      const day = monthly
        ? rng.int(6, 18)
        : (i - REAL_MONTHLY) % 2 === 0
          ? rng.int(4, 12)
          : rng.int(17, 24);
      days.push(firstOfMonth.getTime() + (day - 1) * DAY);
    }
  } else {
    // Same shape stretched: the monthly share of webinars over the first 60% of the span.
    const monthlyCount = Math.round((count * REAL_MONTHLY) / REAL_WEBINARS);
    const span = LONG_END - FIRST_MONTH;
    for (let i = 0; i < count; i++) {
      const position =
        i < monthlyCount
          ? (0.6 * (i + rng.float())) / monthlyCount
          : 0.6 + (0.4 * (i - monthlyCount + rng.float())) / (count - monthlyCount);
      days.push(FIRST_MONTH + Math.floor((position * span) / DAY) * DAY);
    }
  }
  // Move each date to a Tuesday, Wednesday or Thursday, at 14:00 or 15:00 UTC.
  const starts = days.map((day) => {
    const weekday = new Date(day).getUTCDay();
    const target = rng.int(2, 4);
    const shift = (target - weekday + 7) % 7;
    return day + shift * DAY + (rng.chance(0.6) ? 14 : 15) * 3_600_000;
  });
  return starts.sort((a, b) => a - b);
}

const regionNames = {
  en: new Intl.DisplayNames(['en'], { type: 'region' }),
  es: new Intl.DisplayNames(['es'], { type: 'region' }),
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function title(
  rng: Rng,
  language: DemoLanguage,
  topicIndex: number,
): { title: string; description: string } {
  const topic = TOPICS[topicIndex] as (typeof TOPICS)[number];
  const subject = rng.pick(topic.subjects)[language === 'en' ? 0 : 1];
  const country = regionNames[language].of(rng.pick(CASE_STUDY_COUNTRIES[language])) ?? '';
  const pattern = rng.pick(TITLE_PATTERNS[language]);
  return {
    title: pattern
      .replace('{S}', capitalise(subject))
      .replace('{s}', subject)
      .replace('{C}', country),
    description: DESCRIPTIONS[language].replace('{s}', subject),
  };
}

interface SpeakerDraft {
  name: string;
  organisation: string | null;
  country: string;
  sector: SectorCode;
  language: DemoLanguage;
  staff: boolean;
}

function drawSpeaker(rng: Rng, language: DemoLanguage, staff: boolean): SpeakerDraft {
  const countryIndex = staff ? COUNTRY_CODES.indexOf('US') : drawCountry(rng, language);
  const pool = COUNTRY_POOLS[countryIndex] ?? 'anglo';
  const gender = drawGender(rng);
  const name = `${firstNameOf(pool, drawFirstName(rng, pool, gender))} ${familyNameOf(pool, drawFamilyName(rng, pool))}`;
  const sector: SectorCode = staff ? 'international_organisation' : SPEAKER_SECTORS.draw(rng);
  const organisation = staff
    ? rng.pick(
        language === 'en'
          ? ['Open Government Partnership', 'World Bank']
          : ['Alianza para el Gobierno Abierto', 'Banco Mundial'],
      )
    : drawOrganisation(rng, language, sector);
  return {
    name,
    organisation,
    country: COUNTRY_CODES[countryIndex] ?? 'US',
    sector,
    language,
    staff,
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

/**
 * Inserts working groups, topics, series, webinars and speakers. Reference rows that already
 * exist (same code) are reused rather than duplicated.
 */
export async function insertProgramme(
  db: Kysely<Database>,
  seed: number,
  webinarCount: number,
  batchSize: number,
  progress: (phase: string, done: number, total: number) => void,
): Promise<DemoProgramme> {
  const rng = new Rng(seed, 1);
  // Kysely's values() binds one parameter per cell; stay well under PostgreSQL's 65,535.
  const rowsPerStatement = Math.max(1, Math.min(batchSize, 2000));

  await db
    .insertInto('working_group')
    .values(
      WORKING_GROUPS.map((group) => ({ code: group.code, label_en: group.en, label_es: group.es })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const groupIds = new Map(
    (await db.selectFrom('working_group').select(['id', 'code']).execute()).map((row) => [
      row.code,
      row.id,
    ]),
  );
  await db
    .insertInto('topic')
    .values(
      TOPICS.map((topic) => ({
        code: topic.code,
        label_en: topic.en,
        label_es: topic.es,
        working_group_id: topic.workingGroup ? (groupIds.get(topic.workingGroup) ?? null) : null,
      })),
    )
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const topicIds = new Map(
    (await db.selectFrom('topic').select(['id', 'code']).execute()).map((row) => [
      row.code,
      row.id,
    ]),
  );
  await db
    .insertInto('series')
    .values([
      {
        code: 'ogp-webinars',
        name: 'OGP Webinars',
        default_language: 'en',
        default_timezone: 'America/New_York',
      },
      {
        code: 'ogp-seminarios-web',
        name: 'Seminarios web OGP',
        default_language: 'es',
        default_timezone: 'America/New_York',
      },
    ])
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  const seriesRows = await db.selectFrom('series').select(['id', 'code']).execute();
  const seriesIds = new Map(seriesRows.map((row) => [row.code, row.id]));
  progress('reference', 1, 1);

  const count = webinarCount;
  const programme: DemoProgramme = {
    count,
    ids: new Int32Array(count),
    startsAt: new Float64Array(schedule(rng, count)),
    durations: new Uint8Array(count),
    languages: new Uint8Array(count),
    topics: new Uint8Array(count),
    speakers: 0,
  };
  const webinarRows = [];
  const webinarTopics: Array<{ index: number; topicId: number }> = [];
  for (let i = 0; i < count; i++) {
    // Three in ten sessions are in Spanish, spread evenly through the series.
    const languageIndex = i % 10 === 2 || i % 10 === 5 || i % 10 === 8 ? 1 : 0;
    const language = LANGUAGES[languageIndex] as DemoLanguage;
    const topicIndex = rng.int(0, TOPICS.length - 1);
    const topic = TOPICS[topicIndex] as (typeof TOPICS)[number];
    const duration = DURATIONS.draw(rng);
    const secondTopic = rng.chance(0.4) ? rng.int(0, TOPICS.length - 1) : topicIndex;
    const workingGroup = topic.workingGroup ?? rng.pick(WORKING_GROUPS).code;
    const startsAt = programme.startsAt[i] as number;
    const { title: webinarTitle, description } = title(rng, language, topicIndex);
    programme.durations[i] = duration;
    programme.languages[i] = languageIndex;
    programme.topics[i] = topicIndex;
    webinarRows.push({
      title: webinarTitle,
      description,
      starts_at: new Date(startsAt).toISOString(),
      duration_minutes: duration,
      timezone: 'America/New_York',
      language,
      series_id: seriesIds.get(language === 'en' ? 'ogp-webinars' : 'ogp-seminarios-web') ?? null,
      working_group_id: groupIds.get(workingGroup) ?? null,
      status: 'held' as const,
      platform: startsAt < Date.UTC(2014, 0, 1) ? null : ('other' as const),
    });
    for (const index of new Set([topicIndex, secondTopic])) {
      webinarTopics.push({
        index: i,
        topicId: topicIds.get((TOPICS[index] as (typeof TOPICS)[number]).code) as number,
      });
    }
  }
  let inserted = 0;
  for (const batch of chunks(webinarRows, rowsPerStatement)) {
    const rows = await db.insertInto('webinar').values(batch).returning('id').execute();
    // Identity values follow insertion order; sorting maps them back onto the batch.
    rows
      .map((row) => row.id)
      .sort((a, b) => a - b)
      .forEach((id, j) => (programme.ids[inserted + j] = id));
    inserted += batch.length;
    progress('webinars', inserted, count);
  }
  for (const batch of chunks(webinarTopics, rowsPerStatement)) {
    await db
      .insertInto('webinar_topic')
      .values(
        batch.map((link) => ({
          webinar_id: programme.ids[link.index] as number,
          topic_id: link.topicId,
        })),
      )
      .execute();
  }

  // Speakers: about 2.3 per webinar, 2–4 on each panel, so some present more than once. The
  // first seat is a host or moderator from a small staff pool; the others are presenters.
  const slots = Array.from({ length: count }, () => PANEL_SIZES.draw(rng));
  const totalSlots = slots.reduce((sum, n) => sum + n, 0);
  const target = Math.min(totalSlots, Math.round(count * 2.3));
  const budget = {
    staff: { target: Math.max(2, Math.round(count * 0.05)), slotsLeft: count, created: 0 },
    presenter: { target: 0, slotsLeft: totalSlots - count, created: 0 },
  };
  budget.presenter.target = Math.max(0, target - budget.staff.target);
  const speakers: SpeakerDraft[] = [];
  const links: Array<{ webinar: number; speaker: number; role: SpeakerRole }> = [];
  for (let i = 0; i < count; i++) {
    const language = LANGUAGES[programme.languages[i] as number] as DemoLanguage;
    const onPanel = new Set<number>();
    const hostRole: SpeakerRole = rng.chance(0.5) ? 'host' : 'moderator';
    for (let slot = 0; slot < (slots[i] as number); slot++) {
      const staff = slot === 0;
      const pool = staff ? budget.staff : budget.presenter;
      // New speakers at the rate that uses up the pool's target by the last panel.
      let speaker = -1;
      if (!rng.chance((pool.target - pool.created) / pool.slotsLeft)) {
        const candidates = speakers
          .map((draft, index) =>
            draft.staff === staff && draft.language === language && !onPanel.has(index)
              ? index
              : -1,
          )
          .filter((index) => index >= 0);
        if (candidates.length > 0) speaker = rng.pick(candidates);
      }
      if (speaker < 0) {
        speakers.push(drawSpeaker(rng, language, staff));
        speaker = speakers.length - 1;
        pool.created++;
      }
      pool.slotsLeft--;
      onPanel.add(speaker);
      links.push({ webinar: i, speaker, role: staff ? hostRole : 'presenter' });
    }
  }
  const speakerIds: number[] = [];
  for (const batch of chunks(speakers, rowsPerStatement)) {
    const rows = await db
      .insertInto('speaker')
      .values(
        batch.map(({ name, organisation, country, sector }) => ({
          name,
          organisation,
          country,
          sector,
        })),
      )
      .returning('id')
      .execute();
    speakerIds.push(...rows.map((row) => row.id).sort((a, b) => a - b));
    progress('speakers', speakerIds.length, speakers.length);
  }
  for (const batch of chunks(links, rowsPerStatement)) {
    await db
      .insertInto('webinar_speaker')
      .values(
        batch.map((link) => ({
          webinar_id: programme.ids[link.webinar] as number,
          speaker_id: speakerIds[link.speaker] as number,
          role: link.role,
        })),
      )
      .execute();
  }
  programme.speakers = speakers.length;
  return programme;
}
