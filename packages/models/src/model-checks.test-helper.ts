// Shared checks every model's test runs (not a test file itself; excluded from the build).
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendChoice, type Experience } from '@avalanche-ts/core';
import { countTensorsAfter } from '@avalanche-ts/core/testing';
import type { BaseModel } from './base-model.js';
import { toLayersModel } from './to-layers-model.js';

/** Switches to `backend` (tests run on 'cpu' and 'wasm'). */
export async function useBackend(backend: BackendChoice): Promise<void> {
  await initBackend({ backend });
}

/** True when the active backend can train convolutions (stock wasm lacks Conv2DBackpropFilter). */
export function canTrainConvs(depthwise = false): boolean {
  const backend = tf.getBackend();
  const needed = depthwise ? ['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropFilter'] : ['Conv2DBackpropFilter'];
  return needed.every((k) => tf.getKernel(k, backend) !== undefined);
}

/**
 * One SGD step on softmax cross-entropy over the trainable parameters, as the training template runs it:
 * gradients by variableGrads, applied by the variables' tfjs names. Returns the loss before the step.
 */
export function sgdStep(model: BaseModel, x: tf.Tensor, y: tf.Tensor1D, opts: { lr?: number; seed?: number; taskLabels?: tf.Tensor1D } = {}): number {
  const params = model.namedParameters().filter(([, v]) => v.trainable);
  const optimizer = tf.train.sgd(opts.lr ?? 0.1);
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(x, { seed: opts.seed ?? 1, taskLabels: opts.taskLabels });
    return tf.losses.softmaxCrossEntropy(tf.oneHot(y, logits.shape[1]), logits) as tf.Scalar;
  }, params.map(([, v]) => v));
  optimizer.applyGradients(grads);
  const loss = value.dataSync()[0];
  tf.dispose([value, ...Object.values(grads)]);
  optimizer.dispose();
  return loss;
}

/** Tensors left behind by a training step and by an eval forward pass (both must be 0). */
export async function leaksOfStepAndEval(model: BaseModel, x: tf.Tensor, y: tf.Tensor1D, taskLabels?: tf.Tensor1D): Promise<[number, number]> {
  model.setTraining(true);
  const loss = sgdStep(model, x, y, { taskLabels }); // also a warm-up: lazily created kernel state is not a leak
  expect(Number.isFinite(loss)).toBe(true);
  const train = await countTensorsAfter(() => sgdStep(model, x, y, { taskLabels }));
  model.setTraining(false);
  const evalLeak = await countTensorsAfter(() => model.forward(x, { taskLabels }).dispose());
  return [train, evalLeak];
}

/**
 * Exports `model` to model.json + weights (in memory, through JSON text as a file would hold it), loads
 * them back with plain `tf.loadLayersModel`, and returns both predictions on `x` (eval mode).
 */
export async function exportRoundTrip(model: BaseModel, x: tf.Tensor, options: { taskLabel?: number; taskLabels?: tf.Tensor1D } = {}): Promise<[Float32Array, Float32Array]> {
  model.setTraining(false);
  const layersModel = toLayersModel(model, { taskLabel: options.taskLabel });
  let saved: tf.io.ModelArtifacts | undefined;
  await layersModel.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  layersModel.dispose();
  const json = JSON.parse(JSON.stringify({ modelTopology: saved!.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: saved!.weightSpecs }] }));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: saved!.weightData }));
  const expected = model.forward(x, { taskLabels: options.taskLabels });
  const actual = loaded.predict(x) as tf.Tensor;
  const result: [Float32Array, Float32Array] = [expected.dataSync() as Float32Array, actual.dataSync() as Float32Array];
  tf.dispose([expected, actual]);
  loaded.dispose();
  return result;
}

/** Largest absolute difference between two arrays of the same length. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** A deterministic input batch and labels. */
export function batch(shape: number[], nClasses: number, seed = 1): { x: tf.Tensor; y: tf.Tensor1D } {
  const x = tf.randomUniform(shape, 0, 1, 'float32', seed);
  const y = tf.tensor1d(Array.from({ length: shape[0] }, (_, i) => i % nClasses), 'int32');
  return { x, y };
}

/** An experience carrying only what adaptation reads (classes, task labels, index). */
export function fakeExperience(classes: number[], taskLabels: number[] = [0], index = 0): Experience {
  return {
    currentExperience: index,
    streamName: 'train',
    dataset: undefined as unknown as Experience['dataset'],
    taskLabels,
    classesInThisExperience: classes,
  };
}

/**
 * Trains two steps (one warm-up) in training mode and one eval forward pass, asserting that the loss is
 * finite, that at least `minMoved` parameters (default half) moved, and that nothing leaked.
 */
export async function expectTrainsAndEvaluatesWithoutLeaks(
  model: BaseModel,
  x: tf.Tensor,
  y: tf.Tensor1D,
  taskLabels?: tf.Tensor1D,
  minMoved = Math.ceil(model.namedParameters().length / 2),
): Promise<void> {
  const before = model.namedParameters().map(([n, v]) => [n, v.dataSync().slice()] as const);
  const [trainLeak, evalLeak] = await leaksOfStepAndEval(model, x, y, taskLabels);
  expect([trainLeak, evalLeak]).toEqual([0, 0]);
  const moved = model.namedParameters().filter(([n, v]) => {
    const old = before.find(([m]) => m === n)![1];
    return maxAbsDiff(old, v.dataSync()) > 0;
  });
  expect(moved.length).toBeGreaterThanOrEqual(minMoved);
}
