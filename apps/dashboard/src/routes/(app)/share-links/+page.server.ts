import { apiHeaders } from '$lib/server/session';
import { fail } from '@sveltejs/kit';
import { getJson, isRecord } from '$lib/api/client';
import { isCountryListing } from '$lib/api/filter-options';
import { isReference } from '$lib/api/reference';
import { isShareLinks } from '$lib/api/share-links';
import type { Actions, PageServerLoad } from './$types';

// The manager's share links: make one (a plain form, no JavaScript needed), see each link's
// status and views, revoke. The API decides what is valid and says what is not.

const DAY_MS = 86_400_000;

function isYears(body: unknown): body is { rows: { key: string }[] } {
  return isRecord(body) && Array.isArray(body.rows);
}

export const load: PageServerLoad = async ({ fetch }) => {
  const [links, reference, countries, years] = await Promise.all([
    getJson(fetch, '/api/share-links', isShareLinks),
    getJson(fetch, '/api/reference', isReference),
    getJson(fetch, '/api/reference/countries', isCountryListing),
    getJson(fetch, '/api/breakdown/year?sort=key&order=asc&limit=100', isYears),
  ]);
  const thisYear = new Date().getUTCFullYear();
  const dataYears = years.rows.map((r) => Number(r.key.slice(0, 4))).filter(Number.isFinite);
  const first = Math.min(thisYear, ...dataYears);
  return {
    links,
    reference,
    regions: countries.regions,
    years: Array.from({ length: thisYear - first + 1 }, (_, i) => first + i),
    defaultExpiry: new Date(Date.now() + 90 * DAY_MS).toISOString().slice(0, 10),
    maxExpiry: new Date(Date.now() + 365 * DAY_MS).toISOString().slice(0, 10),
  };
};

function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '').trim();
}

function optionalId(form: FormData, name: string): number | undefined {
  const value = field(form, name);
  return value === '' ? undefined : Number(value);
}

export const actions: Actions = {
  create: async ({ request, fetch }) => {
    const form = await request.formData();
    const values = {
      label: field(form, 'label'),
      from: field(form, 'from'),
      to: field(form, 'to'),
      series: field(form, 'series'),
      topic: field(form, 'topic'),
      workingGroup: field(form, 'workingGroup'),
      region: field(form, 'region'),
      expires: field(form, 'expires'),
    };
    const password = String(form.get('password') ?? '');
    const body = {
      label: values.label,
      from: values.from,
      to: values.to,
      series: optionalId(form, 'series'),
      topic: optionalId(form, 'topic'),
      workingGroup: optionalId(form, 'workingGroup'),
      region: values.region || undefined,
      // The chosen day is included: the link works until that day ends, in UTC.
      expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(values.expires)
        ? `${values.expires}T23:59:59.999Z`
        : values.expires,
      password: password === '' ? undefined : password,
    };
    const response = await fetch('/api/share-links', {
      method: 'POST',
      headers: apiHeaders(form, { json: true }),
      body: JSON.stringify(body),
    });
    const answer: unknown = await response.json().catch(() => null);
    if (response.status === 201 && isRecord(answer) && typeof answer.url === 'string') {
      return { created: { url: answer.url, label: values.label } };
    }
    const message =
      isRecord(answer) && typeof answer.message === 'string'
        ? answer.message
        : `The API answered ${response.status}`;
    return fail(response.status === 400 ? 400 : 502, { values, problems: message.split('; ') });
  },

  revoke: async ({ request, fetch }) => {
    const form = await request.formData();
    const id = field(form, 'id');
    if (!/^[1-9]\d*$/.test(id)) return fail(400, { revokeFailed: true });
    const response = await fetch(`/api/share-links/${id}/revoke`, {
      method: 'POST',
      headers: apiHeaders(form),
    });
    if (!response.ok) return fail(response.status === 404 ? 404 : 502, { revokeFailed: true });
    return { revoked: Number(id) };
  },
};
