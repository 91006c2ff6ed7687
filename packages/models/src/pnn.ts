import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError, parseWithSchema, type Experience } from '@avalanche-ts/core';
import { z } from 'zod';
import { BaseModel } from './base-model.js';
import type { LayersExport } from './layers-export.js';
import type { ForwardContext } from './module.js';
import { ModuleDict } from './module-dict.js';
import { MultiHeadClassifier } from './multi-head-classifier.js';
import { PnnLayer } from './pnn-layer.js';
import { constantVariable } from './kaiming-init.js';

export const pnnOptionsSchema = z
  .object({
    /** Number of PNN layers (default 1). */
    numLayers: z.number().int().min(1).default(1),
    /** Size of a flattened input sample (default 784). */
    inFeatures: z.number().int().positive().default(784),
    /** Units of each column in each layer (default 100). */
    hiddenFeaturesPerColumn: z.number().int().positive().default(100),
    /** Lateral connections: 'mlp' (default) or 'linear'. */
    adapter: z.enum(['mlp', 'linear']).default('mlp'),
    seed: z.number().int().default(0),
  })
  .strict();
export type PnnOptions = z.input<typeof pnnOptionsSchema>;

/**
 * Progressive Neural Network (Rusu et al. 2016, "Progressive Neural Networks", arXiv:1606.04671), as
 * Avalanche's `PNN`: `numLayers` PnnLayers with one column per task, then a MultiHeadClassifier. Training
 * adaptation to an experience with a new task label adds a column to every layer (lateral connections to
 * all previous columns) and freezes the old ones, so what earlier tasks compute never changes. A sample of
 * task t runs columns 0..col(t): h^ℓ_i = relu(itoh(h^{ℓ−1}_i) + adapter(h^{ℓ−1}_0..i−1)), h^0_i = x, and
 * its head reads h^L_col(t). Each experience must hold one task label.
 *
 * Differences from Avalanche: every layer uses `adapter` (Avalanche's first layer always uses 'mlp'),
 * the 'linear' adapter works (Avalanche's asserts on an attribute it never sets), columns are added only
 * in training mode, and evaluating a task that has no column yet uses the newest column.
 */
export class PNN extends BaseModel {
  readonly name = 'PNN';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';
  readonly options: Readonly<z.output<typeof pnnOptionsSchema>>;
  private readonly rng: Rng;

  constructor(options: PnnOptions = {}) {
    const opts = parseWithSchema(pnnOptionsSchema, options, 'PNN options');
    super(opts.seed);
    this.options = opts;
    this.inputShape = [opts.inFeatures];
    this.rng = new Rng(opts.seed);
    const layers = new ModuleDict<PnnLayer>();
    for (let i = 0; i < opts.numLayers; i++) {
      const inF = i === 0 ? opts.inFeatures : opts.hiddenFeaturesPerColumn;
      layers.set(String(i), new PnnLayer(inF, opts.hiddenFeaturesPerColumn, opts.adapter, this.rng));
    }
    this.registerModule('layers', layers);
    this.registerModule('classifier', new MultiHeadClassifier({ inFeatures: opts.hiddenFeaturesPerColumn, seed: this.rng.nextUint32() >>> 1 }));
    // Task label of each column (-1: column 0 not assigned yet); a buffer, so checkpoints keep it.
    this.registerBuffer('column_tasks', constantVariable([1], -1, false, 'int32'));
  }

  get classifier(): MultiHeadClassifier {
    return this.child<MultiHeadClassifier>('classifier');
  }

  get numColumns(): number {
    return this.layer(0).numColumns;
  }

  layer(i: number): PnnLayer {
    return this.child<ModuleDict<PnnLayer>>('layers').get(String(i));
  }

  /** Task label of each column, in column order. */
  columnTasks(): number[] {
    return Array.from(this.buffer('column_tasks').dataSync()).filter((t) => t >= 0);
  }

  /** Column of task `t`: its own, the newest one for a task never trained on, column 0 before any adaptation. */
  columnOf(t: number): number {
    const tasks = Array.from(this.buffer('column_tasks').dataSync());
    const i = tasks.indexOf(t);
    return i >= 0 ? i : tasks.length - 1;
  }

