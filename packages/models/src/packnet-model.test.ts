import * as tf from '@tensorflow/tfjs';
import { StrategyError, ValidationError } from '@avalanche-ts/core';
import type { BaseModel } from './base-model.js';
import { MobileNetV1 } from './mobilenet-v1.js';
import { batch, leaksOfStepAndEval, maxAbsDiff, sgdStep, useBackend } from './model-checks.test-helper.js';
import { PRUNED_CODE } from './packnet-layer.js';
import { PackNetModel } from './packnet-model.js';
import { SimpleMLP } from './simple-mlp.js';

const asBase = (m: PackNetModel) => m as unknown as BaseModel;

describe('PackNetModel', () => {
  beforeAll(() => useBackend('wasm'));

  it('wraps every Linear and rejects normalisation layers', () => {
    const m = new PackNetModel(new SimpleMLP({ inputSize: 6, hiddenSize: 4, numClasses: 3, dropRate: 0 }));
    expect(m.namedParameters().map(([n]) => n)).toEqual([
      'wrappee.features.0.wrappee.weight', 'wrappee.features.0.wrappee.bias', 'wrappee.classifier.wrappee.weight', 'wrappee.classifier.wrappee.bias',
    ]);
    expect(m.packNetLayers()).toHaveLength(2);
    expect(Object.keys(m.stateDict())).toContain('wrappee.features.0.task_index');
    m.dispose();
    const cnn = new MobileNetV1({ numClasses: 2, inputSize: 32, widthScale: 0.25 });
    expect(() => new PackNetModel(cnn)).toThrow(ValidationError);
    cnn.dispose();
  });

  it('prunes the smallest free weights per layer and follows the state machine', () => {
    const m = new PackNetModel(new SimpleMLP({ inputSize: 4, hiddenSize: 5, numClasses: 2, dropRate: 0, seed: 1 }));
    const layer = m.packNetLayers()[0];
    const w = Array.from(layer.wrappee.weight.dataSync());
    m.prune(0.4);
    expect(m.state).toBe('postPrune');
    const index = layer.taskIndex();
    const pruned = w.map((v, i) => [Math.abs(v), i] as const).filter(([, i]) => index[i] === PRUNED_CODE);
    expect(pruned).toHaveLength(Math.floor(20 * 0.4));
    const kept = w.filter((_, i) => index[i] !== PRUNED_CODE).map(Math.abs);
    expect(Math.max(...pruned.map(([a]) => a))).toBeLessThanOrEqual(Math.min(...kept));
    expect(() => m.prune(0.5)).toThrow(StrategyError);
    m.freezePruned();
    expect([m.state, m.taskCount]).toEqual(['eval', 1]);
    expect(Array.from(layer.taskIndex()).filter((t) => t === 1)).toHaveLength(8);
    expect(m.namedParameters().filter(([, v]) => !v.trainable).map(([n]) => n)).toEqual(['wrappee.features.0.wrappee.bias', 'wrappee.classifier.wrappee.bias']);
    expect(() => m.activateTask(2)).toThrow(ValidationError);
    m.activateTask(1);
    expect(m.state).toBe('training');
    m.dispose();
  });

  it("keeps an old task's outputs exactly while a new task trains, and trains without leaks", async () => {
    const m = new PackNetModel(new SimpleMLP({ inputSize: 8, hiddenSize: 6, numClasses: 2, dropRate: 0, seed: 2 }));
    const { x, y } = batch([6, 8], 2);
    const t0 = tf.tensor1d([0, 0, 0, 0, 0, 0], 'int32');
    const t1 = tf.tensor1d([1, 1, 1, 1, 1, 1], 'int32');
    for (let i = 0; i < 3; i++) sgdStep(asBase(m), x, y, { taskLabels: t0 });
    m.prune(0.5);
    for (let i = 0; i < 2; i++) sgdStep(asBase(m), x, y, { taskLabels: t0 });
    m.freezePruned();
    const before = m.forward(x, { taskLabels: t0 });
    const first = sgdStep(asBase(m), x, y, { taskLabels: t1 });
    for (let i = 0; i < 5; i++) sgdStep(asBase(m), x, y, { taskLabels: t1 });
    expect(sgdStep(asBase(m), x, y, { taskLabels: t1 })).toBeLessThan(first);
    const after = m.forward(x, { taskLabels: t0 });
    expect(maxAbsDiff(before.dataSync(), after.dataSync())).toBe(0);
    expect(await leaksOfStepAndEval(asBase(m), x, y, t1)).toEqual([0, 0]);
    expect(() => m.forward(x, { taskLabels: tf.tensor1d([0, 1, 0, 1, 0, 1], 'int32') })).toThrow(/same task label/);
    const restored = new PackNetModel(new SimpleMLP({ inputSize: 8, hiddenSize: 6, numClasses: 2, dropRate: 0, seed: 5 }));
    restored.loadStateDict(m.stateDict());
    expect([restored.taskCount, restored.state]).toEqual([m.taskCount, m.state]);
    const again = restored.forward(x, { taskLabels: t0 });
    expect(maxAbsDiff(before.dataSync(), again.dataSync())).toBe(0);
    tf.dispose([x, y, t0, t1, before, after, again]);
    m.dispose();
    restored.dispose();
  });
});
