import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { insertAttendance } from './attendance.js';
import { insertParticipants } from './participants.js';
import { insertProgramme } from './programme.js';
import { demoSurveys } from './surveys.js';

export interface DemoOptions {
  /**
   * Same seed, same rows (survey tokens, created_at and the expiry of the latest webinar's survey
   * links, kept open for 30 days from generation, aside). Default 2012.
   */
  seed?: number;
  /** People generated; every one attends at least once. Default 4800. */
  participants?: number;
  /** Held webinars. Default 63, the real programme's count by late 2015. */
  webinars?: number;
  /**
   * Multiplies the webinars each person attends (and so their no-shows), for benchmarks that
   * need more attendance rows per person than the real programme had: about 2.7 rows per
   * participant at 1, so 3.7 makes 200,000 participants about 2,000,000 rows. Default 1.
   */
  attendanceScale?: number;
  /** Rows per insert statement. Default 5000. */
  batchSize?: number;
  onProgress?: (p: { phase: string; done: number; total: number }) => void;
}

export interface DemoSummary {
  webinars: number;
  speakers: number;
  participants: number;
  /** Attendance rows with attended = true. */
  attendances: number;
  /** Attendance rows with registered = true (all demo rows: attendees and no-shows). */
  registrations: number;
  /** Survey responses, post-webinar and follow-up together. */
  responses: number;
}

/** True when the database holds no webinars, participants or imports: the demo may be written. */
export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('webinar').select('id')).as('webinars'),
      eb.exists(eb.selectFrom('participant').select('id')).as('participants'),
      eb.exists(eb.selectFrom('data_import').select('id')).as('imports'),
    ])
    .executeTakeFirstOrThrow();
  return !row.webinars && !row.participants && !row.imports;
}

function wholeNumber(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`Demo option ${name} must be an integer of at least ${min}, not ${value}.`);
  }
  return value;
}

/**
 * Fills an empty database with a demo programme modelled on the OGP webinar series (2012–2015):
 * webinars, speakers, participants, attendance and survey answers, deterministic from the seed.
 * Refuses to touch a database that already holds data.
 */
export async function generateDemo(
  db: Kysely<Database>,
  options: DemoOptions = {},
): Promise<DemoSummary> {
  const seed = wholeNumber('seed', options.seed ?? 2012, Number.MIN_SAFE_INTEGER);
  const participantCount = wholeNumber('participants', options.participants ?? 4800, 0);
  const webinarCount = wholeNumber('webinars', options.webinars ?? 63, 1);
  const batchSize = wholeNumber('batchSize', options.batchSize ?? 5000, 1);
  const attendanceScale = options.attendanceScale ?? 1;
  if (!(attendanceScale >= 1 && attendanceScale <= 10)) {
    throw new Error(
      `Demo option attendanceScale must be between 1 and 10, not ${attendanceScale}.`,
    );
  }
  const progress = (phase: string, done: number, total: number) =>
    options.onProgress?.({ phase, done, total });

  // One transaction: a run stopped half-way (Ctrl-C during the first start, a crash) leaves
  // nothing behind, so the next start finds the database empty and generates the demo whole.
  return db.transaction().execute(async (trx) => {
    if (!(await isDatabaseEmpty(trx))) {
      throw new Error(
        'Refusing to generate demo data: the database already holds webinars, participants or imports. ' +
          'The demo is only ever written into an empty database.',
      );
    }
    const surveys = await demoSurveys(trx);
    const programme = await insertProgramme(trx, seed, webinarCount, batchSize, progress);
    const people = await insertParticipants(
      trx,
      programme,
      seed,
      participantCount,
      batchSize,
      progress,
      attendanceScale,
    );
    const counts = await insertAttendance(
      trx,
      programme,
      people,
      surveys,
      seed,
      batchSize,
      progress,
    );
    // Imports arrive a webinar at a time, so a real programme's attendance lies on disk in
    // webinar order; the demo writes it person by person. Reorder it as real data would be, so
    // the demo reads (and benchmarks) like a real database: one webinar's rows are then a few
    // pages, not one page a row.
    progress('ordering attendance by webinar', 0, 1);
    await sql`cluster attendance using attendance_pk`.execute(trx);
    // Only attendance: statistics taken on the survey tables while they are small (a small demo)
    // stay behind as answers pour in, and then plan survey submissions badly (2× fewer per
    // second in bench:submissions, whose demo has 100 people).
    await sql`analyze attendance`.execute(trx);
    progress('ordering attendance by webinar', 1, 1);
    return {
      webinars: programme.count,
      speakers: programme.speakers,
      participants: people.count,
      ...counts,
    };
  });
}
