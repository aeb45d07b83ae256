// What the exports' header rows, section titles and preamble keys are called, in every
// version and language we have seen, and which format a header row belongs to.
import type { FormatId, GenericMapping } from '../types.js';
import { normaliseHeader } from './values.js';

/** What a column holds, for any format. `question` is a custom registration question. */
export type Field =
  | 'attended'
  | 'name'
  | 'display_name'
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'registered_at'
  | 'approval'
  | 'join_at'
  | 'leave_at'
  | 'minutes'
  | 'duration'
  | 'country'
  | 'organisation'
  | 'role'
  | 'meeting_title'
  | 'meeting_start'
  | 'ignore'
  | 'question';

export interface Column {
  index: number;
  header: string;
  field: Field;
}

// Exact names after trimming, lower-casing and collapsing spaces.
const ALIASES: Record<string, Field> = {};
function alias(field: Field, names: string[]): void {
  for (const name of names) ALIASES[name] = field;
}
alias('attended', ['attended', 'asistió', 'asistio']);
alias('name', [
  'user name (original name)',
  'user name',
  'name (original name)',
  'name',
  'full name',
  'nombre de usuario (nombre original)',
  'nombre de usuario',
  'nombre (nombre original)',
  'nombre completo',
]);
alias('display_name', ['display name', 'nombre para mostrar']);
alias('first_name', ['first name', 'nombre']);
alias('last_name', ['last name', 'apellido', 'apellidos']);
alias('email', [
  'email',
  'e-mail',
  'user email',
  'attendee email',
  'email address',
  'correo electrónico',
  'correo electronico',
  'e-mail del usuario',
  'correo electrónico del usuario',
]);
alias('registered_at', [
  'registration time',
  'registration date',
  'hora de registro',
  'fecha de registro',
]);
alias('approval', ['approval status', 'estado de aprobación', 'estado de aprobacion']);
alias('join_at', [
  'join time',
  'first join',
  'hora de entrada',
  'hora de ingreso',
  'primera entrada',
]);
alias('leave_at', ['leave time', 'last leave', 'hora de salida', 'última salida']);
alias('minutes', [
  'time in session (minutes)',
  'duration (minutes)',
  'total duration (minutes)',
  'tiempo en la sesión (minutos)',
  'tiempo en la sesion (minutos)',
  'duración (minutos)',
  'duracion (minutos)',
  'duración total (minutos)',
]);
alias('duration', [
  'in-meeting duration',
  'duration',
  'attendance duration',
  'time in session',
  'duración',
]);
alias('country', [
  'country/region name',
  'country/region',
  'country',
  'nombre de país/región',
  'nombre del país/región',
  'país/región',
]);
alias('organisation', ['organization', 'organisation', 'organización', 'organizacion', 'company']);
alias('role', ['role', 'rol']);
alias('meeting_title', ['meeting name', 'session name']);
alias('meeting_start', ['meeting start time']);
alias('ignore', [
  'phone',
  'teléfono',
  'is guest',
  'guest',
  'es invitado',
  'invitado',
  'source name',
  'participant id (upn)',
  'connection type',
  'meeting end time',
  'interest rating',
  'unsubscribed',
  'recording consent',
  'recording disclaimer response',
  'in waiting room',
  'en la sala de espera',
]);

/** Columns that name or identify a person: a header row has one of these. */
const PERSON_FIELDS = new Set<Field>(['name', 'display_name', 'first_name', 'last_name', 'email']);

// Formats whose unrecognised columns are the organiser's own registration questions.
const QUESTION_FORMATS = new Set<FormatId>([
  'zoom-webinar-attendee',
  'zoom-webinar-registration',
  'goto-webinar-attendee',
]);

export function mapColumns(cells: string[], format: FormatId | null): Column[] {
  const columns: Column[] = [];
  const questions = format !== null && QUESTION_FORMATS.has(format);
  cells.forEach((cell, index) => {
    const header = cell.trim();
    if (header === '') return;
    const field = ALIASES[normaliseHeader(header)];
    if (field !== undefined) columns.push({ index, header, field });
    else columns.push({ index, header, field: questions ? 'question' : 'ignore' });
  });
  return columns;
}

