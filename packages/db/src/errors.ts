/**
 * Errors a person can act on: the message is one line that says what is wrong and what to do.
 * Entry points print the message alone (no stack trace) and exit non-zero.
 */
export class RippleConfigError extends Error {
  override name = 'RippleConfigError';
}

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}
