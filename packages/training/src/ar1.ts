import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  CheckpointError,
  StrategyError,
  disposeMinibatch,
  parseWithSchema,
  type ClassificationDataset,
  type DataLoader,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { MobileNetV1, batchRenormLayers, changeBrnPars, replaceBnWithBrn } from '@avalanche-ts/models';
import { Ar1Model } from './ar1-model.js';
import { CwrStarPlugin } from './cwr-star-plugin.js';
import { minibatchDataLoader } from './minibatch-data-loader.js';
import { sgd } from './sgd.js';
import type { StrategyOptions } from './strategy-options.js';
import { SupervisedTemplate } from './supervised-template.js';
import { SynapticIntelligencePlugin } from './synaptic-intelligence-plugin.js';

export const ar1OptionsSchema = z
  .object({
    /** SGD learning rate (default 0.001). */
    lr: z.number().positive().default(0.001),
    /** SGD momentum (default 0.9). */
    momentum: z.number().min(0).max(1).default(0.9),
    /** SGD weight decay (default 0.0005). */
    l2: z.number().nonnegative().default(0.0005),
    trainEpochs: z.number().int().positive().default(4),
    /** Momentum of the batch-renorm statistics in the first experience (default 0.01). */
    initUpdateRate: z.number().min(0).max(1).default(0.01),
    /** Momentum of the batch-renorm statistics in later experiences (default 5e-5). */
    incUpdateRate: z.number().min(0).max(1).default(0.00005),
    /** Largest r_max of the batch-renorm layers (default 1.25). */
    maxRMax: z.number().min(1).default(1.25),
    /** Largest d_max of the batch-renorm layers (default 0.5). */
    maxDMax: z.number().nonnegative().default(0.5),
    /** Growth of r_max and d_max per training sample in the first experience (default 4.1e-5). */
    incStep: z.number().nonnegative().default(4.1e-5),
    /** Size of the latent replay memory, shared by all classes (default 1500). */
    rmSz: z.number().int().nonnegative().default(1500),
    /**
     * From the second experience on, parameters before this one (in `namedParameters()` order; batch-renorm
     * parameters excepted) are frozen. Default: the `beta` of layer `latentLayerNum` (Avalanche's
     * "lat_features.19.bn.beta" is "features.stage4.unit5.dw_conv.bn.beta" here).
     */
    freezeBelowLayer: z.string().min(1).optional(),
    /** Index of the latent replay layer in MobileNet's flat layer list (default 19). */
    latentLayerNum: z.number().int().nonnegative().default(19),
    /** λ of Synaptic Intelligence on the layers above the latent one, head excluded (default 0: off). */
    ewcLambda: z.number().nonnegative().default(0),
    trainMbSize: z.number().int().positive().default(128),
    evalMbSize: z.number().int().positive().default(128),
    /** Classes of the output head (Avalanche: 50, CORe50). */
    numClasses: z.number().int().positive().default(50),
    /** Input height and width (CORe50: 128). */
    inputSize: z.number().int().min(32).default(128),
    /** MobileNetV1 channel multiplier (Avalanche: 1). */
    widthScale: z.number().positive().max(1).default(1),
    /** Input channels (default 3). */
    inChannels: z.number().int().positive().default(3),
  })
  .strict();
export type Ar1Options = z.input<typeof ar1OptionsSchema>;

/** Options of {@link ar1}: AR1's own plus the template's, except the model and optimizer AR1 builds. */
export type Ar1StrategyOptions = Omit<StrategyOptions, 'model' | 'optimizer' | 'trainEpochs' | 'trainMbSize' | 'evalMbSize'> & Ar1Options;

/** The latent replay memory: activations [n, ...shape] and their labels, in typed arrays. */
interface LatentMemory {
  x: Float32Array;
  y: Int32Array;
  shape: number[];
}

/**
 * The AR1 template (Avalanche's `AR1`): its training data loader takes
 * `N // ((N + rmSz) // trainMbSize)` current samples per minibatch after the first experience, and the
 * remaining `trainMbSize −` that come from the latent replay memory, so an epoch spans the memory once.
 */
