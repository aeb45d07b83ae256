import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { getImport, ImportStateError, listImports, undoImport } from '@ripple/db';
import { Type } from 'typebox';
import { importAttendance, type ImportRequest } from '../import/pipeline.js';
import { importProgress } from '../import/progress.js';
import { makeUploadDir, removeOrphanedUploads } from '../import/files.js';
import { FORMAT_IDS, GENERIC_FIELDS, type GenericMapping } from '../import/types.js';
import { ImportRecord, ImportSummarySchema, UndoResultSchema } from '../schemas/imports.js';
import { malformedUpload } from '../plugins/uploads.js';
import { RowId } from '../schemas/common.js';
import { ACCESS } from '../auth/access.js';

export interface ImportRoutesOptions {
  /** Largest file accepted, in bytes. */
  maxFileBytes: number;
}

const ImportQuery = Type.Object(
  {
    timeZone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description: 'IANA zone of the times in the files',
      }),
    ),
    webinarId: Type.Optional(RowId),
    format: Type.Optional(Type.Enum(FORMAT_IDS)),
    dateOrder: Type.Optional(Type.Enum(['dmy', 'mdy'])),
    dryRun: Type.Optional(Type.Boolean({ default: false })),
    async: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'For a large file: answer 202 with the import id at once, and follow it with GET /api/imports/:id',
      }),
    ),
    strict: Type.Optional(Type.Boolean({ default: false })),
    language: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$' })),
    seriesId: Type.Optional(RowId),
    workingGroupId: Type.Optional(RowId),
    topicIds: Type.Optional(Type.Array(RowId, { maxItems: 20 })),
    mapping: Type.Optional(
      Type.String({
        maxLength: 20_000,
        description: 'JSON object: file header → field, for the generic format',
      }),
    ),
  },
  { additionalProperties: false },
);

function parseMapping(text: string | undefined): GenericMapping | undefined | Error {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return new Error('mapping must be a JSON object of file header → field');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return new Error('mapping must be a JSON object of file header → field');
  }
  for (const [header, field] of Object.entries(value)) {
    if (!(GENERIC_FIELDS as readonly unknown[]).includes(field)) {
      return new Error(
        `mapping: "${header}" → "${String(field)}" is not one of ${GENERIC_FIELDS.join(', ')}`,
      );
    }
  }
  return value as GenericMapping;
}

