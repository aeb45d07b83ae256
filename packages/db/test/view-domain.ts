import { sql, type Kysely } from 'kysely';
import type { Database } from '../src/schema.js';

/** The values a random view's filters are drawn from (reach-memory and impact-memory tests). */
export interface ViewDomain {
  years: number[];
  topics: number[];
  series: number[];
  groups: number[];
  webinars: number[];
  languages: string[];
  countries: string[];
  regions: string[];
  incomes: string[];
  sectors: string[];
}

export async function viewDomain(db: Kysely<Database>): Promise<ViewDomain> {
  const list = async <T>(query: ReturnType<typeof sql<{ v: T }>>) =>
    (await query.execute(db)).rows.map((r) => r.v);
  return {
    years: await list(sql`select distinct extract(year from starts_at)::int as v from webinar`),
    topics: await list(sql`select id as v from topic`),
    series: await list(sql`select id as v from series`),
    groups: await list(sql`select id as v from working_group`),
    webinars: await list(sql`select id as v from webinar`),
    languages: await list(sql`select distinct language as v from webinar`),
    countries: await list(
      sql`select distinct country::text as v from participant where country is not null`,
    ),
    regions: await list(sql`select distinct region as v from country_classification`),
    incomes: await list(
      sql`select distinct income_group as v from country_classification where income_group is not null`,
    ),
    sectors: await list(sql`select distinct sector as v from participant`),
  };
}
