import { sql, type RawBuilder } from 'kysely';
import { personFilter, webinarConditions, type ReachFilters } from './filters.js';

// The rows every impact figure starts from. A response belongs to the view when its webinar does
// (webinarConditions: held, in range, series, language, topic, working group, webinar) and its
// person does (country, region, income group, sector). A response with no participant (an open
// link, an imported answer without an email) has no country or sector, so it counts only in
// views without person filters: `p.country = any(...)` is never true for a missing person.
//
// Questions are followed across versions by their stable `key`, never by their id: an edited
// instrument is a new version with new question ids and the same keys.

const RESPONSE_COLUMNS = sql`
  r.id, r.webinar_id, r.participant_id, r.wave, r.language, r.submitted_at, r.consent_to_quote,
  r.quote_display_name, r.quote_country, r.quote_approved_at, r.invitation_id`;

/**
 * `resp` with the same columns as responsesOfView's, for the responses `ids` whatever their view
 * (without w, p and cc). To be used inside `with`.
 */
export function responsesById(ids: readonly number[]): RawBuilder<unknown> {
  return sql`resp as (
    select ${RESPONSE_COLUMNS} from survey_response r where r.id = any(${[...ids]}::int[])
  )`;
}

/**
 * `resp`: the view's responses (id, webinar_id, participant_id, wave, language, submitted_at,
 * consent_to_quote, quote_*), with w, p and cc for dimensions. To be used inside `with`.
 */
export function responsesOfView(f: ReachFilters): RawBuilder<unknown> {
  return sql`resp as (
    select ${RESPONSE_COLUMNS}
    from survey_response r
    join webinar w on w.id = r.webinar_id
    left join participant p on p.id = r.participant_id
    left join country_classification cc on cc.iso2 = p.country
    where ${webinarConditions(f)} and ${personFilter(f)}
  )`;
}

/**
 * `ans`: the answers of `resp` to the questions with the given keys, with the question's key
 * and the response's wave. To be used inside `with`, after `resp`.
 */
export function answersOf(keys: readonly string[]): RawBuilder<unknown> {
  return sql`ans as (
    select a.response_id, resp.wave, resp.webinar_id, resp.participant_id, q.key,
           a.value_number, a.value_text, a.value_choices
    from resp
    join survey_answer a on a.response_id = resp.id
    join survey_question q on q.id = a.question_id
    where q.key = any(${[...keys]}::text[])
  )`;
}

// Combining marks (U+0300–U+036F) once text is decomposed: "información" → "informacion".
const COMBINING_MARKS = '[\u0300-\u036f]';

/**
 * Text folded for matching: accents removed and lower-cased, in SQL. The same expression works on
 * PGlite and PostgreSQL (no unaccent extension in PGlite), so "Informacion" finds "Información".
 */
export function folded(text: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`lower(regexp_replace(normalize(${text}, NFD), ${COMBINING_MARKS}, '', 'g'))`;
}

/** A `like` pattern that finds `text` anywhere, its wildcards (% _ \) taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

/** The label column of a reference table in a language, from a whitelist (never request text). */
export function labelColumn(lang: 'en' | 'es', alias: string): RawBuilder<string> {
  return sql<string>`${sql.ref(`${alias}.${lang === 'es' ? 'label_es' : 'label_en'}`)}`;
}
