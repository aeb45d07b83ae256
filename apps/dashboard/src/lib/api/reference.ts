import { isRecord } from './client';

interface Labelled {
  labelEn: string;
  labelEs: string;
}

/** `GET /api/reference` */
export interface Reference {
  sectors: ({ code: string } & Labelled)[];
  workingGroups: ({ id: number; code: string } & Labelled)[];
  topics: ({ id: number; code: string; workingGroupId: number | null } & Labelled)[];
  series: {
    id: number;
    code: string;
    name: string;
    defaultLanguage: string | null;
    defaultWorkingGroupId: number | null;
    defaultTimezone: string | null;
    defaultTopicIds: number[];
  }[];
}

export function isReference(body: unknown): body is Reference {
  return (
    isRecord(body) &&
    ['sectors', 'workingGroups', 'topics', 'series'].every((key) => Array.isArray(body[key]))
  );
}

/** The label of a reference row in the reader's language. */
export function label(row: Labelled, locale: string): string {
  return locale === 'es' ? row.labelEs : row.labelEn;
}
