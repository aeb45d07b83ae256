import { sql, type Kysely } from 'kysely';
import type { Database, SectorCode } from '../schema.js';

export interface OverviewFigures {
  webinarsHeld: number;
  /** Distinct people who presented at a held webinar. */
  speakers: number;
  /** Distinct people who attended at least one held webinar. */
  uniqueParticipants: number;
  /** Participant × webinar pairs with attendance, at held webinars. */
  attendances: number;
  /** Distinct countries of attending participants (unknown country not counted). */
  countries: number;
  /** Distinct known sectors of attending participants ('unknown' not counted). */
  sectors: number;
  bySector: Array<{ sector: SectorCode; participants: number }>;
}

/** The headline figures, each computed once in SQL. */
export async function getOverview(db: Kysely<Database>): Promise<OverviewFigures> {
  const attendees = db
    .selectFrom('attendance as a')
    .innerJoin('webinar as w', 'w.id', 'a.webinar_id')
    .where('w.status', '=', 'held')
    .where('a.attended', '=', true);

  const [totals, speakers, bySector] = await Promise.all([
    attendees
      .innerJoin('participant as p', 'p.id', 'a.participant_id')
      .select([
        sql<number>`count(distinct w.id)::int`.as('webinarsWithAttendance'),
        sql<number>`count(distinct a.participant_id)::int`.as('uniqueParticipants'),
        sql<number>`count(*)::int`.as('attendances'),
        sql<number>`count(distinct p.country)::int`.as('countries'),
        sql<number>`count(distinct p.sector) filter (where p.sector <> 'unknown')::int`.as(
          'sectors',
        ),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('webinar as w')
      .leftJoin('webinar_speaker as ws', 'ws.webinar_id', 'w.id')
      .where('w.status', '=', 'held')
      .select([
        sql<number>`count(distinct w.id)::int`.as('webinarsHeld'),
        sql<number>`count(distinct ws.speaker_id)::int`.as('speakers'),
      ])
      .executeTakeFirstOrThrow(),
    attendees
      .innerJoin('participant as p', 'p.id', 'a.participant_id')
      .innerJoin('sector as s', 's.code', 'p.sector')
      .select(['p.sector', sql<number>`count(distinct a.participant_id)::int`.as('participants')])
      .groupBy(['p.sector', 's.sort_order'])
      .orderBy(sql`count(distinct a.participant_id)`, 'desc')
      .orderBy('s.sort_order', 'asc')
      .execute(),
  ]);

  return {
    webinarsHeld: speakers.webinarsHeld,
    speakers: speakers.speakers,
    uniqueParticipants: totals.uniqueParticipants,
    attendances: totals.attendances,
    countries: totals.countries,
    sectors: totals.sectors,
    bySector: bySector.map((row) => ({ sector: row.sector, participants: row.participants })),
  };
}
