import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 20–40 ms
// per hash here, slow enough to make a stolen hash expensive to guess, quick enough for sign-in.
// algorithm 2 is Argon2id (the library's Algorithm is a const enum, which this build cannot import).
const ARGON2 = { algorithm: 2 as const, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

// zxcvbn's list of the 49,233 most used passwords, lower-cased (it is lower-case already).
const commonPasswords = new Set(dictionary['passwords-common']);

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash opens nothing
  }
}

// Verified against when the email is unknown, so an unknown account takes as long to refuse as
// a wrong password and the timing does not tell which accounts exist.
let decoyHash: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoyHash ??= hashPassword('decoy password nobody has: ' + Math.random());
  await verifyPassword(await decoyHash, password);
  return false;
}

/**
 * What is wrong with a new password, as sentences to show; empty when it is acceptable. The
 * rules follow NIST SP 800-63B: a minimum length, no composition rules, and a refusal of
 * passwords that are known to be common or that contain the account's own email or name.
 */
export function passwordProblems(
  password: string,
  account: { email?: string; name?: string } = {},
): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    problems.push(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    problems.push(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`);
  }
  const lower = password.toLowerCase();
  if (commonPasswords.has(lower) || isRepetition(lower)) {
    problems.push('The password is one of the most common passwords; choose another');
  }
  const localPart = account.email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lower.includes(localPart)) {
    problems.push('The password must not contain the email address');
  }
  const name = account.name?.trim().toLowerCase();
  if (name && name.length >= 4 && lower.includes(name)) {
    problems.push('The password must not contain the name');
  }
  return problems;
}

/** "aaaaaaaaaaaa", "abcabcabcabc", "123412341234": a short pattern repeated is no better. */
function isRepetition(password: string): boolean {
  for (let size = 1; size <= 4; size++) {
    const unit = password.slice(0, size);
    if (unit.repeat(Math.ceil(password.length / size)).startsWith(password)) return true;
  }
  return false;
}
