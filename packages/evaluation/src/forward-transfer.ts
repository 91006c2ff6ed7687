/**
 * Standalone forward transfer (Avalanche's `ForwardTransfer`, after Lopez-Paz & Ranzato 2017): for key k,
 * `FWT_k = previous_k - initial_k`, where `initial_k` is the value at initialisation (before any training)
 * and `previous_k` the value right after training on experience k-1. Keys without `previous` have none.
 */
export class ForwardTransfer {
  private readonly initial = new Map<number, number>();
  private readonly previous = new Map<number, number>();

  /** Records `value` for `key` as its value at initialisation (`initial = true`) or after the previous experience. */
  update(key: number, value: number, initial = false): void {
    (initial ? this.initial : this.previous).set(key, value);
  }

  /** Forward transfer of one key, or of every key that has both values. */
  result(): Map<number, number>;
  result(key: number): number | undefined;
  result(key?: number): Map<number, number> | number | undefined {
    if (key !== undefined) {
      const p = this.previous.get(key);
      const i = this.initial.get(key);
      return p === undefined || i === undefined ? undefined : p - i;
    }
    const out = new Map<number, number>();
    for (const k of [...this.previous.keys()].sort((a, b) => a - b)) {
      const i = this.initial.get(k);
      if (i !== undefined) out.set(k, this.previous.get(k)! - i);
    }
    return out;
  }

  /** The recorded values as `[key, value]` pairs, for checkpoints. */
  stateDict(): { initial: number[][]; previous: number[][] } {
    return { initial: [...this.initial.entries()], previous: [...this.previous.entries()] };
  }

  loadStateDict(state: { readonly initial: readonly (readonly number[])[]; readonly previous: readonly (readonly number[])[] }): void {
    this.resetAll();
    for (const [k, v] of state.initial) this.initial.set(k, v);
    for (const [k, v] of state.previous) this.previous.set(k, v);
  }

  /** Clears the values after the previous experience; the initial values stay (as in Avalanche). */
  reset(): void {
    this.previous.clear();
  }

  /** Clears everything, initial values included. */
  resetAll(): void {
    this.previous.clear();
    this.initial.clear();
  }
}
