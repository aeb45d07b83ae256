import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a cache's turn at the gate gave: a computation of the same figures that another request
 * started meanwhile (joined outside the gate, so the slot is not held while waiting), or the value.
 */
type Turn<T> = { joined: Promise<T>; value?: undefined } | { joined?: undefined; value: T };

/** How a cache answered: from a result or computation already there ('hit'), or by computing. */
export interface CacheLookup<T> {
  value: T;
  outcome: 'hit' | 'miss';
}

/**
 * A cache miss, computed through `gate` when there is one (ReachCache, ImpactCache). `hit` looks
 * the figures up again (a result or a computation under way, or undefined); `start` computes
 * them and publishes the computation for others to join.
 *
 * The computation is published only once it holds a slot (see ComputeGate): while this request
 * waited for its turn, another may have started or finished the same figures, and it joins
 * those outside the gate instead of computing them twice.
 */
export async function computeMiss<T>(
  gate: ComputeGate | undefined,
  hit: () => Promise<T> | undefined,
  start: () => Promise<T>,
): Promise<CacheLookup<T>> {
  if (!gate) return { value: await start(), outcome: 'miss' };
  const turn = await gate.run<Turn<T>>(async () => {
    const started = hit();
    return started ? { joined: started } : { value: await start() };
  });
  return turn.joined
    ? { value: await turn.joined, outcome: 'hit' }
    : { value: turn.value, outcome: 'miss' };
}

/**
 * Lets at most `limit` figure computations (cache misses) run at once; the others wait their
 * turn, first come first served, without holding a database connection.
 *
 * Why: a cold figure is one or more aggregates of up to seconds each. Left alone, a burst of them
 * takes every connection of the pool, and cheap requests (a session lookup, a cache hit, the
 * reference lists) queue behind them until the pool's 1.5 s wait turns them into 503s. Through
 * the gate, cold figures queue among themselves while everything else finds a free connection.
 *
 * A computation that asks for another figure inside it (a protected breakdown computes the exact
 * one first) runs that one in the slot it already holds: waiting for a second slot while holding
 * the first could deadlock once every slot is held by such a computation. For the same reason
 * the caches publish a computation for others to join only once it holds a slot (ReachCache,
 * ImpactCache): a computation waiting in a slot for one still queued could wait forever.
 */
export class ComputeGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly inside = new AsyncLocalStorage<true>();

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`a compute gate needs a whole limit of 1 or more, not ${limit}`);
    }
  }

  /** Computations running now. */
  get active(): number {
    return this.running;
  }

  /** Computations waiting for a slot now. */
  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.inside.getStore()) return task();
    if (this.running < this.limit) this.running++;
    // The slot is handed over by the computation that frees it (running stays the same).
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await this.inside.run(true, task);
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
