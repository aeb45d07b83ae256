import type { Kysely } from 'kysely';
import type { Database, QuestionChoice, QuestionType, SurveyWave } from '../schema.js';
import type { DemoLanguage } from './geography.js';
import { WeightedChoice, type Rng } from './random.js';
import { BARRIERS, CHANGES, OTHER_USES, POST_COMMENTS, TOPICS } from './vocabulary.js';

const USE_CHOICES: QuestionChoice[] = [
  {
    value: 'brief_leadership',
    label_en: 'Brief my leadership or minister',
    label_es: 'Informar a mis autoridades',
  },
  {
    value: 'inform_policy',
    label_en: 'Inform a policy, law or action plan commitment',
    label_es: 'Orientar una política, ley o compromiso del plan de acción',
  },
  {
    value: 'share_colleagues',
    label_en: 'Share it with colleagues',
    label_es: 'Compartirlo con colegas',
  },
  {
    value: 'design_programme',
    label_en: 'Design or adjust a programme or project',
    label_es: 'Diseñar o ajustar un programa o proyecto',
  },
  {
    value: 'follow_up_peer',
    label_en: 'Follow up with a presenter or peer',
    label_es: 'Dar seguimiento con un ponente o par',
  },
  { value: 'train_others', label_en: 'Train others', label_es: 'Capacitar a otras personas' },
  {
    value: 'no_plans',
    label_en: 'No concrete plans yet',
    label_es: 'Aún no tengo planes concretos',
  },
  { value: 'other', label_en: 'Other', label_es: 'Otro' },
];

interface QuestionSpec {
  key: string;
  type: QuestionType;
  required?: boolean;
  en: string;
  es: string;
  choices?: QuestionChoice[];
  allowOther?: boolean;
}

interface InstrumentSpec {
  code: string;
  kind: SurveyWave;
  name: string;
  questions: QuestionSpec[];
}

const INSTRUMENTS: InstrumentSpec[] = [
  {
    code: 'post-webinar',
    kind: 'post',
    name: 'Post-webinar survey',
    questions: [
      {
        key: 'satisfaction',
        type: 'rating5',
        required: true,
        en: 'Overall, how satisfied are you with this webinar?',
        es: 'En general, ¿qué tan satisfecho/a está con este seminario web?',
      },
      {
        key: 'relevance',
        type: 'rating5',
        en: 'How relevant was the webinar to your work?',
        es: '¿Qué tan relevante fue el seminario web para su trabajo?',
      },
      {
        key: 'recommend',
        type: 'nps',
        en: 'How likely are you to recommend these webinars to a colleague?',
        es: '¿Qué tan probable es que recomiende estos seminarios web a un colega?',
      },
      {
        key: 'intended_use',
        type: 'multi',
        allowOther: true,
        choices: USE_CHOICES,
        en: 'How do you plan to use what you learned?',
        es: '¿Cómo piensa utilizar lo que aprendió?',
      },
      {
        key: 'comments',
        type: 'text',
        en: 'Any comments on the webinar?',
        es: '¿Algún comentario sobre el seminario web?',
      },
      {
        key: 'topics_next',
        type: 'text',
        en: 'Which topics would you like us to cover next?',
        es: '¿Qué temas le gustaría que tratáramos próximamente?',
      },
      {
        key: 'consent_quote',
        type: 'consent',
        en: 'May we quote your answers, with your first name, initial and country?',
        es: '¿Podemos citar sus respuestas con su nombre, inicial y país?',
      },
    ],
  },
  {
    code: 'follow-up',
    kind: 'followup',
    name: 'Follow-up survey',
    questions: [
      {
        key: 'applied',
        type: 'yes_partly_no',
        required: true,
        en: 'Have you used what you learned in the webinar?',
        es: '¿Ha utilizado lo que aprendió en el seminario web?',
      },
      {
        key: 'actual_use',
        type: 'multi',
        allowOther: true,
        choices: USE_CHOICES,
        en: 'Which of these uses happened?',
        es: '¿Cuáles de estos usos se concretaron?',
      },
      {
        key: 'what_changed',
        type: 'text',
        en: 'What changed as a result?',
        es: '¿Qué cambió como resultado?',
      },
      {
        key: 'barriers',
        type: 'text',
        en: 'What got in the way?',
        es: '¿Qué se lo impidió o dificultó?',
      },
      {
        key: 'consent_quote',
        type: 'consent',
        en: 'May we quote your answers, with your first name, initial and country?',
        es: '¿Podemos citar sus respuestas con su nombre, inicial y país?',
      },
    ],
  },
];

export interface DemoSurvey {
  versionId: number;
  /** Question id by key. */
  questions: Map<string, number>;
}

export interface DemoSurveys {
  post: DemoSurvey;
  followup: DemoSurvey;
}

/** Inserts both instruments (version 1 with their questions). Refuses if either code exists. */
export async function insertSurveys(db: Kysely<Database>): Promise<DemoSurveys> {
  const existing = await db
    .selectFrom('survey')
    .select('code')
    .where(
      'code',
      'in',
      INSTRUMENTS.map((instrument) => instrument.code),
    )
    .execute();
  if (existing.length > 0) {
    throw new Error(
      `The demo cannot be generated: survey ${existing.map((row) => `'${row.code}'`).join(', ')} already exists.`,
    );
  }
  const result: Partial<DemoSurveys> = {};
  for (const instrument of INSTRUMENTS) {
    const survey = await db
      .insertInto('survey')
      .values({ code: instrument.code, kind: instrument.kind, name: instrument.name })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await db
      .insertInto('survey_version')
      .values({ survey_id: survey.id, version: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const rows = await db
      .insertInto('survey_question')
      .values(
        instrument.questions.map((question, position) => ({
          survey_version_id: version.id,
          position: position + 1,
          key: question.key,
          type: question.type,
          required: question.required ?? false,
          text_en: question.en,
          text_es: question.es,
          choices: question.choices ? JSON.stringify(question.choices) : null,
          allow_other: question.allowOther ?? false,
        })),
      )
      .returning(['id', 'key'])
      .execute();
    result[instrument.kind] = {
      versionId: version.id,
      questions: new Map(rows.map((row) => [row.key, row.id])),
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
