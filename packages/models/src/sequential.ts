import type * as tf from '@tensorflow/tfjs';
import { Activation } from './activation.js';
import { Conv2d } from './conv2d.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import { Module, type ForwardContext } from './module.js';

/**
 * Modules applied in order (nn.Sequential). Children are named "0", "1", ... unless given names, so
 * parameter names match PyTorch ("features.0.weight"). A Linear or Conv2d directly followed by a ReLU
 * runs as one fused kernel (same result, one op fewer in the forward and backward pass).
 */
export class Sequential extends Module {
  constructor(modules: ReadonlyArray<Module | readonly [string, Module]> = []) {
    super();
    for (const m of modules) this.append(m);
  }

  /** Appends a module under the next index, or under `name` when given as [name, module]. */
  append(entry: Module | readonly [string, Module]): this {
    const [name, module] = entry instanceof Module ? [String(this.namedChildren().length), entry] : entry;
    this.registerModule(name, module);
    return this;
  }

  get length(): number {
    return this.namedChildren().length;
  }

  call(x: tf.Tensor, ctx: ForwardContext): tf.Tensor {
    const children = this.namedChildren();
    let out = x;
    for (let i = 0; i < children.length; i++) {
      const m = children[i][1];
      if (fusesWithNext(m, children[i + 1]?.[1])) {
        out = (m as Linear | Conv2d).call(out, ctx, 'relu');
        i++;
      } else {
        out = m.call(out, ctx);
      }
    }
    return out;
  }

  toLayers(input: tf.SymbolicTensor, ex: LayersExport, prefix: string): tf.SymbolicTensor {
    let out = input;
    for (const [name, m] of this.namedChildren()) out = m.toLayers(out, ex, `${prefix}${name}.`);
    return out;
  }
}

function fusesWithNext(m: Module, next: Module | undefined): boolean {
  return (m instanceof Linear || m instanceof Conv2d) && next instanceof Activation && next.kind === 'relu';
}
