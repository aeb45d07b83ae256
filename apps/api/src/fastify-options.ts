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
    // X-Forwarded-For and -Proto are believed only from the loopback: the dashboard's server
    // rendering (the survey form's posts carry the respondent's address, which the open-link
    // limit counts by) and a reverse proxy on the same machine. Anyone else cannot claim an address.
    trustProxy: ['127.0.0.1', '::1'],
    ...overrides,
  };
}
