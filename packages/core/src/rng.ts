import { ValidationError } from './errors.js';

/** The exact state of an {@link Rng}: four 32-bit words (xoshiro128**). */
export type RngState = readonly [number, number, number, number];

/**
 * Seeded pseudo-random generator (xoshiro128**, 32-bit integer arithmetic, so the same seed gives the
 * same numbers on every platform). Every random choice in the library flows from one of these; its
 * state can be saved and restored exactly, which makes resumed checkpoints bit-identical.
 */
export class Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  constructor(seed: number | RngState = 0) {
    if (typeof seed === 'number') this.reseed(seed);
    else this.setState(seed);
  }

  /** Resets the generator to the stream of `seed` (any finite number; non-integers are hashed by their bits). */
  reseed(seed: number): void {
    if (!Number.isFinite(seed)) throw new ValidationError(`seed must be a finite number, got ${seed}`);
    // splitmix32 spreads one seed over the four state words, so nearby seeds give unrelated streams.
    let x = hashNumber(seed);
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  getState(): RngState {
    return [this.s0, this.s1, this.s2, this.s3];
  }

  setState(state: RngState): void {
    const words = state as readonly number[];
    if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
      throw new ValidationError(`rng state must be four unsigned 32-bit integers, got ${JSON.stringify(state)}`);
    }
    if (state.every((w) => w === 0)) throw new ValidationError('rng state must not be all zeros');
    [this.s0, this.s1, this.s2, this.s3] = words;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    this.s0 >>>= 0;
    this.s1 >>>= 0;
    this.s2 >>>= 0;
    this.s3 >>>= 0;
    return result;
  }

  /** A float uniformly distributed in [0, 1), with 53 random bits. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** An integer uniformly distributed in [0, maxExclusive), without modulo bias. */
  int(maxExclusive: number): number {
    if (!Number.isInteger(maxExclusive) || maxExclusive <= 0 || maxExclusive > 0x100000000) {
      throw new ValidationError(`int(maxExclusive) needs an integer in [1, 2^32], got ${maxExclusive}`);
    }
    const limit = 0x100000000 - (0x100000000 % maxExclusive);
    for (;;) {
      const r = this.nextUint32();
      if (r < limit) return r % maxExclusive;
    }
  }

  /** A standard normal sample (Box-Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Shuffles `array` in place (Fisher-Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = array[i];
      array[i] = array[j];
      array[j] = tmp;
    }
    return array;
  }

  /** A random permutation of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** `k` distinct indices from 0..n-1, in random order (partial Fisher-Yates, O(k) memory when k << n). */
  sampleIndices(n: number, k: number): Int32Array {
    if (k > n) throw new ValidationError(`cannot sample ${k} distinct indices from ${n}`);
    const swapped = new Map<number, number>();
    const out = new Int32Array(k);
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i);
      const vi = swapped.get(i) ?? i;
      const vj = swapped.get(j) ?? j;
      out[i] = vj;
      swapped.set(j, vi);
    }
    return out;
  }

  /** A seed for TensorFlow.js ops that take one (dropout, initialisers), drawn from this stream. */
  nextSeed(): number {
    return this.nextUint32();
  }

  /** An independent generator derived from this one's next output, for a sub-component. */
  fork(): Rng {
    return new Rng(this.nextUint32() ^ Math.imul(this.nextUint32(), 0x9e3779b1));
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

function hashNumber(seed: number): number {
  if (Number.isInteger(seed) && Math.abs(seed) <= 0xffffffff) return seed | 0;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed);
  return (view.getUint32(0) ^ Math.imul(view.getUint32(4), 0x9e3779b1)) | 0;
}
