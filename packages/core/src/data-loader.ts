import type { Minibatch } from './minibatch.js';

/**
 * Produces the minibatches of one epoch. Each call to `batches()` starts a new epoch; the consumer owns
 * every minibatch it receives and frees its tensors.
 */
export interface DataLoader {
  /** Number of minibatches per epoch. */
  readonly length: number;
  batches(): Iterable<Minibatch>;
}