  override adaptModule(experience: Experience): boolean {
    if (experience.taskLabels.length !== 1) {
      throw new ValidationError(`PNN needs one task label per experience; experience ${experience.currentExperience} has [${experience.taskLabels.join(', ')}]`);
    }
    const t = experience.taskLabels[0];
    let changed = false;
    if (this.training) {
      const tasks = Array.from(this.buffer('column_tasks').dataSync());
      if (!tasks.includes(t)) {
        if (tasks[0] === -1) {
          tasks[0] = t;
        } else {
          for (let i = 0; i < this.options.numLayers; i++) this.layer(i).addColumn(this.rng);
          tasks.push(t);
          changed = true;
        }
        this.setColumnTasks(tasks);
      }
    }
    return super.adaptModule(experience) || changed;
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    const flat = x.reshape([x.shape[0], this.options.inFeatures]) as tf.Tensor2D;
    if (ctx.taskLabels === undefined) {
      const known = this.columnTasks();
      if (known.length > 1) throw new ValidationError(`PNN: forward needs taskLabels (the model has columns for tasks ${known.join(', ')})`);
      return this.columnFeatures(flat, known[0] ?? 0, ctx);
    }
    const labels = ctx.taskLabels.dataSync();
    const byTask = new Map<number, number[]>();
    labels.forEach((t, i) => byTask.set(t, [...(byTask.get(t) ?? []), i]));
    if (byTask.size === 1) return this.columnFeatures(flat, labels[0], ctx);
    const outs: tf.Tensor2D[] = [];
    const order: number[] = [];
    for (const [t, rows] of byTask) {
      outs.push(this.columnFeatures(tf.gather(flat, rows), t, ctx));
      order.push(...rows);
    }
    const inverse = new Int32Array(order.length);
    order.forEach((row, k) => (inverse[row] = k));
    return tf.gather(tf.concat(outs, 0), inverse) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    const known = this.columnTasks();
    const t = ex.taskLabel ?? (known.length <= 1 ? (known[0] ?? 0) : undefined);
    if (t === undefined) throw new ValidationError(`PNN: export needs taskLabel (columns for tasks ${known.join(', ')})`);
    const col = this.columnOf(t);
    let xs: tf.SymbolicTensor[] = Array.from({ length: col + 1 }, () => input);
    for (let i = 0; i < this.options.numLayers; i++) {
      xs = this.layer(i)
        .columnsToLayers(xs, col, ex, `layers.${i}.`)
        .map((h, c) => ex.apply(tf.layers.activation({ activation: 'relu', name: ex.layerName(`layers.${i}.relu${c}`) }), h));
    }
    return xs[col];
  }

  /** Rebuilds the columns a checkpoint has (all but the newest frozen) before loading it. */
  protected override prepareLoad(state: Readonly<Record<string, tf.Tensor>>, prefix: string): void {
    const tasks = state[`${prefix}column_tasks`];
    const wanted = tasks?.shape[0] ?? 1;
    while (this.numColumns < wanted) for (let i = 0; i < this.options.numLayers; i++) this.layer(i).addColumn(this.rng);
    if (tasks && tasks.shape[0] !== this.buffer('column_tasks').shape[0]) this.setColumnTasks(Array.from({ length: wanted }, () => -1));
    super.prepareLoad(state, prefix);
  }

  /** Features of samples of task `t`: column col(t) of the last layer. */
  private columnFeatures(x: tf.Tensor2D, t: number, ctx: ForwardContext): tf.Tensor2D {
    const col = this.columnOf(t);
    let xs: tf.Tensor2D[] = Array.from({ length: col + 1 }, () => x);
    for (let i = 0; i < this.options.numLayers; i++) xs = this.layer(i).callColumns(xs, col, ctx).map((h) => tf.relu(h));
    return xs[col];
  }

  private setColumnTasks(tasks: number[]): void {
    const buf = this.buffer('column_tasks');
    if (buf.shape[0] === tasks.length) tf.tidy(() => buf.assign(tf.tensor1d(tasks, 'int32')));
    else this.registerBuffer('column_tasks', tf.tidy(() => tf.variable(tf.tensor1d(tasks, 'int32'), false, undefined, 'int32')));
  }
}
