import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { SURVEY_WAVES, type SurveyWave } from '@ripple/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { FEEDBACK_TOOLS } from '../feedback/read.js';
import {
  FeedbackRequestError,
  FeedbackRowsError,
  importFeedback,
  previewFeedback,
  type FeedbackMapping,
} from '../feedback/service.js';
import { formatBytes } from '../plugins/errors.js';
import { malformedUpload } from '../plugins/uploads.js';
import { RowId } from '../schemas/common.js';
import { ACCESS } from '../auth/access.js';

// Past feedback from Google Forms, KoboToolbox, SurveyMonkey or any CSV: a preview that detects
// the tool and suggests which column answers which question, and the import itself, which stores
// every row or, when any row is wrong, none and says which rows and columns are.

export interface FeedbackImportRoutesOptions {
  /** Largest file accepted, in bytes (the attendance import's limit). */
  maxFileBytes: number;
}

/** The longest text field (the mapping is JSON of column → question; 100 KB is thousands). */
const FIELD_BYTES = 100_000;

const ColumnName = Type.String({ minLength: 1, maxLength: 500 });

const MappingBody = Type.Object(
  {
    webinarId: RowId,
    wave: Type.Enum(SURVEY_WAVES),
    language: Type.Optional(Type.Enum(['en', 'es'])),
    columns: Type.Record(
      Type.String({ maxLength: 500 }),
      Type.String({ minLength: 1, maxLength: 100 }),
      {
        description: 'File column → question key of the wave’s survey',
      },
    ),
    emailColumn: Type.Optional(ColumnName),
    submittedAtColumn: Type.Optional(ColumnName),
    languageColumn: Type.Optional(ColumnName),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    dateOrder: Type.Optional(Type.Enum(['dmy', 'mdy'])),
  },
  { additionalProperties: false },
);

const Problem = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  value: Type.String(),
  reason: Type.String(),
  message: Type.String(),
});

const ImportError = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    message: Type.String(),
    problems: Type.Optional(
      Type.Array(Problem, { description: 'Up to 500 problems, by row and column' }),
    ),
    problemCount: Type.Optional(Type.Integer()),
  },
  { description: 'What was wrong; for rows, every problem by row and column' },
);

