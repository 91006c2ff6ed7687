import * as tf from '@tensorflow/tfjs';
import type { ContinualModel, ForwardOptions } from '../continual-model.js';
import { Rng } from '../rng.js';

export interface TinyModelOptions {
  readonly inputSize: number;
  readonly hiddenSize?: number;
  readonly nClasses: number;
  readonly seed?: number;
}

/** A two-layer MLP over raw variables (deterministic init from a seed), for tests of training and plugins. */
export class TinyModel implements ContinualModel {
  readonly name = 'TinyModel';
  private isTraining = true;
  private readonly params: Array<[string, tf.Variable]>;

  constructor(private readonly options: TinyModelOptions, params?: Array<[string, tf.Variable]>) {
    if (params) {
      this.params = params;
      return;
    }
    const rng = new Rng(options.seed ?? 0);
    const hidden = options.hiddenSize ?? 16;
    const init = (rows: number, cols: number) => {
      const bound = 1 / Math.sqrt(rows);
      return Float32Array.from({ length: rows * cols }, () => (rng.next() * 2 - 1) * bound);
    };
    // tidy frees the initial values; the variables it returns survive it.
    this.params = tf.tidy(() => [
      ['fc1.weight', tf.variable(tf.tensor2d(init(options.inputSize, hidden), [options.inputSize, hidden]))],
      ['fc1.bias', tf.variable(tf.zeros([hidden]))],
      ['fc2.weight', tf.variable(tf.tensor2d(init(hidden, options.nClasses), [hidden, options.nClasses]))],
      ['fc2.bias', tf.variable(tf.zeros([options.nClasses]))],
    ] as Array<[string, tf.Variable]>);
  }

  get training(): boolean {
    return this.isTraining;
  }

  setTraining(training: boolean): void {
    this.isTraining = training;
  }

  forward(x: tf.Tensor, _options?: ForwardOptions): tf.Tensor2D {
    return tf.tidy(() => {
      const [w1, b1, w2, b2] = this.params.map(([, v]) => v);
      const flat = x.reshape([x.shape[0], -1]) as tf.Tensor2D;
      const h = tf.relu(tf.add(tf.matMul(flat, w1 as tf.Tensor2D), b1));
      return tf.add(tf.matMul(h as tf.Tensor2D, w2 as tf.Tensor2D), b2) as tf.Tensor2D;
    });
  }

  getFeatures(x: tf.Tensor): tf.Tensor2D {
    return tf.tidy(() => {
      const [w1, b1] = this.params.map(([, v]) => v);
      const flat = x.reshape([x.shape[0], -1]) as tf.Tensor2D;
      return tf.relu(tf.add(tf.matMul(flat, w1 as tf.Tensor2D), b1)) as tf.Tensor2D;
    });
  }

  namedParameters(): ReadonlyArray<readonly [string, tf.Variable]> {
    return this.params;
  }

  stateDict(): Record<string, tf.Tensor> {
    return Object.fromEntries(this.params);
  }

  loadStateDict(state: Readonly<Record<string, tf.Tensor>>): void {
    for (const [name, v] of this.params) {
      const t = state[name];
      if (!t) throw new Error(`loadStateDict: missing "${name}"`);
      v.assign(t);
    }
  }

  clone(): TinyModel {
    // tf.variable shares the clone's data; the clone itself is then freed so no tensor is left behind.
    const copy = new TinyModel(
      this.options,
      this.params.map(([n, v]) => {
        const data = v.clone();
        const variable = tf.variable(data, v.trainable);
        data.dispose();
        return [n, variable];
      }),
    );
    copy.setTraining(this.isTraining);
    return copy;
  }

  dispose(): void {
    for (const [, v] of this.params) v.dispose();
  }
}
