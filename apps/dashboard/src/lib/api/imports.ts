import { IMPORT_STATUSES, type ImportStatus } from '@ripple/db/schema';
import { isCount, isPage, isRecord } from './client';

export { IMPORT_STATUSES as importStatuses, type ImportStatus };

/** What the Import page's data depends on: invalidated after an import or an undo. */
export const importsDependency = 'app:imports';

export const summaryStatuses = ['dry_run', 'succeeded', 'unchanged', 'failed'] as const;
export type SummaryStatus = (typeof summaryStatuses)[number];

export interface ImportCounts {
  rows: number;
  people: number;
  attendees: number;
  noShows: number;
  registered: number;
  speakers: number;
  minutes: number;
  newParticipants: number;
  matchedParticipants: number;
  newSpeakers: number;
  rowsWithIssues: number;
}

export interface ImportIssue {
  line: number;
  column: string | null;
  value: string | null;
  reason: string;
}

/** One file's outcome in `POST /api/imports`. */
export interface ImportSummary {
  status: SummaryStatus;
  importId: number | null;
  fileName: string;
  format: string | null;
  platform: string | null;
  timeZone: string | null;
  webinar: {
    id: number;
    title: string;
    startsAt: string;
    action: 'chosen' | 'matched' | 'created';
    matchedBy: 'id' | 'platform_id' | 'title_and_time' | null;
  } | null;
  missing: string[];
  counts: ImportCounts | null;
  unmatchedCountries: { text: string; rows: number }[];
  issues: ImportIssue[];
  issueCount: number;
  replaced: { importId: number; added: number; removed: number; changed: number } | null;
  message: string;
  error?: { code: string; details?: Record<string, unknown> };
}

export interface ImportRecord {
  id: number;
  fileName: string;
  format: string | null;
  platform: string | null;
  status: ImportStatus;
  webinarId: number | null;
  timeZone: string | null;
  counts: Record<string, number>;
  errorReport: unknown;
  replacesImportId: number | null;
  startedAt: string;
  finishedAt: string | null;
  undoneAt: string | null;
}

/** `GET /api/imports` */
export interface ImportHistory {
  total: number;
  items: ImportRecord[];
}

/** `POST /api/imports/:id/undo` */
export interface UndoResult {
  attendanceRemoved: number;
  attendanceRestored: number;
  participantsRemoved: number;
  speakerLinksRemoved: number;
  webinarRemoved: boolean;
}

export function isImportHistory(body: unknown): body is ImportHistory {
  return isPage(
    body,
    (item) =>
      isCount(item.id) &&
      typeof item.fileName === 'string' &&
      typeof item.status === 'string' &&
      (IMPORT_STATUSES as readonly string[]).includes(item.status) &&
      typeof item.startedAt === 'string',
  );
}

export function isImportResponse(body: unknown): body is { imports: ImportSummary[] } {
  return (
    isRecord(body) &&
    Array.isArray(body.imports) &&
    body.imports.every(
      (summary: unknown) =>
        isRecord(summary) &&
        typeof summary.status === 'string' &&
        (summaryStatuses as readonly string[]).includes(summary.status) &&
        typeof summary.fileName === 'string' &&
        Array.isArray(summary.missing) &&
        Array.isArray(summary.issues) &&
        Array.isArray(summary.unmatchedCountries),
    )
  );
}
