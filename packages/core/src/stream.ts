import type { Experience } from './experience.js';
import { ValidationError } from './errors.js';

/** A named, possibly lazy, sequence of experiences. Iterating it twice yields the same experiences. */
export interface Stream<E extends Experience = Experience> extends Iterable<E> {
  readonly name: string;
}

/** A stream whose length is known; slices keep each experience's original `currentExperience`. */
export interface SizedStream<E extends Experience = Experience> extends Stream<E> {
  readonly length: number;
  /** The experience at position `index` of this (possibly sliced) stream. */
  at(index: number): E;
  /** Positions [start, end) of this stream, like Array.prototype.slice (negative indices count from the end). */
  slice(start?: number, end?: number): SizedStream<E>;
  /** The experiences at the given positions, in that order. */
  pick(positions: readonly number[]): SizedStream<E>;
}

export function isSizedStream<E extends Experience>(stream: Stream<E>): stream is SizedStream<E> {
  return typeof (stream as SizedStream<E>).at === 'function' && typeof (stream as SizedStream<E>).length === 'number';
}

/**
 * A sized stream built from a factory: experience `i` is created on first access and memoised, so a
 * stream of many large experiences costs nothing until used.
 */
export class ListStream<E extends Experience = Experience> implements SizedStream<E> {
  private readonly cache: Map<number, E>;

  constructor(
    readonly name: string,
    private readonly count: number,
    private readonly create: (originalIndex: number) => E,
    private readonly positions?: readonly number[],
    cache?: Map<number, E>,
  ) {
    this.cache = cache ?? new Map();
  }

  static fromArray<E extends Experience>(name: string, experiences: readonly E[]): ListStream<E> {
    return new ListStream(name, experiences.length, (i) => experiences[i]);
  }

  get length(): number {
    return this.positions ? this.positions.length : this.count;
  }

  at(index: number): E {
    const n = this.length;
    const i = index < 0 ? n + index : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) {
      throw new ValidationError(`stream "${this.name}" has ${n} experiences; index ${index} is out of range`);
    }
    const original = this.positions ? this.positions[i] : i;
    let exp = this.cache.get(original);
    if (exp === undefined) {
      exp = this.create(original);
      this.cache.set(original, exp);
    }
    return exp;
  }

  slice(start = 0, end = this.length): ListStream<E> {
    const n = this.length;
    const from = clampIndex(start, n);
    const to = clampIndex(end, n);
    const picked: number[] = [];
    for (let i = from; i < to; i++) picked.push(i);
    return this.pick(picked);
  }

  pick(positions: readonly number[]): ListStream<E> {
    const originals = positions.map((p) => {
      const n = this.length;
      const i = p < 0 ? n + p : p;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new ValidationError(`stream "${this.name}" has ${n} experiences; position ${p} is out of range`);
      }
      return this.positions ? this.positions[i] : i;
    });
    return new ListStream(this.name, this.count, this.create, originals, this.cache);
  }

  *[Symbol.iterator](): Iterator<E> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}

/**
 * A lazy stream from a generator factory: experiences are produced one by one as iteration reaches them
 * (the length may be unknown). Calling the factory again must produce the same experiences.
 */
export class LazyStream<E extends Experience = Experience> implements Stream<E> {
  constructor(
    readonly name: string,
    private readonly factory: () => Iterator<E> | Iterable<E>,
  ) {}

  [Symbol.iterator](): Iterator<E> {
    const produced = this.factory();
    return Symbol.iterator in produced ? (produced as Iterable<E>)[Symbol.iterator]() : (produced as Iterator<E>);
  }
}

function clampIndex(index: number, n: number): number {
  const i = index < 0 ? n + index : index;
  return Math.max(0, Math.min(n, Math.trunc(i)));
}
