import { Rng, ValidationError, type ClassificationDataset } from '@avalanche-ts/core';

/** A dataset cut into the part kept for training and the part held out for validation. */
export interface TrainValidSplit<D extends ClassificationDataset = ClassificationDataset> {
  readonly train: D;
  readonly valid: D;
}

/** How many samples `validationSize` means for `n` samples: a fraction in [0, 1), or a count. */
export function validationCount(validationSize: number, n: number): number {
  if (!(validationSize >= 0)) throw new ValidationError(`validationSize must be >= 0, got ${validationSize}`);
  if (validationSize < 1) return Math.floor(validationSize * n);
  if (!Number.isInteger(validationSize) || validationSize > n) {
    throw new ValidationError(`validationSize ${validationSize} must be a fraction below 1 or a whole count of at most ${n} samples`);
  }
  return validationSize;
}

/**
 * Random split (Avalanche's `split_validation_random`): `validationSize` (fraction or count) of the
 * samples go to validation. Without `shuffle` the last samples are held out; with it, a permutation
 * from `seed` decides. Both parts are index views of `dataset`.
 */
export function splitValidationRandom<D extends ClassificationDataset>(dataset: D, validationSize: number, options: { shuffle?: boolean; seed?: number } = {}): TrainValidSplit<D> {
  const n = dataset.length;
  const k = validationCount(validationSize, n);
  const order = options.shuffle ? new Rng(options.seed ?? 0).permutation(n) : Int32Array.from({ length: n }, (_, i) => i);
  const train = order.slice(0, n - k).sort();
  const valid = order.slice(n - k).sort();
  return { train: dataset.subset(train) as D, valid: dataset.subset(valid) as D };
}

/**
 * Class-balanced split (Avalanche's `split_validation_class_balanced`): from every class,
 * floor(validationSize * n_c) samples (a fraction) are held out, chosen by a permutation from `seed`.
 */
export function splitValidationClassBalanced<D extends ClassificationDataset>(dataset: D, validationSize: number, options: { seed?: number } = {}): TrainValidSplit<D> {
  if (!(validationSize >= 0 && validationSize < 1)) throw new ValidationError(`class-balanced validationSize must be a fraction in [0, 1), got ${validationSize}`);
  const rng = new Rng(options.seed ?? 0);
  const byClass = new Map<number, number[]>();
  dataset.targets.forEach((c, i) => {
    if (!byClass.has(c)) byClass.set(c, []);
    byClass.get(c)!.push(i);
  });
  const train: number[] = [];
  const valid: number[] = [];
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const items = rng.shuffle(byClass.get(c)!);
    const k = Math.floor(validationSize * items.length);
    valid.push(...items.slice(0, k));
    train.push(...items.slice(k));
  }
  return { train: dataset.subset(train.sort((a, b) => a - b)) as D, valid: dataset.subset(valid.sort((a, b) => a - b)) as D };
}
