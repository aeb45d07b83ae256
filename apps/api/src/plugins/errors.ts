import { STATUS_CODES } from 'node:http';
import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';

// Connection-level failures mean the database is unreachable, not that the request was wrong:
// answer 503 so clients and load balancers retry elsewhere or later.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P03',
]);

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  // The last two: the database was closed because the process is shutting down.
  return /timeout exceeded when trying to connect|Connection terminated|PGlite is closed|driver has already been destroyed/i.test(
    message,
  );
}

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

/** One error shape for every route: { statusCode, error, message }, with what was wrong and where. */
export default fp(
  (fastify, _opts, done) => {
    fastify.setErrorHandler((error: FastifyError, request, reply) => {
      if (error.validation) {
        // Ajv says "must NOT have additional properties" without naming one: name them, so a
        // caller sees which parameter (a filter this endpoint does not take) was refused.
        const extra = error.validation.flatMap((v) =>
          v.keyword === 'additionalProperties' && typeof v.params?.additionalProperty === 'string'
            ? [v.params.additionalProperty]
            : [],
        );
        return reply.status(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: extra.length ? `${error.message}: ${extra.join(', ')}` : error.message,
        });
      }
      const constraint = constraintViolation(error);
      if (constraint) return reply.status(constraint.statusCode).send(constraint);
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable');
        return reply.status(503).send({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'The database is not reachable right now; try again shortly.',
        });
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
