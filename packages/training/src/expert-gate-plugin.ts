import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import {
  StrategyError,
  disposeMinibatch,
  parseWithSchema,
  type ContinualModel,
  type Experience,
  type StateDict,
  type StrategyContext,
  type StrategyControls,
  type StrategyPlugin,
} from '@avalanche-ts/core';
import { ExpertGate } from '@avalanche-ts/models';
import { aeTraining } from './ae-training.js';
import { minibatchDataLoader } from './minibatch-data-loader.js';
import { sgd } from './sgd.js';

export const expertGatePluginOptionsSchema = z
  .object({
    /** Minibatch size of the autoencoder training (default 1). */
    aeTrainMbSize: z.number().int().positive().default(1),
    /** Epochs of the autoencoder training (default 2). */
    aeTrainEpochs: z.number().int().nonnegative().default(2),
    /** Code width of each task's autoencoder (default 100). */
    aeLatentDim: z.number().int().positive().default(100),
    /** Learning rate of the autoencoder's SGD (momentum 0.9, weight decay 5e-4) (default 1e-3). */
    aeLr: z.number().finite().positive().default(1e-3),
    /** Relatedness above which the new expert learns with LwF from the most related one (default 0.85). */
    relThresh: z.number().finite().default(0.85),
  })
  .strict();
export type ExpertGatePluginOptions = z.input<typeof expertGatePluginOptionsSchema>;

/** LwF weight and temperature of the Expert Gate paper (Avalanche hard-codes them too). */
const LWF_ALPHA = 0.01;
const LWF_TEMPERATURE = 2;

/**
 * Avalanche's `_ExpertGatePlugin` (Aljundi, Chakravarty & Tuytelaars, CVPR 2017). Before each experience
 * of task k it trains a new autoencoder on the experience (`aeTraining`, SGD), measures every older
 * autoencoder's mean reconstruction error e_a on the same data, and computes the relatedness
 * r_a = 1 − (e_a − e_k) / e_k. The new expert starts as a copy of the most related task's expert (the first
 * expert comes from the model's factory); only its parameters train. When max_a r_a > `relThresh` the loss
 * gains LwF distillation towards that expert, α · KL(softmax(z_a[C_a]/T) ‖ softmax(z[C_a]/T)) with α 0.01,
 * T 2 and C_a the related task's classes. (Avalanche builds a fresh `LwFPlugin` there, which has no teacher
 * yet and so adds nothing; the teacher here is the related expert, as the paper describes.)
 */
export class ExpertGatePlugin implements StrategyPlugin {
  readonly name = 'ExpertGatePlugin';
  readonly options: Readonly<z.output<typeof expertGatePluginOptionsSchema>>;
  /** Relatedness of the most related older task at the last experience (0 for the first expert). */
  lastRelatedness = 0;
  /** The most related older task at the last experience, if any. */
  lastRelatedTask: number | undefined;
  private teacher: { model: ContinualModel; classes: tf.Tensor2D } | undefined;
  private readonly classesByTask = new Map<number, number[]>();

  constructor(options: ExpertGatePluginOptions = {}) {
    this.options = parseWithSchema(expertGatePluginOptionsSchema, options, 'ExpertGate options');
  }