export class Ar1Template extends SupervisedTemplate {
  /** Replay samples per minibatch in the current experience. */
  replayMbSize = 0;
  readonly ar1Model: Ar1Model;
  readonly rmSz: number;

  constructor(options: StrategyOptions & { model: Ar1Model; rmSz: number }) {
    const { rmSz, ...rest } = options;
    super(rest);
    this.ar1Model = options.model;
    this.rmSz = rmSz;
  }

  protected override makeTrainDataLoader(dataset: ClassificationDataset): DataLoader {
    let current = this.trainMbSize;
    if (this.clock.trainExpCounter > 0) {
      const n = dataset.length;
      current = Math.floor(n / Math.max(1, Math.floor((n + this.rmSz) / this.trainMbSize)));
    }
    current = Math.max(1, current);
    this.replayMbSize = Math.max(0, this.trainMbSize - current);
    return minibatchDataLoader(dataset, { batchSize: current, shuffle: true, rng: this.rng });
  }

  /** Frees the optimizer, the plugins' state and the MobileNet AR1 built. */
  override dispose(): void {
    super.dispose();
    this.ar1Model.dispose();
  }
}

/**
 * AR1's loop additions as a plugin: batch-renorm settings and freezing at experience boundaries, latent
 * replay in the forward pass, the memory update, and CWR* on the head (with the replayed classes counted).
 */
class Ar1LatentReplayPlugin implements StrategyPlugin {
  readonly name = 'AR1LatentReplay';
  readonly cwr = new CwrStarPlugin({ cwrLayerName: 'output', freezeRemainingModel: false });
  private memory: LatentMemory | undefined;
  private pending: tf.Tensor | undefined;

  constructor(
    private readonly template: () => Ar1Template,
    private readonly o: z.output<typeof ar1OptionsSchema>,
    private readonly freezeBelowLayer: string,
  ) {}

  beforeTrainingExp(context: StrategyContext, controls: StrategyControls): void {
    const model = this.template().ar1Model;
    const counter = context.clock.trainExpCounter;
    // A randomly initialised network has no running statistics to keep: its lower layers learn them in the first experience.
    model.trainLowerLayers = counter === 0;
    model.setTraining(true);
    if (counter > 0) {
      const renormParams = new Set(batchRenormLayers(model.net).flatMap((l) => l.namedParameters().map(([, v]) => v)));
      for (const [name, v] of model.namedParameters()) {
        if (name === this.freezeBelowLayer) break;
        if (!renormParams.has(v)) v.trainable = false;
      }
      changeBrnPars(model.net, { momentum: this.o.incUpdateRate, rDMaxIncStep: 0, rMax: this.o.maxRMax, dMax: this.o.maxDMax });
      controls.resetOptimizer();
    }
    const counts = new Map<number, number>();
    const add = (y: number) => counts.set(y, (counts.get(y) ?? 0) + 1);
    (context.adaptedDataset?.targets ?? []).forEach(add);
    if (counter > 0 && this.memory) this.memory.y.forEach(add);
    this.cwr.beginExperience(model, counts);
  }

  beforeForward(context: StrategyContext, controls: StrategyControls): void {
    const mb = context.minibatch;
    const replay = context.clock.trainExpCounter > 0 ? this.replaySlice(context.clock.trainEpochIterations) : undefined;
    if (mb === undefined || replay === undefined) return;
    const model = this.template().ar1Model;
    const [latX, latY] = replay;
    // The lower layers are frozen: their activations are computed outside the gradient closure.
    this.pending = tf.tidy(() => tf.concat([model.latentActivations(mb.x), tf.tensor(latX, [latY.length, ...this.memory!.shape])], 0));
    model.setLatentInput(this.pending);
    controls.setMinibatch({
      x: mb.x,
      y: tf.tidy(() => tf.concat([mb.y, tf.tensor1d(latY, 'int32')])),
      taskLabels: tf.tidy(() => tf.concat([mb.taskLabels, tf.zeros([latY.length], 'int32')])),
    });
  }

  afterTrainingIteration(): void {
    this.clearPending();
  }

