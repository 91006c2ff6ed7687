import * as tf from '@tensorflow/tfjs';
import { Rng, ValidationError, parseWithSchema, type Experience } from '@avalanche-ts/core';
import { z } from 'zod';
import { IncrementalClassifier } from './incremental-classifier.js';
import type { LayersExport } from './layers-export.js';
import type { Linear } from './linear.js';
import { maskedDense } from './masked-dense.js';
import { Module, type ForwardContext } from './module.js';
import { ModuleDict } from './module-dict.js';

export const multiHeadClassifierOptionsSchema = z
  .object({
    inFeatures: z.number().int().positive(),
    initialOutFeatures: z.number().int().positive().default(2),
    masking: z.boolean().default(true),
    maskValue: z.number().default(-1000),
    seed: z.number().int().default(0),
  })
  .strict();
export type MultiHeadClassifierOptions = z.input<typeof multiHeadClassifierOptionsSchema>;

/**
 * One linear head per task label (Avalanche's MultiHeadClassifier): `classifiers.<task>` are
 * IncrementalClassifiers; head "0" exists from the start, adapting to an experience with a new task
 * label adds its head, and each head grows with its task's classes. The forward pass routes every
 * sample to its task's head (`ForwardOptions.taskLabels`; batches may mix tasks) and pads each output to
 * `maxClassLabel` columns. With masking, a task's never-trained units (buffer `active_units_T<task>`)
 * and the padding columns output `maskValue`. Avalanche pads with zeros, which can outrank a task's
 * real negative logits in argmax; without masking, padding is zeros as there.
 */
export class MultiHeadClassifier extends Module {
  readonly inFeatures: number;
  readonly initialOutFeatures: number;
  readonly masking: boolean;
  readonly maskValue: number;
  /** Output width: max over experiences seen of (largest class + 1), at least initialOutFeatures. */
  maxClassLabel: number;
  /** Task labels of the experiences this module was adapted to in training mode. */
  readonly knownTrainTaskLabels = new Set<number>();
  private readonly rng: Rng;

  constructor(options: MultiHeadClassifierOptions) {
    super();
    const opts = parseWithSchema(multiHeadClassifierOptionsSchema, options, 'MultiHeadClassifier options');
    this.inFeatures = opts.inFeatures;
    this.initialOutFeatures = opts.initialOutFeatures;
    this.masking = opts.masking;
    this.maskValue = opts.maskValue;
    this.maxClassLabel = opts.initialOutFeatures;
    this.rng = new Rng(opts.seed);
    this.registerModule('classifiers', new ModuleDict<IncrementalClassifier>());
    this.addHead(0);
  }

  /** A multi-head classifier whose head for task 0 is `linear` (its variables move here), for asMultitask. */
  static fromLinear(linear: Linear, options: Omit<MultiHeadClassifierOptions, 'inFeatures' | 'initialOutFeatures'> = {}): MultiHeadClassifier {
    const mh = new MultiHeadClassifier({ ...options, inFeatures: linear.inFeatures, initialOutFeatures: linear.outFeatures });
    mh.heads.set('0', IncrementalClassifier.fromLinear(linear, { masking: false }));
    return mh;
  }

  private get heads(): ModuleDict<IncrementalClassifier> {
    return this.child<ModuleDict<IncrementalClassifier>>('classifiers');
  }

  /** Task labels that have a head, ascending. */
  taskLabelsWithHead(): number[] {
    return this.heads.keys().map(Number).sort((a, b) => a - b);
  }

  /** The head of task `t` (throws a ValidationError naming the known tasks when absent). */
  head(t: number): IncrementalClassifier {
    if (!this.heads.has(String(t))) {
      throw new ValidationError(
        `MultiHeadClassifier: no head for task label ${t} (heads: ${this.taskLabelsWithHead().join(', ')}); adapt the model to an experience of that task first`,
      );
    }
    return this.heads.get(String(t));
  }

