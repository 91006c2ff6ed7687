import * as tf from '@tensorflow/tfjs';
import { Rng, parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { Activation } from './activation.js';
import { BaseModel } from './base-model.js';
import { BatchNorm2d } from './batch-norm-2d.js';
import { Conv2d } from './conv2d.js';
import { IcarlResidualBlock } from './icarl-residual-block.js';
import { kaimingNormal, ownedVariable } from './kaiming-init.js';
import type { LayersExport } from './layers-export.js';
import { Linear } from './linear.js';
import type { ForwardContext } from './module.js';
import { Pool2d } from './pool2d.js';
import { Sequential } from './sequential.js';

export const icarlNetOptionsSchema = z
  .object({
    numClasses: z.number().int().positive(),
    /** Residual blocks per stack (5 gives ResNet-32). */
    n: z.number().int().positive().default(5),
    /** Input channels. */
    c: z.number().int().positive().default(3),
    /**
     * 'torch': PyTorch's default init (what IcarlNet(...) gives); 'icarl': Avalanche's
     * initialize_icarl_net, kaiming_normal fan_in with ReLU gain sqrt(2) for convs and gain 1 for the
     * linear layer, zero biases.
     */
    init: z.enum(['torch', 'icarl']).default('torch'),
    inputSize: z.number().int().positive().default(32),
    seed: z.number().int().default(0),
  })
  .strict();
export type IcarlNetOptions = z.input<typeof icarlNetOptionsSchema>;

/**
 * iCaRL's ResNet-32 (Avalanche's IcarlNet): `feature_extractor` = [conv3x3(c→16), BN, ReLU], three stacks
 * of n residual blocks at 16, 32, 64 channels (the 2nd and 3rd stacks start by halving the resolution;
 * the very last block has no final ReLU), global average pooling, flatten (64 features); `classifier` =
 * Linear(64, numClasses). Input [n, 32, 32, c].
 */
export class IcarlNet extends BaseModel {
  readonly name = 'IcarlNet';
  readonly inputShape: readonly number[];
  protected readonly headName = 'classifier';

  constructor(options: IcarlNetOptions) {
    const opts = parseWithSchema(icarlNetOptionsSchema, options, 'IcarlNet options');
    super(opts.seed);
    this.inputShape = [opts.inputSize, opts.inputSize, opts.c];
    const rng = new Rng(opts.seed);
    const stack = (first: IcarlResidualBlock, width: number, count: number, lastStack: boolean) => {
      const blocks = [first];
      for (let i = 1; i < count; i++) blocks.push(new IcarlResidualBlock(width, rng, { last: lastStack && i === count - 1 }));
      return new Sequential(blocks);
    };
    this.registerModule(
      'feature_extractor',
      new Sequential([
        new Sequential([new Conv2d(opts.c, 16, rng, { kernelSize: 3, padding: 1, bias: false }), new BatchNorm2d(16), new Activation('relu')]),
        stack(new IcarlResidualBlock(16, rng), 16, opts.n, false),
        stack(new IcarlResidualBlock(16, rng, { increaseDim: true }), 32, opts.n, false),
        stack(new IcarlResidualBlock(32, rng, { increaseDim: true, last: opts.n === 1 }), 64, opts.n, true),
        new Pool2d({ kind: 'avg' }),
      ]),
    );
    this.registerModule('classifier', new Linear(64, opts.numClasses, rng));
    if (opts.init === 'icarl') this.icarlInit(rng);
  }

  protected extractFeatures(x: tf.Tensor, ctx: ForwardContext): tf.Tensor2D {
    return this.child('feature_extractor').call(x, ctx) as tf.Tensor2D;
  }

  protected featuresToLayers(input: tf.SymbolicTensor, ex: LayersExport): tf.SymbolicTensor {
    return this.child('feature_extractor').toLayers(input, ex, 'feature_extractor.');
  }

  private icarlInit(rng: Rng): void {
    for (const [name, v] of this.namedParameters()) {
      if (v.rank === 4) {
        const [kh, kw, cin] = v.shape;
        this.assignFrom(v, kaimingNormal(rng, v.shape, kh * kw * cin, Math.SQRT2));
      } else if (name === 'classifier.weight') {
        this.assignFrom(v, kaimingNormal(rng, v.shape, v.shape[0], 1));
      } else if (name === 'classifier.bias') {
        this.assignFrom(v, ownedVariable(tf.zerosLike(v), true));
      }
    }
  }

  private assignFrom(target: tf.Variable, source: tf.Variable): void {
    target.assign(source);
    source.dispose();
  }
}
