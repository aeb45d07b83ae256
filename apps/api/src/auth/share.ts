import {
  countSignInFailures,
  createShareSession,
  findShareLinkByToken,
  recordSignInFailure,
  type Database,
  type ShareLinkScope,
} from '@ripple/db';
import type { Kysely } from 'kysely';
import { isIP } from 'node:net';
import { verifyPassword } from './passwords.js';
import {
  FAILURE_WINDOW_MS,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
} from './sign-in.js';
import { newToken, tokenHash } from './tokens.js';

// Opening a share link: the link's token (in its URL) and, when the manager set one, a password
// give a share session of its own, which never outlives the link. Wrong passwords are counted in
// the sign-in failure table under `share:<link id>` and the client's address, so guessing is
// slowed per link and per address exactly as sign-in is, and an address failing at both counts
// its failures together.

/** A share session lasts a day at most (and never past the link): the funder reopens the link. */
export const SHARE_SESSION_TTL_MS = 24 * 60 * 60_000;
/** The longest a manager may make a link last. */
export const MAX_SHARE_LINK_DAYS = 366;

export type OpenShareResult =
  | { kind: 'opened'; token: string; expiresAt: Date; label: string; scope: ShareLinkScope }
  | { kind: 'unknown' }
  | { kind: 'closed'; reason: 'expired' | 'revoked'; at: Date }
  | { kind: 'password'; reason: 'required' | 'wrong' }
  | { kind: 'limited'; retryAfterSeconds: number };

export async function openShareLink(
  db: Kysely<Database>,
  input: { token: string; password?: string; address: string },
  now = new Date(),
): Promise<OpenShareResult> {
  const link = await findShareLinkByToken(db, tokenHash(input.token));
  if (!link) return { kind: 'unknown' };
  if (link.revokedAt) return { kind: 'closed', reason: 'revoked', at: link.revokedAt };
  if (link.expiresAt <= now) return { kind: 'closed', reason: 'expired', at: link.expiresAt };

  if (link.passwordHash !== null) {
    if (input.password === undefined || input.password === '') {
      return { kind: 'password', reason: 'required' };
    }
    const key = `share:${link.id}`;
    const failures = await countSignInFailures(
      db,
      key,
      input.address,
      new Date(now.getTime() - FAILURE_WINDOW_MS),
    );
    if (
      failures.byEmail >= MAX_FAILURES_PER_ACCOUNT ||
      failures.byAddress >= MAX_FAILURES_PER_ADDRESS
    ) {
      return { kind: 'limited', retryAfterSeconds: FAILURE_WINDOW_MS / 1000 };
    }
    if (!(await verifyPassword(link.passwordHash, input.password))) {
      await recordSignInFailure(db, key, input.address, new Date(now.getTime() - 24 * 60 * 60_000));
      return { kind: 'password', reason: 'wrong' };
    }
  }

  const token = newToken();
  const expiresAt = new Date(
    Math.min(link.expiresAt.getTime(), now.getTime() + SHARE_SESSION_TTL_MS),
  );
  await createShareSession(db, { tokenHash: tokenHash(token), linkId: link.id, expiresAt });
  return { kind: 'opened', token, expiresAt, label: link.label, scope: link.scope };
}

const QUARTER_START = /^\d{4}-(01|04|07|10)-01$/;

/**
 * What is wrong with a link's period and expiry, as `field: problem`. The period must be whole
 * calendar quarters (a year is four), the granularity the small-cell rule allows viewers without
 * exact figures: any two such periods differ by whole quarters, which are shown anyway.
 */
export function shareLinkProblems(
  input: { from: string; to: string; expiresAt: string },
  now = new Date(),
): string[] {
  const problems: string[] = [];
  if (!QUARTER_START.test(input.from)) {
    problems.push(
      `from: ${input.from} is not the first day of a calendar quarter (Jan, Apr, Jul or Oct 1)`,
    );
  }
  if (!QUARTER_START.test(input.to)) {
    problems.push(
      `to: ${input.to} is not the first day of a calendar quarter (Jan, Apr, Jul or Oct 1); the period excludes it`,
    );
  }
  if (input.from >= input.to) {
    problems.push(`to: ${input.to} must be after from (${input.from})`);
  }
  const expires = new Date(input.expiresAt);
  if (Number.isNaN(expires.getTime())) {
    problems.push(`expiresAt: ${input.expiresAt} is not a date and time`);
  } else if (expires <= now) {
    problems.push(`expiresAt: ${input.expiresAt} is not in the future`);
  } else if (expires.getTime() - now.getTime() > MAX_SHARE_LINK_DAYS * 24 * 60 * 60_000) {
    problems.push(`expiresAt: a link may last at most ${MAX_SHARE_LINK_DAYS} days`);
  }
  return problems;
}

/**
 * What the view log keeps of a client's address: its network (IPv4 /24, IPv6 /48), enough to
 * tell one office from another, not enough to single out a device.
 */
export function addressNetwork(address: string): string | null {
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIP(address) === 6) {
    const [head = '', tail] = address.split('::');
    const headGroups = head.split(':').filter(Boolean);
    const tailGroups = tail === undefined ? [] : tail.split(':').filter(Boolean);
    const zeros = Array<string>(Math.max(8 - headGroups.length - tailGroups.length, 0)).fill('0');
    const groups = [...headGroups, ...zeros, ...tailGroups];
    return `${groups.slice(0, 3).join(':')}::/48`;
  }
  return null;
}
