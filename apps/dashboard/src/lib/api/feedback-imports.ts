import { isCount, isRecord } from './client';
import { errorMessage } from './send';
import { csrfHeaders } from './csrf';

// The past-feedback import API (POST /api/feedback-imports/preview and /api/feedback-imports).

export type FeedbackTool = 'google_forms' | 'kobo' | 'surveymonkey' | 'csv';
export type FeedbackWave = 'post' | 'followup';

export interface FeedbackPreview {
  fileName: string;
  tool: FeedbackTool;
  rows: number;
  columns: Array<{ name: string; samples: string[]; suggested: string | null }>;
  mapping: Record<string, string>;
  emailColumn: string | null;
  submittedAtColumn: string | null;
  sourceIdColumn: string | null;
  languageColumn: string | null;
  suggestedLanguage: 'en' | 'es';
  instrument: {
    surveyId: number;
    name: string;
    versionId: number;
    version: number;
    questions: Array<{ key: string; type: string; textEn: string; textEs: string }>;
  };
}

export interface FeedbackResult {
  fileName: string;
  tool: FeedbackTool;
  rows: number;
  stored: number;
  alreadyImported: number;
  linked: number;
  empty: number;
  versionId: number;
}

export interface FeedbackProblem {
  row: number;
  column: string;
  value: string;
  reason: string;
  message: string;
}

export interface FeedbackMappingRequest {
  webinarId: number;
  wave: FeedbackWave;
  language: 'en' | 'es';
  columns: Record<string, string>;
  emailColumn?: string;
  submittedAtColumn?: string;
  timeZone?: string;
}

export type FeedbackAnswer<T> =
  | { ok: true; body: T }
  | { ok: false; message: string; problems: FeedbackProblem[]; problemCount: number };

function isPreview(body: unknown): body is FeedbackPreview {
  return (
    isRecord(body) &&
    typeof body.tool === 'string' &&
    isCount(body.rows) &&
    Array.isArray(body.columns) &&
    isRecord(body.mapping) &&
    isRecord(body.instrument) &&
    Array.isArray(body.instrument.questions)
  );
}

function isResult(body: unknown): body is FeedbackResult {
  return isRecord(body) && isCount(body.stored) && isCount(body.alreadyImported);
}

function isProblem(value: unknown): value is FeedbackProblem {
  return isRecord(value) && isCount(value.row) && typeof value.column === 'string';
}

async function post<T>(
  path: string,
  form: FormData,
  isValid: (body: unknown) => body is T,
): Promise<FeedbackAnswer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: form,
      headers: { accept: 'application/json', ...csrfHeaders() },
    });
  } catch (cause) {
    return { ok: false, message: String(cause), problems: [], problemCount: 0 };
  }
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON: the status says what happened.
  }
  if (response.ok && isValid(body)) return { ok: true, body };
  const problems =
    isRecord(body) && Array.isArray(body.problems) ? body.problems.filter(isProblem) : [];
  return {
    ok: false,
    message: errorMessage(body, response.status),
    problems,
    problemCount:
      isRecord(body) && isCount(body.problemCount) ? body.problemCount : problems.length,
  };
}

export function previewFeedback(
  file: File,
  webinarId: number,
  wave: FeedbackWave,
): Promise<FeedbackAnswer<FeedbackPreview>> {
  const form = new FormData();
  form.append('webinarId', String(webinarId));
  form.append('wave', wave);
  form.append('file', file, file.name);
  return post('/api/feedback-imports/preview', form, isPreview);
}

export function importFeedback(
  file: File,
  mapping: FeedbackMappingRequest,
): Promise<FeedbackAnswer<FeedbackResult>> {
  const form = new FormData();
  form.append('mapping', JSON.stringify(mapping));
  form.append('file', file, file.name);
  return post('/api/feedback-imports', form, isResult);
}
