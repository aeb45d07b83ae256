import { STATUS_CODES } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { CONNECTION_TIMEOUT_MS } from '@ripple/db';
import { Type } from 'typebox';
import { ErrorResponse } from '../schemas/common.js';

// Connection-level failures mean the database is unreachable, not that the request was wrong:
// answer 503 so clients and load balancers retry elsewhere or later.
const UNAVAILABLE_CODES = new Set([
  // The socket: nothing listening, reset, timed out, closed under a write, no route to the host.
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL's class 08 (connection exception) and the server going down or coming up:
  // 57P01 admin_shutdown (a fast stop), 57P02 crash_shutdown (an immediate stop, a crash),
  // 57P03 cannot_connect_now (shutting down, starting up, recovering), 53300 too many connections.
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

// What node-postgres and pg-pool say, without a code, when the connection is gone or never came:
// a pool slot not free in time, a socket closed under a query, a client whose connection already
// failed. The last two: the database was closed because the process is shutting down.
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Connection timed out|connection error and is not queryable|Client was closed and is not queryable|Query read timeout|PGlite is closed|driver has already been destroyed/i;

/** Seconds a client is told to wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/** Whether an error means the database could not be reached, rather than a fault of the request. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  // A host name with several addresses (localhost: ::1 and 127.0.0.1) fails with all of them.
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  const message = error instanceof Error ? error.message : '';
  return UNAVAILABLE_MESSAGES.test(message);
}

/** The answer to any request while the database is away: 503, retry shortly. */
export const DATABASE_UNAVAILABLE = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: `The database is unavailable right now; please try again in ${RETRY_AFTER_SECONDS} seconds.`,
} as const;

/** How the OpenAPI document describes that answer: an ErrorResponse, said for this case. */
const UNAVAILABLE_RESPONSE = Type.Object(ErrorResponse.properties, {
  description: `The database is unavailable (down, restarting, or every connection busy for over ${CONNECTION_TIMEOUT_MS / 1000} s), or the server is shutting down; nothing was done. Retry after the Retry-After header's seconds (${RETRY_AFTER_SECONDS}).`,
});

/**
 * A write the database refused because of its own rules (a reference to nothing, a duplicate,
 * a value out of range) is the caller's mistake, said in the database's words.
 */
function constraintViolation(error: unknown) {
  const { code, detail, constraint } = error as {
    code?: unknown;
    detail?: unknown;
    constraint?: unknown;
  };
  const where =
    typeof detail === 'string' ? detail : typeof constraint === 'string' ? `(${constraint})` : '';
  switch (code) {
    case '23503':
      return {
        statusCode: 400,
        error: 'Bad Request',
        message: `Refers to something that does not exist ${where}`.trim(),
      };
    case '23505':
      return { statusCode: 409, error: 'Conflict', message: `Already exists ${where}`.trim() };
    case '23514':
    case '22P02':
    case '22007':
    case '22008':
      return { statusCode: 400, error: 'Bad Request', message: `Invalid value ${where}`.trim() };
    default:
      return null;
  }
}

/** `1 MiB`, `200 MiB`, `512 bytes`: a limit as a person would say it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1_048_576 && bytes % 1_048_576 === 0) return `${bytes / 1_048_576} MiB`;
  if (bytes >= 1_024 && bytes % 1_024 === 0) return `${bytes / 1_024} KiB`;
  return `${bytes.toLocaleString('en')} bytes`;
}

// What @fastify/multipart's limit errors ("reach files limit") mean to the person uploading.
// Uploads are received whole before anything is written, so nothing was imported.
const UPLOAD_LIMITS: Record<string, string> = {
  FST_FILES_LIMIT: 'The upload has more files than this endpoint takes in one request',
  FST_FIELDS_LIMIT: 'The upload has more form fields than this endpoint takes',
  FST_PARTS_LIMIT: 'The upload has more parts (files and fields) than this endpoint takes',
  FST_REQ_FILE_TOO_LARGE: 'A file in the upload is larger than this endpoint takes',
};

/**
 * The validator's message, and for an unknown field its name, which Ajv keeps in its params
 * ("body must NOT have additional properties" alone leaves the caller guessing which one).
 */
function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (first?.keyword === 'additionalProperties') {
    const field = (first.params as { additionalProperty?: unknown }).additionalProperty;
    if (typeof field === 'string') return `${error.message}: unknown field "${field}"`;
  }
  return error.message;
}

/** One error shape for every route: { statusCode, error, message }, with what was wrong and where. */
export default fp(
  (fastify, _opts, done) => {
    // Any API route may answer 503: the database away, its pool busy past the wait, or the
    // server shutting down. Declared here once, so the OpenAPI document says so for each route.
    fastify.addHook('onRoute', (route) => {
      if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
      const response = route.schema?.response as Record<string, unknown> | undefined;
      if (!response || '503' in response) return;
      route.schema = { ...route.schema, response: { ...response, 503: UNAVAILABLE_RESPONSE } };
    });

    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) {
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: validationMessage(error),
        });
      }
      if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
        const limit = formatBytes(request.routeOptions.bodyLimit);
        return reply.status(413).send({
          statusCode: 413,
          error: 'Payload Too Large',
          message: `The request body is larger than the limit of ${limit}; nothing was stored.`,
        });
      }
      if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
        const sent = request.headers['content-type'];
        const takes = (request.routeOptions.schema?.consumes as string[] | undefined) ?? [
          'application/json',
        ];
        return reply.status(415).send({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: `This endpoint reads ${takes.join(' or ')}, not ${sent === undefined ? 'a body without a Content-Type' : `a body of Content-Type ${JSON.stringify(sent.slice(0, 100))}`}.`,
        });
      }
      const upload = UPLOAD_LIMITS[error.code];
      if (upload) {
        return reply.status(413).send({
          statusCode: 413,
          error: 'Payload Too Large',
          message: `${upload}; nothing was imported.`,
        });
      }
      const constraint = constraintViolation(error);
      if (constraint) return reply.status(constraint.statusCode).send(constraint);
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable');
        return reply
          .status(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send(DATABASE_UNAVAILABLE);
      }
      const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
      if (status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: status >= 500 ? 'Something went wrong on our side.' : error.message,
      });
    });
    fastify.setNotFoundHandler((request, reply) =>
      reply.status(404).send({
        statusCode: 404,
        error: 'Not Found',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
      }),
    );
    done();
  },
  { name: 'errors' },
);
