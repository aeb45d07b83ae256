import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CACHE_MB,
  DEFAULT_COMPUTE_CONCURRENCY,
  DEFAULT_REACH_MEMORY_ROWS,
  serverConfigFromEnv,
} from '../src/config.js';

// RIPPLE_COMPUTE_CONCURRENCY: how many cold figures compute at once (packages/db's ComputeGate).

describe('RIPPLE_COMPUTE_CONCURRENCY', () => {
  it('defaults to a fifth of the default pool, and takes a whole number', () => {
    expect(serverConfigFromEnv({}).computeConcurrency).toBe(DEFAULT_COMPUTE_CONCURRENCY);
    expect(DEFAULT_COMPUTE_CONCURRENCY).toBe(4);
    expect(serverConfigFromEnv({ RIPPLE_COMPUTE_CONCURRENCY: ' 12 ' }).computeConcurrency).toBe(12);
  });

  it('refuses anything else in one line that names the setting and the value', () => {
    for (const value of ['0', '-1', '2.5', 'four', '1001']) {
      expect(() => serverConfigFromEnv({ RIPPLE_COMPUTE_CONCURRENCY: value })).toThrow(
        `RIPPLE_COMPUTE_CONCURRENCY must be a whole number from 1 to 1000, not "${value}"`,
      );
    }
  });
});

describe('RIPPLE_REACH_MEMORY_ROWS', () => {
  it('defaults to five million attendance rows, and takes a whole number, 0 for none', () => {
    expect(serverConfigFromEnv({}).reachMemoryRows).toBe(DEFAULT_REACH_MEMORY_ROWS);
    expect(DEFAULT_REACH_MEMORY_ROWS).toBe(5_000_000);
    expect(serverConfigFromEnv({ RIPPLE_REACH_MEMORY_ROWS: '0' }).reachMemoryRows).toBe(0);
    expect(serverConfigFromEnv({ RIPPLE_REACH_MEMORY_ROWS: ' 200000 ' }).reachMemoryRows).toBe(
      200_000,
    );
  });

  it('refuses anything else in one line that names the setting and the value', () => {
    for (const value of ['-1', '2.5', 'lots', '5e6']) {
      expect(() => serverConfigFromEnv({ RIPPLE_REACH_MEMORY_ROWS: value })).toThrow(
        `RIPPLE_REACH_MEMORY_ROWS must be a whole number of attendance rows (0 to compute every reach figure in SQL), not "${value}"`,
      );
    }
  });
});

describe('RIPPLE_CACHE_MB', () => {
  it('defaults to 64 megabytes of cached results, and takes a whole number', () => {
    expect(serverConfigFromEnv({}).cacheMb).toBe(DEFAULT_CACHE_MB);
    expect(DEFAULT_CACHE_MB).toBe(64);
    expect(serverConfigFromEnv({ RIPPLE_CACHE_MB: ' 256 ' }).cacheMb).toBe(256);
  });

  it('refuses anything else in one line that names the setting and the value', () => {
    for (const value of ['0', '-1', '2.5', 'lots']) {
      expect(() => serverConfigFromEnv({ RIPPLE_CACHE_MB: value })).toThrow(
        `RIPPLE_CACHE_MB must be a whole number of megabytes, 1 or more, not "${value}"`,
      );
    }
  });
});
