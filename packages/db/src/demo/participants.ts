import { sql, type Kysely } from 'kysely';
import type { Database, SectorCode } from '../schema.js';
import { COUNTRY_CODES, COUNTRY_POOLS, drawCountry, type DemoLanguage } from './geography.js';
import {
  drawFamilyName,
  drawFirstName,
  drawGender,
  drawOrganisation,
  emailPart,
  familyNameOf,
  firstNameOf,
  PARTICIPANT_SECTORS,
} from './people.js';
import { LANGUAGES, type DemoProgramme } from './programme.js';
import { Rng, WeightedChoice } from './random.js';

/**
 * Everything later phases need about each participant, one typed-array slot per person, so
 * that 200,000 people cost a few megabytes rather than 200,000 objects.
 */
export interface DemoPeople {
  count: number;
  ids: Int32Array;
  /** Index into LANGUAGES. */
  languages: Uint8Array;
  /** Index into COUNTRY_CODES. */
  countries: Uint8Array;
  firstNames: Uint8Array;
  familyNames: Uint8Array;
  /** Webinars attended in the person's own language. */
  attendedOwn: Uint8Array;
  /** 1 when the person also attended one webinar in the other language. */
  attendedOther: Uint8Array;
  /** Webinars registered for but not attended (own language). */
  noShows: Uint8Array;
}

/** Most people come once; about a quarter come back, a few become regulars. */
const ATTENDANCE_BUCKETS = new WeightedChoice<readonly [number, number]>([
  [[1, 1], 73],
  [[2, 2], 15],
  [[3, 3], 5],
  [[4, 5], 4],
  [[6, 9], 2],
  [[10, 16], 1],
]);
/** No-shows per attended webinar; 1 / (1 + 0.65) ≈ 61% of registrants attend. */
const NO_SHOW_RATIO = 0.65;
const CROSS_LANGUAGE_SHARE = 0.15;

interface ParticipantBatch {
  names: string[];
  emails: string[];
  countries: string[];
  sectors: SectorCode[];
  organisations: Array<string | null>;
  genders: Array<string | null>;
  languages: string[];
}

function emptyBatch(): ParticipantBatch {
  return {
    names: [],
    emails: [],
    countries: [],
    sectors: [],
    organisations: [],
    genders: [],
    languages: [],
  };
}

async function insertBatch(db: Kysely<Database>, batch: ParticipantBatch): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    insert into participant (name, email, country, sector, organisation, gender, language)
    select name, email, country, sector, organisation, gender, language
    from unnest(
      ${batch.names}::text[], ${batch.emails}::text[], ${batch.countries}::text[],
      ${batch.sectors}::text[], ${batch.organisations}::text[], ${batch.genders}::text[],
      ${batch.languages}::text[]
    ) with ordinality as t(name, email, country, sector, organisation, gender, language, ord)
    order by ord
    returning id`.execute(db);
  // Identity values follow insertion order; sorting maps them back onto the batch.
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

export async function insertParticipants(
  db: Kysely<Database>,
  programme: DemoProgramme,
  seed: number,
  count: number,
  batchSize: number,
  progress: (phase: string, done: number, total: number) => void,
  attendanceScale = 1,
): Promise<DemoPeople> {
  const rng = new Rng(seed, 2);
  const webinarsIn = [0, 0];
  for (const language of programme.languages)
    webinarsIn[language] = (webinarsIn[language] ?? 0) + 1;
  const spanishShare = (webinarsIn[1] ?? 0) / Math.max(1, programme.count);
  const people: DemoPeople = {
    count,
    ids: new Int32Array(count),
    languages: new Uint8Array(count),
    countries: new Uint8Array(count),
    firstNames: new Uint8Array(count),
    familyNames: new Uint8Array(count),
    attendedOwn: new Uint8Array(count),
    attendedOther: new Uint8Array(count),
    noShows: new Uint8Array(count),
  };

  let batch = emptyBatch();
  let inserted = 0;
  const flush = async () => {
    const ids = await insertBatch(db, batch);
    ids.forEach((id, j) => (people.ids[inserted + j] = id));
    inserted += ids.length;
    batch = emptyBatch();
    progress('participants', inserted, count);
  };

  for (let i = 0; i < count; i++) {
    // People speak the session languages in the proportion the sessions are offered.
    const languageIndex = rng.chance(spanishShare) ? 1 : 0;
    const language = LANGUAGES[languageIndex] as DemoLanguage;
    const country = drawCountry(rng, language);
    const pool = COUNTRY_POOLS[country] ?? 'anglo';
    const gender = drawGender(rng);
    const firstName = drawFirstName(rng, pool, gender);
    const familyName = drawFamilyName(rng, pool);
    const sector = PARTICIPANT_SECTORS.draw(rng);
    const organisation = drawOrganisation(rng, language, sector);
    const domain = rng.chance(0.6) ? 'example.org' : 'example.com';

    const [min, max] = ATTENDANCE_BUCKETS.draw(rng);
    // At scale 1 this is the plain draw, so the default demo is unchanged.
    const attended = Math.round(rng.int(min, max) * attendanceScale);
    const ownAvailable = webinarsIn[languageIndex] ?? 0;
    const other =
      attended >= 2 && (webinarsIn[1 - languageIndex] ?? 0) > 0 && rng.chance(CROSS_LANGUAGE_SHARE)
        ? 1
        : 0;
    const own = Math.max(1, Math.min(attended - other, ownAvailable));
    const noShows = Math.min(
      Math.floor(attended * NO_SHOW_RATIO + rng.float()),
      ownAvailable - own,
    );

    const first = firstNameOf(pool, firstName);
    const family = familyNameOf(pool, familyName);
    people.languages[i] = languageIndex;
    people.countries[i] = country;
    people.firstNames[i] = firstName;
    people.familyNames[i] = familyName;
    people.attendedOwn[i] = own;
    people.attendedOther[i] = other;
    people.noShows[i] = noShows;

    batch.names.push(`${first} ${family}`);
    batch.emails.push(`${emailPart(first)}.${emailPart(family)}.${i + 1}@${domain}`);
    batch.countries.push(COUNTRY_CODES[country] as string);
    batch.sectors.push(sector);
    batch.organisations.push(organisation);
    batch.genders.push(gender);
    batch.languages.push(language);
    if (batch.names.length >= batchSize) await flush();
  }
  if (batch.names.length > 0) await flush();
  return people;
}
