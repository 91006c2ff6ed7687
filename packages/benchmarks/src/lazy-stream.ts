import type { Experience, Stream } from '@avalanche-ts/core';

/**
 * A stream over a generator (or any iterable) that is consumed at most once: experiences are produced
 * as iteration reaches them and memoised, so iterating the stream again (or in parallel) yields the same
 * experience objects without re-running the generator (Avalanche's GeneratorMemo).
 */
export class MemoStream<E extends Experience = Experience> implements Stream<E> {
  private readonly produced: E[] = [];
  private source: Iterator<E> | undefined;
  private done = false;

  constructor(
    readonly name: string,
    source: Iterable<E> | Iterator<E>,
  ) {
    this.source = Symbol.iterator in source ? (source as Iterable<E>)[Symbol.iterator]() : (source as Iterator<E>);
  }

  /** How many experiences have been produced so far. */
  get producedCount(): number {
    return this.produced.length;
  }

  /** True once the generator is exhausted. */
  get exhausted(): boolean {
    return this.done;
  }

  *[Symbol.iterator](): Iterator<E> {
    for (let i = 0; ; i++) {
      if (i >= this.produced.length && !this.pull()) return;
      yield this.produced[i];
    }
  }

  private pull(): boolean {
    if (this.done || !this.source) return false;
    const next = this.source.next();
    if (next.done) {
      this.done = true;
      this.source = undefined;
      return false;
    }
    this.produced.push(next.value);
    return true;
  }
}

/** A memoised lazy stream from a generator function or an iterable (see {@link MemoStream}). */
export function lazyStream<E extends Experience>(name: string, source: (() => Iterator<E> | Iterable<E>) | Iterable<E>): MemoStream<E> {
  return new MemoStream(name, typeof source === 'function' ? source() : source);
}
