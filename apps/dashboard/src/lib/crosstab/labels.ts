import { sectors } from '$lib/api/overview';
import { label, type Reference } from '$lib/api/reference';
import { countryName, incomeGroupName, regionName } from '$lib/countries';
import type { I18n } from '$lib/i18n';
import type { Dimension } from '$lib/api/breakdown';
import { parsePeriod } from './matrix';

const languageNames = new Map<string, Intl.DisplayNames>();

/**
 * A language code named in the reader's language: `es` → Spanish / Español. Spanish writes
 * language names in lower case inside a sentence; `standalone` (a label on its own) starts
 * with a capital.
 */
export function languageName(locale: string, code: string, standalone = true): string {
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'code' });
    languageNames.set(locale, names);
  }
  let name: string;
  try {
    name = names.of(code) ?? code;
  } catch {
    return code;
  }
  if (!standalone) return name;
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

/** '2014' as it is, '2014-Q3' as "Q3 2014" / "T3 2014". */
export function periodLabel(i18n: I18n, key: string): string {
  const period = parsePeriod(key);
  if (!period) return key;
  return period.quarter === undefined
    ? String(period.year)
    : i18n.t('period.quarter', { quarter: period.quarter, year: period.year });
}

/**
 * The reader's name for a key of the API's breakdowns and cross-tabs: sectors from the
 * catalogue, topics and working groups from the reference lists, countries, regions and
 * income groups from countries.ts. A key nobody can name is shown as it is.
 */
export function keyLabel(
  i18n: I18n,
  reference: Reference,
  dimension: Dimension,
  key: string,
): string {
  switch (dimension) {
    case 'sector':
      return (sectors as readonly string[]).includes(key)
        ? i18n.t(`sector.${key as (typeof sectors)[number]}`)
        : key;
    case 'topic': {
      const row = reference.topics.find((topic) => String(topic.id) === key);
      return row ? label(row, i18n.locale) : key;
    }
    case 'working_group': {
      const row = reference.workingGroups.find((group) => String(group.id) === key);
      return row ? label(row, i18n.locale) : key;
    }
    case 'series':
      return reference.series.find((series) => String(series.id) === key)?.name ?? key;
    case 'country':
      return countryName(i18n.locale, key);
    case 'region':
      return regionName(i18n.locale, key);
    case 'income_group':
      return incomeGroupName(i18n.locale, key);
    case 'language':
      return languageName(i18n.locale, key);
    case 'year':
    case 'quarter':
      return periodLabel(i18n, key);
    default:
      return key;
  }
}
