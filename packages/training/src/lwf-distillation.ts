import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { CheckpointError, parseWithSchema, type ContinualModel, type Experience, type StateDict } from '@avalanche-ts/core';

export const lwfOptionsSchema = z
  .object({
    /** α, the distillation weight: one value or one per experience (default 1). */
    alpha: z.union([z.number().nonnegative(), z.array(z.number().nonnegative()).nonempty()]).default(1),
    /** T, the softmax temperature (default 2). */
    temperature: z.number().positive().default(2),
  })
  .strict();
export type LwfOptions = z.input<typeof lwfOptionsSchema>;

/**
 * Learning without Forgetting (Li & Hoiem 2016, TPAMI 2017), as Avalanche's
 * `LearningWithoutForgetting` regulariser: after each experience a frozen copy of the model (the
 * teacher) is kept; while training later experiences, for each task t seen before and its classes C_t,
 *
 *   L_distill = α · Σ_t KL( softmax(z^old_t[C_t] / T) ‖ softmax(z_t[C_t] / T) ),
 *
 * with KL averaged over the batch (PyTorch's `kl_div(..., reduction="batchmean")`, no T² factor), z_t
 * the outputs of the current model for task t and z^old_t the teacher's. Multi-head models are queried
 * per task; for single-head models the task is 0 and C_0 is every class seen. The teacher runs in
 * eval mode.
 */
export class LearningWithoutForgetting {
  readonly alpha: number | readonly number[];
  readonly temperature: number;
  private teacher: ContinualModel | undefined;
  private pendingTeacher: Record<string, tf.Tensor> | undefined;
  private readonly prevClassesByTask = new Map<number, Set<number>>();
  private expCount = 0;

  constructor(options: LwfOptions = {}) {
    const o = parseWithSchema(lwfOptionsSchema, options, 'lwf options');
    this.alpha = o.alpha;
    this.temperature = o.temperature;
  }

  /** α for the current experience (by the number of experiences learned so far). */
  get currentAlpha(): number {
    return typeof this.alpha === 'number' ? this.alpha : this.alpha[Math.min(this.expCount, this.alpha.length - 1)];
  }

  /** Classes of earlier experiences, per task. */
  get previousClassesByTask(): ReadonlyMap<number, ReadonlySet<number>> {
    return this.prevClassesByTask;
  }

  /**
   * The distillation penalty for inputs `x` whose current output is `output` (inside the gradient
   * closure), or undefined before the first experience ended. `model` is the model being trained.
   */
  penalty(x: tf.Tensor, output: tf.Tensor2D, taskLabels: tf.Tensor1D, model: ContinualModel): tf.Scalar | undefined {
    this.materializeTeacher(model);
    const teacher = this.teacher;
    const alpha = this.currentAlpha;
    if (teacher === undefined || alpha === 0 || this.prevClassesByTask.size === 0) return undefined;
    const labels = taskLabels.dataSync();
    const single = labels.length > 0 && labels.every((l) => l === labels[0]) ? labels[0] : undefined;
    return tf.tidy(() => {
      let total: tf.Tensor = tf.scalar(0);
      for (const [task, classes] of [...this.prevClassesByTask].sort((a, b) => a[0] - b[0])) {
        const taskTensor = tf.fill([x.shape[0]], task, 'int32') as tf.Tensor1D;
        const current = single === task ? output : model.forward(x, { taskLabels: taskTensor });
        // The teacher has its own variables, outside the closure's variable list, so no gradient reaches it.
        const previous = teacher.forward(x, { taskLabels: taskTensor });
        // Column selection as a matMul with a 0/1 matrix: tf.gather's gradient needs a kernel the wasm backend lacks.
        // The two outputs may differ in width (a multi-head model pads to the largest class seen so far).
        const au = tf.tensor1d([...classes].sort((a, b) => a - b), 'int32');
        const select = (t: tf.Tensor2D): tf.Tensor2D => tf.matMul(t, tf.transpose(tf.oneHot(au, t.shape[1]).toFloat()) as tf.Tensor2D);
        total = tf.add(total, this.distillation(select(current), select(previous)));
      }
      return tf.mul(total, alpha) as tf.Scalar;
    });
  }