  override adaptModule(experience: Experience): boolean {
    const classes = experience.classesInThisExperience;
    if (classes.length > 0) this.maxClassLabel = Math.max(this.maxClassLabel, Math.max(...classes) + 1);
    if (this.training) for (const t of experience.taskLabels) this.knownTrainTaskLabels.add(t);
    if (this.masking && experience.taskLabels.length > 1) {
      throw new ValidationError(
        `MultiHeadClassifier: masking needs one task label per experience, experience ${experience.currentExperience} has [${experience.taskLabels.join(', ')}]; set masking: false`,
      );
    }
    let changed = false;
    for (const t of experience.taskLabels) {
      if (!this.heads.has(String(t))) {
        this.addHead(t);
        changed = true;
      }
      const head = this.heads.get(String(t));
      changed = head.adaptModule(experience) || changed;
      if (this.masking) {
        const active = this.resizedActive(t, head.outFeatures);
        if (this.training) for (const c of classes) active[c] = 1;
        this.setActive(t, active);
      }
    }
    return changed;
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    const tasks = this.taskLabelsWithHead();
    if (ctx.taskLabels === undefined) {
      if (tasks.length === 1) return this.forwardSingleTask(x, tasks[0], this.width([tasks[0]]));
      throw new ValidationError(`MultiHeadClassifier: forward needs taskLabels (the model has heads for tasks ${tasks.join(', ')})`);
    }
    // Routing needs the labels on the host; they are a small int vector.
    const labels = ctx.taskLabels.dataSync();
    const byTask = new Map<number, number[]>();
    labels.forEach((t, i) => {
      const rows = byTask.get(t);
      if (rows) rows.push(i);
      else byTask.set(t, [i]);
    });
    const present = [...byTask.keys()];
    const width = this.width(present);
    if (present.length === 1) return this.forwardSingleTask(x, present[0], width);
    const outs: tf.Tensor2D[] = [];
    const order: number[] = [];
    for (const [t, rows] of byTask) {
      outs.push(this.forwardSingleTask(tf.gather(x, rows), t, width));
      order.push(...rows);
    }
    // Rows were grouped by task; gather them back into the batch order.
    const inverse = new Int32Array(order.length);
    order.forEach((row, k) => (inverse[row] = k));
    return tf.gather(tf.concat(outs, 0), inverse) as tf.Tensor2D;
  }

  /** Output of task `t`'s head for every sample of `x`, masked and padded to `width` columns. */
  forwardSingleTask(x: tf.Tensor, t: number, width = this.width([t])): tf.Tensor2D {
    const head = this.head(t);
    let out: tf.Tensor2D = head.call(x);
    if (this.masking) {
      const a = tf.cast(tf.tensor1d(this.resizedActive(t, head.outFeatures), 'int32'), 'float32');
      out = tf.add(tf.mul(out, a), tf.mul(tf.sub(1, a), this.maskValue)) as tf.Tensor2D;
    }
    if (width > head.outFeatures) {
      const pad = tf.fill([out.shape[0], width - head.outFeatures], this.masking ? this.maskValue : 0);
      out = tf.concat([out, pad], 1) as tf.Tensor2D;
    }
    return out;
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    const tasks = this.taskLabelsWithHead();
    const t = ex.taskLabel ?? (tasks.length === 1 ? tasks[0] : undefined);
    if (t === undefined) {
      throw new ValidationError(`MultiHeadClassifier: export needs taskLabel (a tf.layers model has one head; heads: ${tasks.join(', ')})`);
    }
    const head = this.head(t);
    const active = this.masking ? this.resizedActive(t, head.outFeatures) : undefined;
    const width = this.width([t]);
    return maskedDense(ex, input, ex.layerName(prefix, `_task${t}`), head.linear.weight, head.linear.bias, active, width, this.masking ? this.maskValue : 0);
  }

  protected override prepareLoad(state: Readonly<Record<string, tf.Tensor>>, prefix: string): void {
    const pattern = new RegExp(`^${prefix.replace(/\./g, '\\.')}classifiers\\.(\\d+)\\.classifier\\.weight$`);
    for (const [key, value] of Object.entries(state)) {
      const match = pattern.exec(key);
      if (!match) continue;
      const t = Number(match[1]);
      if (!this.heads.has(String(t))) this.addHead(t);
      this.maxClassLabel = Math.max(this.maxClassLabel, value.shape[1] ?? 0);
      this.knownTrainTaskLabels.add(t);
    }
    super.prepareLoad(state, prefix);
    if (this.masking) {
      for (const t of this.taskLabelsWithHead()) {
        const au = state[`${prefix}active_units_T${t}`];
        if (au && au.shape[0] !== this.resizedActive(t, 0).length) this.setActive(t, new Int32Array(au.shape[0]));
      }
    }
  }

  private addHead(t: number): void {
    const seed = this.rng.nextUint32() >>> 1;
    this.heads.set(String(t), new IncrementalClassifier({ inFeatures: this.inFeatures, initialOutFeatures: this.initialOutFeatures, masking: false, seed }));
    if (this.masking) this.setActive(t, new Int32Array(this.initialOutFeatures));
  }

  private width(tasks: number[]): number {
    return Math.max(this.maxClassLabel, ...tasks.map((t) => this.head(t).outFeatures));
  }

  /** The active-unit mask of task t, zero-extended to at least `units` entries (a copy). */
  private resizedActive(t: number, units: number): Int32Array {
    const buf = this.namedBuffers().find(([n]) => n === `active_units_T${t}`)?.[1];
    const current = buf ? (buf.dataSync() as Int32Array) : new Int32Array(0);
    const out = new Int32Array(Math.max(units, current.length));
    out.set(current);
    return out;
  }

  private setActive(t: number, active: Int32Array): void {
    const name = `active_units_T${t}`;
    const buf = this.namedBuffers().find(([n]) => n === name)?.[1];
    if (buf && buf.shape[0] === active.length) {
      tf.tidy(() => buf.assign(tf.tensor1d(active, 'int32')));
    } else {
      this.registerBuffer(name, tf.tidy(() => tf.variable(tf.tensor1d(active, 'int32'), false, undefined, 'int32')));
    }
  }
}
