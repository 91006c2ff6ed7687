import { parseWithSchema } from '@avalanche-ts/core';
import { z } from 'zod';
import { MultiHeadClassifier } from './multi-head-classifier.js';
import { SlimResNetBase } from './slim-resnet18.js';

export const mtSlimResNet18OptionsSchema = z
  .object({
    /** Initial units of every head. */
    nclasses: z.number().int().positive(),
    nf: z.number().int().positive().default(20),
    inputSize: z.number().int().positive().default(32),
    masking: z.boolean().default(true),
    seed: z.number().int().default(0),
  })
  .strict();
export type MtSlimResNet18Options = z.input<typeof mtSlimResNet18OptionsSchema>;

/** SlimResNet18 with `linear` = MultiHeadClassifier(8nf, nclasses) (Avalanche's MTSlimResNet18). */
export class MTSlimResNet18 extends SlimResNetBase {
  readonly name = 'MTSlimResNet18';

  constructor(options: MtSlimResNet18Options) {
    const opts = parseWithSchema(mtSlimResNet18OptionsSchema, options, 'MTSlimResNet18 options');
    super(opts.nf, opts.seed, opts.inputSize, (inFeatures, rng) =>
      new MultiHeadClassifier({ inFeatures, initialOutFeatures: opts.nclasses, masking: opts.masking, seed: rng.nextUint32() >>> 1 }),
    );
  }

  get classifier(): MultiHeadClassifier {
    return this.child<MultiHeadClassifier>('linear');
  }
}
