import * as tf from '@tensorflow/tfjs';
import { isSizedStream, type Experience, type SizedStream, type StrategyPlugin } from '@avalanche-ts/core';
import type { NcScenario } from '@avalanche-ts/benchmarks';
import { accuracyMetrics, evaluationPlugin } from '@avalanche-ts/evaluation';
import { SimpleMLP } from '@avalanche-ts/models';
import { ClassBalancedBuffer, checkpointToBytes, ewc, naive, replay, restoreFromBytes, sgd, type DatasetResolver, type SupervisedTemplate } from '@avalanche-ts/training';

export const STRATEGIES = ['naive', 'replay', 'ewc'] as const;
export type StrategyName = (typeof STRATEGIES)[number];

export const STRATEGY_LABEL: Record<StrategyName, string> = {
  naive: 'Naive (fine-tuning)',
  replay: 'Replay (200 samples)',
  ewc: 'EWC (λ = 1000)',
};

/** What a learner reports while it trains (for the progress bar and the live forgetting curve). */
export interface TrainProgress {
  readonly iteration: number;
  readonly iterations: number;
  /** Accuracy on a probe set of earlier classes, every few iterations (undefined on the first experience). */
  readonly oldAccuracy?: number;
  /** Iterations since the learner started (x of the live curve). */
  readonly totalIteration: number;
}

export interface LearnerSettings {
  readonly strategy: StrategyName;
  readonly trainMbSize: number;
  readonly epochs: number;
  readonly seed: number;
  /** Where a restored replay buffer finds the datasets its sample indices point into. */
  readonly sources: Iterable<Experience> | DatasetResolver;
  readonly numClasses?: number;
  /**
   * Replay only: a memory balanced per class instead of per experience, and this many memory samples in
   * each minibatch (for many small experiences of one class, such as batches of drawings).
   */
  readonly replayPerClass?: { readonly batchSizeMem: number };
}

/** Model + strategy (Naive, Replay or EWC) + evaluator, built the same way on every visit. */
export function buildStrategy(settings: LearnerSettings, plugins: StrategyPlugin[]): { model: SimpleMLP; strategy: SupervisedTemplate } {
  const model = new SimpleMLP({ numClasses: settings.numClasses ?? 10, hiddenSize: 128, dropRate: 0, seed: settings.seed });
  const common = {
    model,
    optimizer: sgd({ lr: 0.01, momentum: 0.9 }),
    trainMbSize: settings.trainMbSize,
    trainEpochs: settings.epochs,
    evalMbSize: 500,
    evaluator: evaluationPlugin({ metrics: accuracyMetrics({ experience: true, stream: true }) }),
    plugins,
    seed: settings.seed,
  };
  const strategy =
    settings.strategy === 'replay'
      ? replay({
          ...common,
          memSize: 200,
          sources: settings.sources,
          ...(settings.replayPerClass ? { storagePolicy: new ClassBalancedBuffer({ maxSize: 200 }), batchSizeMem: settings.replayPerClass.batchSizeMem } : {}),
        })
      : settings.strategy === 'ewc'
        ? ewc({ ...common, ewcLambda: 1000, mode: 'separate' })
        : naive(common);
  return { model, strategy };
}

/** Argmax predictions of `model` for normalised inputs [n, 28, 28, 1]. */
export function predictClasses(model: SimpleMLP, pixels: Float32Array, n: number): Int32Array {
  if (n === 0) return new Int32Array(0);
  return tf.tidy(() => model.forward(tf.tensor4d(pixels, [n, 28, 28, 1])).argMax(1)).dataSync() as Int32Array;
}

/** A probe of earlier classes: inputs and targets, for the live forgetting curve. */
export interface Probe {
  readonly pixels: Float32Array;
  readonly targets: Int32Array;
}

/** Accuracy of `model` on a probe set. */
export function probeAccuracy(model: SimpleMLP, probe: Probe): number {
  const n = probe.targets.length;
  const predicted = predictClasses(model, probe.pixels, n);
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === probe.targets[i]) correct++;
  return n === 0 ? Number.NaN : correct / n;
}

/**
 * A plugin that reports progress, measures the probe about ten times per experience (and on its first
 * iteration, to show where the earlier classes started) and lets the page repaint.
 */
