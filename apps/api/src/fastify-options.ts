import type { FastifyServerOptions } from 'fastify';
import { clientErrorHandler } from './client-errors.js';

/** The largest import upload by default (RIPPLE_MAX_UPLOAD_MB): 200 MiB. */
export const DEFAULT_MAX_UPLOAD_BYTES = 200 * 1_048_576;

// The slowest upload link an import must still get through: 0.5 Mbit/s, a poor mobile or
// satellite uplink in some of the countries the programmes reach.
const SLOWEST_UPLOAD_BYTES_PER_SECOND = 62_500;
const MINUTE = 60_000;

/**
 * How long a client may take to send one whole request (headers and body): the largest upload
 * at 0.5 Mbit/s (56 minutes for 200 MiB), and never less than five minutes. A body that never
 * finishes is cut off then with a 408 at the latest; one that stops arriving, sooner (below).
 */
export function requestTimeoutFor(maxUploadBytes: number): number {
  return Math.max(5 * MINUTE, Math.ceil(maxUploadBytes / SLOWEST_UPLOAD_BYTES_PER_SECOND) * 1_000);
}

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
        // Ajv's default (true) lets "Infinity" from a URL through an integer's minimum and maximum
        // once coerced; false checks the bounds, so /api/webinars/Infinity is a 400 naming them.
        strictNumbers: false,
      },
    },
    // JSON and form bodies; uploads have their own, larger limit (multipart, per route).
    bodyLimit: 1_048_576,
    requestTimeout: requestTimeoutFor(DEFAULT_MAX_UPLOAD_BYTES),
    // A connection on which nothing moves either way for 10 minutes is closed: a stalled upload,
    // a client gone without closing. Not shorter, because it also runs while the server works on
    // a request without sending anything yet: a 200 MiB import without async=true takes about a
    // minute on a quiet machine and several on a busy one (bench/README).
    connectionTimeout: 10 * MINUTE,
    // Fastify's default, stated: longer than the 60 s idle timeout of common reverse proxies, so
    // the proxy, not Ripple, closes an idle keep-alive connection and never sends on a dead one.
    keepAliveTimeout: 72_000,
    // X-Forwarded-For and -Proto are believed only from the loopback: the dashboard's server
    // rendering (the survey form's posts carry the respondent's address, which the open-link
    // limit counts by) and a reverse proxy on the same machine. Anyone else cannot claim an address.
    trustProxy: ['127.0.0.1', '::1'],
    // Malformed HTTP (a bad Content-Length, a control character in a header) answered with what
    // was wrong, not Fastify's bare "Client Error".
    clientErrorHandler,
    ...overrides,
  };
}
