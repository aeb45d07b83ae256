import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, SurveyWave } from '../schema.js';
import { COUNTRY_CODES, COUNTRY_POOLS, type DemoLanguage } from './geography.js';
import type { DemoPeople } from './participants.js';
import { familyNameOf, firstNameOf } from './people.js';
import { LANGUAGES, type DemoProgramme } from './programme.js';
import { Rng, WeightedTable } from './random.js';
import {
  drawFollowupResponse,
  drawPostResponse,
  type DemoAnswer,
  type DemoSurvey,
  type DemoSurveys,
} from './surveys.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const POST_RESPONSE_RATE = 0.33;
const FOLLOWUP_RESPONSE_RATE = 0.45;

type Progress = (phase: string, done: number, total: number) => void;

export interface AttendanceCounts {
  attendances: number;
  registrations: number;
  responses: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The webinars of one language, drawn with a popularity that grows as the series matures. */
class WebinarPicker {
  private readonly table: WeightedTable | null;

  constructor(
    rng: Rng,
    programme: DemoProgramme,
    private readonly indices: number[],
  ) {
    const weights = indices.map(
      (i) => (0.6 + 0.8 * rng.float()) * (1 + (0.6 * i) / programme.count),
    );
    this.table = indices.length > 0 ? new WeightedTable(weights) : null;
  }

  /** Adds `n` webinars not yet in `chosen` (the caller keeps n within what is available). */
  pickInto(rng: Rng, n: number, chosen: number[]): void {
    if (!this.table) return;
    const goal = chosen.length + n;
    let tries = 0;
    while (chosen.length < goal) {
      let webinar = this.indices[this.table.draw(rng)] as number;
      if (++tries > 50 && chosen.includes(webinar)) {
        // Nearly every webinar is taken: walk to the next free one instead of retrying forever.
        const start = this.indices.indexOf(webinar);
        for (let step = 1; step <= this.indices.length && chosen.includes(webinar); step++) {
          webinar = this.indices[(start + step) % this.indices.length] as number;
        }
      }
      if (!chosen.includes(webinar)) chosen.push(webinar);
    }
  }
}

class AttendanceBatch {
  webinars: number[] = [];
  participants: number[] = [];
  registeredAt: string[] = [];
  attended: boolean[] = [];
  firstJoin: Array<string | null> = [];
  lastLeave: Array<string | null> = [];
  minutes: number[] = [];

  get size(): number {
    return this.webinars.length;
  }

  async insert(db: Kysely<Database>): Promise<void> {
    await sql`
      insert into attendance
        (webinar_id, participant_id, registered, registered_at, attended, first_join_at, last_leave_at, minutes)
      select w, p, true, r, a, j, l, m
      from unnest(
        ${this.webinars}::int[], ${this.participants}::int[], ${this.registeredAt}::timestamptz[],
        ${this.attended}::boolean[], ${this.firstJoin}::timestamptz[], ${this.lastLeave}::timestamptz[],
        ${this.minutes}::int[]
      ) as t(w, p, r, a, j, l, m)`.execute(db);
  }
}

interface ResponsePlan {
  submittedAt: number;
  consent: boolean;
  answers: DemoAnswer[];
}

interface CandidatePlan {
  person: number;
  webinar: number;
  post: ResponsePlan | null;
  followup: ResponsePlan | null;
}

/**
 * Survey invitations, responses and answers for attended webinars. Everything about a
 * candidate is drawn in one go, in attendance order, so batch sizes do not change the data.
 */
class SurveyWriter {
  private readonly rng: Rng;
  private pending: Array<{ person: number; webinar: number }> = [];
  /**
   * The most recent webinar's survey links stay open for 30 days from generation, whatever its
   * date, so a demo always has links to try the form with (Surveys page, CSV export). Every other
   * link expired long ago, as it would have in the real programme.
   */
  private readonly latestWebinar: number;
  private readonly openUntil = Date.now() + 30 * DAY;
  processed = 0;
  responses = 0;

