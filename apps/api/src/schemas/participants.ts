import {
  QUESTION_TYPES,
  RESPONSE_SOURCES,
  SECTOR_CODES,
  SPEAKER_ROLES,
  SURVEY_WAVES,
  WEBINAR_STATUSES,
} from '@ripple/db';
import { Type } from 'typebox';

// A participant's personal data, for managers only. Every object is closed
// (additionalProperties: false), so the serializer writes the fields listed here and nothing a
// query may add later.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Closed = { additionalProperties: false } as const;
const Instant = Type.String({ format: 'date-time' });
const Count = Type.Integer({ minimum: 0 });

export const ParticipantListSchema = Type.Object(
  {
    total: Type.Integer({ minimum: 0, description: 'People matching, before paging' }),
    items: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          name: Nullable(Type.String()),
          email: Nullable(Type.String()),
          country: Nullable(Type.String({ description: 'ISO 3166-1 alpha-2' })),
          sector: Type.Enum(SECTOR_CODES),
          organisation: Nullable(Type.String()),
          webinarsAttended: Type.Integer({ minimum: 0, description: 'Held webinars attended' }),
          lastAttendedAt: Nullable(Instant),
        },
        Closed,
      ),
    ),
  },
  Closed,
);

const WebinarRef = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    startsAt: Instant,
    language: Type.String(),
    status: Type.Enum(WEBINAR_STATUSES),
  },
  Closed,
);

export const ParticipantRecordSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Nullable(Type.String()),
    email: Nullable(Type.String()),
    country: Nullable(Type.String()),
    sector: Type.Enum(SECTOR_CODES),
    organisation: Nullable(Type.String()),
    gender: Nullable(Type.String()),
    language: Nullable(Type.String()),
    createdAt: Instant,
    createdImportId: Nullable(Type.Integer()),
    hasAccount: Type.Boolean({
      description:
        'Whether a Ripple account has the same email. Erasing the participant leaves the account; an administrator can disable it.',
    }),
    reach: Type.Object(
      {
        webinarsAttended: Count,
        registrations: Count,
        minutes: Count,
        firstAttendedAt: Nullable(Instant),
        lastAttendedAt: Nullable(Instant),
      },
      { ...Closed, description: 'Over held webinars, as the reach figures count them' },
    ),
    attendance: Type.Array(
      Type.Object(
        {
          webinar: WebinarRef,
          role: Type.Enum(['attendee', ...SPEAKER_ROLES], {
            description: 'attendee, or their part on the panel (a speaker with the same email)',
          }),
          registered: Type.Boolean(),
          attended: Type.Boolean(),
          registeredAt: Nullable(Instant),
          firstJoinAt: Nullable(Instant),
          lastLeaveAt: Nullable(Instant),
          minutes: Count,
        },
        Closed,
      ),
      { description: 'Every webinar registered for, attended or spoken at; oldest first' },
    ),
    responses: Type.Array(
      Type.Object(
        {
          responseId: Type.Integer(),
          wave: Type.Enum(SURVEY_WAVES),
          language: Type.String(),
          source: Type.Enum(RESPONSE_SOURCES),
          submittedAt: Instant,
          webinar: WebinarRef,
          consentToQuote: Type.Boolean(),
          quoteDisplayName: Nullable(Type.String()),
          quoteApprovedAt: Nullable(Instant),
          answers: Type.Array(
            Type.Object(
              {
                questionId: Type.Integer(),
                key: Type.String(),
                type: Type.Enum(QUESTION_TYPES),
                question: Type.String({ description: 'As worded in the version answered' }),
                number: Nullable(Type.Number({ description: 'rating5 and nps' })),
                text: Nullable(
                  Type.String({
                    description:
                      'text: the answer; yes_partly_no and consent: the code; single and multi: the "other" text',
                  }),
                ),
                choices: Nullable(
                  Type.Array(Type.Object({ value: Type.String(), label: Type.String() }, Closed)),
                ),
              },
              Closed,
            ),
          ),
        },
        Closed,
      ),
      { description: 'Every survey response, oldest first' },
    ),
  },
  Closed,
);

/** Everything held about one person, as served for download (privacy/export.ts). */
export const PersonalExportSchema = Type.Object(
  {
    format: Type.Literal('ripple-personal-data/1'),
    exportedAt: Instant,
    participant: Type.Object(
      {
        ...ParticipantRecordSchema.properties,
        anonymisedAt: Nullable(Instant),
        quotes: Type.Array(
          Type.Object(
            {
              responseId: Type.Integer(),
              displayName: Nullable(Type.String()),
              country: Nullable(Type.String()),
            },
            Closed,
          ),
          { description: 'How they asked to be named and placed where their words are quoted' },
        ),
      },
      Closed,
    ),
    invitations: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          webinar: Type.Object(
            { id: Type.Integer(), title: Type.String(), startsAt: Instant },
            Closed,
          ),
          wave: Type.Enum(SURVEY_WAVES),
          language: Type.String(),
          createdAt: Instant,
          scheduledFor: Nullable(Instant),
          sentAt: Nullable(Instant),
          remindedAt: Nullable(Instant),
          expiresAt: Instant,
          answered: Type.Boolean(),
        },
        Closed,
      ),
      { description: 'Survey invitations addressed to them (their link is not included)' },
    ),
    imports: Type.Array(
      Type.Object(
        {
          id: Type.Integer(),
          fileName: Type.String(),
          format: Nullable(Type.String()),
          platform: Nullable(Type.String()),
          startedAt: Instant,
          status: Type.String(),
          brought: Type.Array(Type.Enum(['person', 'attendance'])),
        },
        Closed,
      ),
      { description: 'The attendance imports their details and attendance came from' },
    ),
  },
  Closed,
);

export const ErasureSchema = Type.Object(
  {
    id: Type.Integer({ description: 'The id the person had; it is not given to anyone again' }),
    total: Count,
    counts: Type.Object(
      {
        participant: Count,
        attendance: Count,
        registrationsReplaced: Count,
        invitations: Count,
        responses: Count,
        answers: Count,
        speakers: Count,
        speakerLinks: Count,
        importReports: Count,
        columnMappings: Count,
        signInFailures: Count,
      },
      { ...Closed, description: 'Rows removed, and import documents rewritten, by kind' },
    ),
  },
  Closed,
);
