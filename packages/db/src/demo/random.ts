import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

// murmur3's 32-bit finaliser: spreads nearby seeds (2012, 2013, …) over the whole state space,
// which xoroshiro128plus's own seeding does not do.
function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/**
 * A seeded random stream. Each part of the demo draws from its own stream, so how one part
 * consumes numbers (or how rows are batched) never shifts what another part generates.
 */
export class Rng {
  private readonly generator: RandomGenerator;

  constructor(seed: number, stream: number) {
    this.generator = xoroshiro128plus(fmix32(fmix32(seed) ^ Math.imul(stream + 1, 0x9e3779b9)));
    for (let i = 0; i < 16; i++) this.generator.next();
  }

  /** Uniform in [0, 1). */
  float(): number {
    return uniformFloat64(this.generator);
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return uniformInt(this.generator, min, max);
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(0, items.length - 1)] as T;
  }
}

/** Draws an index with probability proportional to its weight. */
export class WeightedTable {
  private readonly cumulative: Float64Array;
  readonly size: number;

  constructor(weights: readonly number[]) {
    this.size = weights.length;
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    weights.forEach((weight, i) => {
      total += Math.max(0, weight);
      this.cumulative[i] = total;
    });
    if (total <= 0) throw new Error('weighted table needs a positive weight');
  }

  draw(rng: Rng): number {
    const target = rng.float() * (this.cumulative[this.size - 1] as number);
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.cumulative[mid] as number) > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

/** A weighted choice among labelled values, e.g. sectors with their shares. */
export class WeightedChoice<T> {
  private readonly table: WeightedTable;

  constructor(private readonly entries: ReadonlyArray<readonly [value: T, weight: number]>) {
    this.table = new WeightedTable(entries.map(([, weight]) => weight));
  }

  draw(rng: Rng): T {
    return (this.entries[this.table.draw(rng)] as readonly [T, number])[0];
  }
}
