/**
 * Standalone forgetting (Avalanche's `Forgetting`), keyed (usually by experience id): each key has an
 * initial value (recorded right after training on that experience) and a last value, and
 * `forgetting_k = initial_k - last_k`. Keys missing either value have no forgetting.
 */
export class Forgetting {
  protected readonly initial = new Map<number, number>();
  protected readonly last = new Map<number, number>();

  /** Records `value` for `key` as its initial value (`initial = true`) or its last value. */
  update(key: number, value: number, initial = false): void {
    (initial ? this.initial : this.last).set(key, value);
  }

  /** Forgetting of one key (undefined without both values), or of every key that has both. */
  result(): Map<number, number>;
  result(key: number): number | undefined;
  result(key?: number): Map<number, number> | number | undefined {
    if (key !== undefined) {
      const i = this.initial.get(key);
      const l = this.last.get(key);
      return i === undefined || l === undefined ? undefined : this.compute(i, l);
    }
    const out = new Map<number, number>();
    for (const k of [...this.initial.keys()].sort((a, b) => a - b)) {
      const l = this.last.get(k);
      if (l !== undefined) out.set(k, this.compute(this.initial.get(k)!, l));
    }
    return out;
  }

  protected compute(initial: number, last: number): number {
    return initial - last;
  }

  /** The recorded values as `[key, value]` pairs, for checkpoints. */
  stateDict(): { initial: number[][]; last: number[][] } {
    return { initial: [...this.initial.entries()], last: [...this.last.entries()] };
  }

  loadStateDict(state: { readonly initial: readonly (readonly number[])[]; readonly last: readonly (readonly number[])[] }): void {
    this.reset();
    for (const [k, v] of state.initial) this.initial.set(k, v);
    for (const [k, v] of state.last) this.last.set(k, v);
  }

  /** Forgets the last values, keeping the initial ones (at the start of each evaluation). */
  resetLast(): void {
    this.last.clear();
  }

  reset(): void {
    this.initial.clear();
    this.last.clear();
  }
}

/**
 * Standalone backward transfer (Avalanche's `BWT`): `BWT_k = last_k - initial_k = -forgetting_k`
 * (Lopez-Paz & Ranzato, "Gradient Episodic Memory for Continual Learning", 2017).
 */
export class BWT extends Forgetting {
  protected override compute(initial: number, last: number): number {
    return last - initial;
  }
}