  async beforeTrainingExp(context: StrategyContext, controls: StrategyControls): Promise<void> {
    const gate = context.model;
    const experience = context.experience;
    if (!(gate instanceof ExpertGate)) throw new StrategyError(`ExpertGatePlugin needs an ExpertGate model, got "${gate.name}"`);
    if (experience === undefined) return;
    if (experience.taskLabels.length !== 1) throw new StrategyError(`ExpertGate trains one task per experience, got task labels [${experience.taskLabels}]`);
    const task = experience.taskLabels[0];
    const o = this.options;
    const ae = gate.addAutoencoder(task, o.aeLatentDim);
    const aeStrategy = aeTraining({
      model: ae,
      optimizer: sgd({ lr: o.aeLr, momentum: 0.9, weightDecay: 5e-4 }),
      trainMbSize: o.aeTrainMbSize,
      trainEpochs: o.aeTrainEpochs,
      seed: context.rng.nextSeed(),
    });
    await aeStrategy.train(experience);
    aeStrategy.dispose();

    const candidates = gate.expertTasks.filter((t) => t !== task && gate.autoencoderTasks.includes(t));
    this.disposeTeacher();
    this.lastRelatedTask = undefined;
    this.lastRelatedness = 0;
    if (candidates.length === 0) {
      gate.addExpert(task);
    } else {
      const own = meanReconstructionError(gate, task, experience);
      const relatedness = candidates.map((t) => 1 - (meanReconstructionError(gate, t, experience) - own) / own);
      const best = relatedness.indexOf(Math.max(...relatedness));
      this.lastRelatedTask = candidates[best];
      this.lastRelatedness = relatedness[best];
      gate.addExpert(task, candidates[best]);
      const classes = this.classesByTask.get(candidates[best]);
      if (this.lastRelatedness > o.relThresh && classes !== undefined && classes.length > 0) {
        const model = gate.expert(candidates[best]).clone();
        model.setTraining(false);
        const width = tf.tidy(() => gate.expert(task).forward(tf.zeros([1, ...gate.inputShape])).shape[1]);
        this.teacher = { model, classes: tf.tidy(() => tf.transpose(tf.oneHot(tf.tensor1d(classes, 'int32'), width).toFloat()) as tf.Tensor2D) };
      }
    }
    gate.selectExpert(task);
    gate.freeze();
    gate.unfreeze(`expert_dict.${task}.`);
    gate.setTraining(true);
    controls.resetOptimizer();
  }

  /** LwF distillation towards the related expert, when relatedness exceeded the threshold. */
  lossTerm(context: StrategyContext): tf.Scalar | undefined {
    const mb = context.minibatch;
    if (this.teacher === undefined || mb === undefined || context.mbOutput === undefined) return undefined;
    const { model, classes } = this.teacher;
    return tf.tidy(() => {
      // Column selection as a matMul with a 0/1 matrix (tf.gather's gradient lacks a wasm kernel).
      const logP = tf.logSoftmax(tf.div(tf.matMul(context.mbOutput!, classes), LWF_TEMPERATURE));
      const logQ = tf.logSoftmax(tf.div(tf.matMul(model.forward(mb.x), classes), LWF_TEMPERATURE));
      const kl = tf.div(tf.sum(tf.mul(tf.exp(logQ), tf.sub(logQ, logP))), mb.x.shape[0]);
      return tf.mul(kl, LWF_ALPHA) as tf.Scalar;
    });
  }

  afterTrainingExp(context: StrategyContext): void {
    const experience = context.experience;
    if (experience !== undefined && experience.taskLabels.length === 1) this.classesByTask.set(experience.taskLabels[0], [...experience.classesInThisExperience].sort((a, b) => a - b));
    this.disposeTeacher();
  }

  stateDict(): StateDict {
    return { tasks: [...this.classesByTask.keys()], classes: [...this.classesByTask.values()] };
  }

  loadStateDict(state: StateDict): void {
    const s = parseWithSchema(z.object({ tasks: z.array(z.number().int()), classes: z.array(z.array(z.number().int())) }), state, 'ExpertGatePlugin state');
    this.classesByTask.clear();
    s.tasks.forEach((t, i) => this.classesByTask.set(t, s.classes[i]));
  }

  dispose(): void {
    this.disposeTeacher();
  }

  private disposeTeacher(): void {
    if (this.teacher === undefined) return;
    this.teacher.model.dispose();
    this.teacher.classes.dispose();
    this.teacher = undefined;
  }
}

/** Mean over the experience's samples of the reconstruction error of `task`'s autoencoder. */
function meanReconstructionError(gate: ExpertGate, task: number, experience: Experience): number {
  const ae = gate.autoencoder(task);
  let total = 0;
  const data = experience.dataset.eval();
  for (const mb of minibatchDataLoader(data, { batchSize: 100 }).batches()) {
    total += tf.tidy(() => tf.sum(ae.reconstructionError(mb.x)).dataSync()[0]);
    disposeMinibatch(mb);
  }
  return total / data.length;
}

/** An {@link ExpertGatePlugin}. */
export function expertGatePlugin(options: ExpertGatePluginOptions = {}): ExpertGatePlugin {
  return new ExpertGatePlugin(options);
}
