import type * as tf from '@tensorflow/tfjs';
import { Module } from './module.js';

/** Named sub-modules with no forward of their own (nn.ModuleDict), e.g. the heads of a multi-head classifier. */
export class ModuleDict<M extends Module = Module> extends Module {
  has(name: string): boolean {
    return this.namedChildren().some(([n]) => n === name);
  }

  get(name: string): M {
    return this.child<M>(name);
  }

  set(name: string, module: M): void {
    this.registerModule(name, module);
  }

  keys(): string[] {
    return this.namedChildren().map(([n]) => n);
  }

  call(): tf.Tensor {
    throw new Error('ModuleDict has no forward pass; call one of its modules');
  }

  toLayers(): tf.SymbolicTensor {
    throw new Error('ModuleDict has no forward pass to export; export one of its modules');
  }
}
