import { Type } from 'typebox';
import { FORMAT_IDS } from '../import/types.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const Issue = Type.Object({
  line: Type.Integer(),
  column: Nullable(Type.String()),
  value: Nullable(Type.String()),
  reason: Type.String(),
});

export const ImportSummarySchema = Type.Object(
  {
    status: Type.Enum(['dry_run', 'succeeded', 'unchanged', 'failed']),
    importId: Nullable(Type.Integer()),
    fileName: Type.String(),
    contentHash: Type.String(),
    format: Nullable(Type.Enum(FORMAT_IDS)),
    platform: Nullable(Type.String()),
    timeZone: Nullable(Type.String()),
    webinar: Nullable(
      Type.Object({
        id: Type.Integer(),
        title: Type.String(),
        startsAt: Type.String({ format: 'date-time' }),
        action: Type.Enum(['chosen', 'matched', 'created']),
        matchedBy: Nullable(Type.Enum(['id', 'platform_id', 'title_and_time'])),
      }),
    ),
    missing: Type.Array(Type.String(), {
      description: 'Details the file did not give and nobody answered',
    }),
    counts: Nullable(
      Type.Object({
        rows: Type.Integer(),
        people: Type.Integer(),
        attendees: Type.Integer(),
        noShows: Type.Integer(),
        registered: Type.Integer(),
        speakers: Type.Integer(),
        minutes: Type.Integer(),
        newParticipants: Type.Integer(),
        matchedParticipants: Type.Integer(),
        newSpeakers: Type.Integer(),
        rowsWithIssues: Type.Integer(),
      }),
    ),
    unmatchedCountries: Type.Array(Type.Object({ text: Type.String(), rows: Type.Integer() })),
    issues: Type.Array(Issue, {
      description: 'Up to 200 row problems: line, column, value, reason',
    }),
    issueCount: Type.Integer(),
    replaced: Nullable(
      Type.Object({
        importId: Type.Integer(),
        added: Type.Integer(),
        removed: Type.Integer(),
        changed: Type.Integer(),
      }),
    ),
    message: Type.String(),
    error: Type.Optional(
      Type.Object({
        code: Type.String(),
        details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
    ),
  },
  { $id: 'ImportSummary' },
);

export const ImportRecord = Type.Object({
  id: Type.Integer(),
  fileName: Type.String(),
  contentHash: Type.String(),
  format: Nullable(Type.String()),
  platform: Nullable(Type.String()),
  status: Type.Enum(['running', 'succeeded', 'failed', 'undone']),
  webinarId: Nullable(Type.Integer()),
  userId: Nullable(Type.Integer()),
  timeZone: Nullable(Type.String()),
  counts: Type.Record(Type.String(), Type.Number()),
  errorReport: Type.Unknown(),
  replacesImportId: Nullable(Type.Integer()),
  startedAt: Type.String({ format: 'date-time' }),
  finishedAt: Nullable(Type.String({ format: 'date-time' })),
  undoneAt: Nullable(Type.String({ format: 'date-time' })),
});

export const UndoResultSchema = Type.Object({
  attendanceRemoved: Type.Integer(),
  attendanceRestored: Type.Integer(),
  participantsRemoved: Type.Integer(),
  speakerLinksRemoved: Type.Integer(),
  webinarRemoved: Type.Boolean(),
});
