import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '@avalanche-ts/core';
import { ExpertAutoencoder } from './expert-autoencoder.js';
import { ExpertGate } from './expert-gate.js';
import { SimpleMLP } from './simple-mlp.js';
import { useBackend } from './model-checks.test-helper.js';

describe('ExpertAutoencoder', () => {
  beforeAll(() => useBackend('cpu'));

  it('has the shape of the PyTorch definition and a per-sample summed squared error', () => {
    const ae = new ExpertAutoencoder({ shape: [4, 4, 1], latentDim: 3 });
    // encoder Linear(16, 3) + decoder Linear(3, 16): 16*3 + 3 + 3*16 + 16 = 115
    expect(ae.parameterCount()).toBe(115);
    expect(ae.namedParameters().map(([n]) => n)).toEqual(['encoder.1.weight', 'encoder.1.bias', 'decoder.0.weight', 'decoder.0.bias']);
    tf.tidy(() => {
      const x = tf.randomNormal([5, 4, 4, 1], 0, 1, 'float32', 1);
      const manual = tf.sum(tf.square(tf.sub(ae.forward(x), tf.sigmoid(x.reshape([5, 16])))), 1);
      const got = ae.reconstructionError(x).dataSync();
      manual.dataSync().forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));
    });
    ae.dispose();
  });
});

describe('ExpertGate', () => {
  beforeAll(() => useBackend('cpu'));
  const factory = () => new SimpleMLP({ inputSize: 16, hiddenSize: 4, numClasses: 3, dropRate: 0 });

  it('trains the current expert and, in eval mode, answers each sample with the expert of its best autoencoder', () => {
    const gate = new ExpertGate({ shape: [16], expertFactory: factory, latentDim: 2 });
    gate.addExpert(0);
    gate.addExpert(1, 0);
    gate.addAutoencoder(0);
    gate.addAutoencoder(1);
    gate.selectExpert(1);
    tf.tidy(() => {
      const x = tf.randomNormal([6, 16], 0, 1, 'float32', 2);
      expect(Array.from(gate.forward(x).dataSync())).toEqual(Array.from(gate.expert(1).forward(x).dataSync()));
      gate.setTraining(false);
      const errors = [gate.autoencoder(0).reconstructionError(x), gate.autoencoder(1).reconstructionError(x)].map((e) => e.dataSync());
      const expected = Array.from({ length: 6 }, (_, i) => (errors[1][i] < errors[0][i] ? 1 : 0));
      expect(Array.from(gate.gate(x).dataSync())).toEqual(expected);
      const out = gate.forward(x).arraySync() as number[][];
      const per = [gate.expert(0).forward(x).arraySync(), gate.expert(1).forward(x).arraySync()] as number[][][];
      out.forEach((row, i) => expect(row).toEqual(per[expected[i]][i]));
    });
    gate.dispose();
  });

  it('loads a checkpoint into a fresh gate and frees every tensor', () => {
    const before = tf.memory().numTensors;
    const gate = new ExpertGate({ shape: [16], expertFactory: factory, latentDim: 2 });
    gate.addExpert(0);
    gate.addAutoencoder(0, 5);
    gate.addExpert(2, 0);
    gate.addAutoencoder(2);
    const copy = new ExpertGate({ shape: [16], expertFactory: factory, latentDim: 2 });
    copy.loadStateDict(gate.stateDict());
    expect(copy.expertTasks).toEqual([0, 2]);
    expect(copy.autoencoder(0).latentDim).toBe(5);
    expect(() => gate.toLayers()).toThrow(ValidationError);
    gate.dispose();
    copy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
