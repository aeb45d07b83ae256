/** Fields a column of an unrecognised file can be mapped to (the API's `GENERIC_FIELDS`). */
export const mappingFields = [
  'name',
  'first_name',
  'last_name',
  'email',
  'country',
  'organisation',
  'sector',
  'registered_at',
  'join_at',
  'leave_at',
  'minutes',
  'attended',
  'role',
  'ignore',
] as const;
export type MappingField = (typeof mappingFields)[number];

export type DateOrder = 'dmy' | 'mdy';

/** What the Import page's form says; sent as query parameters with every preview and confirm. */
export interface ImportOptions {
  timeZone: string;
  webinarId: number | null;
  dateOrder: DateOrder | null;
  strict: boolean;
  /** Answers to details the file did not give. */
  language: string;
  seriesId: number | null;
  workingGroupId: number | null;
  topicIds: number[];
  mapping: Partial<Record<string, MappingField>> | null;
}

export function emptyImportOptions(timeZone: string): ImportOptions {
  return {
    timeZone,
    webinarId: null,
    dateOrder: null,
    strict: false,
    language: '',
    seriesId: null,
    workingGroupId: null,
    topicIds: [],
    mapping: null,
  };
}

/** The query string of `POST /api/imports` for these options; empty answers are left out. */
export function importQuery(options: ImportOptions, dryRun: boolean): string {
  const params = new URLSearchParams();
  const timeZone = options.timeZone.trim();
  if (timeZone) params.set('timeZone', timeZone);
  if (options.webinarId !== null) params.set('webinarId', String(options.webinarId));
  if (options.dateOrder) params.set('dateOrder', options.dateOrder);
  params.set('dryRun', String(dryRun));
  params.set('strict', String(options.strict));
  const language = options.language.trim().toLowerCase();
  if (language) params.set('language', language);
  if (options.seriesId !== null) params.set('seriesId', String(options.seriesId));
  if (options.workingGroupId !== null) {
    params.set('workingGroupId', String(options.workingGroupId));
  }
  for (const id of [...new Set(options.topicIds)].sort((a, b) => a - b)) {
    params.append('topicIds', String(id));
  }
  const mapping = mappingJson(options.mapping ?? {});
  if (mapping) params.set('mapping', mapping);
  return params.toString();
}

/**
 * The `mapping` parameter: JSON of file header → field, for the headers the form answered.
 * `undefined` when nothing is mapped, so the parameter is left out.
 */
export function mappingJson(
  choices: Partial<Record<string, MappingField | ''>>,
): string | undefined {
  const entries = Object.entries(choices).filter(
    (entry): entry is [string, MappingField] =>
      typeof entry[1] === 'string' && (mappingFields as readonly string[]).includes(entry[1]),
  );
  return entries.length > 0 ? JSON.stringify(Object.fromEntries(entries)) : undefined;
}

const guesses: [RegExp, MappingField][] = [
  [/e-?mail|correo/, 'email'],
  [/^(first|given)\s*name|^nombres?$/, 'first_name'],
  [/^(last|family)\s*name|surname|apellido/, 'last_name'],
  [/name|nombre/, 'name'],
  [/countr|nation|pa[ií]s/, 'country'],
  [/organi[sz]ation|company|instituci[oó]n|organizaci[oó]n|employer/, 'organisation'],
  [/sector/, 'sector'],
  [/regist/, 'registered_at'],
  [/join|entr(y|ada)|start/, 'join_at'],
  [/leave|exit|salida|end/, 'leave_at'],
  [/minute|duration|duraci[oó]n/, 'minutes'],
  [/attend|asisti/, 'attended'],
  [/role|rol/, 'role'],
];

/** A first guess for each column, from words in its header; the reader corrects it. */
export function guessMapping(header: string[]): Record<string, MappingField> {
  const taken = new Set<MappingField>();
  const result: Record<string, MappingField> = {};
  for (const column of header) {
    const text = column.trim().toLowerCase();
    const guess = guesses.find(([pattern, field]) => pattern.test(text) && !taken.has(field));
    const field = guess?.[1] ?? 'ignore';
    if (field !== 'ignore') taken.add(field);
    result[column] = field;
  }
  return result;
}
