import * as tf from '@tensorflow/tfjs';
import { Rng, StrategyError, ValidationError, parseWithSchema, type ContinualModel, type ForwardOptions } from '@avalanche-ts/core';
import { z } from 'zod';
import type { BaseModel } from './base-model.js';
import { ExpertAutoencoder } from './expert-autoencoder.js';
import { Module, type ForwardContext } from './module.js';
import { ModuleDict } from './module-dict.js';

export const expertGateOptionsSchema = z
  .object({
    /** Shape of one input sample, channels last (the autoencoders' input). */
    shape: z.array(z.number().int().positive()).min(1),
    /** Builds the first expert (every later one starts as a copy of the most related expert). */
    expertFactory: z.custom<() => BaseModel>((v) => typeof v === 'function', { message: 'expected a function () => model' }),
    /** Code width of the autoencoders (default 100). */
    latentDim: z.number().int().positive().default(100),
    /** Softmax temperature of the gate (default 2). */
    temp: z.number().finite().positive().default(2),
    seed: z.number().int().default(0),
  })
  .strict();
export type ExpertGateOptions = z.input<typeof expertGateOptionsSchema>;

/**
 * Avalanche's `ExpertGate` model (Aljundi, Chakravarty & Tuytelaars, CVPR 2017, "Expert Gate: Lifelong
 * Learning with a Network of Experts"): one expert classifier and one {@link ExpertAutoencoder} per task
 * (`expert_dict.<task>`, `autoencoder_dict.<task>`). In training mode `forward` runs the current expert. In
 * eval mode the gate scores each sample with every autoencoder's reconstruction error e_t and picks
 * argmax_t softmax(−e / temp)_t, so no task label is needed; the output is that expert's. Avalanche gates a
 * whole minibatch with the errors summed over it; here each sample is gated on its own (as in the paper),
 * which gives the same choice for single-task batches that the gate gets right. Experts must all have the
 * same number of outputs.
 */
export class ExpertGate extends Module implements ContinualModel {
  readonly name = 'ExpertGate';
  readonly inputShape: readonly number[];
  readonly latentDim: number;
  temp: number;
  private readonly expertFactory: () => BaseModel;
  private readonly rng: Rng;
  private current: string | undefined;

  constructor(options: ExpertGateOptions) {
    super();
    const o = parseWithSchema(expertGateOptionsSchema, options, 'ExpertGate options');
    this.inputShape = o.shape;
    this.latentDim = o.latentDim;
    this.temp = o.temp;
    this.expertFactory = o.expertFactory;
    this.rng = new Rng(o.seed);
    this.registerModule('expert_dict', new ModuleDict<BaseModel>());
    this.registerModule('autoencoder_dict', new ModuleDict<ExpertAutoencoder>());
  }

  /** Tasks with an expert, ascending. */
  get expertTasks(): number[] {
    return this.experts.keys().map(Number).sort((a, b) => a - b);
  }

  /** Tasks with an autoencoder, ascending. */
  get autoencoderTasks(): number[] {
    return this.autoencoders.keys().map(Number).sort((a, b) => a - b);
  }

  /** The task whose expert trains (and answers when there is no autoencoder yet). */
  get currentTask(): number | undefined {
    return this.current === undefined ? undefined : Number(this.current);
  }

  expert(task: number): BaseModel {
    return this.experts.get(String(task));
  }

  autoencoder(task: number): ExpertAutoencoder {
    return this.autoencoders.get(String(task));
  }

  /** A fresh autoencoder for `task` (replacing any previous one), with `latentDim` code units (default: the gate's). */
  addAutoencoder(task: number, latentDim = this.latentDim): ExpertAutoencoder {
    const ae = new ExpertAutoencoder({ shape: [...this.inputShape], latentDim, seed: this.rng.nextUint32() >>> 1 });
    ae.setTraining(this.training);
    this.autoencoders.set(String(task), ae);
    return ae;
  }

  /** An expert for `task`: a copy of the expert of `template` when given, else a new one from the factory. */
  addExpert(task: number, template?: number): BaseModel {
    const expert = template === undefined ? this.expertFactory() : this.expert(template).clone();
    expert.setTraining(this.training);
    this.experts.set(String(task), expert);
    return expert;
  }

