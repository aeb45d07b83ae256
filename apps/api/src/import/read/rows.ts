// One person row of any format → an ExportRow. Values are parsed here; decisions about people
// (merging rejoins, matching) are the pipeline's.
import type { ExportRole, ExportRow, FormatId, IssueLog, LocalDateTime } from '../types.js';
import type { Column, Field } from './layout.js';
import type { DataRow } from './scanner.js';
import { clean, cleanEmail, parseDuration, parseLocalDateTime, type DateOrder } from './values.js';

export interface RowContext {
  format: FormatId;
  order: DateOrder | null;
  issues: IssueLog;
  /** Zoom meeting reports name their host in the preamble: `Ana Host (ana.host@example.org)`. */
  host: { name: string | null; email: string | null } | null;
  /** Teams: read join segments from "In-Meeting Activities" and skip the per-person summary. */
  skipParticipantsSection: boolean;
}

const TRUTHY = new Set(['yes', 'sí', 'si', 'true', '1', 'x']);
// Registrations that did not go through: the person never was a participant.
const NOT_REGISTERED = new Set([
  'denied',
  'cancelled',
  'canceled',
  'pending',
  'rechazado',
  'denegado',
  'cancelado',
  'pendiente',
]);

export function parseHost(
  text: string | undefined,
): { name: string | null; email: string | null } | null {
  const value = clean(text);
  if (value === null) return null;
  const match = /^(.*?)\s*\(([^()\s]+@[^()\s]+)\)$/.exec(value);
  if (match === null)
    return value.includes('@')
      ? { name: null, email: value.toLowerCase() }
      : { name: value, email: null };
  return { name: clean(match[1]), email: (match[2] ?? '').toLowerCase() };
}

export function roleFromText(text: string | null): ExportRole {
  const value = (text ?? '').trim().toLowerCase();
  if (/^(co-?)?organi[sz](er|ador)/.test(value)) return 'organiser';
  if (/^(presenter|presentador|ponente|speaker)/.test(value)) return 'presenter';
  if (/^(alternative |alternate )?(co-?)?(host|anfitri)/.test(value)) return 'host';
  if (/^panel/.test(value)) return 'panelist';
  return 'attendee';
}

export function buildRow(data: DataRow, context: RowContext): ExportRow | null {
  const { record, columns, section } = data;
  const { format, issues } = context;
  if (context.skipParticipantsSection && section === 'participants') return null;
  const line = record.line;
  const cell = (field: Field): string | undefined => {
    const column = columns.find((candidate) => candidate.field === field);
    return column === undefined ? undefined : record.cells[column.index];
  };
  const has = (field: Field): boolean => columns.some((column) => column.field === field);

  const first = clean(cell('first_name'));
  const last = clean(cell('last_name'));
  const joined = [first, last].filter((part) => part !== null).join(' ');
  const name =
    clean(cell('name')) ?? clean(cell('display_name')) ?? (joined === '' ? null : joined);
  const email = cleanEmail(cell('email'));
  if (name === null && email === null) {
    issues.push({
      line,
      column: null,
      value: null,
      reason: 'row names no one (no name, no email)',
    });
    return null;
  }

  const date = (field: Field): LocalDateTime | null => {
    const column = columns.find((candidate) => candidate.field === field);
    const text = column === undefined ? null : clean(record.cells[column.index]);
    if (column === undefined || text === null) return null;
    const parsed = parseLocalDateTime(text, context.order);
    if (parsed.ok) return parsed.value;
    issues.push({ line, column: column.header, value: text, reason: parsed.reason });
    return null;
  };
  const registeredAt = date('registered_at');
  const joinAt = date('join_at');
  const leaveAt = date('leave_at');

  let seconds: number | null = null;
  const durationColumn = columns.find(
    (column) => column.field === 'minutes' || column.field === 'duration',
  );
  const durationText =
    durationColumn === undefined ? null : clean(record.cells[durationColumn.index]);
  if (durationColumn !== undefined && durationText !== null) {
    seconds = parseDuration(durationText, 'minutes');
    if (seconds === null) {
      issues.push({
        line,
        column: durationColumn.header,
        value: durationText,
        reason: 'not a duration',
      });
    }
  }

  const attendedText = clean(cell('attended'));
  let attended: boolean;
  if (has('attended')) attended = attendedText !== null && TRUTHY.has(attendedText.toLowerCase());
  else if (format === 'zoom-webinar-registration') attended = false;
  else if (format === 'generic') {
    attended = has('join_at') || has('leave_at') || has('minutes') || !has('registered_at');
  } else attended = true;

  let registered: boolean;
  switch (format) {
    case 'zoom-webinar-attendee':
      registered = section === null || section === 'attendee' || section === 'registrant';
      break;
    case 'zoom-webinar-registration':
    case 'goto-webinar-attendee':
      registered = section !== 'host' && section !== 'panelist' && section !== 'other';
      break;
    case 'generic':
      // A registration date that does not parse is still a registration (and an issue). In a
      // list that marks who attended, someone marked absent is on it because they signed up.
      registered = clean(cell('registered_at')) !== null || (has('attended') && !attended);
      break;
    default:
      registered = false;
  }
  const approval = clean(cell('approval'));
  if (approval !== null && NOT_REGISTERED.has(approval.toLowerCase())) registered = false;
  if (!registered && !attended) return null;

  let role: ExportRole = 'attendee';
  if (section === 'host') role = 'host';
  else if (section === 'panelist') role = 'panelist';
  else if (has('role')) role = roleFromText(clean(cell('role')));
  else if (context.host !== null && isHost(context.host, name, email)) role = 'host';

  const answers: Record<string, string> = {};
  for (const column of columns) {
    if (column.field !== 'question') continue;
    const answer = clean(record.cells[column.index]);
    if (answer !== null) answers[column.header] = answer;
  }

  return {
    line,
    role,
    name,
    email,
    registered,
    registeredAt,
    attended,
    joinAt,
    leaveAt,
    seconds,
    country: clean(cell('country')),
    organisation: clean(cell('organisation')),
    answers,
  };
}

function isHost(
  host: { name: string | null; email: string | null },
  name: string | null,
  email: string | null,
): boolean {
  if (host.email !== null && email !== null && host.email === email) return true;
  return host.name !== null && name !== null && host.name.toLowerCase() === name.toLowerCase();
}

/** Columns holding dates, whose values decide a file's day/month order. */
export function dateColumns(columns: Column[]): Column[] {
  return columns.filter(
    (column) =>
      column.field === 'registered_at' ||
      column.field === 'join_at' ||
      column.field === 'leave_at' ||
      column.field === 'meeting_start',
  );
}