export function mapGenericColumns(cells: string[], mapping: GenericMapping): Column[] {
  const byName = new Map<string, string>();
  for (const key of Object.keys(mapping)) byName.set(normaliseHeader(key), key);
  const columns: Column[] = [];
  cells.forEach((cell, index) => {
    const key = byName.get(normaliseHeader(cell));
    if (key === undefined) return;
    const generic = mapping[key];
    if (generic === undefined) return;
    // A sector has no field of its own in a row; it travels with the answers.
    const field: Field = generic === 'sector' ? 'question' : generic;
    columns.push({ index, header: cell.trim(), field });
  });
  return columns;
}

/** How many of the cells are names the mapping knows. */
export function genericMatches(cells: string[], mapping: GenericMapping): number {
  const names = new Set(Object.keys(mapping).map(normaliseHeader));
  return cells.filter((cell) => names.has(normaliseHeader(cell))).length;
}

/**
 * A person header row: at least two known columns, one of them naming the person. Data rows
 * never qualify, because their cells are values, not column names.
 */
export function isPersonHeader(cells: string[]): boolean {
  let known = 0;
  let person = false;
  for (const cell of cells) {
    const field = ALIASES[normaliseHeader(cell)];
    if (field === undefined) continue;
    known += 1;
    if (PERSON_FIELDS.has(field)) person = true;
  }
  return known >= 2 && person && !isPreambleKeyRow(cells);
}

export interface FormatGuess {
  format: FormatId;
  confidence: 'certain' | 'likely';
}

/** Which format a person header row belongs to; `hints` are what the preamble said. */
export function formatOfHeader(cells: string[], hints: Set<string>): FormatGuess | null {
  const names = new Set(cells.map(normaliseHeader).filter((name) => name !== ''));
  const fields = new Set(cells.map((cell) => ALIASES[normaliseHeader(cell)]));
  const has = (...candidates: string[]): boolean => candidates.some((name) => names.has(name));
  if (
    hints.has('teams') ||
    has('first join', 'in-meeting duration', 'participant id (upn)', 'full name')
  ) {
    return { format: 'teams-attendance', confidence: 'certain' };
  }
  if (
    has('attendance duration', 'attendee email') ||
    (has('meeting name') && has('connection type'))
  ) {
    return { format: 'webex-attendance', confidence: 'certain' };
  }
  if (
    has('interest rating') ||
    (has('email address') && has('time in session') && has('registration date'))
  ) {
    return {
      format: 'goto-webinar-attendee',
      confidence: has('interest rating') ? 'certain' : 'likely',
    };
  }
  const zoomish =
    hints.has('zoom') ||
    has(
      'user name (original name)',
      'name (original name)',
      'nombre de usuario (nombre original)',
      'nombre (nombre original)',
    );
  const confidence = zoomish ? 'certain' : 'likely';
  if (has('total duration (minutes)', 'duración total (minutos)') && !fields.has('join_at')) {
    return { format: 'zoom-meeting-unique', confidence };
  }
  if (hints.has('registration') && !fields.has('join_at')) {
    return { format: 'zoom-webinar-registration', confidence: 'certain' };
  }
  if (fields.has('attended') && (fields.has('join_at') || fields.has('minutes'))) {
    return { format: 'zoom-webinar-attendee', confidence };
  }
  if (fields.has('registered_at') && fields.has('approval') && !fields.has('join_at')) {
    return { format: 'zoom-webinar-registration', confidence };
  }
  if (
    fields.has('join_at') &&
    fields.has('leave_at') &&
    fields.has('minutes') &&
    !fields.has('attended')
  ) {
    return { format: 'zoom-meeting-participants', confidence };
  }
  return null;
}

// --- Section titles ---------------------------------------------------------------------------

export type Section =
  | 'host'
  | 'panelist'
  | 'attendee'
  | 'other'
  | 'registrant'
  | 'summary'
  | 'participants'
  | 'activities';

