import { error } from '@sveltejs/kit';
import { isRecord } from '$lib/api/client';
import { loadFilterOptions } from '$lib/api/filter-options';
import { isReport, reportKeys, reportParams, type Report } from '$lib/api/report';
import { isFilterKey } from '$lib/filters';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url, parent }) => {
  const { locale } = await parent();
  const params = reportParams(url);
  // Filters of the other pages that the report does not take (country, sector…): said, not sent.
  const ignored = [...new Set([...url.searchParams.keys()])].filter(
    (key) => isFilterKey(key) && !(reportKeys as readonly string[]).includes(key),
  );
  const query = new URLSearchParams(params);
  query.set('lang', locale);
  const path = `/api/report?${query.toString()}` as const;

  const [filterOptions, answer] = await Promise.all([
    loadFilterOptions(fetch),
    fetchReport(fetch, path),
  ]);
  return {
    filterOptions,
    report: answer.report,
    problem: answer.problem,
    ignored,
    pdfHref: `/api/report.pdf?${query.toString()}`,
  };
};

/**
 * A period or scope the API refuses (to before from, a series that does not exist) is the
 * reader's to fix: the page shows the API's sentence beside the form rather than an error page.
 */
async function fetchReport(
  fetch: typeof globalThis.fetch,
  path: `/api/${string}`,
): Promise<{ report: Report | null; problem: string | null }> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: 'application/json' } });
  } catch {
    error(502, { message: 'API unavailable', messageKey: 'errors.apiUnavailable' });
  }
  if (response.status === 400) {
    const body: unknown = await response.json().catch(() => null);
    return {
      report: null,
      problem: isRecord(body) && typeof body.message === 'string' ? body.message : '',
    };
  }
  if (!response.ok) {
    error(response.status === 404 ? 404 : 502, {
      message: `GET ${path} answered ${response.status}`,
      messageKey: response.status === 404 ? 'errors.notFound' : 'errors.apiUnavailable',
    });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!isReport(body)) {
    error(502, {
      message: 'API response has an unexpected shape',
      messageKey: 'errors.apiInvalid',
    });
  }
  return { report: body, problem: null };
}
