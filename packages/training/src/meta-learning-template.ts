import type * as tf from '@tensorflow/tfjs';
import { SupervisedTemplate } from './supervised-template.js';

/**
 * Avalanche's `SupervisedMetaLearningTemplate` (its `MetaUpdate`): each training iteration runs
 * `beforeTrainingIteration`, then `beforeInnerUpdates`, {@link innerUpdates}, `afterInnerUpdates`,
 * `beforeOuterUpdate`, {@link outerUpdate}, `afterOuterUpdate`, then `afterTrainingIteration`, instead of
 * the forward / backward / update steps. Subclasses (MER, LaMAML) implement the two updates over
 * `context.minibatch` and set `loss` (and `mbOutput` when they have one) in the context; the template frees
 * them after the iteration. Evaluation is the supervised template's.
 */
export abstract class SupervisedMetaLearningTemplate extends SupervisedTemplate {
  protected override async trainingStep(): Promise<void> {
    await this.fire('beforeInnerUpdates');
    await this.innerUpdates();
    await this.fire('afterInnerUpdates');
    await this.fire('beforeOuterUpdate');
    await this.outerUpdate();
    await this.fire('afterOuterUpdate');
  }

  /** The fast (inner) updates of one iteration. */
  protected abstract innerUpdates(): void | Promise<void>;

  /** The slow (outer, meta) update of one iteration. */
  protected abstract outerUpdate(): void | Promise<void>;

  /** The model's trainable parameters by name (frozen ones excluded), in `namedParameters` order. */
  protected trainableParameters(): Array<readonly [string, tf.Variable]> {
    return this.model.namedParameters().filter(([, v]) => v.trainable);
  }
}