export function progressPlugin(learner: { onProgress?: (p: TrainProgress) => void; probe?: Probe; model?: SimpleMLP; totalIterations: number }): StrategyPlugin {
  let iterations = 0;
  let every = 1;
  return {
    name: 'demo-progress',
    beforeTrainingExp(ctx) {
      const n = ctx.experience?.dataset.length ?? 0;
      iterations = Math.ceil(n / ctx.trainMbSize) * ctx.trainEpochs;
      every = Math.max(1, Math.round(iterations / 10));
    },
    async afterTrainingIteration(ctx) {
      const iteration = ctx.clock.trainExpIterations + 1;
      learner.totalIterations++;
      const { model, probe } = learner;
      const measure = model !== undefined && probe !== undefined && (iteration === 1 || iteration % every === 0 || iteration === iterations);
      const oldAccuracy = measure ? probeAccuracy(model, probe) : undefined;
      learner.onProgress?.({ iteration, iterations, oldAccuracy, totalIteration: learner.totalIterations });
      // Give the browser a moment to paint the progress.
      if (iteration % every === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

/** What a learner keeps across visits besides the strategy itself. */
export interface LearnerRecord {
  readonly strategy: StrategyName;
  readonly nextExp: number;
  readonly matrix: number[][];
  /** Live curve: x (iteration), y (accuracy on earlier classes), flattened. */
  readonly live: number[];
  readonly totalIterations: number;
}

/**
 * A continual learner on SplitMNIST: trains on the experiences one after another, evaluates the whole test
 * stream after each (one row of the accuracy matrix) and serialises itself for IndexedDB.
 */
export class SplitLearner {
  readonly model: SimpleMLP;
  readonly strategy: SupervisedTemplate;
  nextExp = 0;
  /** matrix[i][j]: accuracy on the test classes of experience j after training on experience i. */
  matrix: number[][] = [];
  live: number[] = [];
  totalIterations = 0;
  probe: Probe | undefined;
  onProgress?: (p: TrainProgress) => void;
  private readonly trainStream: SizedStream<Experience>;

  constructor(
    readonly name: StrategyName,
    readonly scenario: NcScenario,
    settings: Omit<LearnerSettings, 'strategy' | 'sources'>,
    private readonly makeProbe: (classes: readonly number[]) => Probe,
  ) {
    if (!isSizedStream(scenario.trainStream)) throw new Error('SplitMNIST has a sized train stream');
    this.trainStream = scenario.trainStream;
    const built = buildStrategy({ ...settings, strategy: name, sources: scenario.trainStream }, [progressPlugin(this)]);
    this.model = built.model;
    this.strategy = built.strategy;
  }

  get nExperiences(): number {
    return this.trainStream.length;
  }

  get done(): boolean {
    return this.nextExp >= this.nExperiences;
  }

  /** Classes of each experience (original digit ids). */
  get classesPerExperience(): readonly (readonly number[])[] {
    return this.scenario.originalClassesInExp;
  }

  /** Trains on the next experience, then evaluates every test experience; returns the new matrix row. */
  async trainNext(): Promise<number[]> {
    const exp = this.trainStream.at(this.nextExp);
    const earlier = this.classesPerExperience.slice(0, this.nextExp).flat();
    this.probe = earlier.length > 0 ? this.makeProbe(earlier) : undefined;
    const previous = this.onProgress;
    this.onProgress = (p) => {
      if (p.oldAccuracy !== undefined) this.live.push(p.totalIteration, p.oldAccuracy);
      previous?.(p);
    };
    try {
      await this.strategy.train(exp);
    } finally {
      this.onProgress = previous;
    }
    const metrics = await this.strategy.eval(this.scenario.testStream);
    const row = Array.from({ length: this.nExperiences }, (_, j) => {
      const key = Object.keys(metrics).find((k) => k.startsWith('Top1_Acc_Exp/eval_phase/test_stream/') && k.endsWith(`/Exp${String(j).padStart(3, '0')}`));
      return key === undefined ? Number.NaN : (metrics[key] as number);
    });
    this.matrix.push(row);
    this.nextExp++;
    return row;
  }

  record(): LearnerRecord {
    return { strategy: this.name, nextExp: this.nextExp, matrix: this.matrix, live: this.live, totalIterations: this.totalIterations };
  }

  /** The strategy checkpoint (weights, optimizer, replay buffer / EWC importances, RNG, clock) with the record. */
  async toBytes(): Promise<Uint8Array> {
    const r = this.record();
    return checkpointToBytes(this.strategy, {
      nextExp: r.nextExp,
      matrix: r.matrix,
      live: r.live,
      totalIterations: r.totalIterations,
    });
  }

  async restore(bytes: Uint8Array): Promise<void> {
    const { extra } = await restoreFromBytes(this.strategy, bytes, 'saved learner');
    this.nextExp = extra.nextExp as number;
    this.matrix = (extra.matrix as number[][]).map((row) => [...row]);
    this.live = [...(extra.live as number[])];
    this.totalIterations = extra.totalIterations as number;
  }

  dispose(): void {
    this.strategy.dispose();
    this.model.dispose();
  }
}