  constructor(
    private readonly db: Kysely<Database>,
    seed: number,
    private readonly programme: DemoProgramme,
    private readonly people: DemoPeople,
    private readonly surveys: DemoSurveys,
    private readonly batchSize: number,
    private readonly total: number,
    private readonly progress: Progress,
  ) {
    this.rng = new Rng(seed, 4);
    let latest = 0;
    for (let w = 1; w < programme.count; w++) {
      if ((programme.startsAt[w] as number) > (programme.startsAt[latest] as number)) latest = w;
    }
    this.latestWebinar = latest;
  }

  private expiry(webinar: number, expiresAt: number): number {
    return webinar === this.latestWebinar ? Math.max(expiresAt, this.openUntil) : expiresAt;
  }

  async add(person: number, webinar: number): Promise<void> {
    this.pending.push({ person, webinar });
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const plans = this.pending.map((candidate) => this.plan(candidate.person, candidate.webinar));
    this.pending = [];

    const { programme } = this;
    const postInvitations = await this.insertInvitations(
      'post',
      this.surveys.post,
      plans.map((plan) => {
        const end = this.endOf(plan.webinar);
        return {
          plan,
          scheduledFor: end,
          sentAt: end + 30 * MINUTE,
          expiresAt: this.expiry(
            plan.webinar,
            (programme.startsAt[plan.webinar] as number) + 30 * DAY,
          ),
        };
      }),
    );
    const respondents = plans.flatMap((plan, i) =>
      plan.post ? [{ plan, invitation: postInvitations[i] as number }] : [],
    );
    await this.insertResponses(
      'post',
      this.surveys.post,
      respondents.map(({ plan, invitation }) => ({
        plan,
        invitation,
        response: plan.post as ResponsePlan,
      })),
    );

    const followupInvitations = await this.insertInvitations(
      'followup',
      this.surveys.followup,
      respondents.map(({ plan }) => {
        const scheduledFor = (programme.startsAt[plan.webinar] as number) + 90 * DAY;
        return {
          plan,
          scheduledFor,
          sentAt: scheduledFor + 10 * MINUTE,
          expiresAt: this.expiry(plan.webinar, scheduledFor + 30 * DAY),
        };
      }),
    );
    await this.insertResponses(
      'followup',
      this.surveys.followup,
      respondents.flatMap(({ plan }, i) =>
        plan.followup
          ? [{ plan, invitation: followupInvitations[i] as number, response: plan.followup }]
          : [],
      ),
    );
    this.processed += plans.length;
    this.progress('surveys', this.processed, this.total);
  }

  private endOf(webinar: number): number {
    return (
      (this.programme.startsAt[webinar] as number) +
      (this.programme.durations[webinar] as number) * MINUTE
    );
  }

  private plan(person: number, webinar: number): CandidatePlan {
    const { rng } = this;
    const language = LANGUAGES[this.people.languages[person] as number] as DemoLanguage;
    const topic = this.programme.topics[webinar] as number;
    const plan: CandidatePlan = { person, webinar, post: null, followup: null };
    if (!rng.chance(POST_RESPONSE_RATE)) return plan;
    const post = drawPostResponse(rng, language, topic);
    // Most answer within a day of the invitation; none after it expires.
    const delay = Math.min(20 * DAY, Math.floor(-Math.log(1 - rng.float()) * DAY) + 5 * MINUTE);
    plan.post = {
      submittedAt: this.endOf(webinar) + 30 * MINUTE + delay,
      consent: post.consent,
      answers: post.answers,
    };
    if (rng.chance(FOLLOWUP_RESPONSE_RATE)) {
      const followup = drawFollowupResponse(rng, language, topic, post.intendedUses);
      plan.followup = {
        submittedAt:
          (this.programme.startsAt[webinar] as number) +
          90 * DAY +
          rng.int(15, 20 * 24 * 60) * MINUTE,
        consent: followup.consent,
        answers: followup.answers,
      };
    }
    return plan;
  }

