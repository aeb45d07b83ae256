import type { Kysely } from 'kysely';
import type { Database, QuestionChoice, QuestionType, SurveyWave } from '../schema.js';

// The two instruments every Ripple database starts with. These are the wording of version 1
// only: a manager's edits are new versions in the database, and nothing here overwrites them.
// Choice values and question keys are what analytics, the demo and imports rely on; labels and
// texts are for people.

/** The code of each wave's default instrument. */
export const DEFAULT_SURVEY_CODES: Readonly<Record<SurveyWave, string>> = {
  post: 'post-webinar',
  followup: 'follow-up',
};

/** The uses of what was learned: asked as plans after the webinar and as facts at follow-up. */
export const USE_CHOICES: readonly QuestionChoice[] = [
  {
    value: 'brief_leadership',
    label_en: 'Brief my leadership or minister',
    label_es: 'Informar a mis autoridades o a mi ministro/a',
  },
  {
    value: 'inform_policy',
    label_en: 'Inform a policy, law or action plan',
    label_es: 'Orientar una política, ley o plan de acción',
  },
  {
    value: 'share_colleagues',
    label_en: 'Share it with colleagues',
    label_es: 'Compartirlo con colegas',
  },
  {
    value: 'design_programme',
    label_en: 'Design or improve a programme or service',
    label_es: 'Diseñar o mejorar un programa o servicio',
  },
  {
    value: 'follow_up_peer',
    label_en: 'Follow up with a peer met in the webinar',
    label_es: 'Dar seguimiento con un par que conocí en el seminario web',
  },
  { value: 'train_others', label_en: 'Train others', label_es: 'Capacitar a otras personas' },
  { value: 'no_plans', label_en: 'No plans yet', label_es: 'Aún no tengo planes' },
  { value: 'other', label_en: 'Other', label_es: 'Otro' },
];

/** One question of a version, as managers edit it and the database stores it. */
export interface QuestionDefinition {
  /** Stable across versions, so analytics can follow the question through edits. */
  key: string;
  type: QuestionType;
  required: boolean;
  text_en: string;
  text_es: string;
  /** For single and multi only; null for every other type. */
  choices: QuestionChoice[] | null;
  /** Whether the choice "other" takes a free text (single and multi only). */
  allowOther: boolean;
}

export interface InstrumentDefinition {
  code: string;
  kind: SurveyWave;
  name: string;
  questions: QuestionDefinition[];
}

const CONSENT: QuestionDefinition = {
  key: 'consent_quote',
  type: 'consent',
  required: false,
  text_en:
    'May we quote your answers in our reports, with your display name (first name and initial) and country?',
  text_es:
    '¿Podemos citar sus respuestas en nuestros informes, con su nombre visible (nombre e inicial del apellido) y su país?',
  choices: null,
  allowOther: false,
};

function question(
  key: string,
  type: QuestionType,
  text_en: string,
  text_es: string,
  extra: Partial<Pick<QuestionDefinition, 'required' | 'choices' | 'allowOther'>> = {},
): QuestionDefinition {
  return {
    key,
    type,
    required: extra.required ?? false,
    text_en,
    text_es,
    choices: extra.choices ?? null,
    allowOther: extra.allowOther ?? false,
  };
}

export const DEFAULT_INSTRUMENTS: readonly InstrumentDefinition[] = [
  {
    code: DEFAULT_SURVEY_CODES.post,
    kind: 'post',
    name: 'Post-webinar survey',
    questions: [
      question(
        'satisfaction',
        'rating5',
        'Overall, how satisfied are you with this webinar?',
        'En general, ¿qué tan satisfecho/a está con este seminario web?',
        { required: true },
      ),
      question(
        'relevance',
        'rating5',
        'How relevant was the webinar to your work?',
        '¿Qué tan relevante fue el seminario web para su trabajo?',
      ),
      question(
        'recommend',
        'nps',
        'How likely are you to recommend these webinars to a colleague?',
        '¿Qué tan probable es que recomiende estos seminarios web a un/a colega?',
      ),
      question(
        'intended_use',
        'multi',
        'How do you plan to use what you learned?',
        '¿Cómo piensa utilizar lo que aprendió?',
        { choices: [...USE_CHOICES], allowOther: true },
      ),
      question(
        'comments',
        'text',
        'Any comments on the webinar?',
        '¿Tiene algún comentario sobre el seminario web?',
      ),
      question(
        'topics_next',
        'text',
        'Which topics would you like future webinars to cover?',
        '¿Qué temas le gustaría que trataran los próximos seminarios web?',
      ),
      CONSENT,
    ],
  },
  {
    code: DEFAULT_SURVEY_CODES.followup,
    kind: 'followup',
    name: 'Follow-up survey',
    questions: [
      question(
        'applied',
        'yes_partly_no',
        'Have you used what you learned in the webinar?',
        '¿Ha utilizado lo que aprendió en el seminario web?',
        { required: true },
      ),
      question(
        'actual_use',
        'multi',
        'Which uses actually happened?',
        '¿Cuáles de estos usos se concretaron realmente?',
        { choices: [...USE_CHOICES], allowOther: true },
      ),
      question('what_changed', 'text', 'What changed as a result?', '¿Qué cambió como resultado?'),
      question('barriers', 'text', 'What got in the way?', '¿Qué se lo impidió o dificultó?'),
      CONSENT,
    ],
  },
];

/** The rows of one version's questions, in order. */
export function questionRows(versionId: number, questions: readonly QuestionDefinition[]) {
  return questions.map((q, index) => ({
    survey_version_id: versionId,
    position: index + 1,
    key: q.key,
    type: q.type,
    required: q.required,
    text_en: q.text_en,
    text_es: q.text_es,
    choices: q.choices ? JSON.stringify(q.choices) : null,
    allow_other: q.allowOther,
  }));
}

/** Runs `work` in a transaction: a new one, or the caller's. */
function inTransaction<T>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>) {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}

/**
 * Gives the database the default instruments it lacks (version 1 of each), and leaves alone
 * any that exist, edited or not: run after every migration, so a manager's versions survive
 * restarts and upgrades. Safe when two processes start at once: the unique code decides.
 * Returns the codes it inserted.
 */
export async function ensureDefaultSurveys(db: Kysely<Database>): Promise<string[]> {
  const present = new Set(
    (await db.selectFrom('survey').select('code').execute()).map((row) => row.code),
  );
  const inserted: string[] = [];
  for (const instrument of DEFAULT_INSTRUMENTS) {
    if (present.has(instrument.code)) continue;
    const made = await inTransaction(db, async (trx) => {
      const survey = await trx
        .insertInto('survey')
        .values({ code: instrument.code, kind: instrument.kind, name: instrument.name })
        .onConflict((oc) => oc.column('code').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!survey) return false; // Another process made it meanwhile.
      const version = await trx
        .insertInto('survey_version')
        .values({ survey_id: survey.id, version: 1 })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('survey_question')
        .values(questionRows(version.id, instrument.questions))
        .execute();
      return true;
    });
    if (made) inserted.push(instrument.code);
  }
  return inserted;
}
