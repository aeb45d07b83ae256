import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RippleDatabase } from '../src/connection.js';
import { ReachCache } from '../src/queries/cache.js';
import type { ReachFilters } from '../src/queries/filters.js';
import { ComputeGate } from '../src/queries/gate.js';
import { ImpactCache } from '../src/queries/impact-cache.js';
import type { Database } from '../src/schema.js';
import { createTestDatabase } from '../src/testing.js';

// The gate that keeps cold figures from taking every connection: how many run, in which order,
// and that the caches behind it neither compute twice nor deadlock when a figure needs another.

/** A task that runs until released, recording when it starts. */
function held(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    task: async () => {
      log.push(name);
      await done;
      return name;
    },
  };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Waits until `condition` holds (a lookup reads the data version first, on the database). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await settle();
  expect(condition()).toBe(true);
}

describe('ComputeGate', () => {
  it('runs at most its limit at once, the others in the order they came', async () => {
    const gate = new ComputeGate(2);
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd'].map((name) => held(log, name));
    const results = tasks.map(({ task }) => gate.run(task));
    await settle();
    expect(log).toEqual(['a', 'b']);
    expect([gate.active, gate.queued]).toEqual([2, 2]);

    tasks[1]!.release();
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
    tasks[0]!.release();
    await settle();
    expect(log).toEqual(['a', 'b', 'c', 'd']);
    tasks[2]!.release();
    tasks[3]!.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect([gate.active, gate.queued]).toEqual([0, 0]);
  });

  it('frees the slot of a computation that fails', async () => {
    const gate = new ComputeGate(1);
    await expect(gate.run(() => Promise.reject(new Error('aggregate failed')))).rejects.toThrow(
      'aggregate failed',
    );
    expect(gate.active).toBe(0);
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it('runs a computation asked for inside another in the same slot', async () => {
    const gate = new ComputeGate(1);
    const nested = await gate.run(async () => {
      const inner = await gate.run(async () => 'inner');
      return `outer+${inner}`;
    });
    expect(nested).toBe('outer+inner');
  });

  it('refuses a limit below one', () => {
    expect(() => new ComputeGate(0)).toThrow(RangeError);
  });
});

describe('the caches behind a gate', () => {
  let database: RippleDatabase;
  let db: Kysely<Database>;
  const all: ReachFilters = { timeZone: 'UTC' };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });

  afterAll(async () => {
    await database?.close();
  });

  type Lookup = (
    gate: ComputeGate,
    compute: () => Promise<number>,
  ) => () => Promise<{ value: number; outcome: 'hit' | 'miss' }>;
  const reach: Lookup = (gate, compute) => {
    const cache = new ReachCache({ gate });
    return () => cache.lookup(db, 'overview', { filters: all }, compute);
  };
  const impact: Lookup = (gate, compute) => {
    const cache = new ImpactCache({ gate });
    return () => cache.lookup(db, 'impact', { filters: all }, all, compute);
  };

  it.each([
    ['reach', reach],
    ['impact', impact],
  ])('computes a %s figure once for requests that waited for it together', async (_name, make) => {
    const gate = new ComputeGate(1);
    const blocker = held([], 'blocker');
    const running = gate.run(blocker.task);
    let computed = 0;
    const lookup = make(gate, async () => ++computed);
    // Both wait for the one slot; the later finds the earlier's computation when its turn comes.
    // Which queues first depends on whose version read comes back first (on PostgreSQL the two
    // run on two connections of the pool): one computes, the other joins it.
    const first = lookup();
    const second = lookup();
    await until(() => gate.queued === 2);
    expect(computed).toBe(0);
    blocker.release();
    await running;
    const answers = [await first, await second];
    expect(answers.map((answer) => answer.value)).toEqual([1, 1]);
    expect(answers.map((answer) => answer.outcome).sort()).toEqual(['hit', 'miss']);
    expect(computed).toBe(1);
  });

  it('does not deadlock when a figure in a slot needs one that another request is waiting to compute', async () => {
    // One slot. A protected breakdown (outer) computes the exact one (inner) inside its slot,
    // while a request for the exact one alone waits for the slot. Were the waiting request's
    // computation published before it ran, the outer would wait for it and it for the outer.
    const gate = new ComputeGate(1);
    const cache = new ReachCache({ gate });
    const log: string[] = [];
    const outerStarted = held(log, 'outer');
    const exact = async () => 'exact rows';
    const outer = cache.lookup(db, 'breakdown/protected', { filters: all }, async () => {
      await outerStarted.task();
      const inner = await cache.lookup(db, 'breakdown', { filters: all }, exact);
      return `protected from ${inner.value}`;
    });
    await until(() => log.length === 1);
    const alone = cache.lookup(db, 'breakdown', { filters: all }, exact);
    await until(() => gate.queued === 1);
    outerStarted.release();
    const answers = await Promise.race([
      Promise.all([outer, alone]),
      new Promise((resolve) => setTimeout(() => resolve('deadlock'), 2_000)),
    ]);
    expect(answers).toEqual([
      { value: 'protected from exact rows', outcome: 'miss' },
      { value: 'exact rows', outcome: 'hit' },
    ]);
  });
});
