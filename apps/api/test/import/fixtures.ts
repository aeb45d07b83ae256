import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@ripple/db';
import type { ImportRequest } from '../../src/import/pipeline.js';

/** The shared sample exports, beside the repository (CI lays shared/ next to the clone). */
export const FIXTURES = new URL('../../../../../shared/fixtures/', import.meta.url);

export function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

/** An import request for bytes held in memory (the pipeline re-opens the source as it needs). */
export function bytesRequest(
  fileName: string,
  bytes: Buffer,
  extra: Partial<ImportRequest> = {},
): ImportRequest {
  return {
    fileName,
    source: () => Readable.from([bytes]),
    contentHash: createHash('sha256').update(bytes).digest('hex'),
    ...extra,
  };
}

export interface AttendeeRow {
  name: string | null;
  email: string | null;
  registered: boolean;
  attended: boolean;
  minutes: number;
  country: string | null;
}

/** What a webinar holds after an import, sorted by name, for comparing with the README's table. */
export async function webinarContents(db: Kysely<Database>, webinarId: number) {
  const attendance = await db
    .selectFrom('attendance as a')
    .innerJoin('participant as p', 'p.id', 'a.participant_id')
    .where('a.webinar_id', '=', webinarId)
    .select(['p.name', 'p.email', 'a.registered', 'a.attended', 'a.minutes', 'p.country'])
    .orderBy('p.name')
    .execute();
  const speakers = await db
    .selectFrom('webinar_speaker as ws')
    .innerJoin('speaker as s', 's.id', 'ws.speaker_id')
    .where('ws.webinar_id', '=', webinarId)
    .select(['s.name', 'ws.role', 's.country'])
    .orderBy('s.name')
    .execute();
  return { attendance: attendance as AttendeeRow[], speakers };
}

/** Every count that an import could change, to show that repeating one changes nothing. */
export async function tableCounts(db: Kysely<Database>) {
  const { rows } = await sql<Record<string, number>>`
    select (select count(*)::int from webinar) as webinars,
           (select count(*)::int from participant) as participants,
           (select count(*)::int from attendance) as attendance,
           (select coalesce(sum(minutes), 0)::int from attendance) as minutes,
           (select count(*)::int from speaker) as speakers,
           (select count(*)::int from webinar_speaker) as "speakerLinks"
  `.execute(db);
  return rows[0]!;
}
