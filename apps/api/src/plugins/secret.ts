import { randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import { addressKeyer, type AddressKey } from '../auth/address-key.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The keyed hash a client address is stored as (sign-in limits, sessions). */
    addressKey: AddressKey;
  }
}

export interface SecretPluginOptions {
  /** The server's secret (RIPPLE_SECRET); without one (tests), a random one for this app. */
  secret?: Buffer;
}

export default fp<SecretPluginOptions>(
  (fastify, opts, done) => {
    fastify.decorate('addressKey', addressKeyer(opts.secret ?? randomBytes(32)));
    done();
  },
  { name: 'secret' },
);
