import type { FastifyServerOptions } from 'fastify';

/** Server options shared by the real server and the tests, so both validate alike. */
export function fastifyOptions(overrides: FastifyServerOptions = {}): FastifyServerOptions {
  return {
    ajv: {
      customOptions: {
        // Fastify's default silently drops unknown body fields; we refuse them instead
        // (schemas say additionalProperties: false), so a caller learns what it got wrong.
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: false,
      },
    },
    bodyLimit: 1_048_576,
    ...overrides,
  };
}
