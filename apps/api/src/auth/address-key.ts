import { createHmac } from 'node:crypto';

/** Keyed values start with this, so rows stored before keying can be told apart and keyed. */
export const ADDRESS_KEY_PREFIX = 'k1:';

/** What the API stores instead of a client address: HMAC-SHA256 under the server's secret. */
export type AddressKey = (address: string) => string;

export function addressKeyer(secret: Buffer): AddressKey {
  return (address) =>
    ADDRESS_KEY_PREFIX +
    createHmac('sha256', secret).update(`client-address\0${address}`).digest('base64url');
}
