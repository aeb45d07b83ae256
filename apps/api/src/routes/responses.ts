import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  getSurveyForm,
  QUESTION_TYPES,
  SURVEY_LANGUAGES,
  SURVEY_WAVES,
  submitResponse,
} from '@ripple/db';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { FixedWindowLimiter } from '../surveys/rate-limit.js';
import { ACCESS } from '../auth/access.js';

export interface ResponseRoutesOptions {
  /** Counts open-link submissions per client address and link; personal links are not limited. */
  openLinkLimiter?: FixedWindowLimiter;
}

// The respondent's side of a survey over JSON, for clients other than the dashboard's form. The
// token in the path is the only credential, so answers say nothing to anyone else: no referrer,
// no caching.

const Token = Type.Object({
  token: Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }),
});
const Lang = Type.Optional(Type.Enum(SURVEY_LANGUAGES));

const Choice = Type.Object({ value: Type.String(), label: Type.String() });
const Form = Type.Object({
  state: Type.Enum(['open', 'answered', 'expired'], {
    description:
      'open: can be answered; answered: a response is stored; expired: unanswered and past expiry',
  }),
  wave: Type.Enum(SURVEY_WAVES),
  language: Type.Enum(SURVEY_LANGUAGES),
  expiresAt: Type.String({ format: 'date-time' }),
  webinar: Type.Object({
    id: Type.Integer(),
    title: Type.String(),
    startsAt: Type.String({ format: 'date-time' }),
  }),
  questions: Type.Array(
    Type.Object({
      id: Type.Integer({ description: 'Key of the answer in POST answers' }),
      key: Type.String(),
      type: Type.Enum(QUESTION_TYPES),
      required: Type.Boolean(),
      text: Type.String(),
      choices: Type.Union([Type.Array(Choice), Type.Null()]),
      allowOther: Type.Boolean(),
    }),
  ),
  planned: Type.Union([
    Type.Object({
      answeredAt: Type.String({ format: 'date-time' }),
      uses: Type.Array(Choice),
      other: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
});

const Submission = Type.Object(
  {
    answers: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Unknown(), {
      additionalProperties: false, // a key that is not a question id is refused at the edge
      description:
        'By question id. rating5: 1–5; nps: 0–10; yes_partly_no: "yes"|"partly"|"no"; text: a string; ' +
        'single: a choice value or { choice: "other", other: "…" }; multi: an array of values or ' +
        '{ choices: [...], other: "…" }; consent: true or false.',
    }),
    language: Lang,
    website: Type.Optional(
      Type.String({
        maxLength: 2000,
        description:
          'Honeypot: a field people never see, left empty. Filled in means a bot: the answer looks stored and nothing is.',
      }),
    ),
    quote: Type.Optional(
      Type.Object(
        {
          displayName: Type.Optional(Type.String({ maxLength: 80 })),
          country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const Thanks = Type.Object({
  status: Type.Enum(['stored', 'repeat']),
  message: Type.String(),
});
const Invalid = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  // Absent when the body itself is malformed (the request schema's own 400).
  errors: Type.Optional(
    Type.Array(
      Type.Object({
        questionId: Type.Union([Type.Integer(), Type.Null()]),
        key: Type.Union([Type.String(), Type.Null()]),
        code: Type.String(),
        message: Type.String(),
      }),
    ),
  ),
});
const ErrorRef = { $ref: 'ErrorResponse#' } as const;

const THANKS = {
  en: 'Thank you: your answers are recorded.',
  es: 'Gracias: sus respuestas quedaron registradas.',
};

function privateReply(reply: FastifyReply) {
  return reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
}

function unknownLink(reply: FastifyReply) {
  return reply.status(404).send({
    statusCode: 404,
    error: 'Not Found',
    message: 'This survey link is not valid. Check that it was copied whole.',
  });
}

const routes: FastifyPluginAsyncTypebox<ResponseRoutesOptions> = async (fastify, opts) => {
  fastify.get(
    '/responses/:token',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['surveys'],
        summary: 'The survey form of a personal link, in its language',
        params: Token,
        querystring: Type.Object({ lang: Lang }, { additionalProperties: false }),
        response: { 200: Form, 400: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) => {
      privateReply(reply);
      const form = await getSurveyForm(fastify.db, request.params.token, request.query.lang);
      return form ?? unknownLink(reply);
    },
  );

  fastify.post(
    '/responses/:token',
    {
      config: { access: ACCESS.public },
      schema: {
        tags: ['surveys'],
        summary: 'Answer the survey of a personal link (once) or of an open link',
        description:
          'Stores one response per personal link, whatever the number of submissions: 201 the first time; ' +
          '200 with status "repeat" for the same answers again; 409 for different answers; ' +
          '410 when the link expired unanswered; 400 lists every answer that is wrong, by question. ' +
          'An open link stores each valid submission (201), 410 once expired or revoked, and 429 ' +
          '(with Retry-After) past its limit of submissions per client address.',
        params: Token,
        body: Submission,
        response: {
          200: Thanks,
          201: Thanks,
          400: Invalid,
          404: ErrorRef,
          409: ErrorRef,
          410: ErrorRef,
          429: ErrorRef,
        },
      },
    },
    async (request, reply) => {
      privateReply(reply);
      const { website, ...submission } = request.body;
      const thanks = THANKS[submission.language ?? 'en'];
      // A bot filled the hidden field: thank it as usual, so it learns nothing, and store nothing.
      if (website !== undefined && website.trim() !== '') {
        return reply.status(201).send({ status: 'stored', message: thanks });
      }
      const limiter = opts.openLinkLimiter;
      const rateKey = (linkId: number) => `${request.ip}|${linkId}`;
      let limitedKey: string | null = null;
      const result = await submitResponse(fastify.db, request.params.token, submission, {
        ...(limiter && {
          admitOpenLink: (linkId: number) => {
            const admitted = limiter.hit(rateKey(linkId));
            if (!admitted) limitedKey = rateKey(linkId);
            return admitted;
          },
        }),
      });
      switch (result.outcome) {
        case 'rate_limited': {
          const seconds = limiter && limitedKey ? limiter.retryAfterSeconds(limitedKey) : 60;
          return reply
            .status(429)
            .header('retry-after', String(seconds))
            .send({
              statusCode: 429,
              error: 'Too Many Requests',
              message: `Too many answers from this address through this link; try again in ${seconds} seconds.`,
            });
        }
        case 'stored':
          return reply.status(201).send({ status: 'stored', message: thanks });
        case 'repeat':
          return reply.status(200).send({ status: 'repeat', message: thanks });
        case 'not_found':
          return unknownLink(reply);
        case 'conflict':
          return reply.status(409).send({
            statusCode: 409,
            error: 'Conflict',
            message:
              'This link has already been answered with other answers; a link takes one response.',
          });
        case 'expired':
          return reply.status(410).send({
            statusCode: 410,
            error: 'Gone',
            message: 'This survey link has expired.',
          });
        case 'invalid':
          return reply.status(400).send({
            statusCode: 400,
            error: 'Bad Request',
            message: result.errors.map((e) => `${e.key ?? e.questionId}: ${e.message}`).join(' '),
            errors: result.errors,
          });
      }
    },
  );
};

export default routes;
