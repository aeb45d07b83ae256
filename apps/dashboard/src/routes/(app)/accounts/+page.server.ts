import { apiHeaders } from '$lib/server/session';
import { error, fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export interface Account {
  id: number;
  email: string;
  name: string;
  role: 'admin' | 'manager' | 'funder';
  disabled: boolean;
  createdAt: string;
}

const ROLES = ['admin', 'manager', 'funder'] as const;
const isRole = (value: unknown): value is Account['role'] =>
  ROLES.includes(value as Account['role']);

export const load: PageServerLoad = async ({ fetch, parent }) => {
  const { session } = await parent();
  if (session?.user.role !== 'admin') {
    error(403, { message: 'Forbidden', messageKey: 'errors.forbidden' });
  }
  const response = await fetch('/api/users', { headers: { accept: 'application/json' } });
  if (!response.ok) error(502, { message: 'API unavailable', messageKey: 'errors.apiUnavailable' });
  return { accounts: (await response.json()) as Account[] };
};

/** Sends a form's change to the API with the session's CSRF token from the form's hidden field. */
async function send(
  fetch: typeof globalThis.fetch,
  form: FormData,
  method: 'POST' | 'PATCH',
  path: string,
  body: Record<string, unknown>,
) {
  const response = await fetch(path, {
    method,
    headers: apiHeaders(form, { json: true }),
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => null)) as { message?: string } | null;
  return { ok: response.ok, status: response.status, message: answer?.message ?? '' };
}

export const actions: Actions = {
  create: async ({ request, fetch }) => {
    const form = await request.formData();
    const values = {
      email: String(form.get('email') ?? '').trim(),
      name: String(form.get('name') ?? '').trim(),
      role: String(form.get('role') ?? ''),
    };
    if (!isRole(values.role)) return fail(400, { action: 'create', ...values, message: 'role' });
    const result = await send(fetch, form, 'POST', '/api/users', {
      ...values,
      password: String(form.get('password') ?? ''),
    });
    if (!result.ok) {
      return fail(result.status, { action: 'create', ...values, message: result.message });
    }
    return { action: 'create', created: values.email };
  },
  update: async ({ request, fetch }) => {
    const form = await request.formData();
    const id = Number(form.get('id'));
    const change: Record<string, unknown> = {};
    const role = form.get('role');
    if (isRole(role)) change.role = role;
    const disabled = form.get('disabled');
    if (disabled === 'true' || disabled === 'false') change.disabled = disabled === 'true';
    if (!Number.isInteger(id) || Object.keys(change).length === 0) {
      return fail(400, { action: 'update', id, message: 'Nothing to change' });
    }
    const result = await send(fetch, form, 'PATCH', `/api/users/${id}`, change);
    if (!result.ok) return fail(result.status, { action: 'update', id, message: result.message });
    return { action: 'update', updated: id };
  },
};