const routes: FastifyPluginAsyncTypebox<ImportRoutesOptions> = async (fastify, opts) => {
  // Uploads a crashed process left in the temporary directory go at the next start.
  const orphans = await removeOrphanedUploads();
  if (orphans > 0) fastify.log.info({ removed: orphans }, 'removed uploads left by a crash');
  await fastify.register(multipart, {
    limits: { fileSize: opts.maxFileBytes, files: 20, fields: 20, fieldSize: 20_000, parts: 40 },
  });

  fastify.post(
    '/imports',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Import attendance exports (multipart upload, one or more files)',
        description:
          'Each file is imported in its own transaction. A dry run reports what would happen and writes nothing. ' +
          'Importing the same file again changes nothing; a corrected file for the same webinar replaces the earlier one.',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: {
          200: Type.Object({ imports: Type.Array(ImportSummarySchema) }),
          201: Type.Object({ imports: Type.Array(ImportSummarySchema) }),
          400: { $ref: 'ErrorResponse#' },
          413: { $ref: 'ErrorResponse#' },
          415: { $ref: 'ErrorResponse#' },
          202: Type.Object({
            importId: Type.Integer(),
            status: Type.Literal('running'),
            fileName: Type.String(),
            progressUrl: Type.String(),
          }),
          422: Type.Object({ imports: Type.Array(ImportSummarySchema) }),
        },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) {
        return reply.status(415).send({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: 'Send the files as multipart/form-data.',
        });
      }
      const mapping = parseMapping(request.query.mapping);
      if (mapping instanceof Error) {
        return reply
          .status(400)
          .send({ statusCode: 400, error: 'Bad Request', message: mapping.message });
      }

      // Each upload streams to a private temporary file, hashed on the way: memory stays flat
      // whatever the size, and the importer can read the file twice.
      const dir = await makeUploadDir();
      const files: Array<{ name: string; path: string; hash: string }> = [];
      let handedToBackground = false;
      try {
        for await (const part of request.files()) {
          const path = join(dir, String(files.length));
          const hash = createHash('sha256');
          await pipeline(
            part.file,
            new Transform({
              transform(chunk: Buffer, _encoding, done) {
                hash.update(chunk);
                done(null, chunk);
              },
            }),
            createWriteStream(path),
          );
          if (part.file.truncated) {
            return reply.status(413).send({
              statusCode: 413,
              error: 'Payload Too Large',
              message: `${part.filename} is larger than the limit of ${Math.round(opts.maxFileBytes / 1_048_576)} MiB; nothing was imported.`,
            });
          }
          files.push({
            name: part.filename || `upload-${files.length + 1}`,
            path,
            hash: hash.digest('hex'),
          });
        }
        if (files.length === 0) {
          return reply.status(400).send({
            statusCode: 400,
            error: 'Bad Request',
            message: 'No file in the upload: send at least one file part.',
          });
        }

        const q = request.query;
        const answers = {
          ...(q.language && { language: q.language }),
          ...(q.seriesId && { seriesId: q.seriesId }),
          ...(q.workingGroupId && { workingGroupId: q.workingGroupId }),
          ...(q.topicIds && { topicIds: q.topicIds }),
        };
        const requestFor = (file: { name: string; path: string; hash: string }): ImportRequest => ({
          fileName: file.name,
          source: () => createReadStream(file.path),
          contentHash: file.hash,
          ...(q.timeZone && { timeZone: q.timeZone }),
          ...(q.webinarId && { webinarId: q.webinarId }),
          ...(q.format && { format: q.format }),
          ...(q.dateOrder && { dateOrder: q.dateOrder }),
          ...(mapping && { mapping }),
          ...(Object.keys(answers).length > 0 && { webinar: answers }),
          dryRun: q.dryRun ?? false,
          strict: q.strict ?? false,
        });

        if (q.async) {
          if (files.length !== 1 || q.dryRun) {
            return reply.status(400).send({
              statusCode: 400,
              error: 'Bad Request',
              message: 'async takes exactly one file and no dry run.',
            });
          }
          const file = files[0]!;
          const id = await startInBackground(fastify, requestFor(file), () =>
            rm(dir, { recursive: true, force: true }),
          );
          handedToBackground = true;
          return reply.status(202).send({
            importId: id,
            status: 'running' as const,
            fileName: file.name,
            progressUrl: `/api/imports/${id}`,
          });
        }

        const summaries = [];
        for (const file of files) {
          summaries.push(await importWithProgress(fastify, requestFor(file)));
        }
        const status = summaries.some((s) => s.status === 'succeeded')
          ? 201
          : summaries.every((s) => s.status === 'failed')
            ? 422
            : 200;
        return reply.status(status).send({ imports: summaries });
      } catch (error) {
        const malformed = malformedUpload(error);
        if (malformed === null) throw error;
        return reply
          .status(400)
          .send({ statusCode: 400, error: 'Bad Request', message: malformed });
      } finally {
        if (!handedToBackground) await rm(dir, { recursive: true, force: true });
      }
    },
  );

  fastify.get(
    '/imports',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Import history, newest first',
        querystring: Type.Object(
          {
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ total: Type.Integer(), items: Type.Array(ImportRecord) }) },
      },
    },
    async (request) => {
      const { total, items } = await listImports(fastify.db, {
        limit: request.query.limit ?? 50,
        offset: request.query.offset ?? 0,
      });
      return { total, items: items.map(toRecord) };
    },
  );

  fastify.get(
    '/imports/:id',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'One import: what it did, or why it failed',
        params: Type.Object({ id: RowId }),
        response: {
          200: Type.Intersect([
            ImportRecord,
            Type.Object({
              progress: Type.Union([
                Type.Object({
                  phase: Type.Enum(['starting', 'reading', 'writing']),
                  rows: Type.Integer(),
                }),
                Type.Null(),
              ]),
            }),
          ]),
          404: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      const record = await getImport(fastify.db, request.params.id);
      if (record) return { ...toRecord(record), progress: importProgress.get(record.id) };
      return reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `There is no import #${request.params.id}.`,
      });
    },
  );

  fastify.post(
    '/imports/:id/undo',
    {
      config: { access: ACCESS.manage },
      schema: {
        tags: ['imports'],
        summary: 'Take an import back out (what it replaced comes back)',
        params: Type.Object({ id: RowId }),
        response: {
          200: UndoResultSchema,
          404: { $ref: 'ErrorResponse#' },
          409: { $ref: 'ErrorResponse#' },
        },
      },
    },
    async (request, reply) => {
      try {
        return await undoImport(fastify.db, request.params.id);
      } catch (error) {
        if (error instanceof ImportStateError) {
          const status = error.message.startsWith('There is no import') ? 404 : 409;
          return reply.status(status).send({
            statusCode: status,
            error: status === 404 ? 'Not Found' : 'Conflict',
            message: error.message,
          });
        }
        throw error;
      }
    },
  );
};

/** Runs an import, keeping its progress visible to GET /api/imports/:id while it runs. */
async function importWithProgress(fastify: FastifyInstance, request: ImportRequest) {
  let id: number | null = null;
  try {
    const summary = await importAttendance(fastify.db, {
      ...request,
      onStarted: (started) => {
        id = started;
        importProgress.start(started);
        fastify.log.info({ importId: started, fileName: request.fileName }, 'import started');
        request.onStarted?.(started);
      },
      onProgress: (progress) => {
        if (id === null) return;
        // A phase change is worth a line in the log: an operator sees how far an import got.
        if (importProgress.get(id)?.phase !== progress.phase) {
          fastify.log.info({ importId: id, ...progress }, 'import progress');
        }
        importProgress.update(id, progress);
      },
    });
    if (id !== null) {
      fastify.log.info({ importId: id, status: summary.status }, 'import finished');
    }
    return summary;
  } finally {
    if (id !== null) importProgress.finish(id);
  }
}

/** Starts an import without waiting for it; resolves with its id once it is recorded. */
function startInBackground(
  fastify: FastifyInstance,
  request: ImportRequest,
  cleanUp: () => Promise<void>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    importWithProgress(fastify, { ...request, onStarted: resolve })
      .then((summary) => {
        // Refused before it was recorded as running (e.g. an unreadable file): still recorded.
        if (summary.importId !== null) resolve(summary.importId);
        else reject(new Error(summary.message));
      })
      .catch((error: unknown) => {
        fastify.log.error({ err: error }, 'background import failed');
        reject(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => void cleanUp());
  });
}

function toRecord(record: NonNullable<Awaited<ReturnType<typeof getImport>>>) {
  return {
    id: record.id,
    fileName: record.file_name,
    contentHash: record.content_hash,
    format: record.format,
    platform: record.platform,
    status: record.status,
    webinarId: record.webinar_id,
    userId: record.user_id,
    timeZone: record.time_zone,
    counts: record.counts,
    errorReport: record.error_report ?? null,
    replacesImportId: record.replaces_import_id,
    startedAt: record.started_at.toISOString(),
    finishedAt: record.finished_at?.toISOString() ?? null,
    undoneAt: record.undone_at?.toISOString() ?? null,
  };
}

export default routes;
