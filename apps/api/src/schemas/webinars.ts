import { PLATFORMS, SECTOR_CODES, SPEAKER_ROLES, WEBINAR_STATUSES } from '@ripple/db';
import { Type } from 'typebox';
import { RowId } from './common.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const CountryCode = Type.String({
  pattern: '^[A-Z]{2}$',
  description: 'ISO 3166-1 alpha-2',
});

const webinarProperties = {
  title: Type.String({ minLength: 1, maxLength: 300 }),
  description: Nullable(Type.String({ maxLength: 5000 })),
  startsAt: Type.String({
    format: 'date-time',
    description: 'Start, as an instant (e.g. 2015-03-04T15:00:00Z)',
  }),
  durationMinutes: Nullable(Type.Integer({ minimum: 0, maximum: 24 * 60 })),
  timezone: Type.String({
    minLength: 1,
    maxLength: 64,
    description: 'IANA zone the webinar was announced in',
  }),
  language: Type.String({ pattern: '^[a-z]{2,3}$', description: 'en, es, … (und when unknown)' }),
  seriesId: Nullable(RowId),
  workingGroupId: Nullable(RowId),
  topicIds: Type.Array(RowId, { maxItems: 20 }),
  status: Type.Enum(WEBINAR_STATUSES),
  platform: Nullable(Type.Enum(PLATFORMS)),
  platformId: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
};

export const WebinarCreate = Type.Object(
  {
    ...webinarProperties,
    description: Type.Optional(webinarProperties.description),
    durationMinutes: Type.Optional(webinarProperties.durationMinutes),
    timezone: Type.Optional(webinarProperties.timezone),
    seriesId: Type.Optional(webinarProperties.seriesId),
    workingGroupId: Type.Optional(webinarProperties.workingGroupId),
    topicIds: Type.Optional(webinarProperties.topicIds),
    status: Type.Optional(webinarProperties.status),
    platform: Type.Optional(webinarProperties.platform),
    platformId: Type.Optional(webinarProperties.platformId),
  },
  { additionalProperties: false },
);

export const WebinarPatch = Type.Partial(Type.Object(webinarProperties), {
  additionalProperties: false,
  minProperties: 1,
});

export const SpeakerInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
    organisation: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
    country: Type.Optional(Nullable(CountryCode)),
    sector: Type.Optional(Type.Enum(SECTOR_CODES)),
    role: Type.Optional(Type.Enum(SPEAKER_ROLES)),
  },
  { additionalProperties: false },
);

export const WebinarDetailSchema = Type.Object({
  ...webinarProperties,
  id: Type.Integer(),
  speakers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      email: Nullable(Type.String()),
      organisation: Nullable(Type.String()),
      country: Nullable(Type.String()),
      sector: Type.Enum(SECTOR_CODES),
      role: Type.Enum(SPEAKER_ROLES),
    }),
  ),
});

export const WebinarListSchema = Type.Object({
  total: Type.Integer(),
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      title: Type.String(),
      startsAt: Type.String({ format: 'date-time' }),
      status: Type.Enum(WEBINAR_STATUSES),
      language: Type.String(),
      seriesId: Nullable(Type.Integer()),
      registered: Type.Integer(),
      attended: Type.Integer(),
      speakers: Type.Integer(),
    }),
  ),
});
