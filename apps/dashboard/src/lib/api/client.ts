import { error } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';

type Fetch = typeof fetch;

/**
 * GETs JSON from the API with SvelteKit's `fetch` (relative `/api/...` URL) and checks its shape.
 * Any failure becomes a SvelteKit error whose `messageKey` the error page shows translated.
 */
export async function getJson<T>(
  fetch: Fetch,
  path: `/api/${string}`,
  isValid: (body: unknown) => body is T,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch (cause) {
    console.error(`GET ${path} failed`, cause);
    fail(502, 'API unavailable', 'errors.apiUnavailable');
  }
  if (response.status === 404) fail(404, 'Not Found', 'errors.notFound');
  if (response.status === 401) fail(401, 'Signed out', 'errors.signedOut');
  if (response.status === 403) fail(403, 'Forbidden', 'errors.forbidden');
  if (!response.ok) {
    console.error(`GET ${path} answered ${response.status}`);
    fail(502, 'API unavailable', 'errors.apiUnavailable');
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    fail(502, 'API response is not JSON', 'errors.apiInvalid');
  }
  if (!isValid(body)) fail(502, 'API response has an unexpected shape', 'errors.apiInvalid');
  return body;
}

function fail(status: number, message: string, messageKey: MessageKey): never {
  error(status, { message, messageKey });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A paged list as the API answers one: `{ total, items }`, each item passing `isItem`. */
export function isPage(
  body: unknown,
  isItem: (item: Record<string, unknown>) => boolean,
): body is { total: number; items: unknown[] } {
  return (
    isRecord(body) &&
    isCount(body.total) &&
    Array.isArray(body.items) &&
    body.items.every((item: unknown) => isRecord(item) && isItem(item))
  );
}