const Preview = Type.Object({
  fileName: Type.String(),
  tool: Type.Enum(FEEDBACK_TOOLS),
  rows: Type.Integer(),
  columns: Type.Array(
    Type.Object({
      name: Type.String(),
      samples: Type.Array(Type.String()),
      suggested: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  mapping: Type.Record(Type.String(), Type.String()),
  emailColumn: Type.Union([Type.String(), Type.Null()]),
  submittedAtColumn: Type.Union([Type.String(), Type.Null()]),
  sourceIdColumn: Type.Union([Type.String(), Type.Null()]),
  languageColumn: Type.Union([Type.String(), Type.Null()]),
  suggestedLanguage: Type.Enum(['en', 'es']),
  instrument: Type.Object({
    surveyId: Type.Integer(),
    name: Type.String(),
    versionId: Type.Integer(),
    version: Type.Integer(),
    questions: Type.Array(
      Type.Object({
        key: Type.String(),
        type: Type.String(),
        textEn: Type.String(),
        textEs: Type.String(),
      }),
    ),
  }),
});

const Result = Type.Object({
  fileName: Type.String(),
  tool: Type.Enum(FEEDBACK_TOOLS),
  rows: Type.Integer(),
  stored: Type.Integer({ description: 'Responses stored now' }),
  alreadyImported: Type.Integer({ description: 'Submissions an earlier import already stored' }),
  linked: Type.Integer({ description: 'Stored responses linked to a participant by email' }),
  empty: Type.Integer({ description: 'Rows that answered none of the mapped questions' }),
  versionId: Type.Integer(),
});

const badRequest = (reply: FastifyReply, message: string, extra: Record<string, unknown> = {}) =>
  reply.status(400).send({ statusCode: 400, error: 'Bad Request', message, ...extra });

interface Upload {
  fileName: string;
  path: string;
  fields: Record<string, string>;
}

/** Streams the file part to a private temporary file and collects the text fields. */
async function receive(
  request: FastifyRequest,
  dir: string,
  maxFileBytes: number,
): Promise<Upload | string> {
  let upload: Upload | null = null;
  const fields: Record<string, string> = {};
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      // Busboy cuts a field at fieldSize without failing: a cut mapping would be misread.
      if (part.valueTruncated) {
        return `The field ${part.fieldname} is larger than the limit of ${formatBytes(FIELD_BYTES)}; nothing was imported.`;
      }
      fields[part.fieldname] = typeof part.value === 'string' ? part.value : String(part.value);
      continue;
    }
    if (upload !== null) {
      part.file.resume();
      return 'Send one file per request.';
    }
    const path = join(dir, 'upload');
    await pipeline(part.file, createWriteStream(path));
    if (part.file.truncated) {
      const limit =
        maxFileBytes >= 1_048_576
          ? `${Math.round(maxFileBytes / 1_048_576)} MiB`
          : `${maxFileBytes} bytes`;
      return `${part.filename} is larger than the limit of ${limit}; nothing was imported.`;
    }
    upload = { fileName: part.filename || 'upload.csv', path, fields };
  }
  if (upload === null) return 'No file in the upload: send the export as the `file` part.';
  return upload;
}

function describeErrors(value: unknown): string {
  return [...Value.Errors(MappingBody, value)]
    .filter((e) => e.keyword !== 'boolean')
    .slice(0, 5)
    .map((e) => {
      const where =
        e.instancePath === '' ? 'mapping' : `mapping${e.instancePath.replaceAll('/', '.')}`;
      if (e.keyword === 'additionalProperties') {
        const extra = (e.params as { additionalProperties?: string[] }).additionalProperties;
        return `${where} has unknown fields: ${(extra ?? []).join(', ')}`;
      }
      return `${where} ${e.message}`;
    })
    .join('; ');
}

const routes: FastifyPluginAsyncTypebox<FeedbackImportRoutesOptions> = async (fastify, opts) => {
  await fastify.register(multipart, {
    limits: {
      fileSize: opts.maxFileBytes,
      files: 2,
      fields: 10,
      fieldSize: FIELD_BYTES,
      parts: 12,
    },
  });

  /** Runs `work` on the uploaded file, answering 415/400/413 for uploads that cannot be used. */
  async function withUpload(
    request: FastifyRequest,
    reply: FastifyReply,
    work: (upload: Upload) => Promise<FastifyReply>,
  ): Promise<FastifyReply> {
    if (!request.isMultipart()) {
      return reply.status(415).send({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'Send the export as multipart/form-data.',
      });
    }
    const dir = join(tmpdir(), `ripple-feedback-${randomUUID()}`);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    try {
      const upload = await receive(request, dir, opts.maxFileBytes);
      if (typeof upload === 'string') {
        const status = upload.includes('larger than the limit') ? 413 : 400;
        return reply.status(status).send({
          statusCode: status,
          error: status === 413 ? 'Payload Too Large' : 'Bad Request',
          message: upload,
        });
      }
      return await work(upload);
    } catch (error) {
      if (error instanceof FeedbackRowsError) {
        return badRequest(reply, error.message, {
          problems: error.problems,
          problemCount: error.total,
        });
      }
      if (error instanceof FeedbackRequestError) return badRequest(reply, error.message);
      const malformed = malformedUpload(error);
      if (malformed !== null) return badRequest(reply, malformed);
      throw error;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  fastify.post(
    '/feedback-imports/preview',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'What a survey tool export holds and how its columns map to questions',
        description:
          'Multipart: `file` (Google Forms, KoboToolbox or SurveyMonkey export, or any CSV/XLSX with a header row), ' +
          '`webinarId` and `wave` (post | followup). Detects the tool, lists the columns with sample values and ' +
          'suggests a mapping to the wave’s survey questions. Stores nothing.',
        consumes: ['multipart/form-data'],
        response: {
          200: Preview,
          400: ImportError,
          413: ImportError,
          415: ImportError,
        },
      },
    },
    async (request, reply) => {
      await withUpload(request, reply, async (upload) => {
        const webinarId = Number(upload.fields.webinarId);
        if (!Value.Check(RowId, webinarId) || !/^\d+$/.test(upload.fields.webinarId ?? '')) {
          return badRequest(
            reply,
            `webinarId must be a webinar id, not '${upload.fields.webinarId ?? ''}'.`,
          );
        }
        const wave = upload.fields.wave;
        if (!(SURVEY_WAVES as readonly string[]).includes(wave ?? '')) {
          return badRequest(reply, `wave must be post or followup, not '${wave ?? ''}'.`);
        }
        const preview = await previewFeedback(
          fastify.db,
          () => createReadStream(upload.path),
          upload.fileName,
          { webinarId, wave: wave as SurveyWave },
        );
        return reply.send({ fileName: upload.fileName, ...preview });
      });
    },
  );

  fastify.post(
    '/feedback-imports',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['surveys'],
        summary: 'Import past feedback from a survey tool export',
        description:
          'Multipart: `file` and `mapping`, a JSON object `{ webinarId, wave, language?, columns: { "<column>": "<question key>" }, ' +
          'emailColumn?, submittedAtColumn?, languageColumn?, timeZone?, dateOrder? }`. Every row is checked first: with any ' +
          'problem nothing is stored and the answer lists each one by row and column. Importing the same export again ' +
          'stores nothing twice. Responses are linked to participants by email.',
        consumes: ['multipart/form-data'],
        response: {
          200: Result,
          201: Result,
          400: ImportError,
          413: ImportError,
          415: ImportError,
        },
      },
    },
    async (request, reply) => {
      await withUpload(request, reply, async (upload) => {
        const text = upload.fields.mapping;
        if (text === undefined) {
          return badRequest(
            reply,
            'The `mapping` field is missing: send the column mapping as JSON.',
          );
        }
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          return badRequest(reply, 'The `mapping` field is not valid JSON.');
        }
        if (!Value.Check(MappingBody, value)) return badRequest(reply, describeErrors(value));
        const mapping: FeedbackMapping = value;
        const result = await importFeedback(
          fastify.db,
          () => createReadStream(upload.path),
          upload.fileName,
          mapping,
        );
        return reply
          .status(result.stored > 0 ? 201 : 200)
          .send({ fileName: upload.fileName, ...result });
      });
    },
  );
};

export default routes;
