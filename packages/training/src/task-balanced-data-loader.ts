import { ValidationError, type ClassificationDataset, type DataLoader, type Minibatch, type Rng } from '@avalanche-ts/core';

export interface TaskBalancedDataLoaderOptions {
  /** Total batch size, split among the tasks present (remainder to the first tasks), as Avalanche. */
  readonly batchSize: number;
  readonly shuffle?: boolean;
  readonly rng?: Rng;
  /** Cycle the smaller tasks so every batch holds every task (Avalanche's `oversample_small_groups`). */
  readonly oversampleSmallTasks?: boolean;
}

/**
 * Avalanche's `TaskBalancedDataLoader`: the dataset is split by task label and every minibatch takes
 * `batchSize / nTasks` samples from each task (the remainder to the first tasks), concatenated into one
 * batch built with a single `getBatch` call. An epoch lasts until the largest task is exhausted; smaller
 * tasks drop out when exhausted, or restart (reshuffled) with `oversampleSmallTasks`.
 */
export class TaskBalancedDataLoader implements DataLoader {
  readonly length: number;
  private readonly groups: Int32Array[];
  private readonly shares: number[];

  constructor(
    readonly dataset: ClassificationDataset,
    private readonly options: TaskBalancedDataLoaderOptions,
  ) {
    if (!Number.isInteger(options.batchSize) || options.batchSize <= 0) {
      throw new ValidationError(`batchSize must be a positive integer, got ${options.batchSize}`);
    }
    if (options.shuffle && options.rng === undefined) throw new ValidationError('shuffle: true needs an rng');
    const byTask = new Map<number, number[]>();
    const labels = dataset.taskLabels;
    for (let i = 0; i < labels.length; i++) {
      let list = byTask.get(labels[i]);
      if (list === undefined) byTask.set(labels[i], (list = []));
      list.push(i);
    }
    this.groups = [...byTask.keys()].sort((a, b) => a - b).map((t) => Int32Array.from(byTask.get(t)!));
    const g = Math.max(1, this.groups.length);
    if (options.batchSize < this.groups.length) {
      throw new ValidationError(`batchSize ${options.batchSize} is smaller than the number of tasks (${this.groups.length})`);
    }
    const base = Math.floor(options.batchSize / g);
    this.shares = this.groups.map((_, i) => base + (i < options.batchSize % g ? 1 : 0));
    this.length = this.groups.reduce((m, grp, i) => Math.max(m, Math.ceil(grp.length / this.shares[i])), 0);
  }

  *batches(): Iterable<Minibatch> {
    const { rng, shuffle } = this.options;
    const order = (grp: Int32Array) => (shuffle ? rng!.shuffle(Int32Array.from(grp)) : grp);
    const orders = this.groups.map(order);
    const cursors = this.groups.map(() => 0);
    for (let b = 0; b < this.length; b++) {
      const picked: number[] = [];
      for (let g = 0; g < orders.length; g++) {
        for (let k = 0; k < this.shares[g]; k++) {
          if (cursors[g] >= orders[g].length) {
            if (!this.options.oversampleSmallTasks) break;
            orders[g] = order(this.groups[g]);
            cursors[g] = 0;
          }
          picked.push(orders[g][cursors[g]++]);
        }
      }
      yield this.dataset.getBatch(Int32Array.from(picked), { rng });
    }
  }
}

/** Creates a {@link TaskBalancedDataLoader}. */
export function taskBalancedDataLoader(dataset: ClassificationDataset, options: TaskBalancedDataLoaderOptions): TaskBalancedDataLoader {
  return new TaskBalancedDataLoader(dataset, options);
}

