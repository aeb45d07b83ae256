export const pageSize = 25;

/** The list's filters as the URL carries them (`?q=…&page=2`), and the API query they make. */
export function webinarListQuery(params: URLSearchParams): {
  q: string;
  page: number;
  apiQuery: string;
} {
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  const requested = Number(params.get('page'));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const api = new URLSearchParams({
    limit: String(pageSize),
    offset: String((page - 1) * pageSize),
  });
  if (q) api.set('q', q);
  return { q, page, apiQuery: api.toString() };
}

/** The search of the list page for another page number; page 1 is left out of the URL. */
export function pageSearch(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
