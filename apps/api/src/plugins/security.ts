import helmet from '@fastify/helmet';
import fp from 'fastify-plugin';
import { DOCS_PREFIX } from './docs.js';

// The API answers JSON, CSV and PDF: nothing it sends needs to load a script, a style or a frame,
// and nothing of it may be framed by another page (clickjacking) or given a <base> to resolve
// against. A response that is somehow rendered as HTML can then do nothing at all.
const API_CSP = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'none'"],
};

// Swagger UI at /api/docs is a page: its own scripts and stylesheets, inline style attributes set
// by its React rendering, data: images (its icons) and fetches of /api/docs/json and of the API
// itself when "Try it out" is used. No inline script: it loads only files from its own origin.
// No upgrade-insecure-requests (Helmet's default): on a plain-http install it would send the
// page's own requests to an https port that does not exist.
const DOCS_CSP = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'form-action': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
};

/** Helmet's own default, a year, for every subdomain of the host Ripple is served from. */
export const HSTS = 'max-age=31536000; includeSubDomains';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route's answers hold no personal data and may be kept by browsers and shared caches:
     * public reference data and the API's documentation. Every other answer is `no-store`.
     */
    storable?: boolean;
  }
}

const isDocs = (url: string) => url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`);

/**
 * Security headers on every API answer (errors and 404s included): a CSP that allows nothing,
 * nosniff, no framing, no referrer, HSTS when the request came over HTTPS, and
 * `Cache-Control: no-store` unless the route says its answers are storable.
 */
export default fp(
  async (fastify) => {
    // Added before Helmet, so Helmet's own onRoute hook (which runs next) sees the docs' policy.
    fastify.addHook('onRoute', (route) => {
      if (!isDocs(route.url)) return;
      route.helmet = { contentSecurityPolicy: { useDefaults: false, directives: DOCS_CSP } };
      route.config = { ...route.config, storable: true };
    });

    await fastify.register(helmet, {
      contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
      // Only over HTTPS, below: a plain-http install must not tell browsers it has HTTPS.
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' }, // for browsers that predate frame-ancestors
      referrerPolicy: { policy: 'no-referrer' },
    });

    fastify.addHook('onRequest', (request, reply, done) => {
      // request.protocol believes X-Forwarded-Proto only from the loopback (trustProxy): a
      // reverse proxy on this machine that ends TLS says so; nobody else can claim it.
      if (request.protocol === 'https') reply.raw.setHeader('strict-transport-security', HSTS);
      done();
    });

    fastify.addHook('onSend', (request, reply, payload, done) => {
      // Overwrites whatever the handler set: a route that holds personal data cannot opt out by
      // accident, only by declaring `storable`.
      if (request.routeOptions.config.storable !== true) reply.header('cache-control', 'no-store');
      done(null, payload);
    });
  },
  { name: 'security-headers' },
);