  afterTrainingExp(context: StrategyContext): void {
    const dataset = context.adaptedDataset ?? context.experience?.dataset.train();
    const model = this.template().ar1Model;
    if (dataset !== undefined && dataset.length > 0) {
      const counter = context.clock.trainExpCounter;
      const h = Math.min(Math.floor(this.o.rmSz / (counter + 1)), dataset.length);
      const picked = context.rng.permutation(dataset.length).subarray(0, h);
      const [acts, shape] = this.latentOf(model, dataset, picked, context);
      const labels = Int32Array.from(picked, (i) => dataset.targets[i]);
      const size = shape.reduce((a, b) => a * b, 1);
      if (this.memory === undefined || counter === 0) {
        this.memory = { x: acts, y: labels, shape };
      } else {
        const memory = this.memory;
        context.rng.permutation(memory.y.length).subarray(0, h).forEach((dst, j) => {
          memory.x.set(acts.subarray(j * size, (j + 1) * size), dst * size);
          memory.y[dst] = labels[j];
        });
      }
    }
    this.cwr.consolidate(model);
  }

  /** Layer-`latentLayerNum` activations of the given samples, lower layers in eval mode, in typed arrays. */
  private latentOf(model: Ar1Model, dataset: ClassificationDataset, indices: Int32Array, context: StrategyContext): [Float32Array, number[]] {
    const chunks: Float32Array[] = [];
    let shape: number[] = [];
    const wasLower = model.trainLowerLayers;
    model.trainLowerLayers = false;
    model.setTraining(true);
    try {
      for (let start = 0; start < indices.length; start += context.evalMbSize) {
        const batch = dataset.getBatch(indices.subarray(start, start + context.evalMbSize), { rng: context.rng });
        try {
          const acts = model.latentActivations(batch.x);
          shape = acts.shape.slice(1);
          chunks.push(acts.dataSync() as Float32Array);
          acts.dispose();
        } finally {
          disposeMinibatch(batch);
        }
      }
    } finally {
      model.trainLowerLayers = wasLower;
      model.setTraining(model.training);
    }
    const out = new Float32Array(chunks.reduce((s, c) => s + c.length, 0));
    let offset = 0;
    for (const c of chunks) {
      out.set(c, offset);
      offset += c.length;
    }
    return [out, shape];
  }

  /** Number of samples in the latent replay memory. */
  get memorySize(): number {
    return this.memory?.y.length ?? 0;
  }

  stateDict(): StateDict {
    return {
      memory: this.memory ? { x: this.memory.x.slice(), y: this.memory.y.slice(), shape: this.memory.shape } : null,
      cwr: this.cwr.stateDict(),
    };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(
      z.object({
        memory: z.object({ x: z.instanceof(Float32Array), y: z.instanceof(Int32Array), shape: z.array(z.number().int().positive()) }).nullable(),
        cwr: z.record(z.unknown()),
      }),
      state,
      'AR1 state',
    );
    if (s.memory && s.memory.x.length !== s.memory.y.length * s.memory.shape.reduce((a, b) => a * b, 1)) {
      throw new CheckpointError(`AR1 state: memory has ${s.memory.x.length} values for ${s.memory.y.length} samples of shape [${s.memory.shape}]`);
    }
    this.memory = s.memory ? { x: s.memory.x.slice(), y: s.memory.y.slice(), shape: [...s.memory.shape] } : undefined;
    this.cwr.loadStateDict(s.cwr as StateDict);
  }

  dispose(): void {
    this.clearPending();
  }

  /** The memory rows [it·r, (it+1)·r) (fewer at the end, none past it), as Avalanche slices `rm`. */
  private replaySlice(iteration: number): [Float32Array, Int32Array] | undefined {
    const r = this.template().replayMbSize;
    const memory = this.memory;
    if (memory === undefined || r === 0) return undefined;
    const start = Math.min(iteration * r, memory.y.length);
    const end = Math.min(start + r, memory.y.length);
    if (end === start) return undefined;
    const size = memory.shape.reduce((a, b) => a * b, 1);
    return [memory.x.subarray(start * size, end * size), memory.y.subarray(start, end)];
  }

  private clearPending(): void {
    this.template().ar1Model.setLatentInput(undefined);
    this.pending?.dispose();
    this.pending = undefined;
  }
}

