import type { ContinualModel } from '@avalanche-ts/core';
import {
  MLP,
  MTSimpleMLP,
  PNN,
  SimpleMLP,
  mlpOptionsSchema,
  mtSimpleMlpOptionsSchema,
  packNetSimpleMlp,
  pnnOptionsSchema,
  simpleMlpOptionsSchema,
} from '@avalanche-ts/models';
import { z } from 'zod';
import { describedFields, strictOptions } from './describe-options.js';
import type { ModelBuildContext } from './experiment-registries.js';
import { Registry, registryEntry } from './registry.js';

// Input size and class count come from the benchmark unless given; the seed is the run's seed.
const inputSize = z.number().int().positive().optional().describe('default: the benchmark\'s flattened sample size');
const numClasses = z.number().int().positive().optional().describe('default: the benchmark\'s number of classes');

const flatSize = (context: ModelBuildContext) => context.sampleShape.reduce((a, b) => a * b, 1);

/** The models a config can name; options mirror the models package's schemas (same defaults). */
export function modelRegistry(): Registry<ContinualModel, ModelBuildContext> {
  const { seed: _s1, inputSize: _i1, numClasses: _n1, ...simpleShape } = simpleMlpOptionsSchema.shape;
  const { seed: _s2, inputSize: _i2, numClasses: _n2, ...mlpShape } = mlpOptionsSchema.shape;
  const { seed: _s3, inputSize: _i3, ...mtShape } = mtSimpleMlpOptionsSchema.shape;
  const pnnShape = describedFields(pnnOptionsSchema.shape, {
    numLayers: 'layers of each column',
    hiddenFeaturesPerColumn: 'units of each column in each layer',
    adapter: 'lateral connections from earlier columns',
  });
  return new Registry<ContinualModel, ModelBuildContext>('model', [
    registryEntry({
      name: 'simpleMLP',
      description: "Avalanche's SimpleMLP: Linear(in, H), ReLU, Dropout, ... then Linear(H, classes); single head",
      options: strictOptions({ ...simpleShape, inputSize, numClasses }),
      create: (o, c) => new SimpleMLP({ ...o, inputSize: o.inputSize ?? flatSize(c), numClasses: o.numClasses ?? c.nClasses, seed: c.seed }),
    }),
    registryEntry({
      name: 'mlp',
      description: 'MLP with any hidden sizes (hiddenSizes: [256, 256]) and activation; single head',
      options: strictOptions({ ...mlpShape, hiddenSizes: mlpShape.hiddenSizes.default([256]), inputSize, numClasses }),
      create: (o, c) => new MLP({ ...o, inputSize: o.inputSize ?? flatSize(c), numClasses: o.numClasses ?? c.nClasses, seed: c.seed }),
    }),
    registryEntry({
      name: 'mtSimpleMLP',
      description: "Avalanche's MTSimpleMLP: SimpleMLP features with one head per task label (task-incremental)",
      options: strictOptions({ ...mtShape, inputSize }),
      create: (o, c) => new MTSimpleMLP({ ...o, inputSize: o.inputSize ?? flatSize(c), seed: c.seed }),
    }),
    registryEntry({
      name: 'pnn',
      description: 'Progressive Neural Network: one column per task label plus lateral adapters, a head per task (for strategy pnn)',
      options: strictOptions({ ...pnnShape, inputSize }),
      create: (o, c) => {
        const { inputSize: size, ...rest } = o;
        return new PNN({ ...rest, inFeatures: size ?? flatSize(c), seed: c.seed });
      },
    }),
    registryEntry({
      name: 'packNetSimpleMLP',
      description: 'SimpleMLP wrapped in a PackNetModel: per-task weight masks (for strategy packNet)',
      options: strictOptions({ ...simpleShape, inputSize, numClasses }),
      create: (o, c) => packNetSimpleMlp({ ...o, inputSize: o.inputSize ?? flatSize(c), numClasses: o.numClasses ?? c.nClasses, seed: c.seed }),
    }),
  ]);
}