/** A line holding only a section title (trailing commas aside), or null. */
export function sectionTitle(
  cells: string[],
): { section: Section | null; hint: string | null } | null {
  const filled = cells.filter((cell) => cell.trim() !== '');
  if (filled.length !== 1 || cells[0]?.trim() === '') return null;
  const title = normaliseHeader(filled[0] ?? '').replace(/:$/, '');
  switch (title) {
    case 'host details':
      return { section: 'host', hint: 'zoom' };
    case 'panelist details':
      return { section: 'panelist', hint: 'zoom' };
    case 'attendee details':
      return { section: 'attendee', hint: null };
    case 'other attended':
      return { section: 'other', hint: 'zoom' };
    case 'registrant details':
      return { section: 'registrant', hint: 'registration' };
    case 'attendee report':
      return { section: null, hint: 'zoom' };
    case 'registration report':
      return { section: null, hint: 'registration' };
    case 'meeting summary':
      return { section: 'summary', hint: 'teams' };
  }
  if (title.startsWith('detalles')) {
    if (title.includes('anfitri')) return { section: 'host', hint: 'zoom' };
    if (title.includes('panelista')) return { section: 'panelist', hint: 'zoom' };
    if (title.includes('inscri') || title.includes('registr'))
      return { section: 'registrant', hint: 'zoom' };
    if (title.includes('otros')) return { section: 'other', hint: 'zoom' };
    return { section: 'attendee', hint: 'zoom' };
  }
  if (title.startsWith('otros asistentes')) return { section: 'other', hint: 'zoom' };
  if (title.startsWith('informe de')) {
    return {
      section: null,
      hint: title.includes('registr') || title.includes('inscri') ? 'registration' : 'zoom',
    };
  }
  // Teams numbers its sections: "1. Summary", "2. Participants", "3. In-Meeting Activities".
  const numbered = /^\d+\.\s*(.+)$/.exec(title);
  if (numbered !== null) {
    const name = numbered[1] ?? '';
    if (name === 'summary' || name === 'resumen') return { section: 'summary', hint: 'teams' };
    if (name === 'participants' || name === 'participantes')
      return { section: 'participants', hint: 'teams' };
    if (name.startsWith('in-meeting activities') || name.startsWith('actividades')) {
      return { section: 'activities', hint: 'teams' };
    }
  }
  return null;
}

// --- Preamble keys ----------------------------------------------------------------------------

export type PreambleKey = 'title' | 'id' | 'start' | 'duration' | 'host' | 'hostEmail';

const PREAMBLE_KEYS: Record<string, PreambleKey> = {
  topic: 'title',
  tema: 'title',
  'meeting title': 'title',
  'webinar name': 'title',
  'webinar title': 'title',
  'título de la reunión': 'title',
  'webinar id': 'id',
  'meeting id': 'id',
  id: 'id',
  'id. de seminario web': 'id',
  'id del seminario web': 'id',
  'id de seminario web': 'id',
  'id de reunión': 'id',
  'id de la reunión': 'id',
  'actual start time': 'start',
  'start time': 'start',
  'meeting start time': 'start',
  'scheduled time': 'start',
  'actual start date/time': 'start',
  'hora de inicio real': 'start',
  'hora de inicio': 'start',
  'hora programada': 'start',
  'actual duration (minutes)': 'duration',
  'duration (minutes)': 'duration',
  'meeting duration': 'duration',
  'duración real (minutos)': 'duration',
  'duración (minutos)': 'duration',
  host: 'host',
  anfitrión: 'host',
  'user email': 'hostEmail',
  'correo electrónico del usuario': 'hostEmail',
};

// A horizontal key row is recognised by one of these; its values are on the next line.
const ANCHORS = new Set([
  'topic',
  'tema',
  'webinar id',
  'meeting id',
  'webinar name',
  'id de reunión',
]);

export function preambleKey(cell: string): PreambleKey | null {
  return PREAMBLE_KEYS[normaliseHeader(cell).replace(/:$/, '')] ?? null;
}

export function isPreambleKeyRow(cells: string[]): boolean {
  return cells.some((cell) => ANCHORS.has(normaliseHeader(cell)));
}
