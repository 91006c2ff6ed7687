import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '@avalanche-ts/core';
import type { LayersExport } from './layers-export.js';
import { Module, type ForwardContext } from './module.js';
import { ModuleDict } from './module-dict.js';
import { PnnColumn, type PnnAdapter } from './pnn-column.js';

/**
 * One layer of a Progressive Neural Network (Avalanche's `PNNLayer`): `columns.i` maps column i's input
 * (and, through its adapter, the inputs of columns 0..i−1) to `outFeaturesPerColumn` units. Adding a
 * column freezes every existing one.
 */
export class PnnLayer extends Module {
  constructor(
    readonly inFeatures: number,
    readonly outFeaturesPerColumn: number,
    readonly adapter: PnnAdapter,
    rng: Rng,
  ) {
    super();
    this.registerModule('columns', new ModuleDict<PnnColumn>());
    this.addColumn(rng);
  }

  get numColumns(): number {
    return this.columns.keys().length;
  }

  private get columns(): ModuleDict<PnnColumn> {
    return this.child<ModuleDict<PnnColumn>>('columns');
  }

  column(i: number): PnnColumn {
    return this.columns.get(String(i));
  }

  /** Freezes the existing columns and appends a new one with lateral connections to all of them. */
  addColumn(rng: Rng): void {
    this.freeze();
    const n = this.numColumns;
    this.columns.set(String(n), new PnnColumn(this.inFeatures, this.outFeaturesPerColumn, n, this.adapter, rng));
  }

  /** Outputs of columns 0..col for the column inputs `xs` (at least col + 1 of them), before the activation. */
  callColumns(xs: readonly tf.Tensor[], col: number, ctx: ForwardContext): tf.Tensor2D[] {
    const out: tf.Tensor2D[] = [];
    for (let i = 0; i <= col; i++) out.push(this.column(i).callColumns(xs.slice(0, i + 1), ctx));
    return out;
  }

  call(): tf.Tensor {
    throw new Error('PnnLayer reads one input per column: use callColumns');
  }

  columnsToLayers(xs: readonly tf.SymbolicTensor[], col: number, ex: LayersExport, prefix: string): tf.SymbolicTensor[] {
    const out: tf.SymbolicTensor[] = [];
    for (let i = 0; i <= col; i++) out.push(this.column(i).columnsToLayers(xs.slice(0, i + 1), ex, `${prefix}columns.${i}.`));
    return out;
  }

  toLayers(): tf.SymbolicTensor {
    throw new Error('PnnLayer reads one input per column: use columnsToLayers');
  }
}
