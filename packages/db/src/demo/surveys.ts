import type { Kysely } from 'kysely';
import {
  SURVEY_WAVES,
  type Database,
  type QuestionChoice,
  type QuestionType,
  type SurveyWave,
} from '../schema.js';
import { DEFAULT_SURVEY_CODES, USE_CHOICES } from '../surveys/instruments.js';
import type { DemoLanguage } from './geography.js';
import { WeightedChoice, type Rng } from './random.js';
import { BARRIERS, CHANGES, OTHER_USES, POST_COMMENTS, TOPICS } from './vocabulary.js';

export interface DemoSurvey {
  versionId: number;
  /** Question id by key. */
  questions: Map<string, number>;
}

export interface DemoSurveys {
  post: DemoSurvey;
  followup: DemoSurvey;
}

// What the demo answers, by wave: each key with its type, and every use value for the
// multiple-choice questions. A version lacking any of them cannot take the demo's answers.
const DEMO_QUESTIONS: Record<SurveyWave, Record<string, QuestionType>> = {
  post: {
    satisfaction: 'rating5',
    relevance: 'rating5',
    recommend: 'nps',
    intended_use: 'multi',
    comments: 'text',
    topics_next: 'text',
    consent_quote: 'consent',
  },
  followup: {
    applied: 'yes_partly_no',
    actual_use: 'multi',
    what_changed: 'text',
    barriers: 'text',
    consent_quote: 'consent',
  },
};

interface VersionQuestion {
  version_id: number;
  version: number;
  id: number;
  key: string;
  type: QuestionType;
  choices: QuestionChoice[] | null;
}

function fitsDemo(wave: SurveyWave, questions: VersionQuestion[]): boolean {
  const byKey = new Map(questions.map((q) => [q.key, q]));
  return Object.entries(DEMO_QUESTIONS[wave]).every(([key, type]) => {
    const question = byKey.get(key);
    if (question?.type !== type) return false;
    if (type !== 'multi') return true;
    const values = new Set((question.choices ?? []).map((c) => c.value));
    return USE_CHOICES.every((choice) => values.has(choice.value));
  });
}

/**
 * The default instruments (made by migration) the demo answers: of each, the newest version
 * that still has every question and choice the demo answers, so a manager's edits are used
 * where they can be. Throws, saying what is missing, when no version fits.
 */
export async function demoSurveys(db: Kysely<Database>): Promise<DemoSurveys> {
  const result: Partial<DemoSurveys> = {};
  for (const wave of SURVEY_WAVES) {
    const code = DEFAULT_SURVEY_CODES[wave];
    const rows = await db
      .selectFrom('survey_version as v')
      .innerJoin('survey as s', 's.id', 'v.survey_id')
      .innerJoin('survey_question as q', 'q.survey_version_id', 'v.id')
      .select(['v.id as version_id', 'v.version', 'q.id', 'q.key', 'q.type', 'q.choices'])
      .where('s.code', '=', code)
      .orderBy('v.version', 'desc')
      .orderBy('q.position')
      .execute();
    if (rows.length === 0) {
      throw new Error(
        `The demo cannot be generated: the survey '${code}' is missing (migrations create it).`,
      );
    }
    const versions = [...new Set(rows.map((row) => row.version))];
    const fitting = versions
      .map((version) => rows.filter((row) => row.version === version))
      .find((questions) => fitsDemo(wave, questions));
    if (!fitting) {
      throw new Error(
        `The demo cannot be generated: no version of the survey '${code}' has all of the questions ` +
          `${Object.entries(DEMO_QUESTIONS[wave])
            .map(([key, type]) => `${key} (${type})`)
            .join(', ')} with the default choices.`,
      );
    }
    result[wave] = {
      versionId: fitting[0]!.version_id,
      questions: new Map(fitting.map((row) => [row.key, row.id])),
    };
  }
  return result as DemoSurveys;
}

/** One answer as the bulk insert wants it; choices travel comma-joined (values hold no commas). */
export interface DemoAnswer {
  key: string;
  number: number | null;
  text: string | null;
  choices: string | null;
}

export interface DemoPostResponse {
  answers: DemoAnswer[];
  intendedUses: string[];
  consent: boolean;
}

export interface DemoFollowupResponse {
  answers: DemoAnswer[];
  consent: boolean;
}

