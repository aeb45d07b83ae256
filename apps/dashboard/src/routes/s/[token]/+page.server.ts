import { error, fail } from '@sveltejs/kit';
import { isRecord } from '$lib/api/client';
import { isCountryListing } from '$lib/api/filter-options';
import { isLocale, localeParam, type Locale } from '$lib/i18n/locale';
import {
  errorsByField,
  fieldValues,
  isAnswerErrors,
  isSurveyForm,
  submissionFrom,
  type SurveyForm,
} from '$lib/survey/form';
import type { Actions, PageServerLoad } from './$types';

// The respondent's survey. The token in the address is the only credential: hooks.server.ts
// sends these pages with `Referrer-Policy: no-referrer` and `Cache-Control: no-store`. Reading
// and answering both go through the JSON API, so the database decides what is stored.

type Fetch = typeof fetch;
type Outcome = 'not_found' | 'unavailable';

const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

async function readForm(
  fetch: Fetch,
  token: string,
  language: Locale | null,
): Promise<SurveyForm | Outcome> {
  if (!TOKEN.test(token)) return 'not_found';
  const query = language ? `?${localeParam}=${language}` : '';
  try {
    const response = await fetch(`/api/responses/${token}${query}`, {
      headers: { accept: 'application/json' },
    });
    if (response.status === 404) return 'not_found';
    if (!response.ok) return 'unavailable';
    const body: unknown = await response.json();
    return isSurveyForm(body) ? body : 'unavailable';
  } catch (cause) {
    console.error('GET /api/responses/<token> failed', cause);
    return 'unavailable';
  }
}

function chosenLanguage(value: unknown): Locale | null {
  return isLocale(value) ? value : null;
}

export const load: PageServerLoad = async ({ params, url, fetch, locals }) => {
  // The invitation's language unless the respondent switched (`?lang=`).
  const form = await readForm(
    fetch,
    params.token,
    chosenLanguage(url.searchParams.get(localeParam)),
  );
  if (form === 'not_found') {
    error(404, { message: 'Survey link not found', messageKey: 'survey.closed.notFound' });
  }
  if (form === 'unavailable') {
    error(503, { message: 'Survey unavailable', messageKey: 'survey.closed.unavailable' });
  }
  // The page, its <html lang> and its messages all follow the survey's language.
  locals.locale = form.language;
  if (form.state === 'expired') {
    error(410, {
      message: 'Survey link expired',
      messageKey: 'survey.closed.expired',
      locale: form.language,
      expiresAt: form.expiresAt,
    });
  }
  return { form, locale: form.language, countries: await countryCodes(fetch) };
};

/** The countries a respondent may be quoted with: those the analytics know (World Bank list). */
async function countryCodes(fetch: Fetch): Promise<string[]> {
  try {
    const response = await fetch('/api/reference/countries');
    const body: unknown = response.ok ? await response.json() : null;
    if (isCountryListing(body)) return body.countries.map((country) => country.code);
    console.error(`GET /api/reference/countries answered ${response.status}`);
  } catch (cause) {
    console.error('GET /api/reference/countries failed', cause);
  }
  // The survey still works: the respondent is quoted without a country.
  return [];
}

export const actions: Actions = {
  default: async ({ params, request, fetch, locals, getClientAddress }) => {
    const data = await request.formData();
    const language = chosenLanguage(data.get(localeParam)) ?? locals.locale;
    locals.locale = language;
    const form = await readForm(fetch, params.token, language);
    if (form === 'not_found' || form === 'unavailable') {
      return fail(form === 'not_found' ? 404 : 503, { outcome: form, values: {}, errors: {} });
    }
    const values = fieldValues(form.questions, data);
    let response: Response;
    try {
      response = await fetch(`/api/responses/${params.token}`, {
        method: 'POST',
        headers: {
          accept: 'application/json',
          'content-type': 'application/json',
          // The API limits open links per respondent's address; it trusts this header only
          // from the loopback, where this server's own requests come from.
          'x-forwarded-for': getClientAddress(),
        },
        body: JSON.stringify(submissionFrom(form.questions, data, language)),
      });
    } catch (cause) {
      console.error('POST /api/responses/<token> failed', cause);
      return fail(503, { outcome: 'unavailable' as const, values, errors: {} });
    }
    if (response.status === 200 || response.status === 201) return { outcome: 'stored' as const };

    const body: unknown = await response.json().catch(() => null);
    switch (response.status) {
      case 400: {
        const errors = isRecord(body) && isAnswerErrors(body.errors) ? body.errors : null;
        if (errors)
          return fail(400, { outcome: 'invalid' as const, values, errors: errorsByField(errors) });
        console.error('POST /api/responses/<token> refused the form as malformed', body);
        return fail(400, { outcome: 'unavailable' as const, values, errors: {} });
      }
      case 404:
        return fail(404, { outcome: 'not_found' as const, values, errors: {} });
      case 409:
        return fail(409, { outcome: 'conflict' as const, values, errors: {} });
      case 410:
        return fail(410, { outcome: 'expired' as const, values, errors: {} });
      case 429:
        // An open link answered too often from one address: a bot, or a room sharing one.
        return fail(429, { outcome: 'rate_limited' as const, values, errors: {} });
      default:
        console.error(`POST /api/responses/<token> answered ${response.status}`, body);
        return fail(503, { outcome: 'unavailable' as const, values, errors: {} });
    }
  },
};
