/**
 * Weighted running mean (Avalanche's `Mean`): after updates (v_i, w_i) the result is
 * `sum_i(v_i * w_i) / sum_i(w_i)`, and 0 before any update with positive weight.
 */
export class Mean {
  private sum = 0;
  private weight = 0;

  /** Adds `value` with `weight` (default 1). */
  update(value: number, weight = 1): void {
    this.sum += value * weight;
    this.weight += weight;
  }

  /** The weighted mean, 0 when nothing (or only zero weight) was added. */
  result(): number {
    return this.weight === 0 ? 0 : this.sum / this.weight;
  }

  /** Total weight added so far. */
  get totalWeight(): number {
    return this.weight;
  }

  reset(): void {
    this.sum = 0;
    this.weight = 0;
  }
}

/** Running sum (Avalanche's `Sum`): `sum_i v_i`, 0 after `reset()`. */
export class Sum {
  private total = 0;

  update(value: number): void {
    this.total += value;
  }

  result(): number {
    return this.total;
  }

  reset(): void {
    this.total = 0;
  }
}
