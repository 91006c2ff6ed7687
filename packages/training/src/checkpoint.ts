import * as tf from '@tensorflow/tfjs';
import { CheckpointError, ValidationError, parseWithSchema, type StateDict, type StateValue, type StrategyPlugin } from '@avalanche-ts/core';
import { z } from 'zod';
import { decodeState, encodeState, tensorsIn } from './checkpoint-format.js';
import type { SupervisedTemplate } from './supervised-template.js';

const isTensor = (v: unknown) => v instanceof tf.Tensor;
const tensorMap = z.record(z.custom<tf.Tensor>(isTensor, { message: 'expected a tensor' }));
const stateDict = z.record(z.unknown());
const count = z.number().int().nonnegative();

/** Schema of a decoded checkpoint: what `loadCheckpoint` validates before touching the strategy. */
export const checkpointSchema = z
  .object({
    format: z.literal('avalanche-ts-checkpoint'),
    model: z.object({ name: z.string(), state: tensorMap }).strict(),
    optimizer: stateDict,
    plugins: z.record(stateDict),
    rng: z.tuple([count, count, count, count]),
    progress: z
      .object({
        clock: z
          .object({
            trainIterations: count,
            trainExpCounter: count,
            trainExpEpochs: count,
            trainExpIterations: count,
            trainEpochIterations: count,
            totalIterations: count,
          })
          .strict(),
        trainedExperiences: z.array(count),
      })
      .strict(),
    metrics: z.record(z.unknown()),
    extra: stateDict,
  })
  .strict();

/** What a restored checkpoint tells the caller. */
export interface RestoredCheckpoint {
  /** The `extra` data given to `saveCheckpoint` (e.g. the index of the next experience). */
  readonly extra: StateDict;
  /** Experiences trained on before the checkpoint (their `currentExperience`), in order. */
  readonly trainedExperiences: readonly number[];
  /** Number of experiences trained before the checkpoint (Avalanche's `exp_counter`). */
  readonly expCounter: number;
}

/**
 * Serialises everything a strategy needs to continue exactly: model weights and buffers, optimizer state,
 * every plugin's `stateDict()` (buffers, importance matrices, teacher weights, the evaluator's metric
 * history), the Rng state, the clock and the trained experiences, plus `extra` data of the caller. Datasets
 * are never stored (plugins store sample indices). Cannot be called while `train()` or `eval()` runs.
 */
export async function checkpointToBytes(strategy: SupervisedTemplate, extra: StateDict = {}): Promise<Uint8Array> {
  if (strategy.isRunning) throw new CheckpointError('a checkpoint cannot be taken while train() or eval() runs; save between experiences');
  const plugins: Record<string, StateValue> = {};
  for (const [key, plugin] of pluginKeys(strategy.plugins)) {
    if (typeof plugin.stateDict === 'function') plugins[key] = await plugin.stateDict();
  }
  const progress = strategy.progress();
  const tree: StateValue = {
    format: 'avalanche-ts-checkpoint',
    model: { name: strategy.model.name, state: strategy.model.stateDict() },
    optimizer: strategy.optimizer.stateDict(),
    plugins,
    rng: [...strategy.rng.getState()],
    progress: { clock: { ...progress.clock }, trainedExperiences: [...progress.trainedExperiences] },
    // The history is kept for inspection; the evaluator restores it from its own stateDict.
    metrics: strategy.evaluator ? (strategy.evaluator.getAllMetrics() as unknown as StateValue) : {},
    extra,
  };
  return encodeState(tree);
}

/**
 * Restores a checkpoint made by {@link checkpointToBytes} into a strategy built with the same options
 * (same model architecture, optimizer kind and plugins). The whole file is validated before anything is
 * changed. Tensors handed to `loadStateDict` of the model, optimizer and plugins are freed afterwards: clone
 * what you keep.
 */
export async function restoreFromBytes(strategy: SupervisedTemplate, bytes: Uint8Array, source = 'checkpoint'): Promise<RestoredCheckpoint> {
  if (strategy.isRunning) throw new CheckpointError('a checkpoint cannot be loaded while train() or eval() runs');
  const decoded = decodeState(bytes, source);
  try {
    let ckpt: z.infer<typeof checkpointSchema>;
    try {
      ckpt = parseWithSchema(checkpointSchema, decoded, source);
    } catch (error) {
      if (!ValidationError.isInstance(error)) throw error;
      throw new CheckpointError(`${source} does not hold a strategy checkpoint: ${(error as Error).message}`, { cause: error });
    }
    if (ckpt.model.name !== strategy.model.name) {
      throw new CheckpointError(`${source} holds a "${ckpt.model.name}" model but the strategy's model is "${strategy.model.name}"`);
    }
    const keys = pluginKeys(strategy.plugins).filter(([, p]) => typeof p.stateDict === 'function');
    const expected = keys.map(([k]) => k).sort();
    const saved = Object.keys(ckpt.plugins).sort();
    if (expected.join('\n') !== saved.join('\n')) {
      throw new CheckpointError(`${source} has state for plugins [${saved.join(', ')}] but the strategy's plugins with state are [${expected.join(', ')}]`);
    }
    strategy.model.loadStateDict(ckpt.model.state);
    // The model may have grown to the checkpoint's shape: register its parameters before the optimizer state.
    strategy.syncOptimizer();
    strategy.optimizer.loadStateDict(ckpt.optimizer as StateDict);
    for (const [key, plugin] of keys) await plugin.loadStateDict?.(ckpt.plugins[key] as StateDict);
    strategy.rng.setState(ckpt.rng);
    strategy.restoreProgress(ckpt.progress);
    return { extra: ckpt.extra as StateDict, trainedExperiences: ckpt.progress.trainedExperiences, expCounter: ckpt.progress.clock.trainExpCounter };
  } finally {
    for (const t of tensorsIn(decoded)) t.dispose();
  }
}

/** Plugins by checkpoint key: their name, with `#2`, `#3`... for repeated names. */
function pluginKeys(plugins: readonly StrategyPlugin[]): Array<[string, StrategyPlugin]> {
  const seen = new Map<string, number>();
  return plugins.map((p) => {
    const n = (seen.get(p.name) ?? 0) + 1;
    seen.set(p.name, n);
    return [n === 1 ? p.name : `${p.name}#${n}`, p];
  });
}