/**
 * AR1 with latent replay (Maltoni & Lomonaco 2019, "Continuous Learning in Single-Incremental-Task
 * Scenarios", Neural Networks; latent replay: Pellegrini, Graffieti, Lomonaco & Maltoni 2020, IROS), as
 * Avalanche's `AR1`: a MobileNetV1 whose batch norms become batch renormalisation (Ioffe 2017; momentum
 * `initUpdateRate`, r_max/d_max growing by `incStep` per sample up to `maxRMax`/`maxDMax`), trained with
 * SGD(lr, momentum, weight decay l2) and CWR* on the `output` head. After the first experience the layers
 * below `freezeBelowLayer` are frozen, the renorm layers switch to momentum `incUpdateRate` with
 * r_max/d_max at their maxima, the optimizer is rebuilt, and each minibatch joins current samples with
 * stored layer-`latentLayerNum` activations (latent replay); after each experience the activations of
 * h = min(rmSz / (i + 1), N_i) random samples of it replace random memory slots. Optional Synaptic Intelligence
 * (`ewcLambda` > 0) on every parameter but the head. Class-incremental only (no task labels).
 *
 * Differences from Avalanche: no pretrained weights exist here, so in the first experience the lower
 * layers run in training mode (learning their renorm statistics) where Avalanche keeps them in eval mode
 * with ImageNet statistics; for the same reason the memory's activations are computed after the
 * experience with the final (then frozen) lower layers, where Avalanche keeps those of its first epoch;
 * each activation is stored with its own label (Avalanche indexes the dataset's targets with positions of
 * the shuffled loader).
 */
export function ar1(options: Ar1StrategyOptions = {}): Ar1Template {
  const common: Record<string, unknown> = { ...options };
  const ownKeys = Object.keys(ar1OptionsSchema.shape);
  const own = Object.fromEntries(ownKeys.filter((k) => k in common).map((k) => [k, common[k]]));
  for (const k of ownKeys) delete common[k];
  const o = parseWithSchema(ar1OptionsSchema, own, 'ar1 options');
  const seed = typeof common.seed === 'number' ? common.seed : 0;
  const net = new MobileNetV1({ numClasses: o.numClasses, inputSize: o.inputSize, widthScale: o.widthScale, inChannels: o.inChannels, seed });
  replaceBnWithBrn(net, { momentum: o.initUpdateRate, rDMaxIncStep: o.incStep, maxRMax: o.maxRMax, maxDMax: o.maxDMax });
  let model: Ar1Model;
  try {
    model = new Ar1Model(net, o.latentLayerNum);
  } catch (e) {
    net.dispose();
    throw e;
  }
  const freezeBelowLayer = o.freezeBelowLayer ?? `${model.latentLayerNames[o.latentLayerNum]}.bn.beta`;
  if (!model.namedParameters().some(([n]) => n === freezeBelowLayer)) {
    model.dispose();
    throw new StrategyError(`ar1: freezeBelowLayer "${freezeBelowLayer}" is not a parameter of the MobileNetV1 (e.g. "features.stage4.unit5.dw_conv.bn.beta")`);
  }
  const plugins: StrategyPlugin[] = [...((common.plugins as StrategyPlugin[] | undefined) ?? [])];
  // The plugin reads the template (its replay minibatch size and model) only once training runs.
  plugins.push(new Ar1LatentReplayPlugin(() => template, o, freezeBelowLayer));
  // SI after AR1's plugin, so that it sees the parameters AR1 froze.
  if (o.ewcLambda > 0) plugins.push(new SynapticIntelligencePlugin({ siLambda: o.ewcLambda, excludedParameters: ['output'] }));
  let template: Ar1Template;
  try {
    template = new Ar1Template({
      ...(common as Omit<StrategyOptions, 'model' | 'optimizer'>),
      model,
      optimizer: sgd({ lr: o.lr, momentum: o.momentum, weightDecay: o.l2 }),
      trainMbSize: o.trainMbSize,
      trainEpochs: o.trainEpochs,
      evalMbSize: o.evalMbSize,
      plugins,
      rmSz: o.rmSz,
    });
  } catch (e) {
    model.dispose();
    throw e;
  }
  return template;
}
