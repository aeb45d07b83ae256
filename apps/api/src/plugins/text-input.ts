import fp from 'fastify-plugin';

/** Where in `value` a string holds a NUL character, as a validator would name it; null if nowhere. */
function nulAt(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null || depth > 64) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return path;
    const found = nulAt(item, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL text cannot hold a NUL character (U+0000): a string with one fails in the database
 * ("invalid byte sequence"), which would answer 500 after part of the work was done. Refused here,
 * before validation and any handler, with where it was.
 */
export default fp(
  (fastify, _opts, done) => {
    fastify.addHook('preValidation', async (request, reply) => {
      const where =
        nulAt(request.query, 'querystring') ??
        nulAt(request.params, 'params') ??
        nulAt(request.body, 'body');
      if (where === null) return;
      return reply.status(400).send({
        statusCode: 400,
        error: 'Bad Request',
        message: `${where} contains a NUL character (\\u0000), which text cannot hold`,
      });
    });
    done();
  },
  { name: 'text-input' },
);
