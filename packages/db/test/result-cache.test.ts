import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RippleDatabase } from '../src/connection.js';
import { sql } from 'kysely';
import {
  getReachVersion,
  ReachCache,
  readReachVersion,
  ResultLru,
  SharedRead,
  SharedReadsByKey,
} from '../src/queries/cache.js';
import { ImpactCache } from '../src/queries/impact-cache.js';
import { createTestDatabase } from '../src/testing.js';

// What the result caches keep: the most recently used results, within a count and within the
// length of their JSON, measured once each result is computed.

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const text = (length: number) => 'x'.repeat(length - 2); // its JSON is `length` long

describe('ResultLru', () => {
  it('drops the least recently used first, by count', async () => {
    const lru = new ResultLru<Promise<string>>(2, Infinity, (p) => p);
    lru.set('a', Promise.resolve('A'));
    lru.set('b', Promise.resolve('B'));
    expect(lru.touch('a')).toBeDefined();
    lru.set('c', Promise.resolve('C'));
    expect([lru.get('a'), lru.get('b'), lru.get('c')].map(Boolean)).toEqual([true, false, true]);
    await settle();
    expect(lru.bytes).toBe(6); // "A" and "C"
  });

  it('drops results once their JSON is longer than the bound in all, and keeps the newest', async () => {
    const lru = new ResultLru<Promise<string>>(100, 1000, (p) => p);
    for (const id of ['a', 'b', 'c']) lru.set(id, Promise.resolve(text(400)));
    // Computations under way count nothing yet.
    expect(lru.size).toBe(3);
    await settle();
    expect(lru.size).toBe(2);
    expect(lru.get('a')).toBeUndefined();
    expect(lru.bytes).toBe(800);
    lru.delete('b');
    expect(lru.bytes).toBe(400);
    // Alone and longer than the bound: kept, since it is the newest.
    lru.set('huge', Promise.resolve(text(5000)));
    await settle();
    expect(lru.size).toBe(1);
    expect(lru.get('huge')).toBeDefined();
    expect(lru.bytes).toBe(5000);
    lru.clear();
    expect(lru.bytes).toBe(0);
  });

  it('drops a failed computation, and measures neither it nor one replaced before it ended', async () => {
    const lru = new ResultLru<Promise<string>>(100, Infinity, (p) => p);
    const failed = Promise.reject(new Error('no'));
    failed.catch(() => {});
    lru.set('a', failed);
    let finish!: (value: string) => void;
    lru.set('b', new Promise<string>((resolve) => (finish = resolve)));
    lru.set('b', Promise.resolve(text(10)));
    finish(text(999));
    await settle();
    expect(lru.bytes).toBe(10);
    // The next request computes it again.
    expect(lru.get('a')).toBeUndefined();
    expect(lru.size).toBe(1);
  });
});

let database: RippleDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe('the reach and impact caches', () => {
  it('compute again what the size bound dropped', async () => {
    const reach = new ReachCache({ maxBytes: 1500 });
    const impact = new ImpactCache({ maxBytes: 1500 });
    const filters = { timeZone: 'UTC' };
    let computed = 0;
    const compute = async () => {
      computed++;
      return { rows: text(600) };
    };
    for (const cache of [reach, impact]) {
      computed = 0;
      const get = (id: string) =>
        cache instanceof ReachCache
          ? cache.lookup(database.db, id, {}, compute)
          : cache.lookup(database.db, id, { filters }, filters, async () => compute());
      for (const id of ['a', 'b', 'a', 'c', 'a', 'b']) {
        await get(id);
        await settle();
      }
      // a, b; a hit; c drops b (a was used since); a hit; b again, dropping c.
      expect(computed).toBe(4);
      expect(cache.size).toBe(2);
      expect(cache.bytes).toBeLessThanOrEqual(1500);
    }
    // A failure is not kept: the next lookup computes again.
    for (const cache of [reach, impact]) {
      let tries = 0;
      const failing = async () => {
        tries++;
        throw new Error('no');
      };
      for (let i = 0; i < 2; i++) {
        await expect(
          cache instanceof ReachCache
            ? cache.lookup(database.db, 'fails', {}, failing)
            : cache.lookup(database.db, 'fails', { filters }, filters, failing),
        ).rejects.toThrow('no');
        await settle();
      }
      expect(tries).toBe(2);
    }
  });
});

describe('SharedRead', () => {
  it('shares one read among the calls made before it is sent, and never one sent before a call', async () => {
    // Reads that end when the test says.
    const ends: Array<(value: number) => void> = [];
    const shared = new SharedRead(() => new Promise<number>((resolve) => ends.push(resolve)));
    const first = [shared.get(), shared.get()];
    await settle();
    expect(shared.sent).toBe(1);
    // Asked while the first read is under way: they wait for the next, sent when it ends.
    const second = [shared.get(), shared.get(), shared.get()];
    await settle();
    expect(shared.sent).toBe(1);
    ends[0]!(1);
    expect(await Promise.all(first)).toEqual([1, 1]);
    await settle();
    expect(shared.sent).toBe(2);
    ends[1]!(2);
    expect(await Promise.all(second)).toEqual([2, 2, 2]);
    // After a failed read the next call reads again.
    let fail = true;
    const flaky = new SharedRead(async () => {
      if (fail) throw new Error('down');
      return 1;
    });
    await expect(flaky.get()).rejects.toThrow('down');
    fail = false;
    await expect(flaky.get()).resolves.toBe(1);
    expect(flaky.sent).toBe(2);
  });

  it('gives the reach version as read after the call: a write committed before it is seen', async () => {
    const before = await readReachVersion(database.db);
    await sql`update reach_version set version = version + 1`.execute(database.db);
    const after = await Promise.all(Array.from({ length: 5 }, () => readReachVersion(database.db)));
    expect(after).toEqual(Array(5).fill(before + 1));
    expect(await getReachVersion(database.db)).toBe(before + 1);
  });
});

describe('SharedReadsByKey', () => {
  it('shares reads of one key only, and forgets a key once nothing of it is under way', async () => {
    const asked: string[] = [];
    const reads = new SharedReadsByKey(async (key) => {
      asked.push(key);
      await settle();
      return key.toUpperCase();
    });
    const answers = await Promise.all(['a', 'b', 'a', 'a', 'b'].map((key) => reads.get(key)));
    expect(answers).toEqual(['A', 'B', 'A', 'A', 'B']);
    expect(asked.sort()).toEqual(['a', 'b']);
    await settle();
    expect(reads.size).toBe(0);
    // A failure is not kept either.
    const failing = new SharedReadsByKey(async () => {
      throw new Error('down');
    });
    await expect(failing.get('a')).rejects.toThrow('down');
    await settle();
    expect(failing.size).toBe(0);
  });
});