  private async insertInvitations(
    wave: SurveyWave,
    survey: DemoSurvey,
    rows: Array<{ plan: CandidatePlan; scheduledFor: number; sentAt: number; expiresAt: number }>,
  ): Promise<number[]> {
    if (rows.length === 0) return [];
    const tokens = randomBytes(16 * rows.length);
    const { rows: inserted } = await sql<{ id: number }>`
      insert into survey_invitation
        (token, webinar_id, participant_id, wave, survey_version_id, language, scheduled_for, expires_at, sent_at)
      select token, w, p, ${wave}, ${survey.versionId}, lang, s, e, sent
      from unnest(
        ${rows.map((_, i) => tokens.subarray(16 * i, 16 * i + 16).toString('base64url'))}::text[],
        ${rows.map(({ plan }) => this.programme.ids[plan.webinar] as number)}::int[],
        ${rows.map(({ plan }) => this.people.ids[plan.person] as number)}::int[],
        ${rows.map(({ plan }) => LANGUAGES[this.people.languages[plan.person] as number] as string)}::text[],
        ${rows.map((row) => iso(row.scheduledFor))}::timestamptz[],
        ${rows.map((row) => iso(row.expiresAt))}::timestamptz[],
        ${rows.map((row) => iso(row.sentAt))}::timestamptz[]
      ) with ordinality as t(token, w, p, lang, s, e, sent, ord)
      order by ord
      returning id`.execute(this.db);
    return inserted.map((row) => row.id).sort((a, b) => a - b);
  }