const SATISFACTION = new WeightedChoice<number>([
  [5, 50],
  [4, 35],
  [3, 10],
  [2, 4],
  [1, 1],
]);
const RELEVANCE = new WeightedChoice<number>([
  [5, 42],
  [4, 38],
  [3, 14],
  [2, 5],
  [1, 1],
]);
const RECOMMEND = new WeightedChoice<number>([
  [10, 24],
  [9, 24],
  [8, 21],
  [7, 13],
  [6, 7],
  [5, 5],
  [4, 2],
  [3, 1.5],
  [2, 1],
  [1, 0.5],
  [0, 1],
]);
const USE_COUNT = new WeightedChoice<number>([
  [1, 45],
  [2, 35],
  [3, 20],
]);
const USE_VALUES = new WeightedChoice<string>([
  ['share_colleagues', 25],
  ['inform_policy', 20],
  ['brief_leadership', 12],
  ['design_programme', 12],
  ['follow_up_peer', 12],
  ['train_others', 12],
  ['other', 3],
]);
const APPLIED = new WeightedChoice<'yes' | 'partly' | 'no'>([
  ['yes', 45],
  ['partly', 35],
  ['no', 20],
]);
const APPLICABLE_USES = USE_CHOICES.map((choice) => choice.value).filter(
  (value) => value !== 'no_plans' && value !== 'other',
);

function fill(template: string, topic: string): string {
  return template.replaceAll('{topic}', topic);
}

function topicPhrase(topicIndex: number, language: DemoLanguage): string {
  const topic = TOPICS[topicIndex] ?? TOPICS[0];
  return (topic ? topic[language] : '').toLowerCase();
}

function number(key: string, value: number): DemoAnswer {
  return { key, number: value, text: null, choices: null };
}
function text(key: string, value: string): DemoAnswer {
  return { key, number: null, text: value, choices: null };
}

/** The answers of one post-webinar response. */
export function drawPostResponse(
  rng: Rng,
  language: DemoLanguage,
  topicIndex: number,
): DemoPostResponse {
  const answers: DemoAnswer[] = [number('satisfaction', SATISFACTION.draw(rng))];
  if (rng.chance(0.9)) answers.push(number('relevance', RELEVANCE.draw(rng)));
  if (rng.chance(0.9)) answers.push(number('recommend', RECOMMEND.draw(rng)));
  const intendedUses: string[] = [];
  if (rng.chance(0.85)) {
    if (rng.chance(0.05)) intendedUses.push('no_plans');
    else {
      const count = USE_COUNT.draw(rng);
      for (let i = 0; i < count * 3 && intendedUses.length < count; i++) {
        const value = USE_VALUES.draw(rng);
        if (!intendedUses.includes(value)) intendedUses.push(value);
      }
    }
    const other = intendedUses.includes('other') ? rng.pick(OTHER_USES[language]) : null;
    answers.push({
      key: 'intended_use',
      number: null,
      text: other,
      choices: intendedUses.join(','),
    });
  }
  const topic = topicPhrase(topicIndex, language);
  if (rng.chance(0.35))
    answers.push(text('comments', fill(rng.pick(POST_COMMENTS[language]), topic)));
  if (rng.chance(0.2)) answers.push(text('topics_next', rng.pick(TOPICS)[language]));
  let consent = false;
  if (rng.chance(0.8)) {
    consent = rng.chance(0.4);
    answers.push(text('consent_quote', consent ? 'yes' : 'no'));
  }
  return { answers, intendedUses, consent };
}

/** The answers of one follow-up response, given what the person intended to do. */
export function drawFollowupResponse(
  rng: Rng,
  language: DemoLanguage,
  topicIndex: number,
  intendedUses: readonly string[],
): DemoFollowupResponse {
  const applied = APPLIED.draw(rng);
  const answers: DemoAnswer[] = [text('applied', applied)];
  const topic = topicPhrase(topicIndex, language);
  if (applied !== 'no') {
    const candidates = intendedUses.filter((use) => APPLICABLE_USES.includes(use));
    const uses = candidates.filter(() => rng.chance(0.7));
    if (uses.length === 0)
      uses.push(candidates.length > 0 ? rng.pick(candidates) : rng.pick(APPLICABLE_USES));
    if (rng.chance(0.15)) {
      const extra = rng.pick(APPLICABLE_USES);
      if (!uses.includes(extra)) uses.push(extra);
    }
    answers.push({ key: 'actual_use', number: null, text: null, choices: uses.join(',') });
    if (rng.chance(0.6))
      answers.push(text('what_changed', fill(rng.pick(CHANGES[language]), topic)));
  }
  if (applied !== 'yes' && rng.chance(0.55))
    answers.push(text('barriers', rng.pick(BARRIERS[language])));
  let consent = false;
  if (rng.chance(0.8)) {
    consent = rng.chance(0.35);
    answers.push(text('consent_quote', consent ? 'yes' : 'no'));
  }
  return { answers, consent };
}
