import { isRecord } from './client';
import { csrfHeaders } from './csrf';

export type SendResult<T> =
  | { ok: true; status: number; body: T }
  // body: the API's error answer as parsed (e.g. a list of problems), null when not JSON.
  | { ok: false; status: number; message: string; body: unknown };

/**
 * Sends JSON to the API from the browser (forms, buttons). Never throws: a failure comes back with
 * the API's own message (English, shown as it is inside translated text) or a short description.
 */
export async function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: `/api/${string}`,
  body?: unknown,
): Promise<SendResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...csrfHeaders(),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    return { ok: false, status: 0, message: String(cause), body: null };
  }
  let parsed: unknown = null;
  try {
    parsed = await response.json();
  } catch {
    // An empty or non-JSON body: the status alone says what happened.
  }
  if (!response.ok) {
    return {
      ok: false,
      status: response.status,
      message: errorMessage(parsed, response.status),
      body: parsed,
    };
  }
  return { ok: true, status: response.status, body: parsed as T };
}

/** The `message` of an API error (`{ statusCode, error, message }`), or the bare status. */
export function errorMessage(body: unknown, status: number): string {
  if (isRecord(body) && typeof body.message === 'string' && body.message.trim() !== '') {
    return body.message;
  }
  return `HTTP ${status}`;
}