  private async insertResponses(
    wave: SurveyWave,
    survey: DemoSurvey,
    rows: Array<{ plan: CandidatePlan; invitation: number; response: ResponsePlan }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    const { people, programme } = this;
    const quoteName = (person: number) => {
      const pool = COUNTRY_POOLS[people.countries[person] as number] ?? 'anglo';
      const family = familyNameOf(pool, people.familyNames[person] as number);
      return `${firstNameOf(pool, people.firstNames[person] as number)} ${family.charAt(0)}.`;
    };
    const { rows: inserted } = await sql<{ id: number }>`
      insert into survey_response
        (invitation_id, survey_version_id, webinar_id, participant_id, wave, language, submitted_at,
         consent_to_quote, quote_display_name, quote_country)
      select i, ${survey.versionId}, w, p, ${wave}, lang, s, c, qn, qc
      from unnest(
        ${rows.map((row) => row.invitation)}::int[],
        ${rows.map(({ plan }) => programme.ids[plan.webinar] as number)}::int[],
        ${rows.map(({ plan }) => people.ids[plan.person] as number)}::int[],
        ${rows.map(({ plan }) => LANGUAGES[people.languages[plan.person] as number] as string)}::text[],
        ${rows.map(({ response }) => iso(response.submittedAt))}::timestamptz[],
        ${rows.map(({ response }) => response.consent)}::boolean[],
        ${rows.map(({ plan, response }) => (response.consent ? quoteName(plan.person) : null))}::text[],
        ${rows.map(({ plan, response }) => (response.consent ? (COUNTRY_CODES[people.countries[plan.person] as number] ?? null) : null))}::text[]
      ) with ordinality as t(i, w, p, lang, s, c, qn, qc, ord)
      order by ord
      returning id`.execute(this.db);
    const responseIds = inserted.map((row) => row.id).sort((a, b) => a - b);
    this.responses += responseIds.length;

    let answers = emptyAnswers();
    for (const [i, { response }] of rows.entries()) {
      for (const answer of response.answers) {
        answers.responses.push(responseIds[i] as number);
        answers.questions.push(survey.questions.get(answer.key) as number);
        answers.numbers.push(answer.number);
        answers.texts.push(answer.text);
        answers.choices.push(answer.choices);
        if (answers.responses.length >= this.batchSize) {
          await insertAnswers(this.db, answers);
          answers = emptyAnswers();
        }
      }
    }
    if (answers.responses.length > 0) await insertAnswers(this.db, answers);
  }
}

interface AnswerBatch {
  responses: number[];
  questions: number[];
  numbers: Array<number | null>;
  texts: Array<string | null>;
  choices: Array<string | null>;
}

function emptyAnswers(): AnswerBatch {
  return { responses: [], questions: [], numbers: [], texts: [], choices: [] };
}

async function insertAnswers(db: Kysely<Database>, batch: AnswerBatch): Promise<void> {
  await sql`
    insert into survey_answer (response_id, question_id, value_number, value_text, value_choices)
    select r, q, n, t, string_to_array(c, ',')
    from unnest(
      ${batch.responses}::int[], ${batch.questions}::int[], ${batch.numbers}::int[],
      ${batch.texts}::text[], ${batch.choices}::text[]
    ) as a(r, q, n, t, c)`.execute(db);
}

/** Registrations, attendance and the surveys that follow, person by person. */
export async function insertAttendance(
  db: Kysely<Database>,
  programme: DemoProgramme,
  people: DemoPeople,
  surveys: DemoSurveys,
  seed: number,
  batchSize: number,
  progress: Progress,
): Promise<AttendanceCounts> {
  const rng = new Rng(seed, 3);
  const byLanguage = LANGUAGES.map((_, language) => {
    const indices: number[] = [];
    programme.languages.forEach((l, i) => l === language && indices.push(i));
    return new WebinarPicker(rng, programme, indices);
  });

  let totalRows = 0;
  let totalAttended = 0;
  for (let p = 0; p < people.count; p++) {
    const attended = (people.attendedOwn[p] as number) + (people.attendedOther[p] as number);
    totalAttended += attended;
    totalRows += attended + (people.noShows[p] as number);
  }
  const writer = new SurveyWriter(
    db,
    seed,
    programme,
    people,
    surveys,
    batchSize,
    totalAttended,
    progress,
  );
  let batch = new AttendanceBatch();
  let inserted = 0;
  const flush = async () => {
    await batch.insert(db);
    inserted += batch.size;
    batch = new AttendanceBatch();
    progress('attendance', inserted, totalRows);
  };

  for (let p = 0; p < people.count; p++) {
    const own = people.languages[p] as number;
    const attendedOwn = people.attendedOwn[p] as number;
    const chosen: number[] = [];
    byLanguage[own]?.pickInto(rng, attendedOwn + (people.noShows[p] as number), chosen);
    const ownCount = chosen.length;
    byLanguage[1 - own]?.pickInto(rng, people.attendedOther[p] as number, chosen);
    // The first picks in the person's language are attended, the rest of them are no-shows.
    const rows = chosen
      .map((webinar, i) => ({ webinar, attended: i < attendedOwn || i >= ownCount }))
      .sort((a, b) => a.webinar - b.webinar);

    for (const row of rows) {
      const start = programme.startsAt[row.webinar] as number;
      const end = start + (programme.durations[row.webinar] as number) * MINUTE;
      // Registration a few days ahead, occasionally weeks.
      const lead = Math.min(
        30 * DAY,
        Math.floor(-Math.log(1 - rng.float()) * 4 * DAY) + rng.int(30, 600) * MINUTE,
      );
      batch.webinars.push(programme.ids[row.webinar] as number);
      batch.participants.push(people.ids[p] as number);
      batch.registeredAt.push(iso(start - lead));
      batch.attended.push(row.attended);
      if (row.attended) {
        const join = start + rng.int(-5 * 60, 20 * 60) * 1000;
        const longest = Math.min(
          programme.durations[row.webinar] as number,
          Math.floor((end - join) / MINUTE),
        );
        // More than half stay to (nearly) the end; the rest leave part-way.
        const minutes = rng.chance(0.55)
          ? rng.int(Math.max(5, longest - 10), longest)
          : rng.int(5, longest);
        batch.firstJoin.push(iso(join));
        batch.lastLeave.push(iso(join + minutes * MINUTE));
        batch.minutes.push(minutes);
      } else {
        batch.firstJoin.push(null);
        batch.lastLeave.push(null);
        batch.minutes.push(0);
      }
      if (batch.size >= batchSize) await flush();
      if (row.attended) await writer.add(p, row.webinar);
    }
  }
  if (batch.size > 0) await flush();
  await writer.flush();
  return { attendances: totalAttended, registrations: totalRows, responses: writer.responses };
}
