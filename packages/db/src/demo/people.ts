import type { SectorCode } from '../schema.js';
import type { DemoLanguage, NamePool } from './geography.js';
import { WeightedChoice, type Rng } from './random.js';
import { NAMES, ORGANISATIONS } from './vocabulary.js';

export const PARTICIPANT_SECTORS = new WeightedChoice<SectorCode>([
  ['government', 35],
  ['civil_society', 35],
  ['private_sector', 8],
  ['international_organisation', 10],
  ['media', 4],
  ['academia', 6],
  ['other', 1.5],
  ['unknown', 0.5],
]);

export const SPEAKER_SECTORS = new WeightedChoice<SectorCode>([
  ['government', 40],
  ['civil_society', 30],
  ['international_organisation', 12],
  ['academia', 9],
  ['private_sector', 6],
  ['media', 3],
]);

/** Self-described gender: many people leave it blank; it is never inferred from the name. */
const GENDERS = new WeightedChoice<string | null>([
  [null, 45],
  ['woman', 28.5],
  ['man', 25.5],
  ['non-binary', 1],
]);

export function drawGender(rng: Rng): string | null {
  return GENDERS.draw(rng);
}

/**
 * Index of a first name in the pool's female list followed by its male list. The list follows
 * the stated gender where there is one, so that names and genders look coherent.
 */
export function drawFirstName(rng: Rng, pool: NamePool, gender: string | null): number {
  const { female, male } = NAMES[pool];
  const useFemale = gender === 'woman' || (gender !== 'man' && rng.chance(0.5));
  return useFemale ? rng.int(0, female.length - 1) : female.length + rng.int(0, male.length - 1);
}

export function firstNameOf(pool: NamePool, index: number): string {
  const { female, male } = NAMES[pool];
  return (index < female.length ? female[index] : male[index - female.length]) ?? '';
}

export function drawFamilyName(rng: Rng, pool: NamePool): number {
  return rng.int(0, NAMES[pool].family.length - 1);
}

export function familyNameOf(pool: NamePool, index: number): string {
  return NAMES[pool].family[index] ?? '';
}

export function drawOrganisation(
  rng: Rng,
  language: DemoLanguage,
  sector: SectorCode,
): string | null {
  const names = ORGANISATIONS[language][sector];
  if (names.length === 0 || rng.chance(0.05)) return null;
  return rng.pick(names);
}

/** "josé" → "jose", "n'diaye" → "ndiaye": the local part of a demo e-mail address. */
export function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}