  /** After an experience: the teacher becomes a frozen copy of `model`, and the experience's classes join their tasks. */
  update(experience: Experience, model: ContinualModel): void {
    this.expCount += 1;
    this.disposeTeacher();
    this.teacher = model.clone();
    this.teacher.setTraining(false);
    const { targets, taskLabels } = experience.dataset;
    for (let i = 0; i < targets.length; i++) {
      let set = this.prevClassesByTask.get(taskLabels[i]);
      if (set === undefined) this.prevClassesByTask.set(taskLabels[i], (set = new Set()));
      set.add(targets[i]);
    }
  }

  stateDict(): StateDict {
    const weights = this.teacher ? this.teacher.stateDict() : this.pendingTeacher;
    return {
      expCount: this.expCount,
      tasks: [...this.prevClassesByTask.keys()],
      classes: [...this.prevClassesByTask.values()].map((s) => [...s].sort((a, b) => a - b)),
      teacher: weights ? Object.fromEntries(Object.entries(weights).map(([k, t]) => [k, t.clone()])) : null,
    };
  }

  /** Restores `stateDict()`; the teacher is rebuilt as a clone of the trained model (`model`, or at the next penalty). */
  loadStateDict(state: StateDict, model?: ContinualModel): void {
    const s = parseWithSchema(
      z.object({ expCount: z.number().int().nonnegative(), tasks: z.array(z.number().int()), classes: z.array(z.array(z.number().int())), teacher: z.unknown() }),
      state,
      'LearningWithoutForgetting state',
    );
    if (s.tasks.length !== s.classes.length) throw new CheckpointError(`LearningWithoutForgetting state: ${s.tasks.length} tasks but ${s.classes.length} class lists`);
    this.dispose();
    this.expCount = s.expCount;
    s.tasks.forEach((t, k) => this.prevClassesByTask.set(t, new Set(s.classes[k])));
    if (s.teacher !== null && s.teacher !== undefined) {
      const entries = Object.entries(s.teacher as Record<string, unknown>);
      if (!entries.every(([, t]) => t instanceof tf.Tensor)) throw new CheckpointError('LearningWithoutForgetting state.teacher: expected a record of tensors');
      this.pendingTeacher = Object.fromEntries(entries.map(([k, t]) => [k, tf.keep((t as tf.Tensor).clone())]));
    }
    if (model) this.materializeTeacher(model);
  }

  /** Builds a pending restored teacher from `model`'s structure (the model must not have grown since the checkpoint). */
  materializeTeacher(model: ContinualModel): void {
    if (this.pendingTeacher === undefined) return;
    const teacher = model.clone();
    teacher.loadStateDict(this.pendingTeacher);
    teacher.setTraining(false);
    for (const t of Object.values(this.pendingTeacher)) t.dispose();
    this.pendingTeacher = undefined;
    this.disposeTeacher();
    this.teacher = teacher;
  }

  dispose(): void {
    this.disposeTeacher();
    if (this.pendingTeacher) for (const t of Object.values(this.pendingTeacher)) t.dispose();
    this.pendingTeacher = undefined;
    this.prevClassesByTask.clear();
    this.expCount = 0;
  }

  /** KL(softmax(prev/T) ‖ softmax(out/T)), batch mean. */
  private distillation(out: tf.Tensor2D, prev: tf.Tensor2D): tf.Scalar {
    const logP = tf.logSoftmax(tf.div(out, this.temperature));
    const logQ = tf.logSoftmax(tf.div(prev, this.temperature));
    const q = tf.exp(logQ);
    return tf.div(tf.sum(tf.mul(q, tf.sub(logQ, logP))), out.shape[0]) as tf.Scalar;
  }

  private disposeTeacher(): void {
    this.teacher?.dispose();
    this.teacher = undefined;
  }
}
