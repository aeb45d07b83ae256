import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getSurvey, getSurveyVersion, listSurveys, saveSurveyVersion } from '@ripple/db';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { RowId } from '../schemas/common.js';
import {
  ConflictSchema,
  InvalidVersionSchema,
  SavedSchema,
  SaveVersionBody,
  SurveyDetailSchema,
  SurveyListSchema,
  SurveyVersionSchema,
} from '../schemas/instruments.js';
import { ACCESS } from '../auth/access.js';

// Instruments (the post-webinar and follow-up surveys) and their versions. Ids are integers
// only, so static paths under /surveys (such as /surveys/waves) never reach these routes.

const Id = Type.Object({ id: RowId });
const IdVersion = Type.Object({ id: RowId, version: RowId });
const ErrorRef = { $ref: 'ErrorResponse#' } as const;

function notFound(reply: FastifyReply, message: string) {
  return reply.status(404).send({ statusCode: 404, error: 'Not Found', message });
}

const routes: FastifyPluginAsyncTypebox = async (fastify) => {
  fastify.get(
    '/surveys',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Survey instruments with their current version',
        response: { 200: SurveyListSchema },
      },
    },
    async () => listSurveys(fastify.db),
  );

  fastify.get(
    '/surveys/:id',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'An instrument: its current version’s questions and its version history',
        params: Id,
        response: { 200: SurveyDetailSchema, 400: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) =>
      (await getSurvey(fastify.db, request.params.id)) ??
      notFound(reply, `There is no survey #${request.params.id}.`),
  );

  fastify.get(
    '/surveys/:id/versions/:version',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'One version of an instrument, as its respondents saw it',
        params: IdVersion,
        response: { 200: SurveyVersionSchema, 400: ErrorRef, 404: ErrorRef },
      },
    },
    async (request, reply) =>
      (await getSurveyVersion(fastify.db, request.params.id, request.params.version)) ??
      notFound(
        reply,
        `There is no version ${request.params.version} of survey #${request.params.id}.`,
      ),
  );

  fastify.put(
    '/surveys/:id',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Save an edit of an instrument as its next version',
        description:
          'The questions replace the current version’s in a new version; earlier versions, their ' +
          'responses and the invitations made with them are kept as they were. 201 with the new ' +
          'version; 200 when nothing changed (no version is made); 400 lists every problem with its ' +
          'path; 409 when another version was saved after baseVersion.',
        params: Id,
        body: SaveVersionBody,
        response: {
          200: SavedSchema,
          201: SavedSchema,
          400: InvalidVersionSchema,
          404: ErrorRef,
          409: ConflictSchema,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const result = await saveSurveyVersion(fastify.db, id, request.body);
      switch (result.outcome) {
        case 'created':
        case 'unchanged':
          return reply.status(result.outcome === 'created' ? 201 : 200).send({
            status: result.outcome,
            survey: result.survey,
            warnings: result.warnings,
          });
        case 'invalid':
          return reply.status(400).send({
            statusCode: 400,
            error: 'Bad Request',
            message: result.problems.map((p) => `${p.path}: ${p.message}`).join(' '),
            errors: result.problems,
          });
        case 'conflict':
          return reply.status(409).send({
            statusCode: 409,
            error: 'Conflict',
            message:
              `Version ${result.currentVersion} of this survey was saved after version ` +
              `${request.body.baseVersion}, which this edit started from. Reload the survey and make the edit again.`,
            currentVersion: result.currentVersion,
          });
        case 'not_found':
          return notFound(reply, `There is no survey #${id}.`);
      }
    },
  );
};

export default routes;
