import type { ReachFilters } from '@ripple/db';
import { isValidTimeZone, SECTOR_CODES } from '@ripple/db';
import { Type, type Static } from 'typebox';
import { RowId } from './common.js';

const Ids = Type.Array(RowId, { maxItems: 100 });

/** The filters every reach endpoint takes, as query parameters (repeat a key for "any of"). */
export const reachFilterProperties = {
  from: Type.Optional(
    Type.String({ format: 'date', description: 'First day included (YYYY-MM-DD), in tz' }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date', description: 'First day excluded (YYYY-MM-DD), in tz' }),
  ),
  tz: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone; default UTC' }),
  ),
  series: Type.Optional(Ids),
  language: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z]{2,3}$' }), { maxItems: 20 })),
  topic: Type.Optional(Ids),
  workingGroup: Type.Optional(Ids),
  webinar: Type.Optional(Ids),
  country: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Z]{2}$' }), { maxItems: 250 })),
  region: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 20 }),
  ),
  incomeGroup: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 10 }),
  ),
  sector: Type.Optional(Type.Array(Type.Enum(SECTOR_CODES), { maxItems: 8 })),
};

type FilterQuery = Static<ReturnType<typeof Type.Object<typeof reachFilterProperties>>>;

/** What is wrong with a request's filters; the error handler answers it as a 400. */
export class FilterError extends Error {
  readonly statusCode = 400;
}

/** The filters of a request; throws FilterError, with what is wrong in a sentence. */
export function reachFiltersFrom(query: FilterQuery): ReachFilters {
  const timeZone = query.tz ?? 'UTC';
  if (!isValidTimeZone(timeZone)) throw new FilterError(`tz: unknown time zone "${timeZone}"`);
  if (query.from && query.to && query.from >= query.to) {
    throw new FilterError(
      `from (${query.from}) must be before to (${query.to}): the range includes from and excludes to`,
    );
  }
  return {
    timeZone,
    ...(query.from && { from: query.from }),
    ...(query.to && { to: query.to }),
    ...(query.series && { seriesIds: query.series }),
    ...(query.language && { languages: query.language }),
    ...(query.topic && { topicIds: query.topic }),
    ...(query.workingGroup && { workingGroupIds: query.workingGroup }),
    ...(query.webinar && { webinarIds: query.webinar }),
    ...(query.country && { countries: query.country }),
    ...(query.region && { regions: query.region }),
    ...(query.incomeGroup && { incomeGroups: query.incomeGroup }),
    ...(query.sector && { sectors: query.sector }),
  };
}

const QUARTER_START = /^\d{4}-(01|04|07|10)-01$/;

/**
 * Funders get fixed granularities: a date range of whole calendar quarters (or years), compared
 * only with the year before. Two arbitrary ranges a day apart would differ by the few people of
 * that day, whatever each table withholds.
 */
export function checkFixedGranularity(
  query: FilterQuery & { compare?: 'previous' | 'year' },
  minCellSize: number | null,
): void {
  if (minCellSize === null) return;
  for (const end of ['from', 'to'] as const) {
    const value = query[end];
    if (value !== undefined && !QUARTER_START.test(value)) {
      throw new FilterError(
        `${end}: with small cells withheld, a range starts and ends on the first day of a calendar quarter (1 January, 1 April, 1 July or 1 October), not ${value}`,
      );
    }
  }
  if (query.compare !== undefined && query.compare !== 'year') {
    throw new FilterError(
      `compare: with small cells withheld, a period is compared only with the year before (compare=year), not "${query.compare}"`,
    );
  }
}
