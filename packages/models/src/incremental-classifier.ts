import * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema, type Experience } from '@avalanche-ts/core';
import { z } from 'zod';
import { constantVariable } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import { maskedDense } from './masked-dense.js';
import { Module, type ForwardContext } from './module.js';

export const incrementalClassifierOptionsSchema = z
  .object({
    inFeatures: z.number().int().positive(),
    initialOutFeatures: z.number().int().positive().default(2),
    /** Output `maskValue` for units never trained on (Avalanche default true). */
    masking: z.boolean().default(true),
    maskValue: z.number().default(-1000),
    /** Seed of the initial weights and of the weights of units added later. */
    seed: z.number().int().default(0),
  })
  .strict();
export type IncrementalClassifierOptions = z.input<typeof incrementalClassifierOptionsSchema>;

/**
 * Output layer that grows with the classes (Avalanche's IncrementalClassifier). `adapt(experience)`
 * widens the Linear to max(units, max(classesInThisExperience) + 1), keeping the old units' weights, so
 * old outputs are unchanged. With masking, units never seen in training (the `active_units` buffer,
 * updated only in training mode) output `maskValue` (-1000).
 */
export class IncrementalClassifier extends Module {
  readonly masking: boolean;
  readonly maskValue: number;
  readonly inFeatures: number;
  private readonly seed: number;

  constructor(options: IncrementalClassifierOptions) {
    super();
    const opts = parseWithSchema(incrementalClassifierOptionsSchema, options, 'IncrementalClassifier options');
    this.masking = opts.masking;
    this.maskValue = opts.maskValue;
    this.inFeatures = opts.inFeatures;
    this.seed = opts.seed;
    this.registerModule('classifier', new Linear(opts.inFeatures, opts.initialOutFeatures, new Rng(opts.seed)));
    // Registered even without masking, as Avalanche does, so state dicts have the same keys.
    this.registerBuffer('active_units', constantVariable([opts.initialOutFeatures], 0, false, 'int32'));
  }

  /** Wraps an existing Linear (its variables move here), as asMultitask does. */
  static fromLinear(linear: Linear, options: Omit<IncrementalClassifierOptions, 'inFeatures' | 'initialOutFeatures'> = {}): IncrementalClassifier {
    const ic = new IncrementalClassifier({ ...options, inFeatures: linear.inFeatures, initialOutFeatures: linear.outFeatures });
    ic.registerModule('classifier', linear);
    return ic;
  }

  get linear(): Linear {
    return this.child<Linear>('classifier');
  }

  get outFeatures(): number {
    return this.linear.outFeatures;
  }

  /** Units trained on so far (1) or never (0); undefined without masking. */
  activeUnits(): Int32Array | undefined {
    return this.masking ? (this.buffer('active_units').dataSync() as Int32Array) : undefined;
  }

  override adaptModule(experience: Experience): boolean {
    const classes = experience.classesInThisExperience;
    const old = this.outFeatures;
    const wanted = classes.length > 0 ? Math.max(old, Math.max(...classes) + 1) : old;
    this.resizeTo(wanted);
    if (this.masking && this.training && classes.length > 0) {
      const active = this.activeUnits()!.slice();
      for (const c of classes) active[c] = 1;
      this.setActive(active);
    }
    return wanted !== old;
  }

  call(x: tf.Tensor, _ctx?: ForwardContext): tf.Tensor2D {
    const out = this.linear.call(x);
    if (!this.masking) return out;
    // out * a + maskValue * (1 - a): exactly `out` on active units and exactly maskValue elsewhere.
    const a = tf.cast(this.buffer('active_units'), 'float32');
    return tf.add(tf.mul(out, a), tf.mul(tf.sub(1, a), this.maskValue)) as tf.Tensor2D;
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    const lin = this.linear;
    return maskedDense(ex, input, ex.layerName(prefix), lin.weight, lin.bias, this.activeUnits(), lin.outFeatures, this.maskValue);
  }

  /** A checkpoint of a grown classifier loads into a fresh one: take the checkpoint's width first. */
  protected override prepareLoad(state: Readonly<Record<string, tf.Tensor>>, prefix: string): void {
    const w = state[`${prefix}classifier.weight`];
    if (w && w.rank === 2) this.resizeTo(w.shape[1] as number);
  }

  /** Grows (or shrinks, when loading a smaller checkpoint) the output units. */
  resizeTo(units: number): void {
    if (units === this.outFeatures) return;
    // The new units' weights depend only on (seed, width), not on the growth history, so a classifier
    // restored from a checkpoint grows exactly as the original would have.
    this.linear.resize(units, new Rng(this.seed * 65_537 + units));
    const old = this.buffer('active_units').dataSync() as Int32Array;
    const next = new Int32Array(units);
    next.set(old.subarray(0, Math.min(units, old.length)));
    this.registerBuffer('active_units', constantVariable([units], 0, false, 'int32'));
    this.setActive(next);
  }

  private setActive(active: Int32Array): void {
    tf.tidy(() => this.buffer('active_units').assign(tf.tensor1d(active, 'int32')));
  }
}