  /** Makes the expert of `task` the one that trains. */
  selectExpert(task: number): void {
    if (!this.experts.has(String(task))) throw new StrategyError(`ExpertGate has no expert for task ${task}`);
    this.current = String(task);
  }

  /** The task chosen for each sample by the autoencoders, [n] int32 (eval mode, no gradient). */
  gate(x: tf.Tensor): tf.Tensor1D {
    const tasks = this.gatedTasks();
    if (tasks.length === 0) throw new StrategyError('ExpertGate.gate: no task has both an autoencoder and an expert yet');
    if (tasks.length === 1) return tf.fill([x.shape[0]], tasks[0], 'int32') as tf.Tensor1D;
    return tf.tidy(() => {
      const choice = this.choose(x, tasks);
      return tf.gather(tf.tensor1d(tasks, 'int32'), choice) as tf.Tensor1D;
    });
  }

  forward(x: tf.Tensor, options: ForwardOptions = {}): tf.Tensor2D {
    const tasks = this.gatedTasks();
    if (tasks.length === 1) return this.expert(tasks[0]).forward(x, options);
    if (this.training || tasks.length === 0) {
      const task = this.current ?? this.experts.keys()[0];
      if (task === undefined) throw new StrategyError('ExpertGate has no expert yet (the ExpertGate strategy adds one per experience)');
      return this.experts.get(task).forward(x, options);
    }
    return tf.tidy(() => {
      const choice = this.choose(x, tasks);
      const outputs = tasks.map((t) => this.expert(t).forward(x, options));
      const width = outputs[0].shape[1];
      if (outputs.some((o) => o.shape[1] !== width)) throw new ValidationError(`ExpertGate experts have different output widths: ${outputs.map((o) => o.shape[1]).join(', ')}`);
      // Row selection by a one-hot mask (tf.gather's gradient lacks a wasm kernel; this stays differentiable).
      const mask = tf.oneHot(choice, tasks.length).toFloat();
      return tf.addN(outputs.map((o, k) => tf.mul(o, mask.slice([0, k], [-1, 1])))) as tf.Tensor2D;
    });
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.forward(x, { taskLabels: ctx.taskLabels, seed: ctx.nextSeed() });
  }

  toLayers(): tf.SymbolicTensor {
    throw new ValidationError('ExpertGate cannot be exported as one tf.layers model; export an expert (expert(task)) instead');
  }

  clone(): this {
    return this.cloneModule();
  }

  protected override prepareLoad(state: Readonly<Record<string, tf.Tensor>>, prefix: string): void {
    const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}(expert_dict|autoencoder_dict)\\.(\\d+)\\.`);
    for (const key of Object.keys(state)) {
      const match = pattern.exec(key);
      if (!match) continue;
      const task = Number(match[2]);
      if (match[1] === 'expert_dict' && !this.experts.has(String(task))) this.addExpert(task);
      if (match[1] === 'autoencoder_dict' && !this.autoencoders.has(String(task))) {
        const code = state[`${prefix}autoencoder_dict.${task}.encoder.1.weight`];
        this.addAutoencoder(task, code?.shape[1] ?? this.latentDim);
      }
    }
    super.prepareLoad(state, prefix);
  }

  private get experts(): ModuleDict<BaseModel> {
    return this.child<ModuleDict<BaseModel>>('expert_dict');
  }

  private get autoencoders(): ModuleDict<ExpertAutoencoder> {
    return this.child<ModuleDict<ExpertAutoencoder>>('autoencoder_dict');
  }

  private gatedTasks(): number[] {
    return this.autoencoderTasks.filter((t) => this.experts.has(String(t)));
  }

  /** Index into `tasks` of the most likely autoencoder per sample: argmax softmax(−e / temp). */
  private choose(x: tf.Tensor, tasks: readonly number[]): tf.Tensor1D {
    return tf.tidy(() => {
      const errors = tf.stack(tasks.map((t) => this.autoencoder(t).reconstructionError(x)), 1);
      return tf.argMax(tf.softmax(tf.div(tf.neg(errors), this.temp)), 1) as tf.Tensor1D;
    });
  }
}
