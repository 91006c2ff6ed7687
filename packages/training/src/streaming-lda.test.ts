import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { fakeScenario } from '@avalanche-ts/core/testing';
import { accuracyEvaluator, runStrategy } from '../scripts/forgetting-harness.js';
import { streamingLda } from './streaming-lda.js';
import { StreamingLdaModel, spdInverse } from './streaming-lda-model.js';
import { naiveComparison } from './test-support/naive-comparison.js';
import { useCpuBackend } from './test-support/use-cpu-backend.js';

// Class-incremental SplitMNIST (5 experiences of two digits). SLDA fits class means and a shared covariance
// of the features of a fixed extractor (here the 128 ReLU features of an untrained MLP) and never
// backpropagates, so it has nothing to forget; Naive trains the same network with SGD.
const comparison = naiveComparison('class', { hiddenSize: 128 });

describe('streamingLda() on class-incremental SplitMNIST', () => {
  it('learns each experience and forgets far less than Naive', async () => {
    const result = await comparison.run('StreamingLDA', ({ model, optimizer: _optimizer, ...o }) =>
      streamingLda({ ...o, sldaModel: model, featureLayer: 'features', inputSize: 128, numClasses: 10 }),
    );
    // Measured: final accuracy 0.73 vs 0.19, forgetting 0.12 vs 0.90 (the drop comes from more classes competing).
    comparison.expectBetterThanNaive(result, { learned: 0.7, naiveForgets: 0.8, forgetsLessBy: 0.5, moreAccurateBy: 0.4 });
  });
});

describe('StreamingLdaModel', () => {
  useCpuBackend();

  it('streams exact class means and works on raw inputs', async () => {
    const scenario = fakeScenario({ nExperiences: 3, samplesPerClass: 20, seed: 5 });
    const evaluator = accuracyEvaluator();
    const strategy = streamingLda({ inputSize: 8, numClasses: 6, trainMbSize: 7, evalMbSize: 64, evaluator });
    const before = tf.memory().numTensors;
    const result = await runStrategy('SLDA', strategy, evaluator, scenario.trainStream, scenario.testStream);
    expect(result.finalAccuracy).toBeGreaterThan(0.95);
    expect(strategy.model.updates).toBe(120);
    const mu = strategy.model.stateDict().muK.arraySync() as number[][];
    const first = [...scenario.trainStream][0].dataset;
    const batch = first.getBatch(Array.from({ length: first.length }, (_, i) => i));
    const mean0 = tf.tidy(() => tf.mean(tf.gatherND(batch.x, tf.tensor2d(Array.from({ length: 20 }, (_, k) => [2 * k]), [20, 1], 'int32')), 0).arraySync()) as number[];
    mean0.forEach((v, k) => expect(mu[0][k]).toBeCloseTo(v, 4));
    tf.dispose([batch.x, batch.y, batch.taskLabels]);
    strategy.dispose();
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('keeps a constant number of tensors per experience', async () => {
    const scenario = fakeScenario({ nExperiences: 4, samplesPerClass: 10, seed: 2 });
    const strategy = streamingLda({ inputSize: 8, numClasses: 8, trainMbSize: 8 });
    const counts: number[] = [];
    for (const exp of scenario.trainStream) {
      await strategy.train(exp);
      await strategy.eval(exp);
      counts.push(tf.memory().numTensors);
    }
    expect(counts[3]).toBe(counts[1]);
    strategy.dispose();
  });

  it('round-trips its statistics through a state dict, and clones', () => {
    const model = new StreamingLdaModel({ inputSize: 2, numClasses: 2, featureLayer: 'output', shrinkageParam: 1e-4, streamingUpdateSigma: true });
    tf.tidy(() => model.fit(tf.tensor2d([[1, 0], [0, 1], [1, 1]]), tf.tensor1d([0, 1, 0], 'int32')));
    const copy = new StreamingLdaModel(model.options);
    copy.loadStateDict(model.stateDict());
    const x = tf.tensor2d([[0.5, 0.2]]);
    const expected = (model.forward(x).arraySync() as number[][])[0];
    // The state dict holds float32 values, the model float64 ones.
    (copy.forward(x).arraySync() as number[][])[0].forEach((v, k) => expect(v).toBeCloseTo(expected[k], 5));
    expect(model.clone().forward(x).arraySync()).toEqual([expected]);
    x.dispose();
    model.dispose();
    copy.dispose();
  });

  it('inverts positive-definite matrices by Cholesky and rejects the others', () => {
    const inv = spdInverse(Float64Array.from([4, 2, 2, 3]), 2)!;
    [3 / 8, -2 / 8, -2 / 8, 4 / 8].forEach((v, k) => expect(inv[k]).toBeCloseTo(v, 12));
    expect(spdInverse(Float64Array.from([1, 2, 2, 1]), 2)).toBeUndefined();
  });

  it('validates its options', () => {
    expect(() => streamingLda({ inputSize: 0, numClasses: 2 })).toThrow(ValidationError);
    expect(() => streamingLda({ inputSize: 0, numClasses: 2 })).toThrow(/inputSize/);
    expect(() => streamingLda({ inputSize: 2, numClasses: 2, shrinkageParam: 2 })).toThrow(/shrinkageParam/);
  });
});
