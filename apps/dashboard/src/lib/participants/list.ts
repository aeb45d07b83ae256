import { sectorCodes } from '$lib/webinars/form';
import type { SectorCode } from '@ripple/db/schema';

export const pageSize = 25;

export interface ParticipantSearchParams {
  q: string;
  country: string;
  sector: SectorCode | '';
  page: number;
}

/**
 * The search as the URL carries it (`?q=…&country=CO&sector=government&page=2`), and the API
 * query it makes. Anything malformed in the URL is dropped rather than sent on to fail.
 */
export function participantListQuery(params: URLSearchParams): ParticipantSearchParams & {
  apiQuery: string;
} {
  const q = (params.get('q') ?? '').trim().slice(0, 200);
  const rawCountry = (params.get('country') ?? '').trim().toUpperCase();
  const country = /^[A-Z]{2}$/.test(rawCountry) ? rawCountry : '';
  const rawSector = params.get('sector') ?? '';
  const sector = (sectorCodes as readonly string[]).includes(rawSector)
    ? (rawSector as SectorCode)
    : '';
  const requested = Number(params.get('page'));
  const page = Number.isInteger(requested) && requested >= 1 ? requested : 1;
  const api = new URLSearchParams({
    limit: String(pageSize),
    offset: String((page - 1) * pageSize),
  });
  if (q) api.set('q', q);
  if (country) api.set('country', country);
  if (sector) api.set('sector', sector);
  return { q, country, sector, page, apiQuery: api.toString() };
}

/** The list page's search for another page number; empty values and page 1 are left out. */
export function participantSearch(search: ParticipantSearchParams, page: number): string {
  const params = new URLSearchParams();
  if (search.q) params.set('q', search.q);
  if (search.country) params.set('country', search.country);
  if (search.sector) params.set('sector', search.sector);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
